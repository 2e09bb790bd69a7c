"""`courrier serve` refuses a port another server already listens on, instead of sharing it.

granian binds with SO_REUSEPORT, so a second server on the same port used to start
and silently take half the connections of the first.
"""

import os
import signal
import socket
import subprocess
import sys

import pytest

from courrier.operations.management.commands.serve import PortTaken, ensure_port_free


def listener(*, reuse_port: bool) -> socket.socket:
    """A socket listening on a free loopback port; with `reuse_port`, bound as granian binds."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


@pytest.mark.parametrize("reuse_port", [False, True], ids=["plain", "like-granian"])
def test_the_port_check_refuses_a_port_another_server_listens_on(reuse_port):
    with listener(reuse_port=reuse_port) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(PortTaken) as refused:
            ensure_port_free("127.0.0.1", port)
    assert f"Le port {port} est déjà utilisé" in str(refused.value)


def test_the_port_check_accepts_a_free_port():
    with listener(reuse_port=False) as probe:
        port = probe.getsockname()[1]
    ensure_port_free("127.0.0.1", port)


def test_serve_exits_with_a_clear_message_and_starts_nothing_when_its_port_is_taken(tmp_path):
    with listener(reuse_port=True) as taken:
        port = taken.getsockname()[1]
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}},
            "COURRIER_VAR_DIR": str(tmp_path),
            "PORT": str(port),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "courrier", "serve", "--web-workers", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            # It started beside the other server: stop it as Ctrl-C would (it stops its children).
            process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=60)
            pytest.fail(f"serve started on a taken port:\n{stdout}")
    assert process.returncode != 0
    assert f"Le port {port} est déjà utilisé sur 127.0.0.1" in stderr
    assert "Courrier est en marche" not in stdout
    assert not (tmp_path / "courrier.sqlite3").exists(), "nothing was migrated"
