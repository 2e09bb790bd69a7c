"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's browsers are never downloaded (`playwright install` is not run):
the tests launch the system Chromium and are skipped, with the reason, when
it is absent. Screenshots of every key step land in test-artifacts/screenshots/.

Playwright is started per test, after the database fixtures: its sync API
keeps an asyncio loop running in this thread, and Django then gives the test
code other connection objects (per async context) than the ones the test
database was created and serialized on; starting it last keeps pytest-django's
setup and teardown (serialized rollback, flush) on the original connections.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

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
# Chromium's first navigation starts its renderer and network processes: on a saturated machine that
# alone once took longer than TIMEOUT_MS, before our server had been asked anything.
WARM_UP_TIMEOUT_MS = 60_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Runs in every document before its own scripts (Playwright injects it outside the page's CSP).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolation({
        page: document.location.href,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: event.sourceFile + ":" + event.lineNumber,
        sample: event.sample,
    });
});
"""


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
def csp_violations() -> list[dict | str]:
    """What the Content-Security-Policy blocked in this test's tab: any entry fails the test."""
    return []


@pytest.fixture
def viewport() -> dict[str, int]:
    """The tab's size: a desktop's, unless a module overrides this fixture (a phone's is PHONE)."""
    return DESKTOP


@pytest.fixture
def page(
    live_server,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    csp_violations: list[dict | str],
    viewport: dict[str, int],
) -> Iterator[object]:
    """A fresh headless Chromium tab on the live server, in French, sized by the `viewport` fixture.

    Whatever the journey, a script or style the Content-Security-Policy blocks fails it: a
    page that works only without the policy is broken in production."""
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
            viewport=viewport,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.expose_binding("cspViolation", lambda _source, report: csp_violations.append(report))
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        tab = context.new_page()
        tab.on(
            "console",
            lambda message: csp_violations.append(message.text) if "Content Security Policy" in message.text else None,
        )
        tab.goto("/sante/", timeout=WARM_UP_TIMEOUT_MS)
        failure_shot = screenshot_path(request, "echec")
        failure_shot.unlink(missing_ok=True)  # from an earlier run
        yield tab
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            screenshot(tab, request, "echec")
        context.close()
        browser.close()
        if report is not None and report.passed and csp_violations:
            pytest.fail(f"the Content-Security-Policy blocked: {csp_violations}")


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
