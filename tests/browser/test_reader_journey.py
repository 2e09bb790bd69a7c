"""An anonymous reader browses from the home page to an article and meets the licence wall."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LICENCE_MESSAGE = "Désolé, pour naviguer dans notre site, il faut détenir une licence/abonnement."
BODY = "Texte réservé aux abonnés : le ministre précise le calendrier."


@pytest.fixture
def newsroom(home):
    decrees = SectionPageFactory(
        parent=home, title="Derrière les décrets", slug="derriere-les-decrets", show_in_menus=True
    )
    message = SectionPageFactory(
        parent=home, title="Message DU gouvernement", slug="message-du-gouvernement", show_in_menus=True
    )
    cyber = CategoryFactory(name="Cybersécurité-Numérique", slug="cybersecurite-numerique")
    health = CategoryFactory(name="Santé", slug="sante")
    article = ArticlePageFactory(
        parent=message,
        category=cyber,
        title="Gouvernement ouvert : lancement d'un portail de données",
        lead="Le ministre de la Cybersécurité et du Numérique lance un portail de données ouvertes.",
    )
    ArticlePageFactory(parent=decrees, category=health, title="Un décret modifie le régime des médecins")
    return {"rubrique": message, "article": article}


def test_anonymous_reader_meets_the_licence_wall(newsroom, page, shot):
    article = newsroom["article"]

    page.goto("/")
    expect(page.get_by_role("heading", name="Les dernières nouvelles")).to_be_visible()
    # The site's stylesheet is served (WhiteNoise/staticfiles) and applied: the masthead has its blue rule.
    expect(page.locator(".masthead")).to_have_css("border-bottom-width", "3px")
    shot("01-accueil")

    header_nav = page.get_by_role("navigation", name="Rubriques")
    header_nav.get_by_role("link", name="Message DU gouvernement").click()
    page.wait_for_url(re.compile(r"/message-du-gouvernement/$"))
    expect(page.get_by_role("heading", level=1, name="Message DU gouvernement")).to_be_visible()
    shot("02-rubrique")

    page.get_by_role("link", name=article.title).click()
    page.wait_for_url(re.compile(rf"/{article.slug}/$"))
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(main.locator(".article__lead")).to_contain_text(article.lead)
    expect(main.locator(".article__section")).to_have_text("Message DU gouvernement")
    expect(main.locator(".article__meta")).to_contain_text("Paru le")
    expect(main.locator(".article__meta")).to_contain_text("Cybersécurité-Numérique")
    expect(main.get_by_text(LICENCE_MESSAGE)).to_be_visible()
    expect(page.get_by_text(BODY)).to_have_count(0)
    assert "Cabinet du ministre" not in page.content()
    shot("03-article-mur")
