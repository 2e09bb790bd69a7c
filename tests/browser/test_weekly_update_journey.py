"""Cette semaine au Parlement: an editor adds a dated update to the week's edition and emails it; a reader finds it
on the week's page, above Monday's edition."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from courrier.accounts.factories import UserFactory
from courrier.editions import actions, sending
from courrier.editions.models import Edition, Publication
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory
from tests.browser.steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UPDATE = "Le budget est déposé"
TEXT = "Le ministre des Finances a déposé son budget à 16 h ; les oppositions réagiront demain."


@pytest.fixture
def weekly_edition(section, category) -> Edition:
    """The week's edition, already sent on Monday to two readers."""
    mcn = make_subscriber()
    for n in range(2):
        ReaderFactory(organization=mcn, email=f"lecteur{n}@mcn.gouv.qc.ca", first_name="Camille")
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    article = ArticlePageFactory(parent=section, category=category, title="La semaine s'ouvre au Salon rouge")
    edition = actions.open_edition(
        publication=Publication.objects.get(key="cette-semaine"), date=monday, articles=[article]
    )
    sending.send_edition(edition=actions.mark_ready(edition=edition))
    sending.close_sent_editions()
    mail.outbox.clear()
    return Edition.objects.get(pk=edition.pk)


def test_editor_adds_an_update_that_readers_receive_and_find_on_the_weeks_page(weekly_edition, page, shot):
    editor = UserFactory(staff=True)
    compose = f"/admin/editions/edit/{weekly_edition.pk}/"
    log_in(page, editor.email, compose)

    page.get_by_label("Titre").fill(UPDATE)
    page.get_by_label("Texte").fill(TEXT)
    page.get_by_label("Envoyer par courriel aux abonnés").check()
    shot("01-mise-a-jour")
    page.get_by_role("button", name="Publier la mise à jour").click()
    expect(page.get_by_text("Mise à jour publiée ; son envoi par courriel a commencé.")).to_be_visible()
    expect(page.locator("#mises-a-jour")).to_contain_text(UPDATE)
    shot("02-mise-a-jour-publiee")
    subscribers = ["lecteur0@mcn.gouv.qc.ca", "lecteur1@mcn.gouv.qc.ca"]
    assert sorted(address for message in mail.outbox for address in message.to) == subscribers
    assert UPDATE in mail.outbox[0].subject

    page.context.clear_cookies()
    log_in(page, "lecteur0@mcn.gouv.qc.ca", weekly_edition.get_absolute_url())
    updates = page.locator("main")
    expect(updates).to_contain_text("Mises à jour")
    expect(updates).to_contain_text(UPDATE)
    expect(updates).to_contain_text(TEXT)
    expect(updates).to_contain_text("La semaine s'ouvre au Salon rouge")
    shot("03-page-de-la-semaine")
