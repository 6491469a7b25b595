"""Gunicorn on loopback, started the way production starts it, for the load benches.

With the repository's ``gunicorn.conf.py`` (``-c``), as production runs; on a free
loopback port, with a fixed secret key (every worker must read the same session
cookies), behind a "proxy" (``DECISIONAID_PROXIES=1``, so each simulated person is told
apart by ``X-Forwarded-For``), and without gunicorn's control socket (one path would be
shared by every instance).
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "gunicorn.conf.py"
START_SECONDS = 90
STOP_SECONDS = 30


@dataclass(frozen=True)
class Server:
    base_url: str
    master_pid: int
    log: Path
    settings: str
    """How gunicorn was configured, for the report."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(app: str, port: int) -> tuple[list[str], str]:
    """The command line, and how it is configured in words."""
    settings, configured = ["-c", str(CONFIG_FILE)], f"-c {CONFIG_FILE.name}"
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        *settings,
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        app,
    ]
    return command, configured


def _wait_until_up(base_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log.read_text()}")
        connection = http.client.HTTPConnection(urllib.parse.urlsplit(base_url).netloc, timeout=5)
        try:
            connection.request("GET", "/")
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.25)
        finally:
            connection.close()
    raise RuntimeError(f"gunicorn did not answer within {START_SECONDS} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen, descendants: set[int]) -> None:
    """Stop gunicorn gracefully (SIGTERM to the master), then any of its workers or
    renderers still running, each by its PID."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_SECONDS)
    for pid in descendants:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@contextmanager
def served_by_gunicorn(app: str = "wsgi:app") -> Iterator[Server]:
    """``app`` (``module:variable``) served by gunicorn until the block ends."""
    port = free_port()
    command, configured = gunicorn_command(app, port)
    environment = {
        **os.environ,
        "DECISIONAID_SECRET_KEY": secrets.token_hex(32),
        "DECISIONAID_PROXIES": "1",
        "PYTHONPATH": str(ROOT),
    }
    with tempfile.TemporaryDirectory(prefix="bench-gunicorn-") as folder:
        log = Path(folder, "gunicorn.log")
        with log.open("w") as stream:
            process = subprocess.Popen(  # noqa: S603 (our own command line)
                command, cwd=ROOT, env=environment, stdout=stream, stderr=subprocess.STDOUT
            )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_up(base_url, process, log)
            yield Server(base_url, process.pid, log, configured)
        finally:
            _stop(process, {pid for pid, _ in descendants(process.pid)})
            if process.returncode not in (0, -signal.SIGTERM):
                print(f"gunicorn exited with {process.returncode}", file=sys.stderr)


def _parents() -> dict[int, int]:
    """Every process's parent, from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        # The command name, in parentheses, may itself hold spaces or parentheses.
        fields = text[text.rindex(")") + 2 :].split()
        parents[int(stat.parent.name)] = int(fields[1])
    return parents


def descendants(master_pid: int) -> list[tuple[int, int]]:
    """Each descendant of ``master_pid`` with its depth (1: a worker, 2: a worker's child,
    such as a PDF renderer), workers first."""
    parents = _parents()
    found, generation, depth = [], {master_pid}, 0
    while generation and depth < 4:
        depth += 1
        generation = {pid for pid, parent in parents.items() if parent in generation}
        found.extend((pid, depth) for pid in sorted(generation))
    return found


def resident_kb(pid: int) -> int | None:
    """A process's resident memory (VmRSS), or None if it has ended."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def machine() -> str:
    """Cores, CPU model and load average, for the report."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"{os.cpu_count()} cores, {model}; load average {load}"
