#!/usr/bin/env python3
"""Compare gauntlet against wrk, h2load and bare libcurl on a local nginx.

Two measurements, both against an nginx this script starts itself on
127.0.0.1 (serving a 13-byte static file, so the server is as cheap as
possible and the load generator is what is being measured):

  max rate    Closed loop, 64 connections, as fast as possible. For each of
              N pairs, gauntlet, wrk, h2load and libcurl-c run back to back;
              we report each tool's requests/s and CPU microseconds per
              request, the medians, and gauntlet's ratios to the other three.
  fixed rate  gauntlet open loop at a fixed rate (default 5000/s): does it
              hold the rate, and how late are its sends (schedule lag p99)?

libcurl-c is curl_multi_baseline.c next to this script: a minimal C loop on
libcurl's multi interface with the same per-handle options as gauntlet. It
shows what libcurl itself costs per request on this machine, so gauntlet ÷
libcurl-c near 1.0 means gauntlet's engine adds little on top of libcurl
(while gauntlet ÷ wrk also includes libcurl's own cost). The script compiles
it with gcc into .build-release/bench/ when missing or older than the source.

CPU time of every tool is taken the same way: the child's rusage from
os.wait4 (user + system), so no tool's self-report is trusted, gauntlet's
included (its own figure is printed next to it as a cross-check).

Python 3 standard library only (plus gcc and libcurl's headers for
libcurl-c). Run from anywhere:

    python3 Benchmarks/peers/nginx_compare.py [--pairs 3] [--duration 10s]
    python3 Benchmarks/peers/nginx_compare.py --quick      # smoke test
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
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

from benchkit import REPO, Nginx, git_describe, log, parse_duration, publish, tool_version

SCRATCH = REPO / ".build-release"
GAUNTLET = SCRATCH / "release" / "gauntlet"
BASELINE_SRC = REPO / "Benchmarks" / "peers" / "curl_multi_baseline.c"
BASELINE = SCRATCH / "bench" / "curl_multi_baseline"

CONNECTIONS = 64
THREADS = 2  # wrk / h2load / libcurl-c threads; gauntlet uses its default workers

# Goals for gauntlet relative to wrk (medians over all pairs).
GOAL_RATE_VS_WRK = 0.9  # achieved rate >= 0.9x wrk
GOAL_CPU_VS_WRK = 1.2  # CPU per request <= 1.2x wrk


# --------------------------------------------------------------------------
# Small helpers


# --------------------------------------------------------------------------
# nginx


# --------------------------------------------------------------------------
# Running the tools


@dataclass
class Run:
    tool: str
    rate: float  # requests/s as the tool reports it
    completed: int  # requests completed (denominator for CPU per request)
    errors: int
    cpu_seconds: float  # user + system of the child, from wait4
    wall_seconds: float
    extra: dict = field(default_factory=dict)

    @property
    def cpu_us_per_request(self) -> float:
        return self.cpu_seconds * 1e6 / self.completed if self.completed else float("nan")


def run_measured(cmd: list[str], timeout: float) -> tuple[str, str, float, float, int]:
    """Run cmd to completion, returning (stdout, stderr, cpu_seconds,
    wall_seconds, exit code). CPU comes from os.wait4's rusage: user + system
    time of that child (plus any children it reaped), the same for every tool.
    Output goes to temp files rather than pipes so that we can call wait4
    ourselves without the child blocking on a full pipe."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        # Watchdog: a hung tool must not hang the benchmark (or leave nginx up).
        watchdog = threading.Timer(timeout, proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C, SIGTERM: take the child down with us
            proc.kill()
            proc.wait()
            raise
        finally:
            watchdog.cancel()
        wall = time.monotonic() - start
        # Tell Popen the child is reaped, so it never waits on a stale pid.
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    return stdout, stderr, usage.ru_utime + usage.ru_stime, wall, proc.returncode


def fail(tool: str, cmd: list[str], rc: int, stdout: str, stderr: str, why: str) -> RuntimeError:
    tail = "\n".join((stdout + "\n" + stderr).strip().splitlines()[-15:])
    return RuntimeError(f"{tool} {why} (exit {rc}): {' '.join(cmd)}\n{tail}")


def run_gauntlet(url: str, secs: int, load: list[str]) -> Run:
    # --no-idle-poll: the peers run with idle CPUs free to halt, so gauntlet does too; a
    # like-for-like machine, not one tuned for one tool.
    cmd = [str(GAUNTLET), "run", "--url", url, *load, "--duration", f"{secs}s", "--json", "--no-idle-poll"]
    stdout, stderr, cpu, wall, rc = run_measured(cmd, timeout=secs + 120)
    try:
        doc = json.loads(stdout)
    except json.JSONDecodeError:
        raise fail("gauntlet", cmd, rc, stdout, stderr, "printed no JSON summary") from None
    req = doc["requests"]
    run = Run(
        tool="gauntlet",
        rate=float(doc["rate"]["achieved"]),
        completed=int(req["completed"]),
        errors=int(req.get("errors", 0)),
        cpu_seconds=cpu,
        wall_seconds=wall,
        extra={
            "exit": rc,
            "ok": int(req.get("ok", 0)),
            "self_cpu_seconds": doc.get("generator", {}).get("cpu_seconds"),
            "latency_p99": doc.get("latency", {}).get("p99"),
            "lag_p99": doc.get("schedule_lag", {}).get("figures", {}).get("p99"),
            "late_sends": doc.get("schedule_lag", {}).get("late_sends"),
            "errors_by_kind": req.get("errors_by_kind") or {},
        },
    )
    if rc != 0:
        log(f"  note: gauntlet exited {rc}; stderr: {stderr.strip()[-300:]}")
    return run


def run_wrk(url: str, secs: int, threads: int = THREADS, connections: int = CONNECTIONS, prefix: list[str] = ()) -> Run:
    """`prefix` runs it under another command, e.g. taskset to pin it to a CPU."""
    cmd = [*prefix, "wrk", f"-t{threads}", f"-c{connections}", f"-d{secs}s", url]
    stdout, stderr, cpu, wall, rc = run_measured(cmd, timeout=secs + 60)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", stdout, re.M)
    done = re.search(r"^\s*(\d+) requests in ", stdout, re.M)
    if rc != 0 or not rate or not done:
        raise fail("wrk", cmd, rc, stdout, stderr, "output not understood")
    # wrk only prints these lines when something went wrong.
    errors = 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", stdout)
    if sock:
        errors += sum(int(g) for g in sock.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", stdout)
    if non2xx:
        errors += int(non2xx.group(1))
    return Run("wrk", float(rate.group(1)), int(done.group(1)), errors, cpu, wall)


def run_h2load(url: str, secs: int) -> Run:
    # -D with a bare number means seconds in every h2load version (older ones
    # accept no unit at all). --h1 forces HTTP/1.1, like the other two tools.
    cmd = ["h2load", "--h1", f"-c{CONNECTIONS}", f"-t{THREADS}", "-D", str(secs), url]
    stdout, stderr, cpu, wall, rc = run_measured(cmd, timeout=secs + 60)
    rate = re.search(r"^finished in [\d.]+\w+, ([\d.]+) req/s", stdout, re.M)
    reqs = re.search(
        r"^requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
        r"(\d+) failed, (\d+) errored, (\d+) timeout", stdout, re.M)
    if rc != 0 or not rate or not reqs:
        raise fail("h2load", cmd, rc, stdout, stderr, "output not understood")
    done, failed, errored, timeouts = (int(reqs.group(i)) for i in (3, 5, 6, 7))
    # 'errored' is a subset of 'failed' in h2load's accounting.
    return Run("h2load", float(rate.group(1)), done, failed + timeouts, cpu, wall,
               extra={"errored": errored})


def run_curl_baseline(url: str, secs: int, connections: int = CONNECTIONS, threads: int = THREADS,
                      rate: int | None = None, prefix: list[str] = (), label: str = "libcurl-c",
                      options: list[str] = ()) -> Run:
    """The bare libcurl multi loop: closed loop, or open loop at `rate` requests/s when given
    (`options=["--socket-action"]`: driven by curl_multi_socket_action and epoll instead).
    Its own thread CPU per request (the timed loop only) is kept as extra["worker_us"]."""
    cmd = [*prefix, str(BASELINE), *options, url, str(connections), str(threads), str(secs)] + ([str(rate)] if rate else [])
    stdout, stderr, cpu, wall, rc = run_measured(cmd, timeout=secs + 60)
    try:
        doc = json.loads(stdout)
        achieved, done, errors = float(doc["rate"]), int(doc["requests"]), int(doc["errors"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        raise fail(label, cmd, rc, stdout, stderr, "printed no JSON summary") from None
    if rc != 0:
        raise fail(label, cmd, rc, stdout, stderr, "failed")
    return Run(label, achieved, done, errors, cpu, wall, extra={"worker_us": doc.get("cpu_us_per_request")})


def build_curl_baseline(force: bool) -> None:
    """Compile curl_multi_baseline.c when the binary is missing or older than
    the source (or on --rebuild)."""
    if (not force and BASELINE.exists()
            and BASELINE.stat().st_mtime >= BASELINE_SRC.stat().st_mtime):
        return
    if shutil.which("gcc") is None:
        raise RuntimeError("gcc not found on PATH (needed to build libcurl-c)")
    BASELINE.parent.mkdir(parents=True, exist_ok=True)
    cmd = ["gcc", "-O2", "-o", str(BASELINE.relative_to(REPO)),
           str(BASELINE_SRC.relative_to(REPO)), "-lcurl", "-lpthread"]
    log(f"building libcurl-c: {' '.join(cmd)}")
    subprocess.run(cmd, cwd=REPO, check=True)


def build_gauntlet(force: bool) -> None:
    if GAUNTLET.exists() and not force:
        return
    cmd = ["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH)]
    log(f"building gauntlet: {' '.join(cmd)}")
    subprocess.run(cmd, cwd=REPO, check=True)
    if not GAUNTLET.exists():
        raise RuntimeError(f"build finished but {GAUNTLET} is missing")


# --------------------------------------------------------------------------
# Report


def machine_facts(**tools: str) -> dict:
    """What a result file opens with: when, which commit, the tools' versions (gauntlet, wrk,
    libcurl, nginx and any given), the host and how busy it was before the run."""
    return {
        "when": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ"),
        "git": git_describe(REPO),
        "gauntlet": "gauntlet " + tool_version([str(GAUNTLET), "--version"]),
        "wrk": tool_version(["wrk", "-v"]).split(" [")[0],
        **tools,
        "libcurl": tool_version(["curl-config", "--version"]),  # headers it was built against
        "nginx": tool_version(["nginx", "-v"]).replace("nginx version: ", ""),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def fmt(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def render(args, meta: dict, pairs: list[list[Run]], fixed: Run) -> str:
    tools = ["gauntlet", "wrk", "h2load", "libcurl-c"]
    by_tool = {t: [r for pair in pairs for r in pair if r.tool == t] for t in tools}
    med_rate = {t: median([r.rate for r in by_tool[t]]) for t in tools}
    med_cpu = {t: median([r.cpu_us_per_request for r in by_tool[t]]) for t in tools}

    lines: list[str] = []
    add = lines.append
    add(f"# gauntlet vs wrk / h2load / libcurl-c on nginx — {meta['when']}")
    add("")
    add(f"- gauntlet `{meta['git']}` · {meta['gauntlet']} · {meta['wrk']} · {meta['h2load']} · libcurl-c on {meta['libcurl']} · {meta['nginx']}")
    add(f"- host: {meta['host']}, {meta['cpus']} CPUs; load average before {meta['load_before']}, after {meta['load_after']}")
    add(f"- target: nginx, 2 workers, 13-byte static file on 127.0.0.1; {CONNECTIONS} connections,"
        f" {args.duration}s per run, {args.pairs} pair(s){' (--quick)' if args.quick else ''}")
    add("- CPU = user + system time of each tool's process, from `wait4` (gauntlet's own figure in brackets)")
    add("")
    add("## Max rate (closed loop, 64 in flight)")
    add("")
    add("| pair | tool | req/s | completed | errors | CPU s | CPU µs/req |")
    add("|---:|---|---:|---:|---:|---:|---:|")
    for i, pair in enumerate(pairs, 1):
        for r in sorted(pair, key=lambda r: tools.index(r.tool)):
            cpu = fmt(r.cpu_seconds, 2)
            if r.tool == "gauntlet" and r.extra.get("self_cpu_seconds") is not None:
                cpu += f" [{r.extra['self_cpu_seconds']:.2f}]"
            add(f"| {i} | {r.tool} | {fmt(r.rate, 0)} | {r.completed:,} | {r.errors:,} | {cpu} | {fmt(r.cpu_us_per_request, 2)} |")
    add("")
    add("| median | req/s | CPU µs/req | gauntlet ÷ tool, rate | gauntlet ÷ tool, CPU/req |")
    add("|---|---:|---:|---:|---:|")
    for t in tools:
        rr = "–" if t == "gauntlet" else f"{ratio(med_rate['gauntlet'], med_rate[t]):.2f}×"
        cr = "–" if t == "gauntlet" else f"{ratio(med_cpu['gauntlet'], med_cpu[t]):.2f}×"
        add(f"| {t} | {fmt(med_rate[t], 0)} | {fmt(med_cpu[t], 2)} | {rr} | {cr} |")
    add("")
    rate_vs_wrk = ratio(med_rate["gauntlet"], med_rate["wrk"])
    cpu_vs_wrk = ratio(med_cpu["gauntlet"], med_cpu["wrk"])
    add(f"- Goal: rate ≥ {GOAL_RATE_VS_WRK}× wrk — **{rate_vs_wrk:.2f}×, {verdict(rate_vs_wrk >= GOAL_RATE_VS_WRK)}**")
    add(f"- Goal: CPU/request ≤ {GOAL_CPU_VS_WRK}× wrk — **{cpu_vs_wrk:.2f}×, {verdict(cpu_vs_wrk <= GOAL_CPU_VS_WRK)}**")
    rate_vs_c = ratio(med_rate["gauntlet"], med_rate["libcurl-c"])
    cpu_vs_c = ratio(med_cpu["gauntlet"], med_cpu["libcurl-c"])
    add(f"- gauntlet ÷ libcurl-c: rate **{rate_vs_c:.2f}×**, CPU/request **{cpu_vs_c:.2f}×** — libcurl-c is"
        " a bare libcurl multi loop (`curl_multi_baseline.c`), i.e. what libcurl itself costs per request"
        " on this machine; gauntlet ÷ libcurl-c near 1.0 means the engine adds little on top of libcurl")
    add("")
    add(f"## Fixed rate (open loop, {args.rate}/s)")
    add("")
    add("| target req/s | achieved req/s | completed | errors | schedule lag p99 ms | late sends | latency p99 ms | CPU µs/req |")
    add("|---:|---:|---:|---:|---:|---:|---:|---:|")
    add(f"| {args.rate:,} | {fmt(fixed.rate, 1)} | {fixed.completed:,} | {fixed.errors:,}"
        f" | {fmt(fixed.extra.get('lag_p99'), 3)} | {fixed.extra.get('late_sends', '–')}"
        f" | {fmt(fixed.extra.get('latency_p99'), 3)} | {fmt(fixed.cpu_us_per_request, 2)} |")
    notes = []
    for r in [r for pair in pairs for r in pair] + [fixed]:
        if r.errors:
            notes.append(f"{r.tool}: {r.errors} errors {r.extra.get('errors_by_kind') or ''}".rstrip())
        if r.extra.get("exit"):
            notes.append(f"{r.tool}: exit code {r.extra['exit']}")
    if notes:
        add("")
        add("## Notes")
        add("")
        lines.extend(f"- {n}" for n in notes)
    add("")
    return "\n".join(lines)


# --------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=3, help="rounds of gauntlet/wrk/h2load/libcurl-c (default 3)")
    ap.add_argument("--duration", type=parse_duration, default=10, help="per run, e.g. 10s (default 10s)")
    ap.add_argument("--rate", type=int, default=5000, help="target rate for the fixed-rate check (default 5000)")
    ap.add_argument("--quick", action="store_true", help="smoke test: 1 pair, 2s runs")
    ap.add_argument("--rebuild", action="store_true", help="rebuild gauntlet and libcurl-c even if the binaries exist")
    ap.add_argument("--no-save", action="store_true", help="do not write Benchmarks/results/nginx-*.md")
    args = ap.parse_args()
    if args.quick:
        args.pairs, args.duration = 1, 2
    if args.pairs < 1:
        ap.error("--pairs must be at least 1")

    for tool in ("nginx", "wrk", "h2load"):
        if shutil.which(tool) is None:
            ap.error(f"{tool} not found on PATH")

    # Turn SIGTERM into an exception so the finally blocks stop nginx.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    build_gauntlet(args.rebuild)
    build_curl_baseline(args.rebuild)

    meta = machine_facts(h2load=tool_version(["h2load", "--version"]))
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    secs = args.duration
    runners = [
        ("gauntlet", lambda url: run_gauntlet(
            url, secs, ["--concurrency", str(CONNECTIONS), "--connections", str(CONNECTIONS)])),
        ("wrk", lambda url: run_wrk(url, secs)),
        ("h2load", lambda url: run_h2load(url, secs)),
        ("libcurl-c", lambda url: run_curl_baseline(url, secs)),
    ]

    pairs: list[list[Run]] = []
    with Nginx() as nginx:
        log(f"nginx pid {nginx.pid} serving {nginx.url}")
        for p in range(args.pairs):
            # Rotate who goes first each pair, so no tool always gets the
            # freshest (or the most heated-up) machine.
            k = p % len(runners)
            order = runners[k:] + runners[:k]
            pair = []
            for name, runner in order:
                log(f"pair {p + 1}/{args.pairs}: {name} for {secs}s ...")
                r = runner(nginx.url)
                log(f"  {r.rate:,.0f} req/s, {r.cpu_us_per_request:.2f} CPU µs/req, {r.errors} errors")
                pair.append(r)
            pairs.append(pair)
        log(f"fixed rate: gauntlet --rate {args.rate} for {secs}s ...")
        fixed = run_gauntlet(nginx.url, secs, ["--rate", str(args.rate)])
        log(f"  {fixed.rate:,.1f} req/s, lag p99 {fixed.extra.get('lag_p99')} ms")
    meta["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())

    publish(render(args, meta, pairs, fixed), "nginx", stamp, save=not args.no_save)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except (RuntimeError, subprocess.CalledProcessError) as e:
        log(f"error: {e}")
        sys.exit(1)
