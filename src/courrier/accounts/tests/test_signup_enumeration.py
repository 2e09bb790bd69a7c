"""Sign-up never tells whether an address has an account: the same answer either way, and the owner of
the existing account gets an email instead."""

from __future__ import annotations

import pytest
from django.core import mail

from courrier.accounts.models import User
from courrier.licensing.factories import ReaderFactory, make_subscriber

PASSWORD = "Un-mot-de-passe-solide-42"


def form(email: str) -> dict[str, str]:
    return {"email": email, "first_name": "Camille", "last_name": "Roy", "job_title": "", "password1": PASSWORD}


@pytest.fixture
def existing(db):
    mcn = make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")
    return ReaderFactory(organization=mcn, email="camille.roy@mcn.gouv.qc.ca")


@pytest.mark.parametrize("url", ["/inscription/", "/compte/signup/"])
def test_an_existing_address_gets_the_same_answer_as_a_new_one(client, existing, url):
    taken = client.post(url, form("Camille.Roy@mcn.gouv.qc.ca"))
    client.logout()
    new = client.post(url, form("nouvelle.personne@mcn.gouv.qc.ca"))
    assert (taken.status_code, taken.get("Location")) == (new.status_code, new.get("Location"))
    assert taken.status_code == 302
    assert client.get(taken["Location"]).content == client.get(new["Location"]).content
    assert User.objects.filter(email__iexact="camille.roy@mcn.gouv.qc.ca").count() == 1


def test_the_owner_of_the_existing_account_is_told_by_email(client, existing):
    client.post("/inscription/", form("camille.roy@mcn.gouv.qc.ca"))
    (message,) = [m for m in mail.outbox if m.to == ["camille.roy@mcn.gouv.qc.ca"]]
    assert "déjà un compte" in message.subject + message.body
    assert "/mot-de-passe-oublie/" in message.body
    existing.refresh_from_db()
    assert existing.check_password("mot-de-passe-de-test")
