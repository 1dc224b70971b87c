#!/usr/bin/env python3
"""Builds the interoperability fixture for Gauntlet's HdrHistogram V2 codec with another
implementation: the PyPI package `hdrhistogram` (module `hdrh`).

Writes, next to this script:
  python-encoded.txt    the histogram's base64 V2 compressed encoding, as Python writes it
  python-expected.json  the layout, the (value, count) pairs recorded, the resulting
                        (lowest equivalent value, count) buckets, and the inflated V2 bytes

The Swift tests read these files and need no Python. Run once, by hand, and commit the output:
  python3 -m venv .build-tools/venv && .build-tools/venv/bin/pip install hdrhistogram
  .build-tools/venv/bin/python Tests/GauntletCoreTests/Fixtures/hdrhistogram/make_fixture.py
"""

import base64
import json
import os
import zlib

from hdrh.histogram import HdrHistogram

# Gauntlet's latency layout: microseconds, 1 µs to 1 hour, 3 significant digits.
LOWEST, HIGHEST, DIGITS = 1, 3_600_000_000, 3
MASK64 = (1 << 64) - 1


def splitmix64(state):
    """A seeded generator in integer arithmetic only, so the data never depends on the
    Python version's `random` module."""
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def recordings():
    """(value, count) pairs covering what an encoder must get right: index 0, a dense run,
    a single-zero gap, long zero runs, large counts, and the top of the range."""
    pairs = [(0, 7)]                                       # index 0 (value 0)
    pairs += [(v, 1 + v % 3) for v in range(1, 41)]        # dense: no zeros between
    pairs += [(42, 2)]                                     # index 41 left empty: a run of one zero
    pairs += [(1000, 1 << 40), (2_000_000, 10 ** 15)]      # large counts (exact in JSON doubles)
    pairs += [(3_599_999_999, 3), (HIGHEST, 5)]            # the top bucket
    rng = splitmix64(20240611)
    for i in range(2000):
        r = next(rng)
        bits = 1 + r % 32                                  # log-uniform-ish over 1 µs–1 h
        value = 1 + ((r >> 32) & ((1 << bits) - 1))
        if value > HIGHEST:
            value = 1 + value % HIGHEST
        count = 1_000_000_007 + i if i % 97 == 0 else 1 + (r >> 8) % 5
        pairs.append((value, count))
    return pairs


def to_json_rows(document):
    """JSON with one (value, count) pair a line: readable, and diffs stay small."""
    lines = []
    for key, item in document.items():
        if isinstance(item, list):
            rows = ",\n".join("  " + json.dumps(row, separators=(",", ":")) for row in item)
            lines.append(f" {json.dumps(key)}: [\n{rows}\n ]")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(item)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    histogram = HdrHistogram(LOWEST, HIGHEST, DIGITS)
    pairs = recordings()
    for value, count in pairs:
        if not histogram.record_value(value, count):
            raise SystemExit(f"hdrh refused value {value}")

    encoded = histogram.encode()
    if isinstance(encoded, bytes):
        encoded = encoded.decode("ascii")
    compressed = base64.b64decode(encoded)
    inflated = zlib.decompress(compressed[8:])

    buckets = [
        [histogram.get_value_from_index(index), histogram.get_count_at_index(index)]
        for index in range(histogram.counts_len)
        if histogram.get_count_at_index(index)
    ]
    expected = {
        "generator": "make_fixture.py with hdrh (PyPI hdrhistogram)",
        "lowest": LOWEST,
        "highest": HIGHEST,
        "significant_digits": DIGITS,
        "total_count": histogram.get_total_count(),
        "max_value": histogram.get_max_value(),
        "recorded": [[value, count] for value, count in pairs],
        "buckets": buckets,
        "inflated_v2_hex": inflated.hex(),
    }
    with open(os.path.join(here, "python-encoded.txt"), "w") as out:
        out.write(encoded + "\n")
    with open(os.path.join(here, "python-expected.json"), "w") as out:
        out.write(to_json_rows(expected))
    print(f"{len(pairs)} recordings, {len(buckets)} buckets, total count {expected['total_count']}, "
          f"{len(inflated)} inflated bytes, {len(encoded)} base64 characters")


if __name__ == "__main__":
    main()
