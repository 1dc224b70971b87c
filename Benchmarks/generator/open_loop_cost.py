#!/usr/bin/env python3
"""What one generator worker costs per request, open loop against closed loop, with peers.

One worker pinned to CPU 0 (gauntlet --workers 1, wrk -t1, hey) against one nginx worker pinned
to CPU 1, serving a 13-byte file with keep-alive, so the server is cheap and the client is what is
measured. For each rate (default 1k, 5k, 10k, 20k, 40k/s):

  open loop     gauntlet --rate R: the default mode, every request due at its intended time
  closed, paced gauntlet --concurrency 16 --think-time 16/R: the same rate, each slot waiting
                before it sends again (a wake-up per request, as open loop has)
  hey -q        hey -c 16 -q R/16: a rate-limited closed loop from a peer

and at the highest rate each sustains (closed loop, 32 connections): gauntlet, wrk and hey.

CPU per request is the process's user + system time from wait4 over the requests it completed,
the same for every tool (so it includes start-up, amortised over the run); gauntlet's own figure
for its worker threads alone is printed beside it. Python 3 standard library only.

    python3 Benchmarks/generator/open_loop_cost.py [--duration 10s] [--rates 1000,5000]
    python3 Benchmarks/generator/open_loop_cost.py --quick
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
from benchkit import REPO, Nginx, git_describe, log, parse_duration, publish, tool_version  # noqa: E402
from nginx_compare import GAUNTLET, Run, build_gauntlet, fail, fmt, run_measured, run_wrk  # noqa: E402

CLIENT_CPU, SERVER_CPU = "0", "1"
PACED_SLOTS = 16
MAX_CONNECTIONS = 32


def pinned(cmd: list[str]) -> list[str]:
    return ["taskset", "-c", CLIENT_CPU] + cmd


def gauntlet(url: str, secs: int, label: str, load: list[str], extra: list[str] = ()) -> Run:
    cmd = pinned([str(GAUNTLET), "run", "--url", url, "--workers", "1", *load, "--duration", f"{secs}s",
                  "--json", "--no-idle-poll", "--out", str(Path(os.environ.get("TMPDIR", "/tmp")) / "open-loop-cost"), *extra])
    stdout, stderr, cpu, wall, rc = run_measured(cmd, timeout=secs + 120)
    try:
        doc = json.loads(stdout)
    except json.JSONDecodeError:
        raise fail("gauntlet", cmd, rc, stdout, stderr, "printed no JSON summary") from None
    requests, lag = doc["requests"], doc.get("schedule_lag", {})
    return Run(label, float(doc["rate"]["achieved"]), int(requests["completed"]), int(requests.get("errors", 0)), cpu, wall,
               extra={"worker_us": doc.get("generator", {}).get("cpu_microseconds_per_request"),
                      "lag_p99": lag.get("figures", {}).get("p99"), "late": lag.get("late_sends"),
                      "latency_p99": doc.get("latency", {}).get("p99")})


def hey(url: str, secs: int, label: str, concurrency: int, per_worker_rate: float | None) -> Run:
    cmd = pinned(["hey", "-z", f"{secs}s", "-c", str(concurrency), "-cpus", "1"]
                 + (["-q", f"{per_worker_rate:g}"] if per_worker_rate else []) + [url])
    stdout, stderr, cpu, wall, rc = run_measured(cmd, timeout=secs + 60)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", stdout)
    codes = re.findall(r"\[(\d{3})\]\s+(\d+) responses", stdout)
    if rc != 0 or not rate or not codes:
        raise fail("hey", cmd, rc, stdout, stderr, "output not understood")
    done = sum(int(n) for _, n in codes)
    errors = sum(int(n) for code, n in codes if not code.startswith("2"))
    return Run(label, float(rate.group(1)), done, errors, cpu, wall)


def render(meta: dict, rows: list[tuple[str, list[Run]]]) -> str:
    out = ["# Open loop against closed loop: generator CPU per request", ""]
    out += [f"- {k}: {v}" for k, v in meta.items()] + [""]
    out += ["One client thread on CPU 0, one nginx worker on CPU 1, 13-byte file, keep-alive. "
            "CPU µs/request: the process's user + system time (wait4) over the requests it completed; "
            "gauntlet's worker threads alone in the next column.", ""]
    out += ["| asked | tool and mode | achieved req/s | CPU µs/request | worker µs/request | schedule lag p99 | late sends | errors |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for asked, runs in rows:
        for r in runs:
            out.append(f"| {asked} | {r.tool} | {fmt(r.rate, 0)} | {fmt(r.cpu_us_per_request, 1)} | "
                       f"{fmt(r.extra.get('worker_us'), 1)} | {fmt(r.extra.get('lag_p99'), 3)} | "
                       f"{r.extra.get('late', '–')} | {r.errors:,} |")
    out.append("")
    for asked, runs in rows:
        by = {r.tool: r for r in runs}
        open_loop, paced = by.get("gauntlet open loop"), by.get("gauntlet closed, paced")
        if open_loop and paced:
            out.append(f"- {asked}: open loop ÷ paced closed loop = "
                       f"{open_loop.cpu_us_per_request / paced.cpu_us_per_request:.2f} (goal ≤ 1.5)")
        closed, peer = by.get("gauntlet closed loop"), by.get("wrk")
        if closed and peer:
            out.append(f"- {asked}: gauntlet closed loop ÷ wrk = {closed.cpu_us_per_request / peer.cpu_us_per_request:.2f}")
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=parse_duration, default=10, help="per run (default 10s)")
    ap.add_argument("--rates", default="1000,5000,10000,20000,40000", help="comma-separated open-loop rates")
    ap.add_argument("--quick", action="store_true", help="smoke test: 2s runs at 1000 and 10000/s")
    ap.add_argument("--rebuild", action="store_true", help="rebuild gauntlet even if the binary exists")
    ap.add_argument("--no-save", action="store_true", help="do not write Benchmarks/results/open-loop-cost-*.md")
    args = ap.parse_args()
    if args.quick:
        args.duration, args.rates = 2, "1000,10000"
    rates = [int(r) for r in args.rates.split(",") if r.strip()]
    for tool in ("nginx", "wrk", "hey", "taskset"):
        if shutil.which(tool) is None:
            ap.error(f"{tool} not found on PATH (make bench-deps)")
    if (os.cpu_count() or 1) < 2:
        ap.error("needs two CPUs: one for the client, one for nginx")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    build_gauntlet(args.rebuild)

    meta = {
        "when": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ"),
        "git": git_describe(REPO),
        "gauntlet": "gauntlet " + tool_version([str(GAUNTLET), "--version"]),
        "wrk": tool_version(["wrk", "-v"]).split(" [")[0],
        "libcurl": tool_version(["curl-config", "--version"]),
        "nginx": tool_version(["nginx", "-v"]).replace("nginx version: ", ""),
        "host": platform.node(), "cpus": os.cpu_count(),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "duration": f"{args.duration}s per run",
    }
    secs = args.duration
    rows: list[tuple[str, list[Run]]] = []
    with Nginx(workers=1, cpu=int(SERVER_CPU)) as nginx:
        url = nginx.url
        for rate in rates:
            think_ms = PACED_SLOTS * 1000 / rate
            runs = [
                gauntlet(url, secs, "gauntlet open loop", ["--rate", str(rate), "--connections", str(MAX_CONNECTIONS)]),
                gauntlet(url, secs, "gauntlet closed, paced",
                         ["--concurrency", str(PACED_SLOTS), "--think-time", f"{think_ms * 1000:.0f}us"]),
                hey(url, secs, "hey -q", PACED_SLOTS, rate / PACED_SLOTS),
            ]
            for r in runs:
                log(f"{rate}/s {r.tool}: {r.rate:,.0f} req/s, {r.cpu_us_per_request:.1f} µs/request")
            rows.append((f"{rate:,}/s", runs))
        runs = [
            gauntlet(url, secs, "gauntlet closed loop", ["--concurrency", str(MAX_CONNECTIONS)]),
            gauntlet(url, secs, "gauntlet closed, env proxy look-up",
                     ["--concurrency", str(MAX_CONNECTIONS)], ["--proxy", "env"]),
            run_wrk(url, secs, threads=1, connections=MAX_CONNECTIONS, prefix=["taskset", "-c", CLIENT_CPU]),
            hey(url, secs, "hey", MAX_CONNECTIONS, None),
        ]
        for r in runs:
            log(f"max {r.tool}: {r.rate:,.0f} req/s, {r.cpu_us_per_request:.1f} µs/request")
        rows.append(("max", runs))
    meta["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    publish(render(meta, rows), "open-loop-cost", stamp, save=not args.no_save)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
