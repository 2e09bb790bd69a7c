"""An editor opens the morning edition, previews it as a reader, sends it and watches the progress reach 100 %."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from courrier.accounts.factories import DEFAULT_PASSWORD, UserFactory
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Le Conseil des ministres adopte le plan numérique"
# A Tuesday morning in session: the article published "now" belongs to Wednesday's LCP-LAG,
# whose window opens today at 06:30 (before 06:30 it would belong to today's edition).
TUESDAY_MORNING = datetime.datetime(2026, 11, 10, 9, 15, tzinfo=zoneinfo.ZoneInfo("America/Montreal"))


@pytest.fixture
def clock():
    with time_machine.travel(TUESDAY_MORNING, tick=True):
        yield


@pytest.fixture
def newsroom(clock, home):
    rubrique = SectionPageFactory(
        parent=home, title="Message DU gouvernement", slug="message-du-gouvernement", show_in_menus=True
    )
    category = CategoryFactory(name="Cybersécurité-Numérique", slug="cybersecurite-numerique")
    ArticlePageFactory(parent=rubrique, category=category, title=TITLE, published_at=timezone.now())
    mcn = make_subscriber()
    for n in range(3):
        ReaderFactory(organization=mcn, email=f"lecteur{n}@mcn.gouv.qc.ca", first_name="Camille", last_name=f"Roy{n}")


def test_editor_composes_previews_and_sends_the_morning_edition(newsroom, page, shot):
    editor = UserFactory(staff=True)
    page.goto("/connexion/?next=/admin/editions/")
    page.get_by_label("Adresse courriel").fill(editor.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/admin/editions/$"))

    page.get_by_role("link", name=re.compile("Nouvelle édition|Ajouter")).first.click()
    page.get_by_label("LCP-LAG").check()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Date de l'édition").fill(tomorrow.isoformat())
    shot("01-nouvelle-edition")
    # From the keyboard: Wagtail's date picker stays open over the button for the mouse.
    page.get_by_role("button", name="Ouvrir l'édition").press("Enter")
    page.wait_for_url(re.compile(r"/admin/editions/edit/\d+/$"))
    expect(page.locator("main")).to_contain_text(TITLE)
    shot("02-composition")

    page.get_by_role("button", name="Prête").click()
    expect(page.get_by_text("L'édition est prête.")).to_be_visible()

    page.get_by_role("link", name="Aperçu du courriel").first.click()
    preview = page.frame_locator("iframe")
    expect(preview.get_by_role("link", name=TITLE)).to_be_visible()
    expect(preview.get_by_text("Camille", exact=False).first).to_be_visible()
    shot("03-apercu")
    page.go_back()

    page.get_by_role("link", name="Envoyer maintenant").click()
    expect(page.locator("main")).to_contain_text("3 personnes reçoivent LCP-LAG")
    expect(page.locator("main")).to_contain_text(TITLE)
    shot("04-confirmer-l-envoi")
    page.get_by_role("button", name="Envoyer à 3 personnes").click()
    expect(page.get_by_text("L'envoi a commencé.")).to_be_visible()
    expect(page.locator("#sending-percent")).to_have_text("100 %")
    expect(page.locator("#sending-sent")).to_have_text("3")
    expect(page.locator("main")).to_contain_text("ENVOYÉE", ignore_case=True)
    shot("05-envoi-termine")
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "lecteur0@mcn.gouv.qc.ca",
        "lecteur1@mcn.gouv.qc.ca",
        "lecteur2@mcn.gouv.qc.ca",
    ]
