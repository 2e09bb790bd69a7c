"""An anonymous reader searches the archive from the header: accents do not matter, bodies never show."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SECRET = "Passage confidentiel réservé aux abonnés"


def body(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def articles(home):
    decrees = SectionPageFactory(
        parent=home, title="Derrière les décrets", slug="derriere-les-decrets", show_in_menus=True
    )
    said = SectionPageFactory(parent=home, title="Ce qu'ils ont dit", slug="ce-quils-ont-dit", show_in_menus=True)
    health = CategoryFactory(name="Santé", slug="sante")
    justice = CategoryFactory(name="Justice", slug="justice")
    return {
        "matching": [
            ArticlePageFactory(
                parent=decrees,
                category=health,
                title="Un décret modifie le régime des médecins",
                lead="Le Conseil des ministres adopte le décret 1329-2022.",
                body=body(SECRET),
            ),
            ArticlePageFactory(
                parent=said,
                category=justice,
                title="Le ministre défend son décret sur les tribunaux",
                lead="Le ministre de la Justice répond aux critiques du Barreau.",
                body=body(SECRET),
            ),
        ],
        "other": ArticlePageFactory(
            parent=said,
            category=justice,
            title="Budget : les crédits de la Justice augmentent",
            lead="Le ministre dépose les crédits de son ministère.",
            body=body(SECRET),
        ),
    }


def search_from_header(page, query: str) -> list[str]:
    box = page.get_by_role("search").get_by_role("searchbox", name="Rechercher")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q="))
    expect(page.locator(".result-count")).to_be_visible()
    return sorted(page.locator(".teaser__title").all_inner_texts())


def test_reader_searches_with_and_without_accents(articles, page, shot):
    expected = sorted(article.title for article in articles["matching"])

    page.goto("/")
    with_accent = search_from_header(page, "décret")
    assert with_accent == expected
    expect(page.locator(".result-count")).to_have_text("2 articles trouvés")
    expect(page.get_by_role("search").get_by_role("searchbox")).to_have_value("décret")
    expect(page.get_by_text(SECRET)).to_have_count(0)
    expect(page.get_by_text(articles["other"].title)).to_have_count(0)
    shot("01-decret-avec-accent")

    without_accent = search_from_header(page, "decret")
    assert without_accent == expected
    expect(page.get_by_text(SECRET)).to_have_count(0)
    shot("02-decret-sans-accent")
