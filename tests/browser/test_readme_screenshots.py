"""The README's screenshots, taken on the demo content at a laptop's width and a phone's: the home page and an
article as a reader, the morning edition's email, and Mon organisation.

`make screenshots` writes them to docs/screenshots/ (committed); the suite writes them to test-artifacts/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from courrier.editions.email import render_edition
from courrier.editions.models import Edition
from courrier.newsroom.models import ArticlePage
from courrier.operations.demo import PASSWORD_VARIABLE, load_demo
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOT_DIR
from tests.browser.steps import fits_the_screen, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Un-mot-de-passe-de-demo-42"
WIDTHS = {"1280": DESKTOP, "390": PHONE}


def target() -> Path:
    chosen = os.environ.get("COURRIER_SCREENSHOTS_DIR")
    path = Path(chosen) if chosen else SCREENSHOT_DIR / "readme"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    load_demo()


def test_the_readme_screenshots(demo, page, live_server):
    browser = page.context.browser
    article = ArticlePage.objects.live().order_by("-published_at").first()
    edition = Edition.objects.order_by("-date").first()
    email = render_edition(edition).html
    for width, viewport in WIDTHS.items():
        reader = browser.new_context(base_url=live_server.url, locale="fr-CA", viewport=viewport)
        tab = reader.new_page()
        log_in(tab, "lecteur@mcn.gouv.qc.ca", "/", password=PASSWORD)
        expect(tab.locator("main")).to_contain_text(article.title)
        fits_the_screen(tab)
        tab.screenshot(path=str(target() / f"accueil-{width}.png"))
        tab.goto(article.url)
        expect(tab.locator(".article__body")).to_be_visible()
        fits_the_screen(tab)
        tab.screenshot(path=str(target() / f"article-{width}.png"))
        tab.goto("about:blank")  # out of the site: its Content-Security-Policy would refuse the email's inline styles
        tab.set_content(email)
        tab.screenshot(path=str(target() / f"edition-courriel-{width}.png"))
        reader.close()

        administrator = browser.new_context(base_url=live_server.url, locale="fr-CA", viewport=viewport)
        tab = administrator.new_page()
        log_in(tab, "responsable@mcn.gouv.qc.ca", "/mon-organisation/", password=PASSWORD)
        expect(tab.locator("table.members").first).to_be_visible()
        fits_the_screen(tab)
        tab.screenshot(path=str(target() / f"mon-organisation-{width}.png"))
        administrator.close()
