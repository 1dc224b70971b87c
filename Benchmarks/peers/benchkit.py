"""What the benchmark scripts share: logging, durations, ports, versions, and a throwaway nginx.

Python 3 standard library only. The scripts import it from their own folder
(`python3 Benchmarks/peers/<script>.py` puts that folder on sys.path).
"""

from __future__ import annotations

import argparse
import os
import resource
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO / "Benchmarks" / "results"
HOST = "127.0.0.1"  # never send traffic anywhere else
NGINX_BODY = b"Hello, world\n"  # 13 bytes: the server is as cheap as possible


def log(msg: str) -> None:
    """Progress goes to stderr so stdout carries only the Markdown report."""
    print(msg, file=sys.stderr, flush=True)


def publish(report: str, name: str, stamp: str, save: bool) -> None:
    """The Markdown report to stdout and, unless told not to, to Benchmarks/results/<name>-<stamp>.md."""
    print(report)
    if save:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path = RESULTS_DIR / f"{name}-{stamp}.md"
        path.write_text(report)
        log(f"wrote {path.relative_to(REPO)}")


def parse_duration(text: str) -> int:
    """'10s', '2m' or '10' -> whole seconds (all three tools accept '<n>s')."""
    m = re.fullmatch(r"\s*(\d+)\s*(s|m)?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"bad duration {text!r}; use e.g. 10s or 2m")
    secs = int(m.group(1)) * (60 if m.group(2) == "m" else 1)
    if secs <= 0:
        raise argparse.ArgumentTypeError("duration must be positive")
    return secs


def free_port() -> int:
    """Ask the kernel for a free port. There is a small race between closing
    this socket and nginx binding it; nginx then fails loudly, which is fine."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (out.stdout + out.stderr).strip().splitlines()
    return text[0].strip() if text else "?"


def git_describe(path: Path) -> str:
    # GIT_OPTIONAL_LOCKS=0: --dirty must not refresh (write) the index of a work
    # tree someone else may be using (the measured binary's, e.g.).
    try:
        out = subprocess.run(["git", "-C", str(path), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=10,
                             env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
        return out.stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def resident_bytes(pid: int) -> int:
    """A process's resident memory (VmRSS) in bytes; 0 when /proc does not say."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def ensure_open_files(wanted: int) -> None:
    """Raises this process's open-file limit to `wanted` (children inherit it), or exits saying why not."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < wanted:
        sys.exit(f"this needs {wanted} open files; the hard limit is {hard} (ulimit -n)")


def alive(pid: int) -> bool:
    """True while pid runs. A daemonised nginx master is re-parented to init,
    which may take a while to reap it; a zombie counts as gone."""
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as f:
            # State is the field after the parenthesised command name.
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        return False
    except OSError:
        return True


class Nginx:
    """A throwaway nginx in a temp dir serving `body` as /index.html with `workers`
    worker processes. Use as a context manager: it is stopped (master pid from its
    pid file) on exit, errors included."""

    def __init__(
        self, workers: int = 2, body: bytes = NGINX_BODY, worker_connections: int = 4096, cpu: int | None = None
    ) -> None:
        self.workers = workers
        self.cpu = cpu  # pin master and workers to this CPU (taskset), or run them anywhere
        self.body = body
        self.worker_connections = worker_connections
        self.dir = Path(tempfile.mkdtemp(prefix="gauntlet-nginx-"))
        self.port = free_port()
        self.pid: int | None = None
        self.url = f"http://{HOST}:{self.port}/index.html"

    def _write_config(self) -> Path:
        d = self.dir
        # mkdtemp makes the dir 0700; when run as root, nginx's workers drop to
        # an unprivileged user and must still be able to read the file.
        d.chmod(0o755)
        (d / "www").mkdir(mode=0o755)
        (d / "www" / "index.html").write_bytes(self.body)
        (d / "tmp").mkdir()
        conf = d / "nginx.conf"
        # Every path nginx may write to points into our temp dir, so this
        # works without root and leaves nothing behind in /var.
        conf.write_text(f"""\
worker_processes {self.workers};
worker_rlimit_nofile {2 * self.worker_connections + 64};
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{
    worker_connections {self.worker_connections};
}}
http {{
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    default_type text/plain;
    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    server {{
        listen {HOST}:{self.port};
        root {d}/www;
    }}
}}
""")
        return conf

    def __enter__(self) -> "Nginx":
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _start(self) -> None:
        conf = self._write_config()
        # -e: nginx opens its default error log before reading the config,
        # which fails without root; point it at our dir from the start.
        # nginx daemonises by default: the command returns once the master
        # is running, and the master's pid is in the pid file.
        cmd = ["nginx", "-p", str(self.dir), "-e", str(self.dir / "error.log"), "-c", str(conf)]
        if self.cpu is not None:
            cmd = ["taskset", "-c", str(self.cpu)] + cmd
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        if res.returncode != 0:
            raise RuntimeError(f"nginx failed to start: {res.stderr.strip()}{self._error_log()}")
        pid_file = self.dir / "nginx.pid"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.pid is None and pid_file.exists():
                text = pid_file.read_text().strip()
                if text:
                    self.pid = int(text)
            if self.pid is not None and self._answers():
                return
            time.sleep(0.05)
        raise RuntimeError(f"nginx did not come up on {HOST}:{self.port}{self._error_log()}")

    def _answers(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as s:
                s.sendall(b"GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n")
                return s.recv(64).startswith(b"HTTP/1.1 200")
        except OSError:
            return False

    def _error_log(self) -> str:
        try:
            lines = (self.dir / "error.log").read_text().strip().splitlines()
        except OSError:
            return ""
        text = "\n".join(lines[-10:])
        return f"\n--- nginx error.log ---\n{text}" if text else ""

    def stop(self) -> None:
        if self.pid is not None:
            pid, self.pid = self.pid, None
            try:
                os.kill(pid, signal.SIGTERM)  # fast shutdown of master + workers
                # The master is not our child (nginx daemonised), so we cannot
                # wait() for it; poll until it is gone.
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    if not alive(pid):
                        break
                    time.sleep(0.05)
                else:
                    log(f"nginx (pid {pid}) ignored SIGTERM; sending SIGKILL")
                    os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
