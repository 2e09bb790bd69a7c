"""Fixtures shared by every test: a site whose root is Courrier's home page.

`--clock 2027-03-14T02:00` (or COURRIER_TEST_CLOCK) runs the whole suite as if it
were that moment in Montréal, the clock ticking from there: the suite must pass at
any hour and on any date (`make test-clocks` runs it under the awkward ones).
"""

from __future__ import annotations

import datetime
import os
import re
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from wagtail.models import Page, Site

from courrier.accounts.factories import UserFactory
from courrier.core.page_cache import _generation_memo, _here_memo
from courrier.licensing.entitlements import _ip_ranges_memo
from courrier.newsroom.factories import CategoryFactory, HomePageFactory, SectionPageFactory

MONTREAL = zoneinfo.ZoneInfo("America/Montreal")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=os.environ.get("COURRIER_TEST_CLOCK", ""),
        help="run the suite from this moment (ISO 8601, Montréal time unless an offset is given)",
    )


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("--clock")
    if not value:
        return
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=MONTREAL)
    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


def sqlite_test_file() -> Path | None:
    """This run's SQLite test database (settings.test), or None on PostgreSQL."""
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    return Path(name) if name else None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remove the SQLite files that runs killed before their end left behind (they live in RAM)."""
    path = sqlite_test_file()
    if path is None:
        return
    for leftover in path.parent.glob("courrier-test-*.sqlite3*"):
        owner = re.match(r"courrier-test-(\d+)", leftover.name)
        if owner and not process_is_alive(int(owner.group(1))):
            leftover.unlink(missing_ok=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    path = sqlite_test_file()
    if path is not None:
        for part in path.parent.glob(f"{path.name}*"):
            part.unlink(missing_ok=True)


def process_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def django_db_keepdb(request: pytest.FixtureRequest) -> bool:
    """`--reuse-db` keeps PostgreSQL's test database between runs; SQLite's is one file per run."""
    return sqlite_test_file() is None and bool(request.config.getvalue("reuse_db"))


def pytest_report_header(config: pytest.Config) -> str | None:
    value = config.getoption("--clock")
    return f"clock: the suite starts at {value} (Montréal)" if value else None


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request in English leaves English active in its thread
    (LocaleMiddleware activates, nothing deactivates), and code run outside a request would speak it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    for store in caches.all():
        store.clear()
    _ip_ranges_memo.clear()
    _generation_memo.clear()
    _here_memo.clear()
    yield
    for store in caches.all():
        store.clear()
    _ip_ranges_memo.clear()
    _generation_memo.clear()
    _here_memo.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Message DU gouvernement", slug="message-du-gouvernement")


@pytest.fixture
def category(db):
    return CategoryFactory(name="Cybersécurité-Numérique", slug="cybersecurite-numerique")


@pytest.fixture
def staff(db):
    return UserFactory(staff=True)


@pytest.fixture
def reader(db):
    return UserFactory()
