"""A new member's opt-in to the default publications is recorded once it is true: address confirmed."""

from __future__ import annotations

import re

from django.core import mail

from courrier.licensing.factories import make_subscriber
from courrier.mailing.models import ConsentRecord


def test_confirming_the_address_records_the_opt_in_to_each_default_publication(
    client, db, django_capture_on_commit_callbacks
):
    make_subscriber()
    form = {
        "email": "nadia.cote@mcn.gouv.qc.ca",
        "first_name": "Nadia",
        "last_name": "Côté",
        "password1": "Un-mot-de-passe-solide-42",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inscription/", form)
    assert not ConsentRecord.objects.exists()  # not verified yet: nothing is true yet
    link = re.search(r"https?://[^/\s]+(/confirmer-courriel/\S+)", mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    records = ConsentRecord.objects.filter(email="nadia.cote@mcn.gouv.qc.ca")
    assert sorted(records.values_list("list_key", flat=True)) == [
        "alerte-decrets",
        "cette-semaine",
        "lcp-infomidi",
        "lcp-lag",
    ]
    assert {record.source for record in records} == {"inscription"}
    assert all("éditions quotidiennes" in record.wording for record in records)
    with django_capture_on_commit_callbacks(execute=True):
        client.logout()
        client.post("/connexion/", {"login": form["email"], "password": form["password1"]})
    assert records.count() == 4  # once
