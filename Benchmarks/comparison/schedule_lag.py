#!/usr/bin/env python3
"""Schedule lag of `gauntlet compare` at 1,000/s with several candidates (issue 11, point 7).

Each run compares N candidates (digits-logreg, each on its own embedded reference server) under
one Poisson schedule at --rate for --duration, interleaved and mirrored, with idle CPUs held
polling (the default) and with --no-idle-poll. The table gives each candidate's schedule lag p50,
p99 and p99.9 and its late sends (over 1 ms): lag is the generator's own truthfulness, measured
from each request's intended send time to its actual one.

  python3 Benchmarks/comparison/schedule_lag.py                      # 2 and 3 candidates, ~6 min
  python3 Benchmarks/comparison/schedule_lag.py --candidates 2 --repeats 3

Sends traffic only to 127.0.0.1 (the embedded servers), bounded by the scenario's duration.
Writes Benchmarks/results/compare-schedule-lag-<UTC>.md unless --no-save.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCENARIO = """name: lag-{mode}-{count}
candidates:
{candidates}data:
  digits:
    file: {data}
    label: label
    filter: {{split: test}}
requests:
  - name: predict
    path: /v2/models/{{{{model}}}}/infer
    body:
      v2: {{data: digits, input: input-0, shape: [1, 64], datatype: FP32}}
    expect: {{status: 200}}
load:
  arrivals: poisson
  seed: {seed}
  warmup: 2s
  phases:
    - constant: {{rate: {rate}/s, duration: {duration}s}}
compare:
  blocks: 10
  mode: {mode}
"""


def scenario(mode, count, seed, args):
    names = "".join(f"  - name: c{index}\n    model: digits-logreg\n" + ("    baseline: true\n" if index == 0 else "")
                    for index in range(count))
    return SCENARIO.format(mode=mode, count=count, candidates=names, data=os.path.join(ROOT, "scenarios/data/digits.csv"),
                           seed=seed, rate=args.rate, duration=args.duration)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=20, help="measured seconds")
    parser.add_argument("--gauntlet", default=os.path.join(ROOT, ".build/release/gauntlet"))
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.gauntlet):
        sys.exit(f"{args.gauntlet}: not built; run `swift build -c release` first")

    lines = [f"# `gauntlet compare` schedule lag at {args.rate}/s", "",
             f"Poisson arrivals, {args.duration} s measured in 10 blocks after 2 s warm-up; every candidate digits-logreg on "
             f"its own embedded server. Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%MZ} on "
             f"{os.uname().nodename}, {os.cpu_count()} cores. Lag in ms; late: sends more than 1 ms after their intended time.",
             "", "| candidates | mode | idle CPUs | run | lag p50 | lag p99 | lag p99.9 | late sends | worst candidate's p99 |",
             "|---:|---|---|---:|---|---|---|---|---:|"]
    worst = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in args.candidates:
            for mode in ("interleaved", "mirrored"):
                for idle in ("polling", "halting"):
                    for repeat in range(1, args.repeats + 1):
                        path = os.path.join(folder, f"{mode}-{count}-{repeat}.yaml")
                        with open(path, "w") as file:
                            file.write(scenario(mode, count, repeat, args))
                        print(f"{count} candidates, {mode}, idle {idle}, run {repeat} …", file=sys.stderr, flush=True)
                        command = [args.gauntlet, "compare", path, "--json", "--quiet", "--out", folder,
                                   "--models", os.path.join(ROOT, "models")] + (["--no-idle-poll"] if idle == "halting" else [])
                        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
                        if done.returncode not in (0, 1):
                            sys.exit(f"gauntlet compare exited {done.returncode}: {done.stderr[-2000:]}")
                        report = json.loads(done.stdout)
                        held = (report["environment"].get("idle_polling") or {}).get("held")
                        if (idle == "polling") != bool(held):
                            sys.exit(f"asked for idle CPUs {idle}, the report says held={held}: {report['environment']}")
                        lags = [c["result"]["summary"]["schedule_lag"] for c in report["candidates"]]
                        cell = lambda key: " / ".join(f"{lag['figures'][key]:.2f}" for lag in lags)
                        late = " / ".join(str(lag["late_sends"]) for lag in lags)
                        p99 = max(lag["figures"]["p99"] for lag in lags)
                        worst.setdefault((count, mode, idle), []).append(p99)
                        lines.append(f"| {count} | {mode} | {idle} | {repeat} | {cell('p50')} | {cell('p99')} | "
                                     f"{cell('p999')} | {late} | {p99:.2f} |")
    lines += ["", "Worst candidate's lag p99 over the runs (ms):", ""]
    for (count, mode, idle), values in worst.items():
        lines.append(f"- {count} candidates, {mode}, idle CPUs {idle}: {', '.join(f'{v:.2f}' for v in values)}")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_save:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        path = os.path.join(ROOT, "Benchmarks/results", f"compare-schedule-lag-{stamp}.md")
        with open(path, "w") as file:
            file.write(text)
        print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
