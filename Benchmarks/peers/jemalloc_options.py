#!/usr/bin/env python3
"""Measure the reference server's jemalloc options against jemalloc's defaults (and glibc).

Each variant is the same `gauntlet serve` binary started with a different MALLOC_CONF (which
overrides the malloc_conf compiled into it), or another binary (a glibc build made with
`GAUNTLET_ALLOCATOR=system swift build -c release --scratch-path .build-glibc`). For each variant,
in alternating rounds:

  1. throughput  gauntlet closed loop, 32 in flight, small infer requests (1 row) for D seconds:
                 successful requests per second;
  2. burst       the same with large requests (256 rows, ~90 KB bodies) for D/2 seconds: the
                 allocation spike a batch-heavy client causes;
  3. settle      3 s idle, then the resident set (VmRSS) the server keeps, and its peak (VmHWM).

Reported: medians over the rounds of throughput, peak RSS and settled RSS per variant. Python 3
standard library only; traffic only to 127.0.0.1; every server stopped by pid.

    python3 Benchmarks/peers/jemalloc_options.py [--rounds 3] [--duration 8s]
        [--gauntlet-binary .build/release/gauntlet] [--glibc-binary .build-glibc/release/gauntlet]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchkit import REPO, log, publish

DIGITS = REPO / "scenarios" / "data" / "digits.csv"

# jemalloc 5.3's defaults written out (MALLOC_CONF overrides only what it names), then ours.
# (narenas defaults to 4 per core; written out for the 2-core machine the results come from.)
VARIANTS = {
    "jemalloc defaults": "narenas:8,background_thread:false,dirty_decay_ms:10000",
    "tuned (compiled in)": None,
    "tuned + 2 arenas": "narenas:2",
    "tuned but no background thread": "background_thread:false",
    "tuned but 10 s decay": "dirty_decay_ms:10000",
}


def infer_body(rows: int) -> str:
    lines = [line.split(",") for line in DIGITS.read_text().splitlines()]
    header, data = lines[0], lines[1:]
    features = [i for i, name in enumerate(header) if name not in ("label", "split")]
    values = []
    for row in (data * (rows // len(data) + 1))[:rows]:
        values += [row[i] for i in features]
    return json.dumps({"inputs": [{"name": "input-0", "shape": [rows, len(features)], "datatype": "FP32",
                                   "data": [float(v) for v in values]}]})


def start_server(binary: Path, malloc_conf: str | None) -> tuple[subprocess.Popen, int]:
    environment = dict(os.environ)
    environment.pop("MALLOC_CONF", None)
    if malloc_conf:
        environment["MALLOC_CONF"] = malloc_conf
    process = subprocess.Popen(
        [str(binary), "serve", "--port", "0", "--models", str(REPO / "models")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment)
    line = process.stdout.readline()
    match = re.search(r"127\.0\.0\.1:(\d+)", line)
    if not match:
        process.kill()
        raise RuntimeError(f"server did not start: {line}")
    allocator = process.stdout.readline() + process.stdout.readline()
    log("    " + allocator.strip().splitlines()[-1][:160])
    return process, int(match.group(1))


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def memory(pid: int) -> tuple[int, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) * 1024
    return rss, peak


def load(gauntlet: Path, port: int, body_file: str, seconds: float) -> float:
    result = subprocess.run(
        [str(gauntlet), "run", "--url", f"http://127.0.0.1:{port}/v2/models/digits-mlp/infer",
         "--method", "POST", "-H", "Content-Type: application/json", "--body", "@" + body_file,
         "--concurrency", "32", "--connections", "32", "--duration", f"{seconds}s", "--json",
         "--out", tempfile.gettempdir()],
        capture_output=True, text=True, timeout=seconds + 60)
    summary = json.loads(result.stdout)
    if summary["requests"]["errors"]:
        raise RuntimeError(f"errors during load: {summary['requests']['errors_by_kind']}")
    return summary["rate"]["successful"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", default="8s")
    parser.add_argument("--gauntlet-binary", default=str(REPO / ".build" / "release" / "gauntlet"))
    parser.add_argument("--glibc-binary", default=str(REPO / ".build-glibc" / "release" / "gauntlet"))
    parser.add_argument("--no-save", action="store_true")
    arguments = parser.parse_args()
    seconds = float(arguments.duration.rstrip("s"))
    gauntlet = Path(arguments.gauntlet_binary)
    variants: list[tuple[str, Path, str | None]] = [(name, gauntlet, conf) for name, conf in VARIANTS.items()]
    glibc = Path(arguments.glibc_binary)
    if glibc.exists():
        variants.append(("glibc malloc", glibc, None))
    else:
        log(f"no glibc build at {glibc}: build one with GAUNTLET_ALLOCATOR=system swift build -c release --scratch-path .build-glibc")

    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder, "small.json"), Path(folder, "large.json")
        small.write_text(infer_body(1))
        large.write_text(infer_body(256))
        results: dict[str, list[tuple[float, int, int]]] = {name: [] for name, _, _ in variants}
        for round_number in range(1, arguments.rounds + 1):
            for name, binary, conf in variants:
                log(f"round {round_number}: {name}")
                process, port = start_server(binary, conf)
                try:
                    rate = load(gauntlet, port, str(small), seconds)
                    load(gauntlet, port, str(large), seconds / 2)
                    time.sleep(3)
                    settled, peak = memory(process.pid)
                finally:
                    stop(process)
                results[name].append((rate, peak, settled))
                log(f"    {rate:,.0f} ok/s, peak RSS {peak / 1e6:.1f} MB, settled RSS {settled / 1e6:.1f} MB")

    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"# jemalloc options — {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"`python3 Benchmarks/peers/jemalloc_options.py --rounds {arguments.rounds} --duration {arguments.duration}` "
        f"at {commit}, {os.cpu_count()} cores. Per round and variant: closed loop 32, 1-row infer requests for "
        f"{seconds:g} s (throughput), then 256-row requests for {seconds / 2:g} s (burst), then 3 s idle (settled RSS).",
        "",
        "| variant | MALLOC_CONF | ok/s (median) | peak RSS MB | settled RSS MB | rounds (ok/s) |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, _, conf in variants:
        rows = results[name]
        rates = [r[0] for r in rows]
        lines.append(
            f"| {name} | `{conf or ('(compiled in)' if 'glibc' not in name else '—')}` | {statistics.median(rates):,.0f} | "
            f"{statistics.median(r[1] for r in rows) / 1e6:.1f} | {statistics.median(r[2] for r in rows) / 1e6:.1f} | "
            + ", ".join(f"{r:,.0f}" for r in rates) + " |")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    publish("\n".join(lines) + "\n", "jemalloc", stamp, save=not arguments.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
