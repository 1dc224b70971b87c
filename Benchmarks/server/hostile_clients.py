#!/usr/bin/env python3
"""`gauntlet serve` under hostile clients while valid requests keep flowing at a fixed rate.

  python3 Benchmarks/server/hostile_clients.py                   # 60 s quiet, then 10 min of attack
  python3 Benchmarks/server/hostile_clients.py --attack 60 --quiet 20 --connections 2000   # a short look

Starts its own `gauntlet serve` (default settings, digits models, a free port on 127.0.0.1) and
stops it by its pid. First `gauntlet run` sends valid V2 requests at --rate alone (the quiet p99),
then the same for --attack seconds while this script, in the same window, sends:

  malformed JSON     garbage, truncated and 100,000-deep bodies to the infer endpoint
  wrong requests     wrong shapes, datatypes, input names, non-numeric data, absurd batch sizes
  huge lengths       Content-Length of 10 GB (and larger than any integer), then a few bytes
  slowloris          connections that send a header line every 5 s and never finish
  idle connections   --connections connections opened and held, reopened when closed
  pipelined garbage  100 pipelined health checks on one connection, then binary garbage

Every malformed request should get a 4xx with a JSON `{"error": …}` body (slowloris: 408);
the table counts what each attack got. The server's RSS and open descriptors are sampled every
second; at the end the server must still answer /v2/health/ready. Writes
Benchmarks/results/hostile-<UTC>.md. Sends traffic only to 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
import benchkit  # noqa: E402

REPO = benchkit.REPO
HOST = benchkit.HOST
INFER = "/v2/models/digits-logreg/infer"

SCENARIO = """name: hostile-valid
target: http://{host}:{port}
data:
  digits: {{file: {data}, label: label, filter: {{split: test}}}}
requests:
  - name: predict
    path: {infer}
    body: {{v2: {{data: digits, input: input-0, shape: [1, 64], datatype: FP32}}}}
    expect: {{status: 200}}
load:
  connections: 32
  phases:
    - constant: {{rate: {rate}/s, duration: {seconds}s}}
"""


class Tally:
    """What each attack got back, by outcome."""

    def __init__(self):
        self.counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.examples: dict[tuple[str, str], str] = {}

    def add(self, attack: str, outcome: str, example: str = ""):
        self.counts[attack][outcome] += 1
        if example and (attack, outcome) not in self.examples:
            self.examples[(attack, outcome)] = example[:160]


def outcome_of(head: bytes, body: bytes) -> tuple[str, str]:
    """`4xx json` for the answer a malformed request should get; else what it was."""
    if not head:
        return "closed without an answer", ""
    line = head.split(b"\r\n", 1)[0].decode(errors="replace")
    parts = line.split(" ")
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    try:
        error = "error" in json.loads(body)
    except ValueError:
        error = False
    if 400 <= status < 500:
        return ("4xx json" if error else "4xx not json"), line
    return f"{status // 100}xx", line


async def read_answer(reader: asyncio.StreamReader, timeout: float) -> tuple[bytes, bytes]:
    """One HTTP/1.1 answer by Content-Length; empty if the connection closed or timed out first."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
    except (asyncio.IncompleteReadError, asyncio.TimeoutError, asyncio.LimitOverrunError, ConnectionError):
        return b"", b""
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    try:
        body = await asyncio.wait_for(reader.readexactly(length), timeout) if length else b""
    except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError):
        body = b""
    return head, body


async def one_request(port: int, raw: bytes, attack: str, tally: Tally, timeout: float = 10):
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
    except OSError as error:
        tally.add(attack, "connect failed", str(error))
        return
    try:
        writer.write(raw)
        await writer.drain()
        outcome, example = outcome_of(*await read_answer(reader, timeout))
        tally.add(attack, outcome, example)
    except ConnectionError as error:
        tally.add(attack, "closed without an answer", str(error))
    finally:
        writer.close()


def post(body: bytes, length: int | None = None) -> bytes:
    declared = len(body) if length is None else length
    return (f"POST {INFER} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {declared}\r\nConnection: close\r\n\r\n").encode() + body


def malformed_bodies(rng: random.Random) -> list[bytes]:
    good = json.dumps({"inputs": [{"name": "input-0", "shape": [1, 64], "datatype": "FP32", "data": [0.5] * 64}]}).encode()
    return [
        bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 300))),
        good[: rng.randint(1, len(good) - 1)],
        b"[" * 100_000 + b"]" * 100_000,
        b'{"inputs": [{"name": "input-0", "data": [' + b"1e999999," * 64 + b"]}]}",
        b'{"inputs": "\xff\xfe"}',
        b"",
    ]


def wrong_requests() -> list[bytes]:
    def infer(**tensor):
        base = {"name": "input-0", "shape": [1, 64], "datatype": "FP32", "data": [0.5] * 64}
        base.update(tensor)
        return json.dumps({"inputs": [base]}).encode()
    return [
        infer(shape=[1, 63]), infer(shape=[2, 64]), infer(shape=[-1, 64]), infer(shape=[0, 64]),
        infer(shape=[9223372036854775807, 64]), infer(shape=[1000000000000000, 64]), infer(shape=[999999999999999, 64]), infer(shape=[1, 64, 1]),
        infer(datatype="INT8"), infer(datatype="BYTES", data=["a"] * 64), infer(name="input-1"),
        infer(data=["x"] * 64), infer(data=[[0.5] * 64] * 3), infer(data=None),
        json.dumps({"inputs": []}).encode(), json.dumps({"inputs": [{}]}).encode(), json.dumps({"id": 5}).encode(),
    ]


async def attack_malformed(port, deadline, tally, rng, pace):
    while time.monotonic() < deadline:
        for body in malformed_bodies(rng):
            await one_request(port, post(body), "malformed JSON", tally)
        await asyncio.sleep(pace)


async def attack_wrong(port, deadline, tally, pace):
    while time.monotonic() < deadline:
        for body in wrong_requests():
            await one_request(port, post(body), "wrong requests", tally)
        await asyncio.sleep(pace)


async def attack_huge_lengths(port, deadline, tally, pace):
    while time.monotonic() < deadline:
        await one_request(port, post(b'{"inputs": [', length=10_000_000_000), "huge lengths", tally)
        await one_request(port, post(b"{", length=10**30), "huge lengths", tally)
        await asyncio.sleep(pace)


async def attack_slowloris(port, deadline, tally, count):
    async def one():
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(HOST, port)
            except OSError as error:
                tally.add("slowloris", "connect failed", str(error))
                await asyncio.sleep(1)
                continue
            writer.write(f"POST {INFER} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
            answered = None
            try:
                line = 0
                while time.monotonic() < deadline and answered is None:
                    writer.write(f"X-Slow-{line}: {line}\r\n".encode())
                    await writer.drain()
                    line += 1
                    head, body = await read_answer(reader, 5)
                    if head:
                        answered = outcome_of(head, body)
                    elif reader.at_eof():
                        answered = ("closed without an answer", "")
            except ConnectionError:
                answered = ("closed without an answer", "")
            finally:
                writer.close()
            if answered:
                outcome, example = answered
                tally.add("slowloris", "408" if " 408 " in example else outcome, example)
    await asyncio.gather(*(one() for _ in range(count)))


async def attack_idle(port, deadline, tally, count, held):
    async def one():
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection(HOST, port)
            except OSError as error:
                tally.add("idle connections", "connect failed", str(error))
                await asyncio.sleep(1)
                continue
            held[0] += 1
            held[1] = max(held[1], held[0])
            try:
                data = await asyncio.wait_for(reader.read(1), max(0.1, deadline - time.monotonic()))
                tally.add("idle connections", "closed by the server" if not data else "bytes from the server")
            except asyncio.TimeoutError:
                tally.add("idle connections", "held to the end")
            except ConnectionError:
                tally.add("idle connections", "closed by the server")
            finally:
                held[0] -= 1
                writer.close()
    tasks = []
    for index in range(count):
        tasks.append(asyncio.create_task(one()))
        if index % 200 == 199:
            await asyncio.sleep(0.05)  # open them in waves, not one SYN flood
    await asyncio.gather(*tasks)


async def attack_pipelined(port, deadline, tally, pace, rng):
    health = f"GET /v2/health/live HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError as error:
            tally.add("pipelined garbage", "connect failed", str(error))
            await asyncio.sleep(pace)
            continue
        try:
            writer.write(health * 100 + bytes(rng.getrandbits(8) for _ in range(512)) + b"\r\n\r\n")
            await writer.drain()
            for _ in range(100):
                head, _ = await read_answer(reader, 10)
                tally.add("pipelined garbage", "health 200" if b" 200 " in head.split(b"\r\n", 1)[0] else "health not answered")
            outcome, example = outcome_of(*await read_answer(reader, 10))
            tally.add("pipelined garbage", "garbage: " + outcome, example)
        except ConnectionError:
            tally.add("pipelined garbage", "closed without an answer")
        finally:
            writer.close()
        await asyncio.sleep(pace)


async def attack(port, seconds, connections, slowloris, tally, held):
    rng = random.Random(13)
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        attack_malformed(port, deadline, tally, rng, 0.05),
        attack_wrong(port, deadline, tally, 0.05),
        attack_huge_lengths(port, deadline, tally, 0.05),
        attack_slowloris(port, deadline, tally, slowloris),
        attack_idle(port, deadline, tally, connections, held),
        attack_pipelined(port, deadline, tally, 0.2, rng),
    )


def process_figures(pid: int) -> tuple[int, int]:
    """RSS in bytes and open descriptors of a process."""
    return benchkit.resident_bytes(pid), len(os.listdir(f"/proc/{pid}/fd"))


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/v2/health/ready", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def run_valid(gauntlet: str, folder: str, port: int, rate: int, seconds: int) -> subprocess.Popen:
    path = os.path.join(folder, f"valid-{seconds}.yaml")
    with open(path, "w") as file:
        file.write(SCENARIO.format(host=HOST, port=port, infer=INFER, rate=rate, seconds=seconds,
                                   data=REPO / "scenarios/data/digits.csv"))
    return subprocess.Popen([gauntlet, "run", path, "--json", "--quiet", "--out", folder],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def figures(run: subprocess.Popen) -> dict:
    out, err = run.communicate(timeout=3600)
    if run.returncode not in (0, 1):
        sys.exit(f"gauntlet run exited {run.returncode}: {err[-2000:]}")
    summary = json.loads(out)  # --json prints the summary
    return {"p50": summary["latency"]["p50"], "p99": summary["latency"]["p99"], "max": summary["latency"]["max"],
            "completed": summary["requests"]["completed"], "errors": summary["requests"]["errors"],
            "kinds": summary["requests"]["errors_by_kind"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attack", type=int, default=600, help="seconds of attack (default 600)")
    parser.add_argument("--quiet", type=int, default=60, help="seconds of valid traffic alone first (default 60)")
    parser.add_argument("--rate", type=int, default=200, help="valid requests per second (default 200)")
    parser.add_argument("--connections", type=int, default=10_000, help="idle connections held (default 10,000)")
    parser.add_argument("--slowloris", type=int, default=500, help="slowloris connections (default 500)")
    parser.add_argument("--gauntlet", default=str(REPO / ".build/release/gauntlet"))
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.gauntlet):
        sys.exit(f"{args.gauntlet}: not built; run `swift build -c release` first")
    benchkit.ensure_open_files(args.connections + args.slowloris + 1000)

    port = benchkit.free_port()
    server = subprocess.Popen([args.gauntlet, "serve", "--port", str(port), "--models", str(REPO / "models")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, int]] = []
    try:
        for _ in range(100):
            if ready(port):
                break
            time.sleep(0.1)
        else:
            sys.exit("gauntlet serve did not become ready")
        with tempfile.TemporaryDirectory() as folder:
            benchkit.log(f"quiet: {args.quiet}s of valid requests at {args.rate}/s …")
            quiet = figures(run_valid(args.gauntlet, folder, port, args.rate, args.quiet))
            rss_after_quiet = process_figures(server.pid)[0]
            benchkit.log(f"attack: {args.attack}s, valid requests at {args.rate}/s throughout …")
            valid = run_valid(args.gauntlet, folder, port, args.rate, args.attack)
            tally, held = Tally(), [0, 0]
            started = time.monotonic()

            async def sample():
                while time.monotonic() - started < args.attack + 5:
                    if server.poll() is not None:
                        return
                    rss, fds = process_figures(server.pid)
                    samples.append((time.monotonic() - started, rss, fds))
                    await asyncio.sleep(1)

            async def everything():
                await asyncio.gather(attack(port, args.attack, args.connections, args.slowloris, tally, held), sample())

            asyncio.run(everything())
            during = figures(valid)
        alive = server.poll() is None and ready(port)
        rss_end, fds_end = process_figures(server.pid) if server.poll() is None else (0, 0)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    crashed = server.returncode not in (0, None) and not alive

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    peak_rss = max((rss for _, rss, _ in samples), default=0)
    peak_fds = max((fds for _, _, fds in samples), default=0)
    mib = lambda value: f"{value / 1048576:.1f} MiB"
    lines = [
        f"# `gauntlet serve` under hostile clients, {stamp}",
        "",
        f"{os.uname().nodename}, {os.cpu_count()} cores; gauntlet {benchkit.git_describe(REPO)}; default server settings "
        f"(request timeout 30s, idle timeout 60s, body limit 1 MiB). Valid V2 requests at {args.rate}/s: {args.quiet}s alone, "
        f"then {args.attack}s during the attack; {args.connections:,} idle and {args.slowloris} slowloris connections.",
        "",
        f"**Server**: {'still answering /v2/health/ready at the end' if alive else 'NOT answering at the end'}"
        f"{' — it crashed (exit ' + str(server.returncode) + ')' if crashed else ''}. "
        f"RSS {mib(rss_after_quiet)} after the quiet phase, peak {mib(peak_rss)}, {mib(rss_end)} at the end; "
        f"open descriptors peak {peak_fds:,}; idle connections held at once, at most {held[1]:,}.",
        "",
        "| valid requests | completed | errors | p50 | p99 | max |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, figure in (("quiet", quiet), ("during the attack", during)):
        kinds = ", ".join(f"{kind} {count}" for kind, count in figure["kinds"].items())
        lines.append(f"| {name} | {figure['completed']:,} | {figure['errors']:,}{' (' + kinds + ')' if kinds else ''} | "
                     f"{figure['p50']:.2f} ms | {figure['p99']:.2f} ms | {figure['max']:.2f} ms |")
    lines += ["", "| attack | outcome | count | first seen |", "|---|---|---:|---|"]
    for attack_name, counts in tally.counts.items():
        for outcome, count in counts.most_common():
            example = tally.examples.get((attack_name, outcome), "").replace("|", "\\|")
            lines.append(f"| {attack_name} | {outcome} | {count:,} | {example} |")
    benchkit.publish("\n".join(lines) + "\n", "hostile", stamp, not args.no_save)
    sys.exit(1 if crashed or not alive else 0)


if __name__ == "__main__":
    main()
