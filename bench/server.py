"""The production web server on loopback, started and stopped around the load.

Launched exactly as `courrier serve` launches its web process (granian, WSGI),
without the task worker and scheduler, which would compete for the CPU.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.environment import PROJECT_DIR, BenchError

HOST = "127.0.0.1"
READY_PATH = "/sante/"
READY_TIMEOUT_SECONDS = 60
STOP_GRACE_SECONDS = 10


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def granian_command(port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--no-ws",
        "courrier.wsgi:application",
    ]


def get(port: int, path: str, timeout: float = 30, cookie: str | None = None) -> tuple[int, bytes]:
    """One plain GET, redirects not followed: (status, body)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Accept-Encoding": "identity"} | ({"Cookie": cookie} if cookie else {})
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _tail(path: Path, characters: int = 3000) -> str:
    return path.read_text(errors="replace")[-characters:] if path.exists() else ""


def wait_until_ready(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"The web server exited (status {process.returncode}):\n{_tail(log_path)}")
        try:
            status, _ = get(port, READY_PATH, timeout=2)
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
        raise BenchError(f"{READY_PATH} answered {status}:\n{_tail(log_path)}")
    raise BenchError(f"The web server did not answer {READY_PATH} within {READY_TIMEOUT_SECONDS} s.")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's whole process group, SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()


@contextmanager
def running_server(env: dict[str, str], var_dir: Path, workers: int, threads: int) -> Iterator[int]:
    """Start granian on a free loopback port, yield the port, always stop it."""
    port = free_port()
    log_path = var_dir / "server.log"
    with log_path.open("wb") as log:
        # Its own session: a Ctrl-C reaches us, and we stop it in order.
        process = subprocess.Popen(
            granian_command(port, workers, threads),
            env=env,
            cwd=PROJECT_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_ready(process, port, log_path)
            yield port
        finally:
            stop(process)
