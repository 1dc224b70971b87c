#!/usr/bin/env bash
# run.sh: one distributed Gauntlet run on the cluster of the current kubectl context.
#
#   deploy/kubernetes/run.sh
#   GAUNTLET_IMAGE=registry.example.com/gauntlet:0.1.0 GAUNTLET_NAMESPACE=loadtest deploy/kubernetes/run.sh
#
# 1. applies the scenario ConfigMap, the reports PVC and the target (Deployment + Service), and waits
#    until the target is ready;
# 2. picks a run id and a start time GAUNTLET_LEAD_SECONDS ahead (RFC 3339 UTC), writes them and the
#    image into job-segments.yaml (sed: the manifests carry valid placeholder values) and creates
#    the Indexed Job, whose pods all start the schedule at that instant;
# 3. waits for the Job to complete (kubectl wait); if a segment failed, shows the segments' logs
#    and exits 3 without merging;
# 4. creates the merge Job, waits for it, prints its logs and exits with its exit code: the gate
#    (0 pass, 1 objective failed or inconclusive, 2 bad input, 3 could not write).
#
# Settings (environment):
#   GAUNTLET_IMAGE            image of deploy/docker/Dockerfile, as the nodes can pull it (gauntlet:local)
#   GAUNTLET_NAMESPACE        namespace to use (the context's own when unset)
#   GAUNTLET_LEAD_SECONDS     how far ahead the shared start is: room to schedule the pods and pull
#                             the image on every node (120)
#   GAUNTLET_TIMEOUT_SECONDS  how long to wait for the segments, from now (900, the Job's deadline)
#   GAUNTLET_RUN_ID           the reports' subfolder on the volume (run-<UTC date>-<time>)
#
# Needs kubectl and bash; date from GNU coreutils or BSD (macOS).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
image="${GAUNTLET_IMAGE:-gauntlet:local}"
lead="${GAUNTLET_LEAD_SECONDS:-120}"
timeout="${GAUNTLET_TIMEOUT_SECONDS:-900}"
run_id="${GAUNTLET_RUN_ID:-run-$(date -u +%Y%m%d-%H%M%S)}"

k() { kubectl ${GAUNTLET_NAMESPACE:+--namespace "$GAUNTLET_NAMESPACE"} "$@"; }

# RFC 3339 UTC, $1 seconds from now (GNU date, else BSD date).
utc_in() {
  local t=$(( $(date -u +%s) + $1 ))
  date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$t" +%Y-%m-%dT%H:%M:%SZ
}

# A manifest with its placeholders filled in: the image, the run id and the start time.
render() {
  sed -e "s|image: gauntlet:local|image: $image|" \
      -e "s|run-id-unset|$run_id|g" \
      -e "s|1970-01-01T00:00:00Z|${start_at:-1970-01-01T00:00:00Z}|g" "$1"
}

# Waits for a Job to finish: returns 0 when it completed, 1 when it failed, 2 on timeout.
# `kubectl wait` watches one condition only, so it waits for Complete in short slices and checks for
# Failed between them.
wait_job() {
  local job="$1" deadline=$(( $(date +%s) + $2 ))
  until k wait --for=condition=complete "$job" --timeout=10s >/dev/null 2>&1; do
    if [ "$(k get "$job" -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}')" = True ]; then
      return 1
    fi
    [ "$(date +%s)" -lt "$deadline" ] || return 2
  done
}

# The run id is a folder name and a label value: 1 to 63 letters, digits, '.', '_', '-', alphanumeric at both ends.
if ! [[ "$run_id" =~ ^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$ ]]; then
  echo "run.sh: GAUNTLET_RUN_ID '$run_id' must be 1-63 letters, digits, '.', '_' or '-', alphanumeric at both ends" >&2
  exit 2
fi

echo "== applying the scenario, the reports volume and the target (image $image)"
k apply -f "$here/scenario-configmap.yaml" -f "$here/reports-pvc.yaml"
render "$here/target.yaml" | k apply -f -
k rollout status deployment/gauntlet-target --timeout=300s

start_at="$(utc_in "$lead")"
count="$(sed -n 's/^  completions: *\([0-9][0-9]*\).*/\1/p' "$here/job-segments.yaml")"
echo "== run $run_id: ${count:-?} segments start at $start_at (local clock now $(date -u +%Y-%m-%dT%H:%M:%SZ))"
segments="$(render "$here/job-segments.yaml" | k create -f - -o name)"
echo "   $segments"

status=0
wait_job "$segments" "$timeout" || status=$?
if [ "$status" -ne 0 ]; then
  [ "$status" -eq 1 ] && echo "== $segments failed: a segment did not run to the end" >&2
  [ "$status" -eq 2 ] && echo "== $segments did not finish within ${timeout}s" >&2
  k get pods -l "job-name=${segments#*/}" -o wide >&2 || true
  k logs -l "job-name=${segments#*/}" --prefix --tail=-1 --max-log-requests=16 >&2 || true
  echo "== not merging: a run with a missing segment has no verdict (reports so far: /reports/$run_id)" >&2
  exit 3
fi
echo "== all segments done; merging"

merge="$(render "$here/job-merge.yaml" | k create -f - -o name)"
wait_job "$merge" 300 || true
k logs "job/${merge#*/}" || true
code="$(k get pods -l "job-name=${merge#*/}" \
          -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}' 2>/dev/null || true)"
echo "== merged report: /reports/$run_id/merged/ on the gauntlet-reports volume; gate exit code ${code:-unknown}"
exit "${code:-3}"
