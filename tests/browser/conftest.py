"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's browsers are never downloaded (`playwright install` is not run):
the tests launch the system Chromium and are skipped, with the reason, when
it is absent. Screenshots of every key step land in test-artifacts/screenshots/.

Playwright is started per test, after the database fixtures: its sync API
keeps an asyncio loop running in this thread, and Django then gives the test
code other connection objects (per async context) than the ones the test
database was created and serialized on; starting it last keeps pytest-django's
setup and teardown (serialized rollback, flush) on the original connections.

Each test's database is a SQLite file in WAL mode (`database_file`), served by a live server
whose threads each open their own connection, as in the embedded default.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

from courrier.mailing.tests.conftest import shared_database

__all__ = ["shared_database"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, each of whose threads opens its own database connection, as the real
    server's do: never the test's one in-memory connection shared by every thread at once."""
    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    server.thread.connections_override.clear()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def database_file(request: pytest.FixtureRequest) -> str:
    """SQLite in a file in WAL mode, as the embedded default runs it, rather than in memory.

    In memory, the live server's threads share one cache whose table locks fail at once
    ("database table is locked", no busy timeout, no WAL): requests the browser sends side by
    side (the Wagtail editor's ping beside *Publier*) then failed with HTTP 500 on a busy
    machine. On a file, each connection waits its turn as it does in production.
    """
    return str(request.getfixturevalue("shared_database"))


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """Keep each phase's report on the item, so the page fixture can tell a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(live_server, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh headless Chromium tab on the live server, in French, desktop-sized."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    # The test's own ORM calls run while Playwright's loop is running; they are
    # synchronous all the same, so Django's async-safety guard must stand aside.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=live_server.url,
            locale="fr-CA",
            timezone_id="America/Montreal",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        tab = context.new_page()
        failure_shot = screenshot_path(request, "echec")
        failure_shot.unlink(missing_ok=True)  # from an earlier run
        yield tab
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            screenshot(tab, request, "echec")
        context.close()
        browser.close()


@pytest.fixture
def shot(page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """`shot("step")` saves a full-page screenshot as <test>-<step>.png."""

    def take(step: str) -> Path:
        return screenshot(page, request, step)

    return take


def screenshot_path(request: pytest.FixtureRequest, step: str) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    return SCREENSHOT_DIR / f"{name}-{step}.png"


def screenshot(page, request: pytest.FixtureRequest, step: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = screenshot_path(request, step)
    page.screenshot(path=str(path), full_page=True)
    return path
