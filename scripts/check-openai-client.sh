#!/usr/bin/env bash
# check-openai-client.sh: the official `openai` Python client against `gauntlet serve`'s
# OpenAI-compatible endpoints, on 127.0.0.1 only.
#
#   scripts/check-openai-client.sh                           # builds nothing: needs the binary
#   scripts/check-openai-client.sh .build/release/gauntlet
#
# For a chat and a completion, at temperature 0.8 with a seed: the client streams the answer
# (stream=True, with include_usage), reassembles its text from the deltas, and asks again without
# streaming; the two texts must be equal, each token must have come in its own chunk, the usage
# must count them, and an unknown model must raise the client's NotFoundError. The server is
# started on a free port and stopped by its process id.
#
# The client lives in a venv at .build-tools/openai-venv, made from PyPI when missing or when the
# pins change, reused as is otherwise. Prints one line when everything holds; else what did not,
# and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-${GAUNTLET_BINARY:-.build/release/gauntlet}}
[ -x "$binary" ] || { echo "check-openai-client: no gauntlet binary at $binary (make release)" >&2; exit 1; }

venv=.build-tools/openai-venv
# openai and what it needs, at the versions this script was verified with (Python 3.11, December 2026).
pins="openai==3.60.0 annotated-types==0.8.0 anyio==4.16.0 h11==0.16.0 httpcore2==2.16.2 httpx2==2.16.2 idna==3.20 \
jiter==0.19.0 pydantic==2.14.4 pydantic_core==2.50.5 sniffio==1.3.1 truststore==0.10.5 typing-inspection==0.4.5 \
typing_extensions==4.16.0"
if [ "$(cat "$venv/.pins" 2>/dev/null)" != "$pins" ] || ! "$venv/bin/python" -c 'import openai' 2>/dev/null; then
  echo "check-openai-client: setting up $venv (openai 3.60.0) from PyPI" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: $pins
  printf '%s' "$pins" > "$venv/.pins"
fi

log=$(mktemp)
"$binary" serve --port 0 --models models --decode-step 2ms --decode-per-sequence 0s > "$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^gauntlet serve: listening on \(http:[^ ]*\) .*/\1/p' "$log" | head -1)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "check-openai-client: the server did not say where it listens" >&2; cat "$log" >&2; exit 1; }

"$venv/bin/python" - "$url" <<'PY'
import sys
import openai

client = openai.OpenAI(base_url=sys.argv[1] + "/v1", api_key="unused", max_retries=0, timeout=30)
problems = []

def check(kind, streamed_text, chunks, usage, whole_text, whole_usage, tokens):
    if streamed_text != whole_text:
        problems.append(f"{kind}: streamed text {streamed_text!r} differs from the whole answer {whole_text!r}")
    if chunks != tokens:
        problems.append(f"{kind}: {chunks} chunks with text, expected {tokens}")
    if usage is None or usage.completion_tokens != tokens or whole_usage.completion_tokens != tokens:
        problems.append(f"{kind}: usage {usage} / {whole_usage} does not count {tokens} tokens")

messages = [{"role": "user", "content": "And God said, Let there be"}]
stream = client.chat.completions.create(model="ngram-genesis", messages=messages, max_tokens=24, temperature=0.8,
                                        seed=11, stream=True, stream_options={"include_usage": True})
text, chunks, usage = "", 0, None
for chunk in stream:
    if chunk.usage is not None:
        usage = chunk.usage
    for choice in chunk.choices:
        if choice.delta.content:
            text += choice.delta.content
            chunks += 1
whole = client.chat.completions.create(model="ngram-genesis", messages=messages, max_tokens=24, temperature=0.8, seed=11)
check("chat", text, chunks, usage, whole.choices[0].message.content, whole.usage, 24)

stream = client.completions.create(model="ngram-genesis", prompt="In the beginning", max_tokens=16, temperature=0.8,
                                   seed=5, stream=True, stream_options={"include_usage": True})
text, chunks, usage = "", 0, None
for chunk in stream:
    if chunk.usage is not None:
        usage = chunk.usage
    for choice in chunk.choices:
        if choice.text:
            text += choice.text
            chunks += 1
whole = client.completions.create(model="ngram-genesis", prompt="In the beginning", max_tokens=16, temperature=0.8, seed=5)
check("completion", text, chunks, usage, whole.choices[0].text, whole.usage, 16)

try:
    client.chat.completions.create(model="no-such-model", messages=messages)
    problems.append("an unknown model did not raise NotFoundError")
except openai.NotFoundError:
    pass

models = [model.id for model in client.models.list()]
if models != ["ngram-genesis"]:
    problems.append(f"models.list() gave {models}")

if problems:
    print("check-openai-client: " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"check-openai-client: ok: openai {openai.__version__} streamed a chat and a completion from gauntlet serve, "
      f"each equal to its whole answer ({text!r}…)")
PY
