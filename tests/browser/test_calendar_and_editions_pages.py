"""The calendar of sittings and the editions, reached from the footer, at a desk and on a phone."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from courrier.parliament.factories import SittingPeriodFactory
from tests.browser.conftest import PHONE
from tests.browser.steps import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def sittings(home):
    today = datetime.date.today()
    SittingPeriodFactory(starts_on=today.replace(day=1), ends_on=today.replace(day=28))


def walk_from_the_footer(page, shot, width: str) -> None:
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Calendrier parlementaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendrier parlementaire")
    expect(page.locator(".month__day--sitting").first).to_be_visible()
    fits_the_screen(page)
    shot(f"01-calendrier-{width}")
    page.get_by_role("contentinfo").get_by_role("link", name="Éditions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Éditions")
    expect(page.get_by_role("heading", name="LCP-LAG")).to_be_visible()
    fits_the_screen(page)
    shot(f"02-editions-{width}")


def test_at_a_desk(sittings, page, shot):
    walk_from_the_footer(page, shot, "bureau")


class TestOnAPhone:
    @pytest.fixture
    def viewport(self) -> dict[str, int]:
        return PHONE

    def test_on_a_phone(self, sittings, page, shot):
        walk_from_the_footer(page, shot, "telephone")
