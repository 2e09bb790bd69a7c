"""Under the Content-Security-Policy, the Wagtail admin and the site work with nothing blocked.

An editor opens the dashboard, edits an article (its publication date picker, its decree
chooser panel, its body in Draftail), previews the schedule dialog and publishes; a
subscriber then reads the article. Every CSP violation the browser reports — the
`securitypolicyviolation` event in any page or frame, or the console's "Refused to…"
message — fails the test (and every other journey: see `csp_violations` in conftest.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory
from courrier.newsroom.models import ArticlePage
from tests.browser.steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_TITLE = "Le Conseil des ministres adopte un décret sur les données ouvertes"
NEW_BODY = "Passage ajouté : le décret entre en vigueur le 1er avril."


@pytest.fixture
def article(home):
    rubrique = SectionPageFactory(
        parent=home, title="Derrière les décrets", slug="derriere-les-decrets", show_in_menus=True
    )
    category = CategoryFactory(name="Cybersécurité-Numérique", slug="cybersecurite-numerique")
    return ArticlePageFactory(parent=rubrique, category=category, title="Un titre provisoire")


def test_the_admin_and_the_site_work_under_the_policy_with_nothing_blocked(article, staff, page, csp_violations, shot):
    responses = []
    page.on("response", lambda response: responses.append(response))

    log_in(page, staff.email, "/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot("01-tableau-de-bord")

    page.goto(f"/admin/pages/{article.id}/edit/")
    page.locator("#id_title").fill(NEW_TITLE)
    # The publication date's picker (Wagtail's datetime widget) opens.
    page.locator("#id_published_at").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    page.keyboard.press("Escape")
    page.locator("#id_title").click()
    # The decree chooser panel (a MultipleChooserPanel) is initialised: its button opens the chooser.
    page.get_by_role("button", name=re.compile(r"Ajouter\s*:\s*décret")).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    page.get_by_role("dialog").get_by_role("button", name="Fermer").click()

    body = page.locator("#body-root")
    editor = body.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" " + NEW_BODY)
    expect(body.locator("input[name='body-0-value']")).to_have_value(re.compile("Passage ajouté"))
    shot("02-edition")

    page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".messages")).to_contain_text(NEW_TITLE)
    shot("03-publie")
    published = ArticlePage.objects.get(pk=article.pk)
    assert published.live and published.title == NEW_TITLE
    page.goto(published.url)
    expect(page.locator("main").get_by_role("heading", level=1)).to_have_text(NEW_TITLE)

    page.context.clear_cookies()
    reader = ReaderFactory(organization=make_subscriber(), email="camille.roy@mcn.gouv.qc.ca")
    log_in(page, reader.email, published.url)
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(main.locator(".article__body")).to_contain_text(NEW_BODY)
    # The site's stylesheet applies (style-src allows our own files).
    expect(page.locator(".masthead")).to_have_css("border-bottom-width", "3px")
    shot("04-article")

    html = [r for r in responses if r.request.resource_type == "document" and r.status == 200]
    assert html, "no page was loaded"
    for response in html:
        headers = response.all_headers()
        assert "script-src 'self'" in headers.get("content-security-policy", ""), response.url
        assert "camera=()" in headers.get("permissions-policy", ""), response.url
    assert csp_violations == []
