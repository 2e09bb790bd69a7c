"""The link in the email: a page that changes nothing on GET, then leaves one publication or all on POST."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.test import Client

from courrier.editions.models import Publication
from courrier.editions.recipients import recipients
from courrier.licensing.factories import ReaderFactory
from courrier.mailing.models import ConsentAction, ConsentRecord
from courrier.mailing.tests.test_unsubscribe_urls import URLCONF
from courrier.mailing.tokens import ALL_LISTS, UNSUBSCRIBE_SALT, make_unsubscribe_token
from courrier.mailing.unsubscribe import REQUEST_MAX_AGE, Source, make_request_token

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

PUBLICATIONS = ["lcp-lag", "lcp-infomidi", "cette-semaine", "alerte-decrets"]


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def page_url(token: str) -> str:
    return f"/desinscription/{token}/"


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found
    return found.group(1)


def receiving(reader) -> list[str]:
    return [publication.key for publication in Publication.objects.active() if reader in recipients(publication)]


def test_the_page_offers_that_publication_or_all_and_changes_nothing(browser):
    reader = ReaderFactory()
    url = page_url(make_unsubscribe_token(list_key="lcp-lag", email=reader.email))

    response = browser.get(url)
    head = browser.head(url)

    assert response.status_code == head.status_code == 200
    html = response.content.decode()
    assert "Me désinscrire de LCP-LAG" in html
    assert "Me désinscrire de toutes les publications" in html
    # That publication is the main button; leaving them all, the secondary, link-style one.
    assert '<button class="button" type="submit" name="listes" value="une">Me désinscrire de LCP-LAG</button>' in html
    assert (
        '<button class="link" type="submit" name="listes" value="toutes">'
        "Me désinscrire de toutes les publications</button>"
    ) in html
    assert reader.email in html
    assert "no-cache" in response["Cache-Control"]
    assert receiving(reader) == PUBLICATIONS
    assert not ConsentRecord.objects.exists()


def test_leaving_one_publication(browser):
    reader = ReaderFactory()
    url = page_url(make_unsubscribe_token(list_key="lcp-lag", email=reader.email))
    token = csrf_token(browser.get(url).content.decode())

    response = browser.post(url, {"csrfmiddlewaretoken": token, "listes": "une"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Désinscription enregistrée" in html
    assert "ne recevra plus LCP-LAG" in html
    assert 'href="/profil/publications/"' in html
    assert receiving(reader) == PUBLICATIONS[1:]
    record = ConsentRecord.objects.get()
    assert (record.list_key, record.action, record.source, record.user) == (
        "lcp-lag",
        ConsentAction.OPT_OUT,
        Source.EMAIL_LINK,
        reader,
    )
    assert record.wording.endswith("[Me désinscrire de LCP-LAG]")
    assert "Vous recevez LCP-LAG à l'adresse" in record.wording


def test_leaving_every_publication(browser):
    reader = ReaderFactory()
    url = page_url(make_unsubscribe_token(list_key="lcp-lag", email=reader.email))
    token = csrf_token(browser.get(url).content.decode())

    response = browser.post(url, {"csrfmiddlewaretoken": token, "listes": "toutes"})

    assert "ne recevra plus aucune de nos publications" in response.content.decode()
    assert receiving(reader) == []
    records = ConsentRecord.objects.filter(action=ConsentAction.OPT_OUT, source=Source.EMAIL_LINK)
    assert sorted(records.values_list("list_key", flat=True)) == sorted(PUBLICATIONS)
    assert all(record.wording.endswith("[Me désinscrire de toutes les publications]") for record in records)


def test_a_post_without_the_csrf_token_changes_nothing(browser):
    reader = ReaderFactory()
    url = page_url(make_unsubscribe_token(list_key="lcp-lag", email=reader.email))
    assert browser.post(url, {"listes": "toutes"}).status_code == 403
    assert receiving(reader) == PUBLICATIONS


def test_a_link_for_every_list_offers_only_that(browser):
    reader = ReaderFactory()
    html = browser.get(page_url(make_unsubscribe_token(list_key=ALL_LISTS, email=reader.email))).content.decode()
    assert (
        '<button class="button" type="submit" name="listes" value="toutes">'
        "Me désinscrire de toutes les publications</button>"
    ) in html
    assert 'value="une"' not in html


def test_an_address_without_an_account_is_still_recorded(browser):
    url = page_url(make_unsubscribe_token(list_key="lcp-lag", email="Ancien@Exemple.qc.ca"))
    token = csrf_token(browser.get(url).content.decode())
    assert browser.post(url, {"csrfmiddlewaretoken": token, "listes": "une"}).status_code == 200
    record = ConsentRecord.objects.get()
    assert (record.email, record.user, record.action) == ("ancien@exemple.qc.ca", None, ConsentAction.OPT_OUT)


@pytest.mark.parametrize(
    "token",
    [
        "n-importe-quoi",
        signing.dumps(["lcp-lag", "lecteur@exemple.qc.ca"], key="pas-notre-secret", salt=UNSUBSCRIBE_SALT),
        signing.dumps(["lcp-lag", "lecteur@exemple.qc.ca"], salt="une-autre-signature"),
        signing.dumps({"liste": "lcp-lag"}, salt=UNSUBSCRIBE_SALT),
    ],
    ids=["garbage", "other-key", "other-salt", "wrong-shape"],
)
def test_a_bad_token_gets_a_french_page_and_changes_nothing(browser, token):
    for response in (browser.get(page_url(token)), browser.post(page_url(token), {"listes": "toutes"})):
        assert response.status_code in (400, 403)
    response = browser.get(page_url(token))
    assert response.status_code == 400
    assert "Ce lien n'est pas valide" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_truncated_link_from_an_email_is_refused(browser):
    reader = ReaderFactory()
    token = make_unsubscribe_token(list_key="lcp-lag", email=reader.email)
    response = browser.get(page_url(token[:-6]))
    assert response.status_code == 400
    assert receiving(reader) == PUBLICATIONS


def test_a_requested_link_expires(browser):
    reader = ReaderFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False) as traveller:
        token = make_request_token(reader.email)
        assert browser.get(page_url(token)).status_code == 200
        traveller.shift(REQUEST_MAX_AGE + datetime.timedelta(minutes=1))
        response = browser.get(page_url(token))
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    assert 'href="/desinscription/"' in response.content.decode()
    assert receiving(reader) == PUBLICATIONS


def test_links_in_emails_do_not_expire(browser):
    reader = ReaderFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False) as traveller:
        token = make_unsubscribe_token(list_key="lcp-lag", email=reader.email)
        traveller.shift(datetime.timedelta(days=400))
        assert browser.get(page_url(token)).status_code == 200
