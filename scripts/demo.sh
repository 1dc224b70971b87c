#!/usr/bin/env bash
# The quick start: scenarios/quickstart.yaml names no target, so Gauntlet starts its embedded
# reference server (the digits models in models/) on an ephemeral 127.0.0.1 port, sends the
# 450 labelled test images as KServe V2 requests on a short ramp, judges the objectives,
# prints the summary and the verdict, writes the report under reports/, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
.build/release/gauntlet run scenarios/quickstart.yaml --out reports || status=$?
echo
echo "Reports (JSON and a self-contained HTML page to open in a browser) are in $(pwd)/reports/;"
echo "re-render one with: .build/release/gauntlet report reports/<file>.json --format html|md|junit|text."
echo "Next: gauntlet run --help, docs/scenarios.md, docs/report.md, docs/server.md; exit codes are in README.md."
exit $status
