"""A staff member logs in, writes an article in the Wagtail editor, publishes it and reads it on the site."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courrier.accounts.factories import DEFAULT_PASSWORD
from courrier.licensing.factories import TrialRequestFactory
from courrier.newsroom.factories import CategoryFactory, SectionPageFactory
from courrier.newsroom.models import ArticlePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Le Conseil des ministres adopte un décret sur les données ouvertes"
LEAD = "Les ministères devront publier leurs jeux de données d'office."
BODY = "Passage réservé aux abonnés : le décret entre en vigueur le 1er avril."


@pytest.fixture
def rubrique(home):
    CategoryFactory(name="Cybersécurité-Numérique", slug="cybersecurite-numerique")
    CategoryFactory(name="Santé", slug="sante")
    return SectionPageFactory(
        parent=home, title="Derrière les décrets", slug="derriere-les-decrets", show_in_menus=True
    )


def test_staff_writes_and_publishes_an_article(rubrique, staff, page, shot):
    TrialRequestFactory(organization_name="Société de transport de Lévis", contact_name="Julie Bergeron")
    page.goto("/")
    page.get_by_role("navigation", name="Compte").get_by_role("link", name="Connexion").click()
    page.wait_for_url(re.compile(r"/connexion/\?next=/$"))
    page.get_by_label("Adresse courriel").fill(staff.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    shot("01-connexion")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"://[^/]+/$"))  # back on the home page it came from
    account = page.get_by_role("navigation", name="Compte")
    expect(account).to_contain_text(staff.get_full_name())

    account.get_by_role("link", name="Administration").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    # The newsroom's morning first: editions, subscribers, sends, the Gazette.
    for heading in ("Éditions d'aujourd'hui et de demain", "Derniers envois", "Gazette officielle, Partie 2"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Demande d'essai à traiter (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Société de transport de Lévis")).to_be_visible()
    shot("02-administration")

    # The rubrique's listing in the page explorer, then its "add child page" action.
    page.goto(f"/admin/pages/{rubrique.id}/")
    page.get_by_role("link", name="Ajouter une sous-page").click()
    page.wait_for_url(re.compile(r"/admin/pages/add/newsroom/articlepage/\d+/$"))

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_lead").fill(LEAD)

    # Category is a snippet: chosen in a modal.
    page.locator("#id_category-chooser").get_by_role("button", name="Choisir catégorie").click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("link", name="Cybersécurité-Numérique").click()
    expect(page.locator("#id_category-title")).to_have_text("Cybersécurité-Numérique")

    # StreamField body: "+" → "Paragraphe" → type into Draftail.
    body = page.locator("#body-root")
    body.get_by_role("button", name="Insérer un bloc").click()
    page.get_by_role("option", name="Paragraphe").click()
    editor = body.locator(".public-DraftEditor-content")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type(BODY)
    expect(editor).to_contain_text(BODY)
    # Draftail saves its state into the block's hidden input after a short debounce.
    expect(body.locator("input[name='body-0-value']")).to_have_value(re.compile("réservé aux abonnés"))
    shot("03-editeur")

    page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{rubrique.id}/$"))
    expect(page.locator(".messages")).to_contain_text(TITLE)
    shot("04-publie")

    article = ArticlePage.objects.get(title=TITLE)
    assert article.live
    assert article.category.slug == "cybersecurite-numerique"

    page.goto("/")
    latest = page.locator(".home__latest")
    expect(latest.get_by_role("link", name=TITLE)).to_be_visible()
    shot("05-accueil")

    latest.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(rf"/derriere-les-decrets/{article.slug}/$"))
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main.locator(".article__body")).to_contain_text(BODY)
    expect(main.locator(".licence-wall")).to_have_count(0)
    shot("06-article-complet")
