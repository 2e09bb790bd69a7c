"""The consent log: a new member's opt-in to the defaults, and every path's record in the staff's CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from courrier.accounts.factories import UserFactory
from courrier.editions.lists import WELCOME_SOURCE, record_welcome_consent, welcome_wording
from courrier.editions.models import Publication
from courrier.licensing.factories import ReaderFactory, verify_email
from courrier.licensing.models import MembershipStatus
from courrier.mailing.models import ConsentAction, ConsentRecord
from courrier.mailing.tests.test_unsubscribe_urls import URLCONF
from courrier.mailing.tokens import make_unsubscribe_token
from courrier.mailing.unsubscribe import Source, make_request_token

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]


def test_a_verified_member_is_recorded_as_opted_in_to_the_defaults_once():
    infomidi = Publication.objects.get(key="lcp-infomidi")
    infomidi.default_opt_in = False
    infomidi.save()
    reader = ReaderFactory()

    assert record_welcome_consent(user=reader) == ["lcp-lag", "cette-semaine", "alerte-decrets"]
    assert record_welcome_consent(user=reader) == []

    record = ConsentRecord.objects.get(list_key="lcp-lag")
    assert (record.user, record.action, record.source) == (reader, ConsentAction.OPT_IN, WELCOME_SOURCE)
    assert record.wording == welcome_wording()
    assert "recevoir par courriel nos éditions quotidiennes" in record.wording


@pytest.mark.parametrize("case", ["unverified", "pending", "no-organisation", "chose-already"], ids=lambda case: case)
def test_no_welcome_opt_in_before_it_is_true(case):
    if case == "unverified":
        person = ReaderFactory(verified=False)
    elif case == "pending":
        person = ReaderFactory(status=MembershipStatus.PENDING)
    elif case == "no-organisation":
        person = UserFactory()
        verify_email(person)
    else:
        person = ReaderFactory()
        token = make_unsubscribe_token(list_key="lcp-lag", email=person.email)
        Client().post(f"/desinscription/{token}/", {"List-Unsubscribe": "One-Click"})
    recorded = record_welcome_consent(user=person)
    assert "lcp-lag" not in recorded
    if case != "chose-already":
        assert recorded == []


def test_every_path_lands_in_the_exported_consent_log(client, staff):
    reader = ReaderFactory()
    record_welcome_consent(user=reader)
    Client().post(
        f"/desinscription/{make_unsubscribe_token(list_key='lcp-lag', email=reader.email)}/",
        {"List-Unsubscribe": "One-Click"},
    )
    client.force_login(reader)
    client.post("/profil/publications/", {"lcp-lag": "on", "cette-semaine": "on", "alerte-decrets": "on"})
    page = f"/desinscription/{make_request_token(reader.email)}/"
    client.post(page, {"listes": "toutes"})  # the test client does not enforce CSRF
    client.post(
        f"/desinscription/{make_unsubscribe_token(list_key='cette-semaine', email=reader.email)}/", {"listes": "une"}
    )
    client.force_login(staff)

    response = client.get(reverse("consents:index"), {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = rows[0], rows[1:]
    assert len(body) == ConsentRecord.objects.count()
    by_source = {(row[2], row[3], row[4]): row[5] for row in body}
    assert by_source[("lcp-lag", "opt_in", WELCOME_SOURCE)] == welcome_wording()
    assert by_source[("lcp-lag", "opt_out", Source.ONE_CLICK)].startswith("Désinscription en un clic")
    assert by_source[("lcp-lag", "opt_in", "profil")].endswith("[x] LCP-LAG")
    assert by_source[("lcp-infomidi", "opt_out", "profil")].endswith("[ ] LCP InfoMidi")
    assert by_source[("lcp-lag", "opt_out", Source.ADDRESS_FORM)].endswith(
        "[Me désinscrire de toutes les publications]"
    )
    assert ("cette-semaine", "opt_out", Source.EMAIL_LINK) not in by_source  # already left through the form
    assert len(header) == 7
