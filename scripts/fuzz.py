#!/usr/bin/env python3
"""Builds Gauntlet's libFuzzer targets (Tests/Fuzz) with address sanitizer and runs each for a while.

  make fuzz                                   # every target, 120 s each
  make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS="fuzz-csv fuzz-json"
  .build-fuzz/debug/fuzz-csv .build-fuzz/crashes/fuzz-csv/crash-…   # replay one input

Seeds come from the test corpora (scenario corpus, shipped scenarios, data files, HdrHistogram
fixtures, golden reports, V2 bodies made from digits rows); what the fuzzer finds new is kept in
.build-fuzz/corpus/<target> for the next run. A crash, leak, timeout or out-of-memory input is
written to .build-fuzz/crashes/<target>/; turn each into a regression test (docs/fuzzing.md).
Prints, per target, executions, inputs in the corpus, coverage and what was found; writes the
same table to .build-fuzz/fuzz-summary.md. Exits 1 if any target found something.
"""

import argparse
import base64
import csv
import datetime
import glob
import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, ".build-fuzz")

# Product: the longest input worth trying.
TARGETS = {"fuzz-scenario": 8192, "fuzz-objective": 256, "fuzz-csv": 4096, "fuzz-histogram": 4096, "fuzz-json": 4096,
           "fuzz-v2-request": 8192}

# Tokens the mutator splices in whole, so it reaches past the first keyword check.
JSON_TOKENS = ['{', '}', '[', ']', ':', ',', '"', 'true', 'false', 'null', '-0', '1e308', '1e-400', '"\\u0000"',
               '"\\ud800"', '"inputs"', '"name"', '"input-0"', '"shape"', '"datatype"', '"FP32"', '"FP64"', '"data"',
               '"outputs"', '"output-0"', '"id"', '"parameters"', '9223372036854775807', '64',
               # Integers at the edge of what a shape may say (the server reads up to 1e15).
               '999999999999999', '1000000000000000', '4294967296']
YAML_TOKENS = [': ', '\n  - ', '\n    ', '{{', '}}', '${', '&a ', '*a', '!!str ', '---', '"', "'", '|', '>', '#',
               '\r\n', 'ms', '/s', 'baseline', 'v2:', 'digits']
OBJECTIVE_TOKENS = ['<', '<=', '>', '>=', '==', '!=', 'baseline', ' * ', ' + ', ' - ', '%', 'ms', 'us', 's', '/s', '/m',
                    '.p99', '.p99.9', '.max', '.mean', 'latency', 'error_rate', 'throughput', 'accuracy']
CSV_TOKENS = [',', '"', '""', '\n', '\r\n', 'tag', '\t', '\x00', '\x7f', '\ufeff']


def literals(folder):
    """Every short lowercase string literal in the Swift files of `folder`: keys, figure names, units."""
    found = set()
    for path in glob.glob(os.path.join(ROOT, folder, "**/*.swift"), recursive=True):
        found.update(re.findall(r'"([a-z][a-z0-9_.]{1,30})"', open(path).read()))
    return sorted(found)


def dictionary_entry(token):
    """A token in libFuzzer's dictionary syntax: quoted, with `\\xHH` for anything but printable ASCII."""
    escaped = "".join(chr(byte) if 0x20 <= byte < 0x7F and byte not in b'"\\' else f"\\x{byte:02X}"
                      for byte in token.encode())
    return f'"{escaped}"'


def write_dictionary(target):
    if target == "fuzz-scenario":
        tokens = YAML_TOKENS + [f"{key}: " for key in literals("Sources/GauntletCore/Scenario")]
    elif target == "fuzz-objective":
        tokens = OBJECTIVE_TOKENS + literals("Sources/GauntletCore/Gate")
    elif target == "fuzz-csv":
        tokens = CSV_TOKENS
    elif target in ("fuzz-json", "fuzz-v2-request"):
        tokens = JSON_TOKENS
    else:
        return None
    path = os.path.join(BUILD, "dictionaries", f"{target}.dict")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as file:
        for token in tokens:
            file.write(dictionary_entry(token) + "\n")
    return path


def write_seed(folder, data):
    if isinstance(data, str):
        data = data.encode()
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as file:
        file.write(data)


def scenario_files():
    return sorted(glob.glob(os.path.join(ROOT, "Tests/GauntletCoreTests/ScenarioCorpus/*.yaml"))
                  + glob.glob(os.path.join(ROOT, "scenarios/*.yaml")))


def objectives_in(text):
    """The objective expressions of a scenario's `objectives:` list, as written."""
    found, inside = [], False
    for line in text.splitlines():
        if re.match(r"^objectives:\s*$", line):
            inside = True
            continue
        if inside and re.match(r"^\S", line):
            inside = False
        if inside:
            match = re.match(r"^\s*-\s*(?:objective:\s*)?(.+?)\s*(?:#.*)?$", line)
            if match and not match.group(1).endswith(":"):
                found.append(match.group(1).strip("'\""))
    return found


def digits_rows(count):
    with open(os.path.join(ROOT, "scenarios/data/digits.csv")) as file:
        reader = csv.DictReader(file)
        rows = [row for _, row in zip(range(count), reader)]
    features = [name for name in rows[0] if name.startswith("px")]
    return [[float(row[name]) for name in features] for row in rows]


def v2_bodies():
    rows = digits_rows(4)
    bodies = [{"inputs": [{"name": "input-0", "shape": [1, 64], "datatype": "FP32", "data": rows[0]}]},
              {"id": "r-1", "inputs": [{"name": "input-0", "shape": [2, 64], "datatype": "FP64", "data": rows[1:3]}],
               "outputs": [{"name": "output-0"}]},
              {"inputs": [{"name": "input-0", "shape": [1, 64], "datatype": "FP32", "data": [rows[3]]}],
               "parameters": {"note": "é\u00e9 \"quoted\"", "nested": [True, False, None, -1.5e-3]}}]
    return [json.dumps(body, separators=(",", ":")) for body in bodies]


def histogram_seeds():
    encoded = []
    for path in glob.glob(os.path.join(ROOT, "Tests/GauntletCoreTests/Fixtures/hdrhistogram/*-encoded.txt")):
        encoded += [line.strip() for line in open(path) if line.strip()]
    for path in glob.glob(os.path.join(ROOT, "Tests/GauntletReportTests/Golden/*.json")):
        encoded += re.findall(r'"(HISTF[A-Za-z0-9+/=]{20,})"', open(path).read())
    seeds = []
    for text in encoded[:40]:
        data = base64.b64decode(text)
        seeds.append(data)
        # The uncompressed form too: zlib bytes are hard to mutate into anything that inflates.
        cookie, length = struct.unpack(">II", data[:8])
        if cookie & ~0xF0 == 0x1C849304 and len(data) >= 8 + length:
            seeds.append(zlib.decompress(data[8:8 + length]))
    return seeds


def prepare_seeds(target, folder):
    if target == "fuzz-scenario":
        for path in scenario_files():
            write_seed(folder, open(path, "rb").read())
    elif target == "fuzz-objective":
        for path in scenario_files():
            for objective in objectives_in(open(path, encoding="utf-8", errors="replace").read()):
                write_seed(folder, objective)
        for name in ("GateParserTests.swift", "RelativeObjectiveParsingTests.swift"):
            text = open(os.path.join(ROOT, "Tests/GauntletCoreTests", name)).read()
            for literal in re.findall(r'"([^"\\\n]*(?:<|>|==|!=)[^"\\\n]*)"', text):
                write_seed(folder, literal)
    elif target == "fuzz-csv":
        for path in glob.glob(os.path.join(ROOT, "Tests/**/*.csv"), recursive=True):
            write_seed(folder, open(path, "rb").read()[:4096])
        with open(os.path.join(ROOT, "scenarios/data/digits.csv"), "rb") as file:
            write_seed(folder, b"".join(file.readlines()[:4]))
        for text in ('id,tag,note\n1,"a, b","x ""y"""\n2,plain,"two\nlines"\n',
                     'id,tag\r\n1,one\r\n2,"two\r\nlines"\r\n', '\ufeffid,tag\n1,\n,x\n', 'a,b\n1,2,3\n',
                     'tag\n"unterminated\n', 'x,tag,y\n 1 ,\t,"q"\n'):
            write_seed(folder, text)
    elif target == "fuzz-histogram":
        for data in histogram_seeds():
            write_seed(folder, data)
    elif target in ("fuzz-json", "fuzz-v2-request"):
        for body in v2_bodies():
            write_seed(folder, body)
        if target == "fuzz-json":
            for path in glob.glob(os.path.join(ROOT, "Tests/GauntletCoreTests/Fixtures/statistics/*.json")):
                write_seed(folder, open(path, "rb").read()[:4096])
    if not os.listdir(folder):
        sys.exit(f"{target}: no seeds found")


def build(targets):
    environment = dict(os.environ, GAUNTLET_FUZZ="1", GAUNTLET_ALLOCATOR="system")  # jemalloc and ASan both replace malloc
    for target in targets:
        print(f"building {target} (debug, -sanitize=fuzzer,address) …", flush=True)
        subprocess.run(["swift", "build", "--build-path", BUILD, "-c", "debug", "--product", target,
                        "-Xswiftc", "-sanitize=fuzzer,address", "-Xswiftc", "-parse-as-library"],
                       cwd=ROOT, env=environment, check=True)


def run(target, seconds):
    max_len, dictionary = TARGETS[target], write_dictionary(target)
    seeds = os.path.join(BUILD, "seeds", target)
    corpus = os.path.join(BUILD, "corpus", target)
    crashes = os.path.join(BUILD, "crashes", target)
    for folder in (corpus, crashes):
        os.makedirs(folder, exist_ok=True)
    subprocess.run(["rm", "-rf", seeds])
    prepare_seeds(target, seeds)
    before = set(os.listdir(crashes))
    command = [os.path.join(BUILD, "debug", target), corpus, seeds, f"-max_total_time={seconds}", f"-max_len={max_len}",
               "-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1", f"-artifact_prefix={crashes}/",
               # Comparisons guide the mutator (a parser is mostly comparisons); leak checks are off:
               # the Swift runtime's caches read as leaks, and ARC leaks only through cycles.
               "-use_value_profile=1", "-detect_leaks=0"]
    if dictionary:
        command.append(f"-dict={dictionary}")
    print(f"fuzzing {target} for {seconds} s …", flush=True)
    log_path = os.path.join(BUILD, f"{target}.log")
    with open(log_path, "w") as log:
        done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, timeout=seconds + 600)
    log = open(log_path, errors="replace").read()
    def stat(name):
        match = re.search(rf"stat::{name}:\s*(\d+)", log)
        return int(match.group(1)) if match else None
    coverage = re.findall(r"cov: (\d+) ft: (\d+)", log)
    found = sorted(set(os.listdir(crashes)) - before)
    kinds = re.findall(r"==\d+==\s*ERROR: (?:libFuzzer|AddressSanitizer): ([\w -]+)", log)
    # Swift's own words for a trap (overflow, precondition, out of range), when it said any.
    swift = re.findall(r"((?:Fatal error|Precondition failed|Assertion failed)[^\n]{0,160})", log)
    kinds = [f"{kind.strip()}: {swift[index]}" if index < len(swift) else kind.strip() for index, kind in enumerate(kinds)]
    return {"target": target, "runs": stat("number_of_executed_units"), "seconds": seconds,
            "corpus": len(os.listdir(corpus)), "edges": int(coverage[-1][0]) if coverage else None,
            "exit": done.returncode, "found": found, "kinds": kinds, "log": log_path}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS") or 120), help="per target")
    parser.add_argument("--targets", nargs="*", default=(os.environ.get("FUZZ_TARGETS") or " ".join(TARGETS)).split())
    parser.add_argument("--no-build", action="store_true", help="use the targets already in .build-fuzz")
    args = parser.parse_args()
    unknown = [target for target in args.targets if target not in TARGETS]
    if unknown:
        sys.exit(f"unknown fuzz target {', '.join(unknown)}; the targets are {', '.join(TARGETS)}")
    if not args.no_build:
        build(args.targets)
    results = [run(target, args.seconds) for target in args.targets]
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    lines = [f"# Fuzzing, {stamp}, {args.seconds} s per target, {os.cpu_count()} cores", "",
             "| target | executions | per second | corpus | edges covered | found |", "|---|---:|---:|---:|---:|---|"]
    for result in results:
        runs = result["runs"]
        rate = f"{runs / result['seconds']:,.0f}" if runs else "–"
        found = ", ".join(f"{kind} ({name})" for kind, name in zip(result["kinds"] or ["?"] * len(result["found"]), result["found"]))
        if result["exit"] != 0 and not result["found"]:
            found = f"exit {result['exit']}, see {os.path.relpath(result['log'], ROOT)}"
        executions = f"{runs:,}" if runs is not None else "–"
        lines.append(f"| {result['target']} | {executions} | {rate} | {result['corpus']} | "
                     f"{result['edges'] if result['edges'] is not None else '–'} | {found or 'nothing'} |")
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    with open(os.path.join(BUILD, "fuzz-summary.md"), "w") as file:
        file.write(text)
    sys.exit(1 if any(result["found"] or result["exit"] != 0 for result in results) else 0)


if __name__ == "__main__":
    main()
