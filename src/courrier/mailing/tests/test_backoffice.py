"""Staff see blocked addresses, add and lift them, and export the consent log, in the Wagtail admin."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from courrier.mailing import actions
from courrier.mailing.models import ConsentAction, Suppression, SuppressionReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_see_blocked_addresses_and_lift_one(staff_client, staff):
    suppression = actions.record_bounce(email="disparu@exemple.qc.ca", source="smtp", detail="550 5.1.1 user unknown")
    index = reverse("suppressions:index")

    listing = staff_client.get(index)
    assert listing.status_code == 200
    assert "disparu@exemple.qc.ca" in listing.content.decode()
    lift_url = reverse("suppressions:lift", args=[suppression.pk])
    assert lift_url in listing.content.decode()

    confirm = staff_client.get(lift_url)
    assert confirm.status_code == 200
    assert "Lever le blocage" in confirm.content.decode()
    response = staff_client.post(lift_url)

    assert response.status_code == 302
    suppression.refresh_from_db()
    assert suppression.lifted_at is not None
    assert suppression.lifted_by == staff
    assert lift_url not in staff_client.get(index).content.decode()
    assert "disparu@exemple.qc.ca" in staff_client.get(index, {"state": "lifted"}).content.decode()


def test_staff_block_an_address_by_hand(staff_client, staff):
    response = staff_client.post(
        reverse("suppressions:add"), {"email": "  Partie@Exemple.qc.ca ", "detail": "A demandé par téléphone"}
    )

    assert response.status_code == 302
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason, suppression.source) == (
        "partie@exemple.qc.ca",
        SuppressionReason.MANUAL,
        f"équipe:{staff.email}",
    )
    again = staff_client.post(reverse("suppressions:add"), {"email": "partie@exemple.qc.ca"})
    assert again.status_code == 200
    assert "déjà bloquée" in again.content.decode()
    assert Suppression.objects.count() == 1


def test_readers_cannot_reach_the_suppression_list(client, reader):
    client.force_login(reader)
    response = client.get(reverse("suppressions:index"))
    assert response.status_code in (302, 403)


def test_the_consent_log_exports_as_csv(staff_client):
    actions.record_consent(
        email="Lecteur@Exemple.qc.ca",
        list_key="lcp-lag",
        action=ConsentAction.OPT_IN,
        source="inscription",
        wording="Je souhaite recevoir LCP-LAG chaque matin.",
    )
    actions.record_consent(
        email="lecteur@exemple.qc.ca", list_key="lcp-lag", action=ConsentAction.OPT_OUT, source="lien"
    )

    response = staff_client.get(reverse("consents:index"), {"export": "csv"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 3
    assert [row[1:5] for row in rows[1:]] == [
        ["lecteur@exemple.qc.ca", "lcp-lag", "opt_out", "lien"],
        ["lecteur@exemple.qc.ca", "lcp-lag", "opt_in", "inscription"],
    ]
    assert rows[2][5] == "Je souhaite recevoir LCP-LAG chaque matin."
    assert reverse("consents:index") in staff_client.get(reverse("consents:index")).content.decode()
