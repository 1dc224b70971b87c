#!/usr/bin/env python3
"""The generator over a long run, and holding many connections: its memory must not grow.

  python3 Benchmarks/generator/soak.py                          # 30 min at 5,000/s, then 10,000 connections for 60 s
  python3 Benchmarks/generator/soak.py --minutes 3 --hold 60    # a short look

Against a throwaway nginx on 127.0.0.1 (a 13-byte file; it is not what is measured):

1. **Soak**: `gauntlet run --url … --rate 5000/s --duration Nm`. The generator's RSS is read from
   /proc every 5 s; growth is from the first minute's end (start-up, pools and histograms are
   allocated by then) to the largest RSS after it until the run's end, and must stay under 5%;
   the RSS while the reports are written after the run is stated apart. The JSON report's size
   is stated per minute of run (it keeps per-second points and histograms).
2. **Connections**: closed loop with --hold connections, every one busy, for 60 s: the sockets the
   generator holds open are counted from /proc/PID/fd, and its peak RSS must stay under 300 MB.

Writes Benchmarks/results/soak-<UTC>.md. Exit 0 when it measured, whatever the figures; the
table says whether each goal held.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
import benchkit  # noqa: E402

REPO = benchkit.REPO


def rss_and_sockets(pid: int) -> tuple[int, int]:
    rss = benchkit.resident_bytes(pid)
    sockets = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            sockets += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return rss, sockets


def watched(command: list[str], every: float) -> tuple[subprocess.CompletedProcess, list[tuple[float, int, int]]]:
    """Runs `command`, sampling its RSS and sockets every `every` seconds."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, int]] = []
    started = time.monotonic()

    def sample():
        while process.poll() is None:
            try:
                rss, sockets = rss_and_sockets(process.pid)
                samples.append((time.monotonic() - started, rss, sockets))
            except (FileNotFoundError, ProcessLookupError):
                return
            time.sleep(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    return subprocess.CompletedProcess(command, process.returncode, out, err), samples


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=int, default=30, help="soak length (default 30)")
    parser.add_argument("--rate", type=int, default=5000, help="soak rate per second (default 5000)")
    parser.add_argument("--hold", type=int, default=10_000, help="connections held in part 2 (default 10,000)")
    parser.add_argument("--gauntlet", default=str(REPO / ".build/release/gauntlet"))
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.gauntlet):
        sys.exit(f"{args.gauntlet}: not built; run `swift build -c release` first")
    benchkit.ensure_open_files(args.hold + 512)

    lines = [f"# Generator soak and connections, {datetime.now(timezone.utc):%Y-%m-%dT%H:%MZ}", "",
             f"{os.uname().nodename}, {os.cpu_count()} cores; gauntlet {benchkit.git_describe(REPO)}; nginx (2 workers, 13-byte file) on 127.0.0.1.", ""]
    with benchkit.Nginx(worker_connections=args.hold + 256) as nginx, tempfile.TemporaryDirectory() as folder:
        benchkit.log(f"soak: {args.minutes} min at {args.rate}/s …")
        soak, samples = watched([args.gauntlet, "run", "--url", nginx.url, "--rate", f"{args.rate}/s",
                                 "--duration", f"{args.minutes}m", "--json", "--quiet", "--out", folder], every=5)
        if soak.returncode not in (0, 1):
            sys.exit(f"the soak run exited {soak.returncode}: {soak.stderr[-2000:]}")
        summary = json.loads(soak.stdout)  # --json prints the summary
        reports = [path for path in Path(folder).glob("*.json")]
        size = sum(path.stat().st_size for path in reports)
        # The run's memory, from the first minute's end to the schedule's end; what writing the
        # reports takes after it (the run's histograms read back and encoded) is stated apart.
        run_end = args.minutes * 60
        after_first_minute = [rss for at, rss, _ in samples if 60 <= at <= run_end]
        baseline = next((rss for at, rss, _ in samples if at >= 60), None)
        peak = max(after_first_minute, default=0)
        growth = (peak - baseline) / baseline * 100 if baseline else float("nan")
        writing = max((rss for at, rss, _ in samples if at > run_end), default=0)
        mib = lambda value: f"{value / 1048576:.1f} MiB"
        lines += [
            "## Soak", "",
            f"`gauntlet run --url {nginx.url} --rate {args.rate}/s --duration {args.minutes}m`: "
            f"{summary['requests']['completed']:,} requests, {summary['requests']['errors']:,} errors, "
            f"achieved {summary['rate']['achieved']:,.1f}/s, latency p99 {summary['latency']['p99']:.2f} ms, "
            f"schedule lag p99 {summary['schedule_lag']['figures']['p99']:.2f} ms, generator CPU "
            f"{summary['generator']['cpu_microseconds_per_request']:.1f} µs/request.", "",
            "| figure | value | goal |", "|---|---:|---|",
            f"| RSS at the end of the first minute | {mib(baseline or 0)} | |",
            f"| largest RSS after it, until the schedule's end | {mib(peak)} | |",
            f"| growth after the first minute | {growth:.2f}% | under 5%: {'holds' if growth < 5 else 'DOES NOT HOLD'} |",
            f"| largest RSS while writing the reports, after the run | "
            f"{mib(writing) if writing else 'not sampled: done within one 5 s interval'} | stated |",
            f"| report size | {size / 1024:,.0f} KiB, {size / 1024 / args.minutes:,.1f} KiB per minute of run | stated |",
            "", "RSS over the run (every 5 min): " + ", ".join(
                f"{at / 60:.0f} min {mib(rss)}" for at, rss, _ in samples if int(at) % 300 < 5), "",
        ]

        benchkit.log(f"connections: {args.hold:,} in flight for 60 s …")
        held, samples = watched([args.gauntlet, "run", "--url", nginx.url, "--concurrency", str(args.hold),
                                 "--connections", str(args.hold), "--duration", "60s", "--json", "--quiet",
                                 "--out", folder], every=1)
        if held.returncode not in (0, 1):
            sys.exit(f"the connections run exited {held.returncode}: {held.stderr[-2000:]}")
        summary = json.loads(held.stdout)
        peak_rss = max((rss for _, rss, _ in samples), default=0)
        peak_sockets = max((sockets for _, _, sockets in samples), default=0)
        lines += [
            "## Connections", "",
            f"`gauntlet run --url {nginx.url} --concurrency {args.hold} --connections {args.hold} --duration 60s`: "
            f"{summary['requests']['completed']:,} requests, {summary['requests']['errors']:,} errors, "
            f"achieved {summary['rate']['achieved']:,.0f}/s.", "",
            "| figure | value | goal |", "|---|---:|---|",
            f"| sockets held open at once (peak) | {peak_sockets:,} | {args.hold:,} |",
            f"| peak RSS | {mib(peak_rss)} | under 300 MB: {'holds' if peak_rss < 300e6 else 'DOES NOT HOLD'} |",
        ]
    benchkit.publish("\n".join(lines) + "\n", "soak", datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"), not args.no_save)


if __name__ == "__main__":
    main()
