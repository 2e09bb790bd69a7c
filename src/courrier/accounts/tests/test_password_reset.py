"""Mot de passe oublié: the same answer whether or not the address exists; rate-limited; Argon2 at rest."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from courrier.licensing.factories import ReaderFactory
from courrier.settings import base


@pytest.fixture
def camille(db):
    return ReaderFactory(email="camille.roy@mcn.gouv.qc.ca")


def test_known_and_unknown_addresses_get_the_same_page(client, camille):
    known = client.post("/mot-de-passe-oublie/", {"email": "camille.roy@mcn.gouv.qc.ca"})
    unknown = client.post("/mot-de-passe-oublie/", {"email": "personne@mcn.gouv.qc.ca"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/mot-de-passe-oublie/envoye/"
    page = client.get(known["Location"]).content.decode()
    assert "Si cette adresse correspond à un compte" in page


def test_reset_link_sets_a_new_password(client, camille):
    client.post("/mot-de-passe-oublie/", {"email": "CAMILLE.ROY@mcn.gouv.qc.ca"})
    message = next(m for m in mail.outbox if m.to == ["camille.roy@mcn.gouv.qc.ca"])
    assert "nouveau mot de passe" in message.subject.lower()
    link = re.search(r"https?://[^/\s]+(/mot-de-passe-oublie/cle/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.request["PATH_INFO"]
    response = client.post(action, {"password1": "Nouveau-mot-de-passe-99", "password2": "Nouveau-mot-de-passe-99"})
    assert response.status_code == 302
    camille.refresh_from_db()
    assert camille.check_password("Nouveau-mot-de-passe-99")


def test_unknown_address_never_receives_a_reset_link(client, camille):
    client.post("/mot-de-passe-oublie/", {"email": "personne@mcn.gouv.qc.ca"})
    assert all("/mot-de-passe-oublie/cle/" not in m.body for m in mail.outbox)


def test_reset_requests_are_rate_limited(client, camille):
    statuses = [
        client.post("/mot-de-passe-oublie/", {"email": "camille.roy@mcn.gouv.qc.ca"}).status_code for _ in range(5)
    ]
    assert 429 in statuses
    assert len([m for m in mail.outbox if m.to == ["camille.roy@mcn.gouv.qc.ca"]]) <= 3


def test_failed_logins_are_rate_limited(client, camille):
    for _ in range(6):
        response = client.post("/connexion/", {"login": camille.email, "password": "mauvais"})
    assert "Trop de tentatives de connexion" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post("/connexion/", {"login": camille.email, "password": "mot-de-passe-de-test"})
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_outside_tests():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
