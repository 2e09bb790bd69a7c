"""`/desinscription/`: anyone asks for a link by address; same answer whether or not we write to it; rate-limited."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from courrier.editions.models import Publication
from courrier.editions.recipients import recipients
from courrier.licensing.factories import ReaderFactory
from courrier.mailing.models import ConsentAction, ConsentRecord
from courrier.mailing.tests.test_unsubscribe_urls import URLCONF
from courrier.mailing.unsubscribe import Source

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found
    return found.group(1)


def ask_for_link(browser: Client, email: str):
    token = csrf_token(browser.get("/desinscription/").content.decode())
    return browser.post("/desinscription/", {"csrfmiddlewaretoken": token, "email": email})


def answer_text(response) -> str:
    return re.sub(r"\S+@\S+", "ADRESSE", response.content.decode())


def test_known_and_unknown_addresses_get_the_same_answer(browser):
    reader = ReaderFactory()

    known = ask_for_link(browser, reader.email)
    unknown = ask_for_link(browser, "personne@inconnu.qc.ca")

    assert known.status_code == unknown.status_code == 200
    assert answer_text(known) == answer_text(unknown)
    assert "Vérifiez vos courriels" in known.content.decode()
    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert not ConsentRecord.objects.exists()


def test_the_emailed_link_leads_to_leaving_every_publication(browser):
    reader = ReaderFactory()
    ask_for_link(browser, reader.email.upper())
    (message,) = mail.outbox
    assert message.subject == "Votre lien de désinscription — Courrier parlementaire"
    assert "valide 7 jours" in message.body
    link = re.search(r"https?://\S+/desinscription/(\S+)/", message.body)
    assert link
    url = f"/desinscription/{link.group(1)}/"

    page = browser.get(url).content.decode()
    assert "Me désinscrire de toutes les publications" in page
    assert 'value="une"' not in page
    browser.post(url, {"csrfmiddlewaretoken": csrf_token(page), "listes": "toutes"})

    assert all(reader not in recipients(publication) for publication in Publication.objects.all())
    sources = set(ConsentRecord.objects.values_list("source", "action", "user"))
    assert sources == {(Source.ADDRESS_FORM.value, ConsentAction.OPT_OUT.value, reader.pk)}
    assert ConsentRecord.objects.count() == Publication.objects.active().count()


def test_an_invalid_address_is_said_so(browser):
    response = ask_for_link(browser, "pas-une-adresse")
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not mail.outbox


def test_the_form_is_rate_limited_by_ip(browser, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "unsubscribe_request": "2/h/ip"}
    reader = ReaderFactory()
    assert ask_for_link(browser, reader.email).status_code == 200
    assert ask_for_link(browser, "personne@inconnu.qc.ca").status_code == 200

    refused = ask_for_link(browser, reader.email)

    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    assert len(mail.outbox) == 1


def test_without_a_configured_limit_the_form_still_works(browser, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        key: value for key, value in settings.ACCOUNT_RATE_LIMITS.items() if key != "unsubscribe_request"
    }
    reader = ReaderFactory()
    for _attempt in range(3):
        assert ask_for_link(browser, reader.email).status_code == 200
    assert len(mail.outbox) == 3
