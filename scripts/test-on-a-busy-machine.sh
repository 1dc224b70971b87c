#!/usr/bin/env bash
# Runs `make test` several times (default 3) while a release build of a second clone keeps every
# core busy, over and over: the machine CI and new contributors actually have. Every timing test
# must pass on it (docs/measurement.md says why each tolerance is what it is).
#
#   scripts/test-on-a-busy-machine.sh          # 3 runs, about 45-60 minutes
#   scripts/test-on-a-busy-machine.sh 1
#
# Logs go to .build-busy/run-N.log; prints each run's exit code, time and failed tests, and exits
# 1 if any run failed. The competing build is stopped (its whole process group) however this ends.
set -u
runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.build-busy"
mkdir -p "$work"
rm -rf "$work/hog"
git -C "$root" clone -q "$root" "$work/hog"

# The hog: clean release builds of the clone, back to back, in a process group of its own.
( cd "$work/hog" && exec setsid bash -c 'while true; do rm -rf .build; swift build -c release >/dev/null 2>&1; done' ) \
    < /dev/null > /dev/null 2>&1 &
hog=$!
trap 'kill -- -"$hog" 2>/dev/null; wait "$hog" 2>/dev/null' EXIT INT TERM
sleep 20  # let the build reach its compile-heavy part

failed=0
for run in $(seq "$runs"); do
    start=$(date +%s)
    make -C "$root" test > "$work/run-$run.log" 2>&1
    code=$?
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "run $run: exit $code in $(( $(date +%s) - start ))s (load $load)"
    if [ "$code" -ne 0 ]; then
        failed=1
        grep -E "✘|error:|failed" "$work/run-$run.log" | head -20
    fi
done
exit "$failed"
