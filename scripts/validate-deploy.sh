#!/usr/bin/env bash
# validate-deploy.sh: checks the container and Kubernetes files of deploy/ offline. Nothing here
# talks to a cluster or a container engine.
#
#   scripts/validate-deploy.sh                             # the manifests and the Dockerfile
#   scripts/validate-deploy.sh .build/release/gauntlet     # also `gauntlet validate` the scenario
#   GAUNTLET_BINARY=.build/release/gauntlet scripts/validate-deploy.sh
#
# 1. Every manifest in deploy/kubernetes/*.yaml, every document in it, against the Kubernetes JSON
#    schemas of each version in KUBERNETES_VERSIONS (default "1.29 1.37": the oldest release the
#    manifests are meant for and the newest kubernetes-validate 1.37.0 bundles), strictly: an
#    unknown field is an error, and so is a kind without a schema.
# 2. What the schemas cannot see: the Indexed Job's completions, parallelism and GAUNTLET_SEGMENTS
#    agree; no pod is restarted or retried; the placeholders run.sh replaces are there; every
#    ConfigMap, ConfigMap key and PVC a pod mounts or names exists; the Service selects the target's
#    pods on a port it declares, and the scenario's target is that Service; names and labels are
#    valid; the ConfigMap is under 1 MiB and matches its sources (scenario/cluster-quickstart.yaml
#    and the test rows of scenarios/data/digits.csv). The pods' shell commands are run with a stub
#    gauntlet, to see the arguments they would pass (segment i+1 of N for index i).
# 3. deploy/docker/Dockerfile parses (with BuildKit's own parser, via the `dockerfile` package) and
#    names its base images, the build and runtime packages, the static build, a non-root user and
#    the entry point; .dockerignore exists.
# 4. With a gauntlet binary ($1 or GAUNTLET_BINARY, when the file exists): the scenario and its CSV,
#    taken out of the ConfigMap into a temporary folder, pass `gauntlet validate`.
#
# The tools live in a venv at .build-tools/deploy-venv: made (from PyPI) when missing or when the
# pins below change, reused as is otherwise, so later runs need no network. Prints one line when
# everything passes; otherwise each problem, naming its file, and exits 1.
#
# GAUNTLET_DEPLOY_DIR checks another copy of deploy/ (with docker/ and kubernetes/ in it), e.g. a
# deliberately broken one in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build-tools/deploy-venv
# kubernetes-validate and what it needs, and dockerfile (BuildKit's Dockerfile parser), at the
# versions this script was verified with (Python 3.11, December 2026).
pins="kubernetes-validate==1.37.0 dockerfile==3.4.0 jsonschema==4.26.0 jsonschema-specifications==2025.9.1 \
referencing==0.37.0 rpds-py==2026.9.1 attrs==26.1.0 PyYAML==6.0.4 importlib_resources==7.1.0 \
packaging==26.4 typing_extensions==4.16.0"

if [ "$(cat "$venv/.pins" 2>/dev/null)" != "$pins" ] \
   || ! "$venv/bin/python" -c 'import kubernetes_validate, dockerfile, yaml' 2>/dev/null; then
  echo "validate-deploy: setting up $venv (kubernetes-validate 1.37.0) from PyPI" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  # --only-binary: `dockerfile` would otherwise need Go to build; its wheels carry the compiled parser.
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: $pins
  printf '%s' "$pins" > "$venv/.pins"
fi

binary="${1:-${GAUNTLET_BINARY:-}}"
if [ -n "$binary" ] && [ ! -f "$binary" ]; then
  echo "validate-deploy: no gauntlet binary at $binary: scenario not checked with gauntlet validate" >&2
  binary=""
fi

exec env DEPLOY_DIR="${GAUNTLET_DEPLOY_DIR:-deploy}" \
  KUBERNETES_VERSIONS="${KUBERNETES_VERSIONS:-1.29 1.37}" \
  GAUNTLET_BINARY="$binary" \
  "$venv/bin/python" - <<'PY'
import glob, json, os, re, shlex, shutil, stat, subprocess, sys, tempfile

import dockerfile
import kubernetes_validate
import yaml
from kubernetes_validate import utils as kv

deploy = os.environ["DEPLOY_DIR"]
kube = os.path.join(deploy, "kubernetes")
versions = os.environ["KUBERNETES_VERSIONS"].split()
binary = os.environ["GAUNTLET_BINARY"]
problems = []


def problem(path, message):
    problems.append(f"{path}: {message}")


def ident(doc):
    meta = doc.get("metadata") or {}
    return f"{doc.get('kind', '?')}/{meta.get('name') or (meta.get('generateName', '?') + '*')}"


# ---- 1. every manifest against the schemas ------------------------------------------------------
manifests = sorted(glob.glob(os.path.join(kube, "*.yaml")) + glob.glob(os.path.join(kube, "*.yml")))
if not manifests:
    problem(kube, "no manifests (*.yaml)")
docs = []                                   # (path, document)
for path in manifests:
    try:
        with open(path, encoding="utf-8") as f:
            found = [d for d in yaml.safe_load_all(f) if d is not None]
    except yaml.YAMLError as e:
        problem(path, f"not valid YAML: {e}")
        continue
    if not found:
        problem(path, "no Kubernetes object in it")
    for doc in found:
        if not isinstance(doc, dict) or "apiVersion" not in doc or "kind" not in doc:
            problem(path, "a document without apiVersion and kind")
            continue
        docs.append((path, doc))
        for version in versions:
            try:
                kubernetes_validate.validate(doc, version, strict=True)
            except kubernetes_validate.ValidationError as e:
                where = ".".join(str(p) for p in e.path) or "(top)"
                problem(path, f"{ident(doc)} is invalid for Kubernetes {version}: {where}: {e.message}")
            except kubernetes_validate.SchemaNotFoundError:
                problem(path, f"{ident(doc)}: Kubernetes {version} has no {doc['apiVersion']} {doc['kind']}")
            except kv.VersionNotSupportedError:
                problem(path, f"kubernetes-validate {kubernetes_validate.__version__} has no schemas for Kubernetes {version}")
            except Exception as e:              # a malformed document the schemas choke on
                problem(path, f"{ident(doc)} could not be validated for Kubernetes {version}: {e!r}")

# ---- 2. what the schemas cannot see ---------------------------------------------------------------
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
LABEL_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")
by_kind = {}
for path, doc in docs:
    by_kind.setdefault(doc["kind"], []).append((path, doc))
    meta = doc.get("metadata") or {}
    name = meta.get("name") or (meta.get("generateName") or "").rstrip("-")
    if not name or not DNS_LABEL.match(name):
        problem(path, f"{ident(doc)}: name or generateName must be lower-case letters, digits and '-'")
    labelled = [meta] + ([doc["spec"]["template"].get("metadata") or {}]
                         if isinstance(doc.get("spec"), dict) and isinstance(doc["spec"].get("template"), dict) else [])
    for m in labelled:
        for key, value in (m.get("labels") or {}).items():
            if not isinstance(value, str) or not LABEL_VALUE.match(value):
                problem(path, f"{ident(doc)}: label {key}={value!r} is not a valid label value")


def pod_spec(doc):
    spec = doc.get("spec") or {}
    return spec if doc["kind"] == "Pod" else (spec.get("template") or {}).get("spec") or {}


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env") or [] if "name" in e}


configmaps = {d["metadata"].get("name"): (p, d) for p, d in by_kind.get("ConfigMap", [])}
claims = {d["metadata"].get("name") for _, d in by_kind.get("PersistentVolumeClaim", [])}
pods = [(p, d) for p, d in docs if d["kind"] in ("Pod", "Deployment", "Job")]
for path, doc in pods:
    spec = pod_spec(doc)
    for volume in spec.get("volumes") or []:
        if "configMap" in volume and volume["configMap"].get("name") not in configmaps:
            problem(path, f"{ident(doc)}: volume {volume.get('name')} mounts ConfigMap "
                          f"{volume['configMap'].get('name')!r}, which no manifest defines")
        if "persistentVolumeClaim" in volume and volume["persistentVolumeClaim"].get("claimName") not in claims:
            problem(path, f"{ident(doc)}: volume {volume.get('name')} uses PVC "
                          f"{volume['persistentVolumeClaim'].get('claimName')!r}, which no manifest defines")
    for c in spec.get("containers") or []:
        if c.get("image") != "gauntlet:local":
            problem(path, f"{ident(doc)}: container {c.get('name')} must use image gauntlet:local (run.sh replaces it)")
        if "resources" not in c or "limits" not in c["resources"] or "requests" not in c["resources"]:
            problem(path, f"{ident(doc)}: container {c.get('name')} needs resource requests and limits")

jobs = by_kind.get("Job", [])
segments = [(p, d) for p, d in jobs if (d["spec"].get("completionMode") == "Indexed")]
merges = [(p, d) for p, d in jobs if (d["spec"].get("completionMode") != "Indexed")]
if len(segments) != 1 or len(merges) != 1:
    problem(kube, f"expected one Indexed Job (the segments) and one other Job (the merge); found "
                  f"{len(segments)} and {len(merges)}")


def run_snippet(path, doc, env, scratch):
    """Runs a container's `sh -c` script with a stub gauntlet on PATH and /reports moved into scratch;
    returns the stub's arguments, or None."""
    c = pod_spec(doc)["containers"][0]
    if c.get("command") != ["/bin/sh", "-c"] or len(c.get("args") or []) != 1:
        problem(path, f"{ident(doc)}: expected command [/bin/sh, -c] and the script as its one argument")
        return None
    script = c["args"][0].replace("/reports", os.path.join(scratch, "reports"))
    stub_dir = os.path.join(scratch, "bin")
    os.makedirs(stub_dir, exist_ok=True)
    stub = os.path.join(stub_dir, "gauntlet")
    with open(stub, "w") as f:
        f.write('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "$STUB_ARGS"\n')
    os.chmod(stub, 0o755)
    args_file = os.path.join(scratch, "args")
    full_env = {"PATH": stub_dir + os.pathsep + "/usr/bin:/bin", "STUB_ARGS": args_file}
    full_env.update({k: v for k, v in env_of(c).items() if v is not None})
    full_env.update(env)
    sh = shutil.which("dash") or "/bin/sh"
    run = subprocess.run([sh, "-c", script], env=full_env, capture_output=True, text=True)
    if run.returncode != 0:
        problem(path, f"{ident(doc)}: its script failed under {sh} (exit {run.returncode}): {run.stderr.strip()}")
        return None
    with open(args_file) as f:
        return [a.replace(os.path.join(scratch, "reports"), "/reports") for a in f.read().splitlines()]


scratch_root = tempfile.mkdtemp(prefix="validate-deploy-")
try:
    for path, job in segments:
        spec = job["spec"]
        pspec = pod_spec(job)
        container = (pspec.get("containers") or [{}])[0]
        env = env_of(container)
        n = env.get("GAUNTLET_SEGMENTS")
        if not (n and n.isdigit() and spec.get("completions") == spec.get("parallelism") == int(n)):
            problem(path, f"{ident(job)}: completions ({spec.get('completions')}), parallelism "
                          f"({spec.get('parallelism')}) and GAUNTLET_SEGMENTS ({n}) must be the same number")
        if spec.get("backoffLimit") != 0 or pspec.get("restartPolicy") != "Never":
            problem(path, f"{ident(job)}: a segment must never run twice: backoffLimit 0 and restartPolicy Never")
        if env.get("GAUNTLET_RUN_ID") != "run-id-unset" or env.get("GAUNTLET_START_AT") != "1970-01-01T00:00:00Z":
            problem(path, f"{ident(job)}: run.sh expects the placeholders GAUNTLET_RUN_ID=run-id-unset and "
                          "GAUNTLET_START_AT=1970-01-01T00:00:00Z")
        if not (n and n.isdigit()):
            continue
        scenario_file = None
        for index in (0, int(n) - 1):
            scratch = os.path.join(scratch_root, f"segment-{index}")
            args = run_snippet(path, job, {"JOB_COMPLETION_INDEX": str(index)}, scratch)
            if args is None:
                break
            expected = ["--segment", f"{index + 1}/{n}", "--start-at", env.get("GAUNTLET_START_AT"),
                        "--out", f"/reports/{env.get('GAUNTLET_RUN_ID')}"]
            pairs = list(zip(args, args[1:]))
            if args[:1] != ["run"] or any((expected[i], expected[i + 1]) not in pairs for i in range(0, len(expected), 2)) \
                    or "--quiet" not in args:
                problem(path, f"{ident(job)}: pod {index} would run `gauntlet {shlex.join(args)}`; expected run "
                              f"SCENARIO {' '.join(expected)} --quiet")
            scenario_file = args[1] if len(args) > 1 else None
        # The scenario the pods run is a key of the ConfigMap mounted there.
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts") or []}
        volumes = {v["name"]: v for v in pspec.get("volumes") or []}
        if scenario_file:
            folder, key = os.path.split(scenario_file)
            cm_name = (volumes.get(mounts.get(folder)) or {}).get("configMap", {}).get("name")
            if cm_name not in configmaps or key not in (configmaps[cm_name][1].get("data") or {}):
                problem(path, f"{ident(job)}: runs {scenario_file}, but no mounted ConfigMap has the key {key}")

    for path, job in merges:
        pspec = pod_spec(job)
        if job["spec"].get("backoffLimit") != 0 or pspec.get("restartPolicy") != "Never":
            problem(path, f"{ident(job)}: the merge's exit code is the gate: backoffLimit 0 and restartPolicy Never")
        scratch = os.path.join(scratch_root, "merge")
        run_id = env_of(pspec["containers"][0]).get("GAUNTLET_RUN_ID")
        os.makedirs(os.path.join(scratch, "reports", str(run_id), "merged"), exist_ok=True)
        for k in (1, 2):
            open(os.path.join(scratch, "reports", str(run_id), f"s-segment-{k}-of-2.json"), "w").close()
        open(os.path.join(scratch, "reports", str(run_id), "merged", "m.json"), "w").close()
        args = run_snippet(path, job, {}, scratch)
        want = ["merge", f"/reports/{run_id}/s-segment-1-of-2.json", f"/reports/{run_id}/s-segment-2-of-2.json",
                "--out", f"/reports/{run_id}/merged"]
        if args is not None and args != want:
            problem(path, f"{ident(job)}: would run `gauntlet {shlex.join(args)}`; expected `gauntlet {shlex.join(want)}`")
finally:
    shutil.rmtree(scratch_root, ignore_errors=True)

# The Service selects the target's pods on a port they declare; the scenario aims at that Service.
services = by_kind.get("Service", [])
deployments = by_kind.get("Deployment", [])
for path, svc in services:
    selector = svc["spec"].get("selector") or {}
    chosen = [d for _, d in deployments
              if selector and selector.items() <= ((d["spec"]["template"].get("metadata") or {}).get("labels") or {}).items()]
    if not chosen:
        problem(path, f"{ident(svc)}: its selector {selector} matches no Deployment's pods")
    for port in svc["spec"].get("ports") or []:
        target = port.get("targetPort", port.get("port"))
        declared = [p for d in chosen for c in pod_spec(d).get("containers") or [] for p in c.get("ports") or []]
        if chosen and not any(target in (p.get("name"), p.get("containerPort")) for p in declared):
            problem(path, f"{ident(svc)}: targetPort {target!r} is not a port of the selected pods")

# The ConfigMap: its size, its sources, the scenario's target.
scenario_source = os.path.join(kube, "scenario", "cluster-quickstart.yaml")
csv_source = os.path.join("scenarios", "data", "digits.csv")
for name, (path, cm) in configmaps.items():
    data = cm.get("data") or {}
    size = len(json.dumps(cm).encode("utf-8"))
    if size > 1024 * 1024:
        problem(path, f"ConfigMap/{name} is {size} bytes: over the 1 MiB a ConfigMap may hold")
    if name != "gauntlet-scenario":
        continue
    try:
        with open(scenario_source, encoding="utf-8") as f:
            if data.get("cluster-quickstart.yaml") != f.read():
                problem(path, f"ConfigMap/{name}: key cluster-quickstart.yaml differs from {scenario_source}; "
                              "run python3 deploy/kubernetes/make-configmap.py")
        with open(csv_source, encoding="utf-8") as f:
            lines = f.read().splitlines()
        test_rows = "\n".join([lines[0]] + [l for l in lines[1:] if l.split(",", 1)[0] == "test"]) + "\n"
        if data.get("digits.csv") != test_rows:
            problem(path, f"ConfigMap/{name}: key digits.csv is not the header and test rows of {csv_source}; "
                          "run python3 deploy/kubernetes/make-configmap.py")
    except OSError as e:
        problem(path, f"ConfigMap/{name}: cannot compare with its sources: {e}")
    try:
        scenario = yaml.safe_load(data.get("cluster-quickstart.yaml", "")) or {}
    except yaml.YAMLError as e:
        problem(path, f"ConfigMap/{name}: key cluster-quickstart.yaml is not valid YAML: {e}")
        scenario = {}
    m = re.match(r"^http://([a-z0-9-]+):(\d+)/?$", str(scenario.get("target", "")))
    ok = m and any(s["metadata"].get("name") == m.group(1) and
                   any(str(p.get("port")) == m.group(2) for p in s["spec"].get("ports") or []) for _, s in services)
    if not ok:
        problem(path, f"ConfigMap/{name}: the scenario's target {scenario.get('target')!r} is not a Service port "
                      "defined here")

# ---- 3. the Dockerfile ----------------------------------------------------------------------------
dockerfile_path = os.path.join(deploy, "docker", "Dockerfile")
if not os.path.isfile(".dockerignore"):
    problem(".dockerignore", "missing (without it the whole work tree, .build/ included, is sent to the builder)")
try:
    commands = dockerfile.parse_file(dockerfile_path)
except Exception as e:                          # missing, or rejected by BuildKit's parser
    problem(dockerfile_path, f"cannot be parsed: {e}")
    commands = []
if commands:
    stages = []                                 # [from-values, [commands]]
    for c in commands:
        if c.cmd.upper() == "FROM":
            stages.append((c.value, []))
        elif stages:
            stages[-1][1].append(c)
    if len(stages) != 2 or stages[0][0][:1] != ("swift:6.1-bookworm",) or stages[1][0][:1] != ("debian:bookworm-slim",):
        problem(dockerfile_path, "expected two stages: FROM swift:6.1-bookworm (build), then FROM debian:bookworm-slim")
    else:
        def text(stage, cmd):
            return "\n".join(" ".join(c.value) for c in stages[stage][1] if c.cmd.upper() == cmd)
        build_run, runtime_run = text(0, "RUN"), text(1, "RUN")
        for package in ("libcurl4-openssl-dev", "libjemalloc-dev", "zlib1g-dev", "pkg-config"):
            if not re.search(rf"(^|\s){re.escape(package)}(\s|$)", build_run):
                problem(dockerfile_path, f"the build stage does not install {package}")
        if not re.search(r"swift build -c release --static-swift-stdlib", build_run):
            problem(dockerfile_path, "the build stage does not run swift build -c release --static-swift-stdlib")
        for package in ("libcurl4", "libjemalloc2", "zlib1g", "libstdc++6", "libgcc-s1"):
            if not re.search(rf"(^|\s){re.escape(package)}(\s|$)", runtime_run):
                problem(dockerfile_path, f"the runtime stage does not install {package}")
        if re.search(r"-dev(\s|$)", runtime_run):
            problem(dockerfile_path, "the runtime stage installs a -dev package")
        copies = text(1, "COPY")
        for wanted in ("models /models", "scenarios /scenarios", "/usr/local/bin/gauntlet"):
            if wanted not in copies:
                problem(dockerfile_path, f"the runtime stage does not COPY {wanted}")
        users = [c.value[0] for c in stages[1][1] if c.cmd.upper() == "USER"]
        if not users or users[-1].split(":")[0] in ("root", "0"):
            problem(dockerfile_path, "the runtime stage must end with a non-root USER")
        entry = [c for c in stages[1][1] if c.cmd.upper() == "ENTRYPOINT"]
        if not entry or not entry[-1].json or entry[-1].value[:1] != ("/usr/local/bin/gauntlet",):
            problem(dockerfile_path, 'expected ENTRYPOINT ["/usr/local/bin/gauntlet"] (exec form)')

# ---- 4. the scenario, with gauntlet itself -------------------------------------------------------
checked_scenario = ""
if binary and "gauntlet-scenario" in configmaps:
    path, cm = configmaps["gauntlet-scenario"]
    with tempfile.TemporaryDirectory(prefix="validate-deploy-scenario-") as folder:
        for key, value in (cm.get("data") or {}).items():
            with open(os.path.join(folder, key), "w", encoding="utf-8") as f:
                f.write(value)
        run = subprocess.run([binary, "validate", os.path.join(folder, "cluster-quickstart.yaml")],
                             capture_output=True, text=True)
        if run.returncode != 0:
            output = (run.stdout + run.stderr).strip().replace(folder + "/", "")
            problem(path, f"gauntlet validate (exit {run.returncode}) rejects the scenario taken from it: {output}")
        else:
            checked_scenario = "; the scenario passes gauntlet validate"

if problems:
    for p in problems:
        print(f"validate-deploy: {p}", file=sys.stderr)
    print(f"validate-deploy: {len(problems)} problem(s)", file=sys.stderr)
    sys.exit(1)
print(f"validate-deploy: ok: {len(manifests)} manifests ({len(docs)} objects) valid for Kubernetes "
      f"{' and '.join(versions)} (strict, kubernetes-validate {kubernetes_validate.__version__}); "
      f"the Dockerfile names what it should{checked_scenario}")
PY
