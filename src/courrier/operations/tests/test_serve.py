"""`courrier serve` on an empty var dir: migrates, loads the demo, serves, and stops cleanly on Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

SEED_ARTICLE = "/message-du-gouvernement/gouvernement-ouvert-lancement-du-plan-daction-2021-2023/"
STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "serve exited during start-up"
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail("serve did not answer in time")


@pytest.fixture
def served(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}},
        "COURRIER_VAR_DIR": str(tmp_path),
        "COURRIER_DEMO_PASSWORD": "demo-serve-test",
        "PORT": str(port),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "courrier", "serve", "--web-workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/sante/", process)
        yield base, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_serve_runs_the_site_with_demo_content_and_stops_on_ctrl_c(served):
    base, process = served
    status, home = fetch(base + "/")
    assert status == 200
    assert "Gouvernement ouvert : lancement du plan d&#x27;action 2021-2023" in home or "Gouvernement ouvert" in home

    status, article = fetch(base + SEED_ARTICLE)
    assert status == 200
    assert "Désolé, pour naviguer dans notre site, il faut détenir une licence/abonnement." in article
    assert "Je n&#x27;ai aucun doute" not in article and "Je n'ai aucun doute" not in article

    status, _css = fetch(base + "/static/core/site.css")
    assert status == 200

    os.killpg(process.pid, signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "Courrier est en marche" in output
    assert output.count("Administration :") == 1, "the welcome, with where to log in, is printed once"
    assert "Task id=" not in output, "the task worker's line per task is for LOG_LEVEL=DEBUG"
    assert "redaction@courrier.local" in output
    assert "responsable@mcn.gouv.qc.ca" in output
    assert "demo-serve-test" not in output, "a chosen password is never printed"
    assert "Courrier est arrêté." in output
