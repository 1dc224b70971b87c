#!/usr/bin/env python3
"""Trains the reference server's generative model: a word-level trigram model of a public-domain
text, written as plain text (format gauntlet.ngram/v1, described in models/README.md) so the Swift
server reads it without Python. Deterministic: the same text gives the same file, byte for byte.

    python3 models/train_ngram.py                      # models/text/genesis-kjv.txt -> models/ngram-genesis/1/ngram.txt
    python3 models/train_ngram.py --check              # exit 1 when the committed file differs from a fresh training
"""
import argparse
import collections
import hashlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE / "text" / "genesis-kjv.txt"
TARGET = HERE / "ngram-genesis" / "1" / "ngram.txt"
NAME, VERSION = "ngram-genesis", "1"


def train(text: str) -> str:
    # Words keep their punctuation ("earth." and "earth," are different tokens): what a reader
    # sees is what is counted, and the generated text reads as sentences.
    words = text.split()
    vocabulary = sorted(set(words))
    index = {word: i for i, word in enumerate(vocabulary)}
    ids = [index[word] for word in words]
    unigrams = collections.Counter(ids)
    bigrams = collections.defaultdict(collections.Counter)
    trigrams = collections.defaultdict(collections.Counter)
    for a, b in zip(ids, ids[1:]):
        bigrams[a][b] += 1
    for a, b, c in zip(ids, ids[1:], ids[2:]):
        trigrams[(a, b)][c] += 1

    def followers(counter):
        # Most frequent first, ties by word index: the order greedy decoding reads them in.
        return " ".join(f"{w}:{n}" for w, n in sorted(counter.items(), key=lambda item: (-item[1], item[0])))

    lines = [
        "gauntlet.ngram/v1",
        f"name {NAME}",
        f"version {VERSION}",
        f"source {SOURCE.name} sha256 {hashlib.sha256(text.encode()).hexdigest()}",
        f"words {len(words)}",
        f"vocabulary {len(vocabulary)}",
    ]
    lines += vocabulary
    lines.append(f"u\t{followers(unigrams)}")
    lines += [f"b {a}\t{followers(bigrams[a])}" for a in sorted(bigrams)]
    lines += [f"t {a} {b}\t{followers(trigrams[(a, b)])}" for a, b in sorted(trigrams)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed model instead of writing it")
    arguments = parser.parse_args()
    model = train(SOURCE.read_text(encoding="utf-8"))
    if arguments.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == model
        print(f"{TARGET.relative_to(HERE.parent)}: {'matches' if same else 'DIFFERS from'} a fresh training")
        return 0 if same else 1
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(model, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(HERE.parent)} ({len(model.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
