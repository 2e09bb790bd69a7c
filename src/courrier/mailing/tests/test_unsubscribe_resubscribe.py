"""Coming back: Mes publications opts a reader in again after an unsubscribe; every choice there is a consent record."""

from __future__ import annotations

import pytest
from django.test import Client

from courrier.editions.models import Publication
from courrier.editions.recipients import recipients
from courrier.licensing.factories import ReaderFactory
from courrier.mailing.models import ConsentAction, ConsentRecord
from courrier.mailing.tests.test_unsubscribe_urls import URLCONF
from courrier.mailing.tokens import make_unsubscribe_token
from courrier.mailing.unsubscribe import Source

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

INTRO = "Choisissez ce que vous recevez par courriel."


def keep(*keys: str) -> dict[str, str]:
    """The profile form as the reader submits it: the boxes left ticked."""
    return dict.fromkeys(keys, "on")


def test_a_reader_comes_back_from_mes_publications_after_a_one_click(client):
    reader = ReaderFactory()
    lag = Publication.objects.get(key="lcp-lag")
    token = make_unsubscribe_token(list_key="lcp-lag", email=reader.email)
    Client().post(f"/desinscription/{token}/", {"List-Unsubscribe": "One-Click"})
    assert reader not in recipients(lag)

    client.force_login(reader)
    form = client.get("/profil/publications/").content.decode()
    assert 'name="lcp-lag"' in form
    response = client.post("/profil/publications/", keep("lcp-lag", "lcp-infomidi", "cette-semaine", "alerte-decrets"))

    assert response.status_code == 302
    assert reader in recipients(lag)
    comeback = ConsentRecord.objects.filter(list_key="lcp-lag").order_by("created_at", "pk")
    assert list(comeback.values_list("action", "source")) == [
        (ConsentAction.OPT_OUT, Source.ONE_CLICK),
        (ConsentAction.OPT_IN, "profil"),
    ]
    opt_in = comeback.last()
    assert opt_in is not None
    assert opt_in.user == reader
    assert opt_in.wording.startswith(INTRO)
    assert opt_in.wording.endswith("[x] LCP-LAG")
    assert ConsentRecord.objects.count() == 2  # nothing recorded for the boxes that did not change


def test_opting_out_in_mes_publications_is_recorded(client):
    reader = ReaderFactory()
    client.force_login(reader)

    client.post("/profil/publications/", keep("lcp-lag", "cette-semaine"))

    records = ConsentRecord.objects.order_by("list_key")
    assert [(record.list_key, record.action, record.source) for record in records] == [
        ("alerte-decrets", ConsentAction.OPT_OUT, "profil"),
        ("lcp-infomidi", ConsentAction.OPT_OUT, "profil"),
    ]
    assert records[1].wording.endswith("[ ] LCP InfoMidi")
    assert records[1].email == reader.email
