#!/usr/bin/env python3
"""What reading a token stream costs the generator, per streamed token, beside a peer.

One gauntlet worker pinned to CPU 0, the server pinned to CPU 1, closed loop with 16 requests in
flight (as fast as the server streams). Two servers:

  burst   nginx serving a 64-token chat stream (server-sent events, ~10 KB) as a static file: the
          tokens arrive in one or two reads, so what is measured is parsing them. Sent three ways:
            libcurl-c      Benchmarks/peers/curl_multi_baseline.c: reads the bytes, parses nothing
            gauntlet bytes a GET of the same file, not read for tokens (the body only streams through)
            gauntlet tokens the same GET with an `openai` body: every event parsed, every token timed
  paced   `gauntlet serve`'s generative model with 1 ms decode steps, so each token is its own write
          and its own read: the cost of a wake-up per token. Sent as the same chat request twice:
            gauntlet bytes  a `template` body (same JSON, same answers, not read for tokens)
            gauntlet tokens an `openai` body

CPU per token is the gauntlet report's own worker-thread CPU (generator.cpu_seconds; the process's
wait4 total beside it) over the tokens received; for libcurl-c, its thread's CPU over requests x 64.
The marginal cost of reading tokens is tokens − bytes. Python 3 standard library only.

    python3 Benchmarks/generator/token_stream_cost.py [--duration 10s] [--repeats 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
from benchkit import REPO, Nginx, free_port, log, parse_duration, publish  # noqa: E402
from nginx_compare import (  # noqa: E402
    GAUNTLET, build_curl_baseline, build_gauntlet, fail, machine_facts, run_curl_baseline, run_measured)

CLIENT_CPU, SERVER_CPU = "0", "1"
TOKENS = 64
SLOTS = 16


def sse_body(tokens: int) -> bytes:
    """A chat completion stream as vLLM sends one: a chunk per token, usage, [DONE]."""
    events = []
    for index in range(tokens):
        delta = ('{"role":"assistant","content":" word%d"}' % index) if index == 0 else ('{"content":" word%d"}' % index)
        events.append('data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",'
                      f'"choices":[{{"index":0,"delta":{delta},"logprobs":null,"finish_reason":null}}]}}\n\n')
    events.append('data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],'
                  f'"usage":{{"prompt_tokens":5,"completion_tokens":{tokens},"total_tokens":{tokens + 5}}}}}\n\n')
    events.append("data: [DONE]\n\n")
    return "".join(events).encode()


def scenario(target: str, path: str, method: str, tokens: bool, model: str, secs: int, folder: Path) -> Path:
    chat = f'{{"model":"{model}","messages":[{{"role":"user","content":"And God said"}}],"max_tokens":{TOKENS},"stream":true}}'
    body = (f"      openai: {{model: {model}, messages: [{{role: user, content: And God said}}], max_tokens: {TOKENS}}}"
            if tokens else f"      template: '{chat}'")
    text = f"""name: token-cost
target: {target}
requests:
  - name: chat
    method: {method}
    path: {path}
    headers: {{Content-Type: application/json}}
    body:
{body}
load:
  connections: {SLOTS}
  phases:
    - closed: {{concurrency: {SLOTS}, duration: {secs}s}}
"""
    file = folder / f"{'tokens' if tokens else 'bytes'}-{method.lower()}.yaml"
    file.write_text(text)
    return file


def gauntlet(file: Path, secs: int, label: str) -> dict:
    cmd = ["taskset", "-c", CLIENT_CPU, str(GAUNTLET), "run", str(file), "--workers", "1", "--json",
           "--out", str(Path(tempfile.gettempdir()) / "token-stream-cost")]
    stdout, stderr, cpu, wall, rc = run_measured(cmd, timeout=secs + 120)
    try:
        doc = json.loads(stdout)
    except json.JSONDecodeError:
        raise fail("gauntlet", cmd, rc, stdout, stderr, "printed no JSON summary") from None
    requests = doc["requests"]
    if requests.get("errors"):
        raise fail("gauntlet", cmd, rc, stdout, stderr, f"had errors {requests.get('errors_by_kind')}")
    received = (doc.get("tokens") or {}).get("output_tokens")
    tokens = received if received is not None else requests["completed"] * TOKENS
    return {"label": label, "requests": requests["completed"], "tokens": tokens, "read_tokens": received is not None,
            "worker_us": doc["generator"]["cpu_seconds"] * 1e6 / tokens, "process_us": cpu * 1e6 / tokens,
            "rate": tokens / doc["rate"]["window_seconds"]}


class ReferenceServer:
    """`gauntlet serve` pinned to the server CPU, decode steps of 1 ms, stopped by pid."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ReferenceServer":
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            ["taskset", "-c", SERVER_CPU, str(GAUNTLET), "serve", "--port", str(self.port), "--models", str(REPO / "models"),
             "--max-sequences", str(SLOTS), "--decode-step", "1ms", "--decode-per-sequence", "0s", "--prefill-per-token", "0s"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                import urllib.request
                urllib.request.urlopen(self.url + "/v1/models", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("gauntlet serve did not answer")

    def __exit__(self, *_) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    secs = parse_duration(args.duration)
    build_gauntlet(False)
    build_curl_baseline(False)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(tempfile.mkdtemp(prefix="token-cost-"))
    rows: dict[str, list[dict]] = {}

    with Nginx(workers=1, body=sse_body(TOKENS), cpu=int(SERVER_CPU)) as nginx:
        target, path = nginx.url.rsplit("/", 1)[0], "/index.html"
        plain = scenario(target, path, "GET", False, "m", secs, folder)
        read = scenario(target, path, "GET", True, "m", secs, folder)
        for round_ in range(args.repeats):
            log(f"burst round {round_ + 1}/{args.repeats}")
            base = run_curl_baseline(nginx.url, secs, connections=SLOTS, threads=1, prefix=["taskset", "-c", CLIENT_CPU])
            rows.setdefault("burst libcurl-c", []).append({
                "label": "libcurl-c", "requests": base.completed, "tokens": base.completed * TOKENS,
                "worker_us": (base.extra.get("worker_us") or float("nan")) / TOKENS,
                "process_us": base.cpu_us_per_request / TOKENS, "rate": base.rate * TOKENS})
            rows.setdefault("burst gauntlet bytes", []).append(gauntlet(plain, secs, "gauntlet bytes"))
            rows.setdefault("burst gauntlet tokens", []).append(gauntlet(read, secs, "gauntlet tokens"))

    with ReferenceServer() as server:
        plain = scenario(server.url, "/v1/chat/completions", "POST", False, "ngram-genesis", secs, folder)
        read = scenario(server.url, "/v1/chat/completions", "POST", True, "ngram-genesis", secs, folder)
        for round_ in range(args.repeats):
            log(f"paced round {round_ + 1}/{args.repeats}")
            rows.setdefault("paced gauntlet bytes", []).append(gauntlet(plain, secs, "gauntlet bytes"))
            rows.setdefault("paced gauntlet tokens", []).append(gauntlet(read, secs, "gauntlet tokens"))

    def med(name: str, key: str) -> float:
        return statistics.median(row[key] for row in rows[name])

    def span(name: str, key: str) -> str:
        values = [row[key] for row in rows[name]]
        return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"

    facts = machine_facts()
    lines = [f"# Token stream cost — {facts['when']}", "",
             f"`{' '.join(sys.argv)}` · {facts['git']} · {facts['gauntlet']} · {facts['libcurl']} · {facts['nginx']} · "
             f"host {facts['host']}, {facts['cpus']} CPUs, load before {facts['load_before']}", "",
             f"One worker on CPU {CLIENT_CPU}, the server on CPU {SERVER_CPU}, closed loop of {SLOTS}, {secs} s per run, "
             f"{TOKENS} tokens per answer, medians of {args.repeats} rounds (range).", "",
             "| server | client | tokens/s | worker µs per token | process µs per token |",
             "| --- | --- | ---: | ---: | ---: |"]
    for name in rows:
        server, client = name.split(" ", 1)
        lines.append(f"| {server} | {client} | {med(name, 'rate'):,.0f} | {span(name, 'worker_us')} | {span(name, 'process_us')} |")
    burst_parse = med("burst gauntlet tokens", "worker_us") - med("burst gauntlet bytes", "worker_us")
    paced_parse = med("paced gauntlet tokens", "worker_us") - med("paced gauntlet bytes", "worker_us")
    lines += ["",
              f"- Reading tokens costs **{burst_parse:.3f} µs per token** when they arrive together (burst: parse and time "
              f"them) and **{paced_parse:.3f} µs per token** when each comes in its own read (paced), over moving the "
              "same bytes without reading them.",
              f"- Burst, gauntlet reading tokens ÷ libcurl-c reading bytes (worker CPU per token): "
              f"{med('burst gauntlet tokens', 'worker_us') / med('burst libcurl-c', 'worker_us'):.2f}; "
              f"gauntlet not reading tokens ÷ libcurl-c: {med('burst gauntlet bytes', 'worker_us') / med('burst libcurl-c', 'worker_us'):.2f}."]
    publish("\n".join(lines) + "\n", "token-stream-cost", stamp, not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
