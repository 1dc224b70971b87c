#!/usr/bin/env python3
"""Compare `gauntlet serve` with MLServer, nginx, and itself built on glibc malloc.

Three measurements, all on 127.0.0.1, all driven by the same `gauntlet run`
load (closed loop, N connections with N requests in flight, JSON summary):

  infer       digits-mlp over KServe V2 REST: gauntlet serve vs MLServer 1.x
              (mlserver + mlserver-sklearn, serving the very same fitted
              scikit-learn pipeline that models/train.py exported). Same body,
              same concurrency sweep (default 1, 8, 32, 64); max infer/s =
              the best achieved rate over the sweep among runs with 0 errors.
              MLServer first gets a short trial of parallel_workers 0/1/2 and
              keeps its best. Goal: gauntlet serve >= 10x MLServer.
  health      GET /v2/health/live on gauntlet serve vs a 13-byte static file
              on nginx, 64 in flight. nginx runs with as many workers as
              gauntlet serve has event-loop threads (and with 2, for
              reference). Goal: >= 0.5x nginx.
  allocator   gauntlet serve linked with jemalloc vs the same server on glibc
              malloc (--glibc-binary, built with GAUNTLET_ALLOCATOR=system):
              infer/s, peak RSS (VmHWM) and RSS sampled during the run, a fresh
              server process per run. Skipped with a note when the glibc
              binary is absent.

Runs alternate between the two sides in pairs (the order flips every pair)
and the report gives every run and the medians. Every server this script
starts is stopped by its pid (its process group) at the end, on failure and
on Ctrl-C/SIGTERM. Every load run is bounded by --duration plus a watchdog.

Python 3 standard library only; the venv at .build-tools/mlserver-venv is
only for MLServer itself (created and filled with pip when missing).

    python3 Benchmarks/peers/serve_compare.py [--pairs 3] [--duration 10s]
    python3 Benchmarks/peers/serve_compare.py --quick      # smoke test
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchkit import HOST, REPO, Nginx, free_port, git_describe, log, parse_duration, publish, tool_version

SCRATCH = REPO / ".build-release"
GAUNTLET = SCRATCH / "release" / "gauntlet"
GLIBC_GAUNTLET = REPO / ".build-glibc" / "release" / "gauntlet"
MODELS = REPO / "models"
DATA = REPO / "scenarios" / "data" / "digits.csv"
MLSERVER_CONFIG = REPO / "Benchmarks" / "peers" / "mlserver"  # settings.json + digits-mlp/
VENV = REPO / ".build-tools" / "mlserver-venv"
VENV_PY = VENV / "bin" / "python"
MODEL = "digits-mlp"
JOBLIB = MODELS / MODEL / "1" / "sklearn.joblib"
PREDICTIONS = MODELS / MODEL / "1" / "test-predictions.json"

# MLServer and its scikit-learn runtime are pinned in mlserver/requirements.txt;
# scikit-learn and numpy come from models/requirements.txt, so the joblib loads
# in exactly the version that wrote it.
MLSERVER_REQUIREMENTS = MLSERVER_CONFIG / "requirements.txt"
MODELS_REQUIREMENTS = MODELS / "requirements.txt"

HEALTH_CONCURRENCY = 64
ALLOCATOR_CONCURRENCY = 64
SANITY_ROWS = 20  # test rows checked against test-predictions.json on each server

GOAL_INFER_VS_MLSERVER = 10.0
GOAL_HEALTH_VS_NGINX = 0.5


# --------------------------------------------------------------------------
# Small helpers


def parse_warmup(text: str) -> int:
    """Like parse_duration, but 0 (no warm-up) is allowed."""
    return 0 if re.fullmatch(r"\s*0\s*(s|m)?\s*", text) else parse_duration(text)


def parse_int_list(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {text!r}") from None
    if not values or any(v < 0 for v in values):
        raise argparse.ArgumentTypeError(f"expected comma-separated integers >= 0, got {text!r}")
    return values


def binary_repo(binary: Path) -> Path:
    """The git work tree a binary was built in (…/<tree>/.build-*/release/gauntlet)."""
    for parent in binary.resolve().parents:
        if (parent / ".git").exists():
            return parent
    return REPO


def show(path: Path | str) -> str:
    """A path for the report: relative to this repository when inside it."""
    text = os.path.abspath(path)
    root = str(REPO) + os.sep
    return text[len(root):] if text.startswith(root) else text


def links_jemalloc(binary: Path) -> str:
    try:
        out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return "jemalloc" if "jemalloc" in out else "glibc malloc"


def http_get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def http_post_json(url: str, body: bytes, timeout: float = 10.0) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, {"error": e.read().decode(errors="replace")}


def wait_ready(url: str, seconds: float, alive) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"server exited before {url} answered")
        try:
            if http_get(url, timeout=1)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {seconds:.0f}s")


def group_pids(pgid: int) -> list[int]:
    """Every live process of a process group (a server and its workers)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
        except OSError:
            continue
        # fields[0] is the state, fields[2] the process group.
        if fields[2] == str(pgid) and fields[0] != "Z":
            pids.append(int(entry))
    return pids


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU of the group's live processes (utime + stime)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in group_pids(pgid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def status_kib(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def group_rss_kib(pgid: int) -> int:
    return sum(status_kib(pid, "VmRSS") or 0 for pid in group_pids(pgid))


class RssSampler:
    """Samples a process group's RSS every 100 ms while a load runs."""

    def __init__(self, pgid: int) -> None:
        self.pgid = pgid
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(group_rss_kib(self.pgid))
            self._stop.wait(0.1)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def stop_group(proc: subprocess.Popen, name: str, grace: float = 15.0) -> None:
    """SIGTERM to the process group the server leads, SIGKILL after grace."""
    if proc.poll() is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # stragglers of a dead leader
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        log(f"{name} (pid {proc.pid}) ignored SIGTERM for {grace:.0f}s; sending SIGKILL")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    # Workers that outlive their leader (e.g. MLServer's inference pool).
    deadline = time.monotonic() + 5
    while group_pids(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if group_pids(proc.pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


# --------------------------------------------------------------------------
# Servers


class Server:
    """A server process leading its own process group, with its log in a
    temp dir. Context manager: stopped on exit, errors included."""

    name = "server"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.log_path = workdir / f"{self.name}-{id(self)}.log"

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        if self.proc is not None:
            stop_group(self.proc, self.name)
            self.proc = None

    def log_tail(self, n: int = 15) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-n:])


class GauntletServe(Server):
    name = "gauntlet-serve"

    def __init__(self, workdir: Path, binary: Path, extra: list[str] | None = None) -> None:
        super().__init__(workdir)
        self.binary = binary
        self.extra = extra or []
        self.cmd = [str(binary), "serve", "--port", "0", "--models", str(MODELS), *self.extra]

    def start(self) -> None:
        logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.cmd, stdout=logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            m = re.search(r"listening on http://[^:\s]+:(\d+)", self.log_path.read_text(errors="replace"))
            if m:
                self.port = int(m.group(1))
                break
            if not self.alive():
                raise RuntimeError(f"gauntlet serve exited: {' '.join(self.cmd)}\n{self.log_tail()}")
            time.sleep(0.05)
        else:
            raise RuntimeError(f"gauntlet serve printed no 'listening on' line in 30s\n{self.log_tail()}")
        wait_ready(f"{self.base}/v2/health/ready", 30, self.alive)


class MLServer(Server):
    name = "mlserver"

    def __init__(self, workdir: Path, parallel_workers: int) -> None:
        super().__init__(workdir)
        self.parallel_workers = parallel_workers
        self.cmd = [str(VENV / "bin" / "mlserver"), "start", str(MLSERVER_CONFIG)]

    def env_overrides(self) -> dict[str, str]:
        return {
            "MLSERVER_HTTP_PORT": str(self.port),
            "MLSERVER_GRPC_PORT": str(free_port()),
            "MLSERVER_PARALLEL_WORKERS": str(self.parallel_workers),
        }

    def start(self) -> None:
        self.port = free_port()
        env = dict(os.environ)
        env.update(self.env_overrides())
        # Scikit-learn on one row gains nothing from BLAS threads; one thread
        # per process keeps 2 cores from being oversubscribed.
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(var, "1")
        # cwd: MLServer writes its .metrics and .envs folders there.
        # (A fresh folder per start: id(self) repeats once an earlier instance is collected.)
        cwd = Path(tempfile.mkdtemp(prefix=f"mlserver-cwd-{self.parallel_workers}-", dir=self.workdir))
        logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.cmd, stdout=logf, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        try:
            wait_ready(f"{self.base}/v2/health/ready", 120, self.alive)
            wait_ready(f"{self.base}/v2/models/{MODEL}/ready", 60, self.alive)
        except RuntimeError as e:
            raise RuntimeError(f"MLServer: {e}\n{self.log_tail()}") from None


# --------------------------------------------------------------------------
# The load: gauntlet run


@dataclass
class Run:
    side: str  # e.g. "gauntlet serve", "MLServer", "nginx"
    concurrency: int
    rate: float  # rate.achieved
    completed: int
    ok: int
    errors: int
    p50_ms: float | None
    p99_ms: float | None
    client_cpu_s: float  # gauntlet run's user + system, from wait4
    server_cpu_s: float | None  # the server's process group, from /proc
    extra: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.errors == 0 and self.ok == self.completed and self.completed > 0


def run_measured(cmd: list[str], timeout: float) -> tuple[str, str, float, int]:
    """Run cmd to completion: (stdout, stderr, cpu seconds from wait4, exit code)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        watchdog = threading.Timer(timeout, proc.kill)  # a hung run must not hang us
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                usage.ru_utime + usage.ru_stime, proc.returncode)


class Load:
    """Builds and runs the gauntlet run command lines (the same for every side)."""

    def __init__(self, client: Path, secs: int, warmup: int, outdir: Path) -> None:
        self.client = client
        self.secs = secs
        self.warmup = warmup
        self.outdir = outdir  # gauntlet run's report files: a temp dir, not reports/

    def command(self, url: str, concurrency: int, body: Path | None) -> list[str]:
        cmd = [str(self.client), "run", "--url", url]
        if body is not None:
            cmd += ["--method", "POST", "-H", "Content-Type: application/json", "--body", f"@{body}"]
        cmd += ["--concurrency", str(concurrency), "--connections", str(concurrency),
                "--duration", f"{self.secs}s"]
        if self.warmup:
            cmd += ["--warmup", f"{self.warmup}s"]
        cmd += ["--json", "--out", str(self.outdir)]
        return cmd

    def run(self, side: str, url: str, concurrency: int, body: Path | None, server_pgid: int | None) -> Run:
        cmd = self.command(url, concurrency, body)
        load_before = os.getloadavg()[0]
        cpu0 = group_cpu_seconds(server_pgid) if server_pgid else None
        stdout, stderr, client_cpu, rc = run_measured(cmd, timeout=self.warmup + self.secs + 120)
        cpu1 = group_cpu_seconds(server_pgid) if server_pgid else None
        try:
            doc = json.loads(stdout)
        except json.JSONDecodeError:
            tail = "\n".join((stdout + "\n" + stderr).strip().splitlines()[-15:])
            raise RuntimeError(f"gauntlet run printed no JSON summary (exit {rc}): {' '.join(cmd)}\n{tail}") from None
        req = doc["requests"]
        lat = doc.get("latency", {})
        run = Run(
            side=side, concurrency=concurrency,
            rate=float(doc["rate"]["achieved"]),
            completed=int(req["completed"]), ok=int(req.get("ok", 0)), errors=int(req.get("errors", 0)),
            p50_ms=lat.get("p50"), p99_ms=lat.get("p99"),
            client_cpu_s=client_cpu,
            # Includes the warm-up: an upper bound, the same for both sides.
            server_cpu_s=(cpu1 - cpu0) if cpu0 is not None else None,
            extra={"exit": rc, "status_codes": req.get("status_codes", {}),
                   "errors_by_kind": req.get("errors_by_kind") or {},
                   "sent": req.get("sent"), "warmup_requests": req.get("warmup", 0),
                   "load_before": load_before},
        )
        if server_pgid and run.server_cpu_s is not None and run.completed:
            # Per measured request, counting the warm-up's requests too.
            total = run.completed + int(req.get("warmup", 0) or 0)
            run.extra["server_us_per_request"] = run.server_cpu_s * 1e6 / total
        log(f"    {side:<16} c={concurrency:<3} {run.rate:>10,.1f}/s  p50 {fmt(run.p50_ms, 2)} ms"
            f"  p99 {fmt(run.p99_ms, 2)} ms  errors {run.errors}"
            + ("" if run.valid else f"  INVALID {run.extra['status_codes']} {run.extra['errors_by_kind']}"))
        return run


# --------------------------------------------------------------------------
# Setup: binaries, venv, model, request bodies


def build_gauntlet() -> None:
    if GAUNTLET.exists():
        return
    cmd = ["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH)]
    log(f"building gauntlet: {' '.join(cmd)}")
    subprocess.run(cmd, cwd=REPO, check=True)
    if not GAUNTLET.exists():
        raise RuntimeError(f"build finished but {GAUNTLET} is missing")


def pins() -> dict[str, str]:
    """name -> version for every `name==version` line of both requirement files."""
    out = {}
    for path in (MODELS_REQUIREMENTS, MLSERVER_REQUIREMENTS):
        for line in path.read_text().splitlines():
            m = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)==(\S+)\s*", line)
            if m:
                out[m.group(1).lower()] = m.group(2)
    return out


REPORTED = ["mlserver", "mlserver-sklearn", "scikit-learn", "numpy", "joblib", "uvloop", "uvicorn", "fastapi"]


def venv_versions(names: list[str]) -> dict[str, str] | None:
    if not VENV_PY.exists():
        return None
    code = ("import json, sys, importlib.metadata as m\n"
            "v = {}\n"
            "for p in sys.argv[1:]:\n"
            "    try: v[p] = m.version(p)\n"
            "    except m.PackageNotFoundError: v[p] = None\n"
            "print(json.dumps(v))\n")
    res = subprocess.run([str(VENV_PY), "-c", code, *names], capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        return None
    return json.loads(res.stdout)


def ensure_venv() -> dict[str, str]:
    """The venv with exactly the pinned versions; pip install when any differs."""
    want = pins()
    names = sorted(set(want) | set(REPORTED))
    versions = venv_versions(names)
    if versions and all(versions.get(k) == v for k, v in want.items()):
        return {k: versions[k] for k in REPORTED}
    if not VENV_PY.exists():
        log(f"creating {VENV.relative_to(REPO)}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=300)
    cmd = [str(VENV / "bin" / "pip"), "install", "--disable-pip-version-check", "-q",
           "-r", str(MODELS_REQUIREMENTS), "-r", str(MLSERVER_REQUIREMENTS)]
    log(f"installing MLServer: {' '.join(cmd)}")
    subprocess.run(cmd, check=True, timeout=1800)
    versions = venv_versions(names)
    wrong = {k: (versions or {}).get(k) for k, v in want.items() if (versions or {}).get(k) != v}
    if wrong:
        raise RuntimeError(f"after pip install the venv still differs from the pins: {wrong}")
    return {k: versions[k] for k in REPORTED}


def ensure_joblib() -> None:
    """The fitted pipeline for MLServer: exported by models/train.py in the
    venv's scikit-learn, so that it loads without a version warning."""
    check = ("import warnings, joblib, sys\n"
             "from sklearn.exceptions import InconsistentVersionWarning\n"
             "warnings.simplefilter('error', InconsistentVersionWarning)\n"
             f"joblib.load({str(JOBLIB)!r})\n")
    if JOBLIB.exists():
        res = subprocess.run([str(VENV_PY), "-c", check], capture_output=True, text=True, timeout=120)
        if res.returncode == 0:
            return
        log(f"{JOBLIB.relative_to(REPO)} does not load cleanly in the venv; exporting it again")
    cmd = [str(VENV_PY), str(MODELS / "train.py"), "--export-sklearn"]
    log(f"exporting the scikit-learn model: {' '.join(cmd)}")
    subprocess.run(cmd, check=True, timeout=1800, stdout=sys.stderr)
    if not JOBLIB.exists():
        raise RuntimeError(f"models/train.py --export-sklearn did not write {JOBLIB}")


def test_rows(n: int) -> list[list[float]]:
    rows = []
    with open(DATA) as f:
        header = f.readline()
        assert header.startswith("split,label,px0"), header
        for line in f:
            cells = line.strip().split(",")
            if cells[0] == "test":
                rows.append([float(v) for v in cells[2:]])
                if len(rows) == n:
                    break
    return rows


def infer_body(metadata: dict, row: list[float]) -> bytes:
    """A V2 infer request for one row, shaped after the server's own model
    metadata (its input name and datatype; shape [1, 64])."""
    inp = metadata["inputs"][0]
    return json.dumps({"inputs": [{"name": inp["name"], "shape": [1, len(row)],
                                   "datatype": inp["datatype"], "data": row}]},
                      separators=(",", ":")).encode()


def first_label(answer: dict) -> int | None:
    for out in answer.get("outputs", []):
        if out.get("name") in ("label", "predict") and out.get("data"):
            return int(out["data"][0])
    return None


def sanity_check(name: str, base: str, workdir: Path, tag: str) -> tuple[Path, str]:
    """Read the model's input from its metadata, write the load body (test
    row 0) and check the first test rows' classes against scikit-learn's.
    Returns (body file, a note for the report)."""
    status, raw = http_get(f"{base}/v2/models/{MODEL}", timeout=10)
    if status != 200:
        raise RuntimeError(f"{name}: GET /v2/models/{MODEL} -> {status}")
    metadata = json.loads(raw)
    expected = json.loads(PREDICTIONS.read_text())["predicted"]
    rows = test_rows(SANITY_ROWS)
    for i, row in enumerate(rows):
        status, answer = http_post_json(f"{base}/v2/models/{MODEL}/infer", infer_body(metadata, row))
        label = first_label(answer)
        if status != 200 or label != expected[i]:
            raise RuntimeError(f"{name}: test row {i}: status {status}, class {label}, "
                               f"scikit-learn says {expected[i]}: {json.dumps(answer)[:300]}")
    body = workdir / f"body-{tag}.json"
    body.write_bytes(infer_body(metadata, rows[0]))
    inp = metadata["inputs"][0]
    outs = ", ".join(o["name"] for o in metadata.get("outputs", []))
    note = (f"{name}: input `{inp['name']}` {inp['datatype']} {inp['shape']}, outputs {outs or '?'};"
            f" classes of the first {len(rows)} test rows equal scikit-learn's")
    log(f"  sanity: {note}")
    return body, note


def serve_thread_flag(binary: Path) -> str | None:
    """The serve option setting its event-loop thread count, if it has one."""
    text = tool_version_full([str(binary), "serve", "--help"])
    for flag in ("--event-loop-threads", "--io-threads", "--threads"):
        if re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text):
            return flag
    return None


def tool_version_full(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return out.stdout + out.stderr
    except (OSError, subprocess.TimeoutExpired):
        return ""


# --------------------------------------------------------------------------
# Report helpers


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def fmt_ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}×"


def verdict(x: float | None, goal: float) -> str:
    if x is None:
        return "no valid runs"
    return "PASS" if x >= goal else "FAIL"


def shell_join(cmd: list[str]) -> str:
    import shlex
    return " ".join(shlex.quote(c) for c in cmd)


def best_valid(runs: list[Run]) -> Run | None:
    valid = [r for r in runs if r.valid]
    return max(valid, key=lambda r: r.rate) if valid else None


def run_rows(add, runs: list[Run], pair_of, unit: str = "infer/s") -> None:
    add(f"| pair | side | concurrency | {unit} | p50 ms | p99 ms | completed | errors | server CPU µs/req | client CPU s | load avg 1m |")
    add("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        errs = f"{r.errors:,}" + ("" if r.valid else " ⚠")
        add(f"| {pair_of(r)} | {r.side} | {r.concurrency} | {fmt(r.rate)} | {fmt(r.p50_ms, 2)} | {fmt(r.p99_ms, 2)}"
            f" | {r.completed:,} | {errs} | {fmt(r.extra.get('server_us_per_request'), 0)} | {fmt(r.client_cpu_s, 2)}"
            f" | {fmt(r.extra.get('load_before'), 2)} |")


# --------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=3, help="pairs per comparison (default 3)")
    ap.add_argument("--duration", type=parse_duration, default=10, help="per run, e.g. 10s (default 10s)")
    ap.add_argument("--warmup", type=parse_warmup, default=None,
                    help="gauntlet run --warmup per run (default 1s; none with --quick)")
    ap.add_argument("--concurrency", type=parse_int_list, default=[1, 8, 32, 64],
                    help="infer sweep, comma-separated (default 1,8,32,64)")
    ap.add_argument("--mlserver-workers", type=parse_int_list, default=[0, 1, 2],
                    help="MLServer parallel_workers values to try, best kept (default 0,1,2)")
    ap.add_argument("--gauntlet-binary", type=Path, default=None,
                    help=f"gauntlet serve to measure (default {GAUNTLET.relative_to(REPO)}, built if missing)")
    ap.add_argument("--glibc-binary", type=Path, default=None,
                    help=f"the same server built with GAUNTLET_ALLOCATOR=system (default {GLIBC_GAUNTLET.relative_to(REPO)} if present)")
    ap.add_argument("--client-binary", type=Path, default=None,
                    help="gauntlet that generates the load (default: --gauntlet-binary)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: infer, health, allocator")
    ap.add_argument("--quick", action="store_true", help="smoke test: 1 pair, 2s runs, no warm-up")
    ap.add_argument("--no-save", action="store_true", help="do not write Benchmarks/results/serve-*.md")
    args = ap.parse_args()
    if args.quick:
        args.pairs, args.duration = 1, 2
    if args.warmup is None:
        args.warmup = 0 if args.quick else 1
    if args.pairs < 1:
        ap.error("--pairs must be at least 1")
    if any(c < 1 for c in args.concurrency):
        ap.error("--concurrency values must be at least 1")
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - {"infer", "health", "allocator"}:
        ap.error(f"--skip: unknown part(s) {', '.join(sorted(skip - {'infer', 'health', 'allocator'}))}")
    if "health" not in skip and shutil.which("nginx") is None:
        ap.error("nginx not found on PATH (Debian: nginx-light), or use --skip health")

    # SIGTERM becomes an exception, so the with-blocks stop every server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if args.gauntlet_binary is None:
        build_gauntlet()
        server_bin = GAUNTLET
    else:
        server_bin = Path(os.path.abspath(args.gauntlet_binary))
        if not os.access(server_bin, os.X_OK):
            ap.error(f"--gauntlet-binary {server_bin} is not an executable")
    client_bin = Path(os.path.abspath(args.client_binary or server_bin))
    glibc_bin = (Path(os.path.abspath(args.glibc_binary)) if args.glibc_binary
                 else (GLIBC_GAUNTLET if GLIBC_GAUNTLET.exists() else None))

    versions = {}
    if "infer" not in skip:
        versions = ensure_venv()
        ensure_joblib()

    server_repo = binary_repo(server_bin)
    meta = {
        "when": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ"),
        "script_git": git_describe(REPO),
        "server_git": git_describe(server_repo),
        "server_repo": str(server_repo),
        "server_bin": show(server_bin),
        "server_alloc": links_jemalloc(server_bin),
        "client_bin": show(client_bin),
        "gauntlet": tool_version([str(server_bin), "--version"]),
        "nginx": tool_version(["nginx", "-v"]).replace("nginx version: ", "") if "health" not in skip else "–",
        "python": platform.python_version(),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "cpu_model": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?"),
        "kernel": platform.release(),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "command": shell_join(["python3", show(Path(sys.argv[0])), *sys.argv[1:]]),
    }
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    secs = args.duration
    thread_flag = serve_thread_flag(server_bin)

    workdir = Path(tempfile.mkdtemp(prefix="gauntlet-serve-compare-"))
    load = Load(client_bin, secs, args.warmup, workdir / "reports")
    (workdir / "reports").mkdir()
    results: dict = {"notes": []}
    try:
        if "infer" not in skip:
            results["infer"] = measure_infer(args, load, server_bin, workdir)
        if "health" not in skip:
            results["health"] = measure_health(args, load, server_bin, thread_flag, workdir)
        if "allocator" not in skip:
            results["allocator"] = measure_allocator(args, load, server_bin, glibc_bin, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    meta["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())

    publish(render(args, meta, versions, thread_flag, load, results), "serve", stamp, save=not args.no_save)
    return 0


def alternate(p: int, a, b):
    """Pair p's order: a first on even pairs, b first on odd ones."""
    return (a, b) if p % 2 == 0 else (b, a)


def measure_infer(args, load: Load, server_bin: Path, workdir: Path) -> dict:
    url_of = lambda s: f"{s.base}/v2/models/{MODEL}/infer"  # noqa: E731
    out: dict = {"trials": [], "pairs": [], "notes": []}

    # 1. MLServer's configuration: one sweep per parallel_workers value, best kept.
    best_workers, best_rate = None, -1.0
    for workers in args.mlserver_workers:
        log(f"infer: MLServer trial, parallel_workers={workers}")
        with MLServer(workdir, workers) as mls:
            body, _ = sanity_check(f"MLServer (parallel_workers {workers})", mls.base, workdir, f"mls{workers}")
            runs = [load.run(f"MLServer pw={workers}", url_of(mls), c, body, mls.pid) for c in args.concurrency]
        best = best_valid(runs)
        out["trials"].append((workers, runs))
        if best and best.rate > best_rate:
            best_workers, best_rate = workers, best.rate
    if best_workers is None:
        out["notes"].append("MLServer had errors in every trial; parallel_workers "
                            f"{args.mlserver_workers[0]} used for the pairs anyway")
        best_workers = args.mlserver_workers[0]
    out["mlserver_workers"] = best_workers
    log(f"infer: MLServer's best trial: parallel_workers={best_workers}")

    # 2. Pairs: both servers up; per pair and concurrency, the two back to back,
    #    order flipped every pair.
    with GauntletServe(workdir, server_bin) as gs, MLServer(workdir, best_workers) as mls:
        gs_body, gs_note = sanity_check("gauntlet serve", gs.base, workdir, "gs")
        mls_body, mls_note = sanity_check(f"MLServer (parallel_workers {best_workers})", mls.base, workdir, "mls")
        if json.loads(gs_body.read_text())["inputs"][0]["data"] != json.loads(mls_body.read_text())["inputs"][0]["data"]:
            raise RuntimeError("the two bodies carry different data")
        out["sanity"] = [gs_note, mls_note]
        out["bodies"] = {"gauntlet serve": gs_body.read_text(), "MLServer": mls_body.read_text()}
        out["commands"] = {
            "gauntlet serve": shell_join([show(gs.cmd[0]), *gs.cmd[1:]]).replace(str(REPO) + "/", ""),
            "MLServer": (f"MLSERVER_HTTP_PORT=<free port> MLSERVER_GRPC_PORT=<free port>"
                         f" MLSERVER_PARALLEL_WORKERS={best_workers} OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "
                         + shell_join(mls.cmd).replace(str(REPO) + "/", "")),
            "load": shell_join([show(load.client), *load.command("URL/v2/models/digits-mlp/infer", 0, Path("BODY.json"))[1:]])
                    .replace("--concurrency 0 --connections 0", "--concurrency C --connections C")
                    .replace(str(load.outdir), "TMPDIR"),
        }
        gs_side, mls_side = ("gauntlet serve", gs, gs_body), ("MLServer", mls, mls_body)
        for p in range(args.pairs):
            runs = []
            for c in args.concurrency:
                log(f"infer: pair {p + 1}/{args.pairs}, concurrency {c}")
                for side, srv, body in alternate(p, gs_side, mls_side):
                    runs.append(load.run(side, url_of(srv), c, body, srv.pid))
            out["pairs"].append(runs)
    return out


def measure_health(args, load: Load, server_bin: Path, thread_flag: str | None, workdir: Path) -> dict:
    out: dict = {"pairs": []}
    # Compare at the same thread count: gauntlet serve's event loops (fixed at 1
    # unless the server has a flag for it) = nginx workers. nginx with 2 workers
    # (nginx_compare.py's setup) is measured too, for reference.
    threads = 2 if thread_flag else 1
    out["threads"] = threads
    extra = [thread_flag, str(threads)] if thread_flag else []
    nginx_workers = sorted({threads, 2})
    with contextlib.ExitStack() as stack:
        gs = stack.enter_context(GauntletServe(workdir, server_bin, extra))
        nginxes = [stack.enter_context(Nginx(w)) for w in nginx_workers]
        out["commands"] = {
            "gauntlet serve": shell_join([show(gs.cmd[0]), *gs.cmd[1:]]).replace(str(REPO) + "/", ""),
            "load": shell_join([show(load.client), *load.command("URL", HEALTH_CONCURRENCY, None)[1:]])
                    .replace(str(load.outdir), "TMPDIR"),
        }
        sides = [("gauntlet serve", f"{gs.base}/v2/health/live", gs.pid)] + [
            (f"nginx {n.workers}w", n.url, n.pid) for n in nginxes]  # nginx's master leads its group
        for p in range(args.pairs):
            log(f"health: pair {p + 1}/{args.pairs}")
            order = sides if p % 2 == 0 else list(reversed(sides))
            out["pairs"].append([load.run(side, url, HEALTH_CONCURRENCY, None, pgid) for side, url, pgid in order])
    out["nginx_workers"] = nginx_workers
    return out


def measure_allocator(args, load: Load, server_bin: Path, glibc_bin: Path | None, workdir: Path) -> dict:
    out: dict = {"pairs": [], "jemalloc_bin": show(server_bin), "glibc_bin": show(glibc_bin) if glibc_bin else None,
                 "jemalloc_alloc": links_jemalloc(server_bin)}
    if glibc_bin is None or not glibc_bin.exists():
        out["skipped"] = (f"no glibc build at {glibc_bin or GLIBC_GAUNTLET} — build it with "
                          "`GAUNTLET_ALLOCATOR=system swift build -c release --scratch-path .build-glibc` "
                          "or pass --glibc-binary")
        log(f"allocator: skipped: {out['skipped']}")
        return out
    out["glibc_alloc"] = links_jemalloc(glibc_bin)
    if out["jemalloc_alloc"] != "jemalloc":
        out.setdefault("notes", []).append(f"{server_bin} does not link jemalloc (ldd): both sides may be glibc")
    sides = [("jemalloc", server_bin), ("glibc", glibc_bin)]
    for p in range(args.pairs):
        log(f"allocator: pair {p + 1}/{args.pairs}")
        runs = []
        for side, binary in alternate(p, *sides):
            # A fresh server per run, so VmHWM is this run's peak.
            with GauntletServe(workdir, binary) as gs:
                body, _ = sanity_check(f"gauntlet serve ({side})", gs.base, workdir, f"alloc-{side}")
                rss_idle = status_kib(gs.pid, "VmRSS")
                with RssSampler(gs.pid) as sampler:
                    r = load.run(side, f"{gs.base}/v2/models/{MODEL}/infer", ALLOCATOR_CONCURRENCY, body, gs.pid)
                r.extra.update({
                    "rss_idle_kib": rss_idle,
                    "vmhwm_kib": status_kib(gs.pid, "VmHWM"),
                    "rss_median_kib": median(sampler.samples),
                    "rss_max_kib": max(sampler.samples) if sampler.samples else None,
                })
                runs.append(r)
        out["pairs"].append(runs)
    return out


# --------------------------------------------------------------------------
# Markdown


def render(args, meta: dict, versions: dict, thread_flag: str | None, load: Load, results: dict) -> str:
    lines: list[str] = []
    add = lines.append
    add(f"# gauntlet serve vs MLServer / nginx / glibc malloc — {meta['when']}")
    add("")
    add(f"- server: `{meta['server_bin']}` (gauntlet {meta['gauntlet']}, commit `{meta['server_git']}` of"
        f" `{meta['server_repo']}`, {meta['server_alloc']}); load: `gauntlet run` from `{meta['client_bin']}`;"
        f" script commit `{meta['script_git']}`")
    if versions:
        add(f"- MLServer {versions.get('mlserver')} + mlserver-sklearn {versions.get('mlserver-sklearn')},"
            f" scikit-learn {versions.get('scikit-learn')}, numpy {versions.get('numpy')}, joblib {versions.get('joblib')},"
            f" uvloop {versions.get('uvloop')}, uvicorn {versions.get('uvicorn')}, fastapi {versions.get('fastapi')}"
            f" (venv `.build-tools/mlserver-venv`, Python {meta['python']})")
    add(f"- nginx: {meta['nginx']}")
    add(f"- command: `{meta['command']}`")
    add(f"- machine: {meta['host']}, {meta['cpus']} CPUs ({meta['cpu_model']}), Linux {meta['kernel']};"
        f" load average before {meta['load_before']}, after {meta['load_after']}"
        " — servers and load generator share these CPUs")
    add(f"- {args.pairs} pair(s), {args.duration}s per run after a {args.warmup}s warm-up"
        f"{' (--quick)' if args.quick else ''}; every run: `gauntlet run` closed loop with as many"
        " connections as requests in flight; a run is valid when every response was a 200")
    add("- server CPU µs/req: CPU time of the server's process group (all its processes, from /proc)"
        " over the run including its warm-up, divided by the requests of both")
    add("")

    summary: list[str] = []
    if "infer" in results:
        summary += render_infer(add, args, results["infer"])
    if "health" in results:
        summary += render_health(add, args, results["health"], thread_flag)
    if "allocator" in results:
        summary += render_allocator(add, args, results["allocator"])
    if summary:
        add("## Summary")
        add("")
        lines.extend(summary)
        add("")
    return "\n".join(lines)


def render_infer(add, args, infer: dict) -> list[str]:
    add(f"## Infer: `{MODEL}`, gauntlet serve vs MLServer")
    add("")
    add("Commands:")
    add("")
    add("```sh")
    add(f"{infer['commands']['gauntlet serve']}")
    add(f"{infer['commands']['MLServer']}")
    add(f"{infer['commands']['load']}   # C in {', '.join(map(str, args.concurrency))}")
    add("```")
    add("")
    add(f"Body (test row 0 of `scenarios/data/digits.csv`, input name and datatype from each server's"
        f" `GET /v2/models/{MODEL}`): gauntlet serve `{infer['bodies']['gauntlet serve'][:90]}…`;"
        + (" MLServer: the same bytes." if infer['bodies']['gauntlet serve'] == infer['bodies']['MLServer']
           else f" MLServer `{infer['bodies']['MLServer'][:90]}…` (same data)."))
    add("No `outputs` asked for, so each server gives its default answer: gauntlet serve `label` +"
        " `probabilities`, MLServer `predict` only (its default; one scikit-learn `predict` call).")
    add("")
    for note in infer.get("sanity", []):
        add(f"- checked: {note}")
    add("")
    add("### MLServer configuration trial (one sweep each, best valid infer/s kept)")
    add("")
    add("| parallel_workers | " + " | ".join(f"c={c}" for c in args.concurrency) + " | best |")
    add("|---:|" + "---:|" * (len(args.concurrency) + 1))
    for workers, runs in infer["trials"]:
        best = best_valid(runs)
        cells = [fmt(r.rate) + ("" if r.valid else " ⚠") for r in runs]
        add(f"| {workers} | " + " | ".join(cells) + f" | {fmt(best.rate) if best else '–'} |")
    add("")
    add(f"Pairs below use parallel_workers **{infer['mlserver_workers']}**.")
    add("")
    add("### Every run")
    add("")
    all_runs = [(i, r) for i, pair in enumerate(infer["pairs"], 1) for r in pair]
    pair_index = {id(r): i for i, r in all_runs}
    run_rows(add, [r for _, r in all_runs], lambda r: pair_index[id(r)])
    add("")
    add("### Medians per concurrency")
    add("")
    add("| concurrency | gauntlet serve infer/s | MLServer infer/s | ratio | gauntlet serve p50 / p99 ms | MLServer p50 / p99 ms | server CPU µs/req (gs / MLServer) |")
    add("|---:|---:|---:|---:|---:|---:|---:|")
    for c in args.concurrency:
        med = {}
        for side in ("gauntlet serve", "MLServer"):
            rs = [r for _, r in all_runs if r.side == side and r.concurrency == c and r.valid]
            med[side] = (median([r.rate for r in rs]), median([r.p50_ms for r in rs]), median([r.p99_ms for r in rs]),
                         median([r.extra.get("server_us_per_request") for r in rs]))
        g, m = med["gauntlet serve"], med["MLServer"]
        add(f"| {c} | {fmt(g[0])} | {fmt(m[0])} | {fmt_ratio(ratio(g[0], m[0]))} | {fmt(g[1], 2)} / {fmt(g[2], 2)}"
            f" | {fmt(m[1], 2)} / {fmt(m[2], 2)} | {fmt(g[3], 0)} / {fmt(m[3], 0)} |")
    add("")
    add("### Max infer/s (best valid rate over the sweep, per pair)")
    add("")
    add("| pair | gauntlet serve | at c | MLServer | at c | ratio |")
    add("|---:|---:|---:|---:|---:|---:|")
    maxes = {"gauntlet serve": [], "MLServer": []}
    for i, pair in enumerate(infer["pairs"], 1):
        g = best_valid([r for r in pair if r.side == "gauntlet serve"])
        m = best_valid([r for r in pair if r.side == "MLServer"])
        maxes["gauntlet serve"].append(g.rate if g else None)
        maxes["MLServer"].append(m.rate if m else None)
        add(f"| {i} | {fmt(g.rate) if g else '–'} | {g.concurrency if g else '–'} | {fmt(m.rate) if m else '–'}"
            f" | {m.concurrency if m else '–'} | {fmt_ratio(ratio(g.rate if g else None, m.rate if m else None))} |")
    gmed, mmed = median(maxes["gauntlet serve"]), median(maxes["MLServer"])
    r = ratio(gmed, mmed)
    add(f"| **median** | **{fmt(gmed)}** | | **{fmt(mmed)}** | | **{fmt_ratio(r)}** |")
    add("")
    invalid = [r for _, r in all_runs if not r.valid] + [r for _, runs in infer["trials"] for r in runs if not r.valid]
    for r in invalid:
        add(f"- ⚠ {r.side} c={r.concurrency}: {r.errors} errors, status codes {r.extra['status_codes']},"
            f" {r.extra['errors_by_kind']} — left out of the maxima")
    for note in infer.get("notes", []):
        add(f"- {note}")
    if invalid or infer.get("notes"):
        add("")
    return [f"- Infer `{MODEL}`, max infer/s (median of per-pair maxima): gauntlet serve {fmt(gmed)},"
            f" MLServer {fmt(mmed)} (parallel_workers {infer['mlserver_workers']}) — **{fmt_ratio(r)}**,"
            f" goal ≥ {GOAL_INFER_VS_MLSERVER:g}×: **{verdict(r, GOAL_INFER_VS_MLSERVER)}**"]


def render_health(add, args, health: dict, thread_flag: str | None) -> list[str]:
    add("## Health: `GET /v2/health/live` vs nginx static file")
    add("")
    threads = health["threads"]
    how = (f"set with `{thread_flag} {threads}`" if thread_flag
           else "one NIO event loop, fixed: `gauntlet serve` has no option for it")
    add(f"gauntlet serve event-loop threads: {threads} ({how}); nginx workers: "
        f"{', '.join(map(str, health['nginx_workers']))} (a 13-byte file, `access_log off`, keep-alive, as in"
        f" nginx_compare.py). The goal compares with nginx at {threads} worker(s), the same count.")
    add("")
    add("```sh")
    add(health["commands"]["gauntlet serve"])
    add(health["commands"]["load"] + "   # URL: …/v2/health/live or nginx's …/index.html")
    add("```")
    add("")
    all_runs = [(i, r) for i, pair in enumerate(health["pairs"], 1) for r in pair]
    pair_index = {id(r): i for i, r in all_runs}
    run_rows(add, [r for _, r in all_runs], lambda r: pair_index[id(r)], unit="req/s")
    add("")
    sides = ["gauntlet serve"] + [f"nginx {w}w" for w in health["nginx_workers"]]
    med = {s: median([r.rate for _, r in all_runs if r.side == s and r.valid]) for s in sides}
    add("| median | req/s | gauntlet serve ÷ it |")
    add("|---|---:|---:|")
    for s in sides:
        add(f"| {s} | {fmt(med[s])} | {'–' if s == 'gauntlet serve' else fmt_ratio(ratio(med['gauntlet serve'], med[s]))} |")
    add("")
    same = f"nginx {threads}w"
    r = ratio(med["gauntlet serve"], med[same])
    out = [f"- Health: gauntlet serve {fmt(med['gauntlet serve'])} req/s vs {same} {fmt(med[same])} —"
           f" **{fmt_ratio(r)}**, goal ≥ {GOAL_HEALTH_VS_NGINX:g}×: **{verdict(r, GOAL_HEALTH_VS_NGINX)}**"]
    if same != "nginx 2w":
        out.append(f"  (vs nginx 2w: {fmt_ratio(ratio(med['gauntlet serve'], med['nginx 2w']))})")
    return out


def render_allocator(add, args, alloc: dict) -> list[str]:
    add("## Allocator: jemalloc vs glibc malloc")
    add("")
    if alloc.get("skipped"):
        add(f"Skipped: {alloc['skipped']}.")
        add("")
        return [f"- Allocator: skipped ({alloc['skipped']})"]
    add(f"- jemalloc side: `{alloc['jemalloc_bin']}` ({alloc['jemalloc_alloc']} per ldd)")
    add(f"- glibc side: `{alloc['glibc_bin']}` ({alloc['glibc_alloc']} per ldd)")
    add(f"- load: infer `{MODEL}`, {ALLOCATOR_CONCURRENCY} in flight; a fresh `gauntlet serve --port 0 --models models`"
        " per run; RSS idle = after start-up and the sanity requests, RSS median/max = sampled every 100 ms"
        " during the run, peak = VmHWM at the end")
    for note in alloc.get("notes", []):
        add(f"- ⚠ {note}")
    add("")
    add("| pair | allocator | infer/s | p99 ms | errors | RSS idle MiB | RSS median MiB | RSS max MiB | peak (VmHWM) MiB | server CPU µs/req |")
    add("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    mib = lambda k: None if k is None else k / 1024  # noqa: E731
    for i, pair in enumerate(alloc["pairs"], 1):
        for r in pair:
            x = r.extra
            add(f"| {i} | {r.side} | {fmt(r.rate)} | {fmt(r.p99_ms, 2)} | {r.errors}{'' if r.valid else ' ⚠'}"
                f" | {fmt(mib(x['rss_idle_kib']))} | {fmt(mib(x['rss_median_kib']))} | {fmt(mib(x['rss_max_kib']))}"
                f" | {fmt(mib(x['vmhwm_kib']))} | {fmt(x.get('server_us_per_request'), 0)} |")
    add("")
    runs = [r for pair in alloc["pairs"] for r in pair]
    med = {}
    for side in ("jemalloc", "glibc"):
        rs = [r for r in runs if r.side == side and r.valid]
        med[side] = (median([r.rate for r in rs]), median([mib(r.extra["vmhwm_kib"]) for r in rs]),
                     median([mib(r.extra["rss_median_kib"]) for r in rs]))
    add("| median | infer/s | peak RSS MiB | RSS during run MiB |")
    add("|---|---:|---:|---:|")
    for side in ("jemalloc", "glibc"):
        add(f"| {side} | {fmt(med[side][0])} | {fmt(med[side][1])} | {fmt(med[side][2])} |")
    add(f"| jemalloc ÷ glibc | {fmt_ratio(ratio(med['jemalloc'][0], med['glibc'][0]))}"
        f" | {fmt_ratio(ratio(med['jemalloc'][1], med['glibc'][1]))} | {fmt_ratio(ratio(med['jemalloc'][2], med['glibc'][2]))} |")
    add("")
    return [f"- Allocator: jemalloc {fmt(med['jemalloc'][0])} infer/s, peak RSS {fmt(med['jemalloc'][1])} MiB;"
            f" glibc {fmt(med['glibc'][0])} infer/s, peak RSS {fmt(med['glibc'][1])} MiB"
            f" (throughput {fmt_ratio(ratio(med['jemalloc'][0], med['glibc'][0]))},"
            f" peak RSS {fmt_ratio(ratio(med['jemalloc'][1], med['glibc'][1]))})"]


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except (RuntimeError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        log(f"error: {e}")
        sys.exit(1)
