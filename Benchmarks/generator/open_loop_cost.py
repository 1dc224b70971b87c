#!/usr/bin/env python3
"""What one generator worker costs per request, open loop against closed loop, with peers.

One worker pinned to CPU 0 (gauntlet --workers 1, wrk -t1, hey) against one nginx worker pinned
to CPU 1, serving a 13-byte file with keep-alive, so the server is cheap and the client is what is
measured. The script holds idle CPUs polling for the whole run (as root; gauntlet's own default),
so every tool meets the same host. For each rate (default 1k, 5k, 10k, 20k, 40k/s):

  open loop            gauntlet --rate R: the default, every send at its own intended time
  open, window W       gauntlet --rate R --send-window W (400us, 500us; 400us keeps the lag under 0.5 ms): sends due within W of
                       each other share one wake-up; the wait is in their latency and lag
  closed, 1 slot       gauntlet --concurrency 1 paced to R by its think time: one wake-up per
                       send, as the default open loop has
  closed, 16 slots     gauntlet --concurrency 16 paced to R: the slots move in step, so each
                       wake-up sends up to 16 (grouped by accident, as a window groups on purpose)
  hey -q               hey -c 16 -q R/16: a rate-limited closed loop from a peer
  libcurl-c open loop  Benchmarks/peers/curl_multi_baseline.c at R: the cheapest open loop on
                       libcurl (timerfd + curl_multi_poll, no recording), libcurl's own floor
  libcurl-c socket_action  the same driven by curl_multi_socket_action and its own epoll set:
                       whether fewer polls per transfer lower that floor

A paced closed loop's think time is corrected once from a first run's achieved rate, so it comes
close to R (a slot's cycle is its think time plus the answer's latency). At the highest rate each
sustains (closed loop, 32 connections): gauntlet, wrk and hey. And at 50/s, the CPU per second of
the whole process in the steady state (read from /proc between 5 s and 25 s of a 30 s run), for
gauntlet, libcurl-c and hey, in interleaved rounds: the fixed cost of keeping a low rate.

CPU per request is the process's user + system time from wait4 over the requests it completed,
the same for every tool (so it includes start-up, amortised over the run); gauntlet's own figure
for its worker threads alone is printed beside it. Python 3 standard library only.

    python3 Benchmarks/generator/open_loop_cost.py [--duration 5s] [--repeats 3] [--rates 1000,5000]
    python3 Benchmarks/generator/open_loop_cost.py --quick
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
from benchkit import NGINX_BODY, Nginx, free_port, log, parse_duration, publish  # noqa: E402
from nginx_compare import (  # noqa: E402
    BASELINE, GAUNTLET, Run, build_curl_baseline, build_gauntlet, fail, fmt, machine_facts, run_curl_baseline,
    run_measured, run_wrk)

CLIENT_CPU, SERVER_CPU = "0", "1"
PACED_SLOTS = 16
MAX_CONNECTIONS = 32
WINDOWS = ("400us", "500us")
LOW_RATE = 50


def pinned(cmd: list[str]) -> list[str]:
    return ["taskset", "-c", CLIENT_CPU] + cmd


def gauntlet(url: str, secs: int, label: str, load: list[str], extra: list[str] = ()) -> Run:
    cmd = pinned([str(GAUNTLET), "run", "--url", url, "--workers", "1", *load, "--duration", f"{secs}s",
                  "--json", "--out", str(Path(os.environ.get("TMPDIR", "/tmp")) / "open-loop-cost"), *extra])
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


def paced(url: str, secs: int, label: str, slots: int, rate: float) -> Run:
    """A closed loop of `slots` paced to `rate`: think time slots/rate, then corrected once by the
    cycle the first run measured (think time + latency), so the second comes close to the rate."""
    think = slots / rate
    first = gauntlet(url, secs, label, ["--concurrency", str(slots), "--think-time", f"{think * 1e6:.0f}us"])
    latency = max(0.0, slots / first.rate - think) if first.rate > 0 else 0.0
    corrected = max(1e-6, think - latency)
    run = gauntlet(url, secs, label, ["--concurrency", str(slots), "--think-time", f"{corrected * 1e6:.0f}us"])
    return run if abs(run.rate - rate) <= abs(first.rate - rate) else first


class IdlePollingHeld:
    """Holds the host's idle CPUs polling (PM QoS, /dev/cpu_dma_latency = 0) while open, as gauntlet
    does by default, so the peers' wake-ups cost what gauntlet's do. Needs root; `held` says whether."""

    def __enter__(self) -> "IdlePollingHeld":
        try:
            self.fd = os.open("/dev/cpu_dma_latency", os.O_WRONLY)
            os.write(self.fd, (0).to_bytes(4, sys.byteorder))
            self.held = True
        except OSError as error:
            self.fd, self.held, self.why = None, False, str(error)
        return self

    def __exit__(self, *_) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing ends the request


def steady_cpu_per_second(cmd: list[str], settle: float = 5, span: float = 20) -> float:
    """CPU ms per second of a running process between `settle` and `settle + span` seconds
    (user + system from /proc/<pid>/stat), so start-up and the final report are left out."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(settle)
        before = cpu(proc.pid)
        time.sleep(span)
        after = cpu(proc.pid)
        proc.wait(timeout=settle + span + 60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return (after - before) * 1000 / span


class Nghttpd:
    """nghttpd (nghttp2's HTTP/2 server) over TLS with a throwaway self-signed certificate, one
    worker pinned to the server CPU, serving the same 13-byte file; stopped by its pid on exit."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="gauntlet-nghttpd-"))
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}/index.html"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Nghttpd":
        (self.dir / "www").mkdir()
        (self.dir / "www" / "index.html").write_bytes(NGINX_BODY)
        key, cert = self.dir / "key.pem", self.dir / "cert.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True)
        self.proc = subprocess.Popen(["taskset", "-c", SERVER_CPU, "nghttpd", "-a", "127.0.0.1", "-n", "1",
                                      "-d", str(self.dir / "www"), str(self.port), str(key), str(cert)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        self.__exit__()
        raise RuntimeError("nghttpd did not start listening")

    def __exit__(self, *_) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def h2load(url: str, secs: int, label: str, streams: int) -> Run:
    cmd = pinned(["h2load", "-c1", "-t1", f"-m{streams}", "-D", str(secs), url])
    stdout, stderr, cpu, wall, rc = run_measured(cmd, timeout=secs + 60)
    rate = re.search(r"^finished in [\d.]+\w+, ([\d.]+) req/s", stdout, re.M)
    reqs = re.search(r"^requests: \d+ total, \d+ started, (\d+) done, \d+ succeeded, (\d+) failed", stdout, re.M)
    if rc != 0 or not rate or not reqs:
        raise fail("h2load", cmd, rc, stdout, stderr, "output not understood")
    return Run(label, float(rate.group(1)), int(reqs.group(1)), int(reqs.group(2)), cpu, wall)


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


def repeated(makers: list, repeats: int, where: str) -> list[Run]:
    """Runs each maker `repeats` times, all of them once per round so every mode meets the host in
    each of its moods, and keeps each mode's median run by CPU per request, with the range seen."""
    rounds = []
    for n in range(repeats):
        runs = [make() for make in makers]
        for r in runs:
            log(f"{where} {r.tool} (round {n + 1}/{repeats}): {r.rate:,.0f} req/s, {r.cpu_us_per_request:.1f} µs/request")
        rounds.append(runs)
    kept = []
    for column in zip(*rounds):
        ordered = sorted(column, key=lambda r: r.cpu_us_per_request)
        median_run = ordered[len(ordered) // 2]
        median_run.extra["cpu_range"] = (ordered[0].cpu_us_per_request, ordered[-1].cpu_us_per_request)
        kept.append(median_run)
    return kept


def render(meta: dict, rows: list[tuple[str, list[Run]]], low: dict[str, list[float]]) -> str:
    out = ["# Open loop against closed loop: generator CPU per request", ""]
    out += [f"- {k}: {v}" for k, v in meta.items()] + [""]
    out += ["One client thread on CPU 0, one nginx worker on CPU 1, 13-byte file, keep-alive. "
            "CPU µs/request: the process's user + system time (wait4) over the requests it completed; "
            "gauntlet's worker threads (libcurl-c: its thread's timed loop) alone in the next column. "
            "Idle CPUs held polling for every tool (gauntlet's default as root).", ""]
    out += ["| asked | tool and mode | achieved req/s | CPU µs/request (median) | range over the rounds | worker µs/request | schedule lag p99 | late sends | errors |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for asked, runs in rows:
        for r in runs:
            low_cpu, high_cpu = r.extra.get("cpu_range", (None, None))
            spread = f"{fmt(low_cpu, 1)}–{fmt(high_cpu, 1)}" if low_cpu is not None else "–"
            out.append(f"| {asked} | {r.tool} | {fmt(r.rate, 0)} | {fmt(r.cpu_us_per_request, 1)} | {spread} | "
                       f"{fmt(r.extra.get('worker_us'), 1)} | {fmt(r.extra.get('lag_p99'), 3)} | "
                       f"{r.extra.get('late', '–')} | {r.errors:,} |")
    out.append("")
    out += ["", "Ratios between gauntlet's modes use the worker threads' CPU (start-up and the report left out); "
            "the goal is open loop within 1.5× of closed loop at the same rate:", ""]

    def worker(r: Run) -> float:
        return r.extra.get("worker_us") or r.cpu_us_per_request

    for asked, runs in rows:
        by = {r.tool: r for r in runs}
        open_loop, one, sixteen = by.get("gauntlet open loop"), by.get("gauntlet closed, 1 slot"), by.get("gauntlet closed, 16 slots")
        if open_loop and one and sixteen:
            floor, socket_action = by.get("libcurl-c open loop"), by.get("libcurl-c socket_action")
            out.append(f"- {asked}: open loop ÷ closed 1 slot = {worker(open_loop) / worker(one):.2f}; "
                       + (f"open loop ÷ libcurl-c open loop = {worker(open_loop) / worker(floor):.2f}; " if floor else "")
                       + (f"libcurl-c socket_action ÷ libcurl-c open loop = {worker(socket_action) / worker(floor):.2f}; "
                          if floor and socket_action else "")
                       +
                       f"open loop ÷ closed 16 slots = {worker(open_loop) / worker(sixteen):.2f}"
                       + "".join(f"; window {w} ÷ closed 16 slots = "
                                 f"{worker(by[f'gauntlet open, window {w}']) / worker(sixteen):.2f}"
                                 for w in WINDOWS if f"gauntlet open, window {w}" in by))
        closed, peer = by.get("gauntlet closed loop"), by.get("wrk")
        if closed and peer:
            out.append(f"- {asked}: gauntlet closed loop ÷ wrk = {closed.cpu_us_per_request / peer.cpu_us_per_request:.2f}")
        h2, h2peer = by.get("gauntlet HTTP/2 closed loop"), by.get(f"h2load -c1 -m{MAX_CONNECTIONS}")
        if h2 and h2peer:
            out.append(f"- HTTP/2: gauntlet closed loop ÷ h2load = {h2.cpu_us_per_request / h2peer.cpu_us_per_request:.2f}")
    if low:
        out += ["", f"At {LOW_RATE}/s, the whole process's CPU per second in the steady state, median of the rounds "
                "and their range (goal for gauntlet: under 5 ms/s):", ""]
        out += [f"- {tool}: {statistics.median(ms):.1f} ms/s ({min(ms):.1f}–{max(ms):.1f})" for tool, ms in low.items()]
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=parse_duration, default=5, help="per run (default 5s)")
    ap.add_argument("--repeats", type=int, default=3, help="rounds of every row; the median is kept (default 3)")
    ap.add_argument("--rates", default="1000,5000,10000,20000,40000", help="comma-separated open-loop rates")
    ap.add_argument("--quick", action="store_true", help="smoke test: 2s runs at 1000 and 10000/s")
    ap.add_argument("--no-http2", action="store_true", help="skip the HTTP/2 rows (nghttpd, h2load)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild gauntlet even if the binary exists")
    ap.add_argument("--no-save", action="store_true", help="do not write Benchmarks/results/open-loop-cost-*.md")
    args = ap.parse_args()
    if args.quick:
        args.duration, args.rates, args.repeats = 2, "1000,10000", 1
    rates = [int(r) for r in args.rates.split(",") if r.strip()]
    for tool in ("nginx", "wrk", "hey", "taskset") + (() if args.no_http2 else ("nghttpd", "h2load", "openssl")):
        if shutil.which(tool) is None:
            ap.error(f"{tool} not found on PATH (make bench-deps)")
    if (os.cpu_count() or 1) < 2:
        ap.error("needs two CPUs: one for the client, one for nginx")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    build_gauntlet(args.rebuild)
    build_curl_baseline(args.rebuild)

    meta = machine_facts() | {
        "duration": f"{args.duration}s per run, {args.repeats} rounds of each row (median kept)",
    }
    secs = args.duration
    rows: list[tuple[str, list[Run]]] = []
    with IdlePollingHeld() as idle, Nginx(workers=1, cpu=int(SERVER_CPU)) as nginx:
        meta["idle CPUs polling"] = "held for every tool" if idle.held else f"not held ({idle.why}); gauntlet's own hold fails the same way"
        url = nginx.url
        for rate in rates:
            open_load = ["--rate", str(rate), "--connections", str(MAX_CONNECTIONS)]
            makers = [lambda: gauntlet(url, secs, "gauntlet open loop", open_load)]
            makers += [lambda w=w: gauntlet(url, secs, f"gauntlet open, window {w}", open_load + ["--send-window", w])
                       for w in WINDOWS]
            makers += [
                lambda: paced(url, secs, "gauntlet closed, 1 slot", 1, rate),
                lambda: paced(url, secs, "gauntlet closed, 16 slots", PACED_SLOTS, rate),
                lambda: hey(url, secs, "hey -q", PACED_SLOTS, rate / PACED_SLOTS),
                lambda: run_curl_baseline(url, secs, connections=MAX_CONNECTIONS, threads=1, rate=rate,
                                          prefix=pinned([]), label="libcurl-c open loop"),
                lambda: run_curl_baseline(url, secs, connections=MAX_CONNECTIONS, threads=1, rate=rate,
                                          prefix=pinned([]), label="libcurl-c socket_action", options=["--socket-action"]),
            ]
            runs = repeated(makers, args.repeats, f"{rate}/s")
            rows.append((f"{rate:,}/s", runs))
        runs = repeated([
            lambda: gauntlet(url, secs, "gauntlet closed loop", ["--concurrency", str(MAX_CONNECTIONS)]),
            lambda: gauntlet(url, secs, "gauntlet closed, env proxy look-up",
                             ["--concurrency", str(MAX_CONNECTIONS)], ["--proxy", "env"]),
            lambda: run_wrk(url, secs, threads=1, connections=MAX_CONNECTIONS, prefix=["taskset", "-c", CLIENT_CPU]),
            lambda: hey(url, secs, "hey", MAX_CONNECTIONS, None),
        ], args.repeats, "max")
        rows.append(("max", runs))
        if not args.no_http2:
            with Nghttpd() as h2:
                h2_flags = ["--http2", "--insecure", "--connections", "1", "--streams-per-connection", str(MAX_CONNECTIONS)]
                runs = repeated([
                    lambda: gauntlet(h2.url, secs, "gauntlet HTTP/2 closed loop", ["--concurrency", str(MAX_CONNECTIONS)] + h2_flags),
                    lambda: h2load(h2.url, secs, f"h2load -c1 -m{MAX_CONNECTIONS}", MAX_CONNECTIONS),
                    lambda: gauntlet(h2.url, secs, "gauntlet HTTP/2 open loop 10,000/s", ["--rate", "10000"] + h2_flags),
                    lambda: gauntlet(h2.url, secs, "gauntlet HTTP/2 open loop 10,000/s, window 400us",
                                     ["--rate", "10000", "--send-window", "400us"] + h2_flags),
                ], args.repeats, "HTTP/2")
                rows.append(("HTTP/2 over TLS (nghttpd, 1 connection × 32 streams)", runs))
        low: dict[str, list[float]] = {}
        if not args.quick:
            low_secs = 30
            low_runs = {
                "gauntlet open loop": [str(GAUNTLET), "run", "--url", url, "--workers", "1", "--rate", str(LOW_RATE),
                                       "--duration", f"{low_secs}s", "--json",
                                       "--out", str(Path(os.environ.get("TMPDIR", "/tmp")) / "open-loop-cost")],
                "libcurl-c open loop": [str(BASELINE), url, "1", "1", str(low_secs), str(LOW_RATE)],
                "libcurl-c socket_action": [str(BASELINE), "--socket-action", url, "1", "1", str(low_secs), str(LOW_RATE)],
                f"hey -c 1 -q {LOW_RATE}": ["hey", "-z", f"{low_secs}s", "-c", "1", "-q", str(LOW_RATE), "-cpus", "1", url],
            }
            # Interleaved rounds, as for the rates above: this host's cost of a wake-up drifts by 2x over minutes.
            for n in range(args.repeats):
                for tool, cmd in low_runs.items():
                    ms = steady_cpu_per_second(pinned(cmd))
                    low.setdefault(tool, []).append(ms)
                    log(f"{LOW_RATE}/s {tool} (round {n + 1}/{args.repeats}): {ms:.1f} ms CPU per second")
    meta["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    publish(render(meta, rows, low), "open-loop-cost", stamp, save=not args.no_save)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
