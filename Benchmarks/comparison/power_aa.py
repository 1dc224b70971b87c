#!/usr/bin/env python3
"""A/A and power of `gauntlet compare` end to end, against the embedded reference server.

Both candidates serve digits-logreg from their own embedded server; for --effect, the candidate's
server adds a fixed forward-pass latency (server: faults: latency, spun as compute would be). With
idle CPUs held polling (Gauntlet's default), +0.2ms raises the candidate's p99 by about 30-50%
when interleaved; mirrored, the two servers share the 2 cores, and the slower one's compute slows
the baseline too (docs/comparison.md). Each seed is one comparison with Poisson arrivals; the table says, per seed, the p99
ratio with its interval, the Holm-adjusted p, the call, the verdict of `latency.p99 <= baseline *
1.10`, whether the traffic digests were equal, and the pooled p99s. An A/A must rarely call a
difference (at most 3 of 20 at alpha 0.05 with binomial slack); a known effect must be found.

  python3 Benchmarks/comparison/power_aa.py --effect 0.12ms --rate 1000 --duration 100 --blocks 100   # power, ~75 min
  python3 Benchmarks/comparison/power_aa.py --rate 1000 --duration 100 --blocks 100                   # A/A, ~75 min
  python3 Benchmarks/comparison/power_aa.py --mode interleaved --effect 0.2ms   # 400/s x 40 blocks, ~30 min
  python3 Benchmarks/comparison/power_aa.py --mode mirrored --effect 0.25ms     # ~16 min

Sends traffic only to 127.0.0.1 (the embedded servers), bounded by the scenario's duration.
Writes Benchmarks/results/compare-<mode>-<aa|power>-<UTC>.md unless --no-save.
"""

import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCENARIO = """name: {name}
candidates:
  - name: a
    baseline: true
    model: digits-logreg
  - name: b
    model: digits-logreg
{fault}data:
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
  blocks: {blocks}
  mode: {mode}
objectives:
  - latency.p99 <= baseline * 1.10
"""


def scenario(args, seed):
    fault = f"    server:\n      faults:\n        latency: {args.effect}\n" if args.effect else ""
    return SCENARIO.format(name=f"{args.mode}-{seed}", fault=fault, data=os.path.join(ROOT, "scenarios/data/digits.csv"),
                           seed=seed, rate=args.rate, duration=args.duration, blocks=args.blocks, mode=args.mode)


def row(seed, report):
    p99 = next(c for c in report["comparisons"] if c["figure"] == "latency.p99")
    relative = next(o for o in report["objectives"] if o["relative"])
    same = report["candidates"][0]["traffic"] == report["candidates"][1]["traffic"]
    interval = f"{p99['lower']:.2f}–{p99['upper']:.2f}" if p99.get("lower") is not None else "none"
    p = p99.get("adjusted_p_value")
    return (f"| {seed} | {p99['estimate']:.3f} | {interval} | {'—' if p is None else f'{p:.3f}'} | {p99['call']} | "
            f"{relative['verdict']} | {'yes' if same else 'NO'} | {p99['baseline_pooled']:.2f} → {p99['candidate_pooled']:.2f} |"), p99, relative


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["interleaved", "mirrored"], default="interleaved")
    parser.add_argument("--effect", default="", help="the candidate server's added latency, e.g. 0.25ms; empty: A/A")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--rate", type=int, default=400)
    parser.add_argument("--duration", type=int, default=40, help="measured seconds")
    parser.add_argument("--blocks", type=int, default=40)
    parser.add_argument("--gauntlet", default=os.path.join(ROOT, ".build/release/gauntlet"))
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.gauntlet):
        sys.exit(f"{args.gauntlet}: not built; run `swift build -c release` first")

    kind = "power" if args.effect else "aa"
    lines = [f"# `gauntlet compare` {kind}, {args.mode}, {args.seeds} seeds",
             "", f"{args.rate}/s Poisson, {args.duration} s measured in {args.blocks} blocks, 2 s warm-up; "
             f"candidate b: {'+' + args.effect + ' forward-pass latency' if args.effect else 'the same server'}. "
             f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%MZ} on {os.uname().nodename}, "
             f"{os.cpu_count()} cores.", "",
             "| seed | p99 ratio b÷a | 95% interval | Holm p | call | `p99 <= baseline * 1.10` | traffic equal | pooled p99 a → b (ms) |",
             "|---:|---:|---|---:|---|---|---|---|"]
    worse = failed = called = equal = polled = 0
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(1, args.seeds + 1):
            path = os.path.join(folder, f"seed-{seed}.yaml")
            with open(path, "w") as file:
                file.write(scenario(args, seed))
            print(f"seed {seed}/{args.seeds} …", file=sys.stderr, flush=True)
            done = subprocess.run([args.gauntlet, "compare", path, "--json", "--quiet", "--out", folder,
                                   "--models", os.path.join(ROOT, "models")], capture_output=True, text=True, timeout=1800)
            if done.returncode not in (0, 1):
                sys.exit(f"seed {seed}: gauntlet compare exited {done.returncode}: {done.stderr[-2000:]}")
            report = json.loads(done.stdout)
            line, p99, relative = row(seed, report)
            polled += bool((report["environment"].get("idle_polling") or {}).get("held"))
            lines.append(line)
            worse += p99["call"] == "worse"
            called += p99["call"] in ("worse", "better")
            failed += relative["verdict"] == "fail"
            equal += line.split("|")[7].strip() == "yes"
    lines += ["", f"Called different on p99 after Holm: {called} of {args.seeds} (worse: {worse}); "
              f"`latency.p99 <= baseline * 1.10` failed: {failed} of {args.seeds}; traffic digests equal: {equal} of {args.seeds}; "
              f"idle CPUs held polling in {polled} of {args.seeds}."]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_save:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        path = os.path.join(ROOT, "Benchmarks/results", f"compare-{args.mode}-{kind}-{stamp}.md")
        with open(path, "w") as file:
            file.write(text)
        print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
