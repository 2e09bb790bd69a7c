"""One-click unsubscribe (RFC 8058): a raw POST with no cookie nor CSRF token takes effect at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import signing
from django.db.models import QuerySet
from django.test import Client

from courrier.accounts.models import User
from courrier.editions.models import Publication
from courrier.editions.recipients import recipients
from courrier.licensing.factories import ReaderFactory
from courrier.mailing import actions
from courrier.mailing.audiences import register_audience, unregister_audience
from courrier.mailing.models import Campaign, ConsentAction, ConsentRecord, Delivery, DeliveryStatus
from courrier.mailing.sender import NOT_IN_AUDIENCE, Sender
from courrier.mailing.tests.conftest import FakeClock, Sink, make_campaign
from courrier.mailing.tests.test_unsubscribe_urls import URLCONF
from courrier.mailing.tokens import UNSUBSCRIBE_SALT, make_unsubscribe_token
from courrier.mailing.unsubscribe import ONE_CLICK_WORDING, Source

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

ONE_CLICK = "List-Unsubscribe=One-Click"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def lag() -> Publication:
    return Publication.objects.get(key="lcp-lag")


@pytest.fixture
def mail_client() -> Client:
    """What a mailbox provider sends: no session, no CSRF cookie, CSRF checks on."""
    return Client(enforce_csrf_checks=True)


def url(list_key: str, email: str) -> str:
    return f"/desinscription/{make_unsubscribe_token(list_key=list_key, email=email)}/"


def test_a_raw_one_click_post_unsubscribes_at_once(mail_client, lag):
    reader = ReaderFactory()
    assert reader in recipients(lag)

    response = mail_client.post(url("lcp-lag", reader.email), data=ONE_CLICK, content_type=FORM)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Désinscription enregistrée" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies
    assert reader not in recipients(lag)
    assert reader in recipients(Publication.objects.get(key="lcp-infomidi"))  # only that publication
    record = ConsentRecord.objects.get()
    assert (record.email, record.user, record.list_key, record.action, record.source, record.wording) == (
        reader.email,
        reader,
        "lcp-lag",
        ConsentAction.OPT_OUT,
        Source.ONE_CLICK,
        ONE_CLICK_WORDING,
    )


def test_one_click_as_multipart_works_too(mail_client, lag):
    reader = ReaderFactory()
    response = mail_client.post(url("lcp-lag", reader.email), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert reader not in recipients(lag)


def test_a_repeated_one_click_changes_nothing_more(mail_client, lag):
    reader = ReaderFactory()
    for _attempt in range(3):
        assert mail_client.post(url("lcp-lag", reader.email), data=ONE_CLICK, content_type=FORM).status_code == 200
    assert ConsentRecord.objects.count() == 1


def test_one_click_with_a_forged_token_is_refused_in_french(mail_client, lag):
    reader = ReaderFactory()
    forged = signing.dumps(["lcp-lag", reader.email], key="pas-notre-secret", salt=UNSUBSCRIBE_SALT)

    response = mail_client.post(f"/desinscription/{forged}/", data=ONE_CLICK, content_type=FORM)

    assert response.status_code == 400
    assert "n'est pas valide" in response.content.decode()
    assert reader in recipients(lag)
    assert not ConsentRecord.objects.exists()


def test_any_other_post_without_csrf_is_refused(mail_client, lag):
    reader = ReaderFactory()
    response = mail_client.post(url("lcp-lag", reader.email), {"listes": "toutes"})
    assert response.status_code == 403
    assert reader in recipients(lag)


def test_get_is_never_a_one_click(mail_client, lag):
    reader = ReaderFactory()
    response = mail_client.get(url("lcp-lag", reader.email), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert reader in recipients(lag)


# The running campaign ----------------------------------------------------------------------


def edition_readers(campaign: Campaign) -> QuerySet[User]:
    return recipients(Publication.objects.get(key=campaign.list_key))


@pytest.fixture
def edition_audience() -> Iterator[str]:
    register_audience("edition-test")(edition_readers)
    yield "edition-test"
    unregister_audience("edition-test")


def test_a_running_campaign_drops_the_address_before_sending(
    mail_client, edition_audience, smtp_sink: Sink, clock: FakeClock
):
    readers = [ReaderFactory() for _ in range(4)]
    campaign = make_campaign(audience=edition_audience, list_key="lcp-lag")
    assert actions.start_campaign(campaign=campaign) == 4
    leaving = readers[2]

    mail_client.post(url("lcp-lag", leaving.email), data=ONE_CLICK, content_type=FORM)
    Sender(clock=clock).run_until_done(campaign.pk)

    assert sorted(smtp_sink.recipients()) == sorted(reader.email for reader in readers if reader != leaving)
    delivery = Delivery.objects.get(campaign=campaign, email=leaving.email)
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.CANCELLED, NOT_IN_AUDIENCE)
