#!/usr/bin/env python3
"""Decodes a base64 V2 histogram that Gauntlet's Swift encoder wrote, with the PyPI package
`hdrhistogram` (module `hdrh`), and compares it with the fixture's expected counts.

  .build-tools/venv/bin/python Tests/GauntletCoreTests/Fixtures/hdrhistogram/check_swift_encoded.py \
      Tests/GauntletCoreTests/Fixtures/hdrhistogram/swift-encoded.txt \
      [--expected Tests/GauntletCoreTests/Fixtures/hdrhistogram/python-expected.json]

Prints the decoded layout and counts; with --expected (the default is python-expected.json
beside this script) exits 1 unless every bucket count, the total and the inflated V2 bytes
match what Python itself produced for the same data.
"""

import argparse
import base64
import json
import os
import sys
import zlib

from hdrh.histogram import HdrHistogram


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("encoded", help="file holding one base64 V2 histogram")
    parser.add_argument("--expected", default=os.path.join(here, "python-expected.json"))
    args = parser.parse_args()

    with open(args.encoded) as source:
        text = source.read().strip()
    histogram = HdrHistogram.decode(text)
    buckets = [
        [histogram.get_value_from_index(index), histogram.get_count_at_index(index)]
        for index in range(histogram.counts_len)
        if histogram.get_count_at_index(index)
    ]
    print(f"decoded: lowest {histogram.lowest_trackable_value}, highest {histogram.highest_trackable_value}, "
          f"{histogram.significant_figures} digits, total count {histogram.get_total_count()}, "
          f"max {histogram.get_max_value()}, {len(buckets)} non-zero buckets")
    print("first buckets:", buckets[:5])
    print("last buckets:", buckets[-3:])

    with open(args.expected) as source:
        expected = json.load(source)
    inflated = zlib.decompress(base64.b64decode(text)[8:]).hex()
    checks = {
        "layout": [histogram.lowest_trackable_value, histogram.highest_trackable_value, histogram.significant_figures]
        == [expected["lowest"], expected["highest"], expected["significant_digits"]],
        "total count": histogram.get_total_count() == expected["total_count"],
        "bucket counts": buckets == expected["buckets"],
        "inflated V2 bytes equal Python's own": inflated == expected["inflated_v2_hex"],
    }
    for name, ok in checks.items():
        print(f"{name}: {'match' if ok else 'MISMATCH'}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
