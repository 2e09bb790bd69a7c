"""Mon profil: who I am, which organisation and licence I read under, until when; email change stays in the family."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Licence


@pytest.fixture
def camille(db):
    organization = make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")
    make_subscriber(name="Exemple inc.", domain="exemple.com")
    return ReaderFactory(organization=organization, email="camille.roy@mcn.gouv.qc.ca", first_name="Camille")


def test_profile_requires_login(client, db):
    response = client.get("/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_profile_shows_the_organisation_and_the_licence_end(client, camille):
    client.force_login(camille)
    response = client.get("/profil/")
    html = response.content.decode()
    licence = camille.memberships.get().organization.current_licence()
    assert "Ministère de la Cybersécurité et du Numérique" in html
    assert "En vigueur jusqu" in html
    assert str(licence.ends_on.year) in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_after_the_licence_ends_the_status_says_so_rather_than_active(client, camille):
    Licence.objects.filter(organization__memberships__user=camille).update(starts_on="2024-01-01", ends_on="2025-01-31")
    client.force_login(camille)
    html = client.get("/profil/").content.decode()
    assert "Sans accès\u00a0: la licence de l'organisation est terminée" in html
    assert "terminée le 31 janvier 2025" in html
    assert "Actif" not in html


def test_profile_updates_name_job_and_language(client, camille):
    client.force_login(camille)
    response = client.post(
        "/profil/", {"first_name": "Camille", "last_name": "Roy", "job_title": "Directrice", "language": "en"}
    )
    assert response.status_code == 302
    camille.refresh_from_db()
    assert (camille.last_name, camille.job_title, camille.language) == ("Roy", "Directrice", "en")
    assert response.cookies["django_language"].value == "en"


def test_profile_links_to_email_password_and_two_factor_settings(client, camille):
    client.force_login(camille)
    html = client.get("/profil/").content.decode()
    for url in ("/profil/courriel/", "/profil/mot-de-passe/", "/compte/2fa/"):
        assert url in html
        assert client.get(url).status_code == 200


def test_two_factor_authentication_can_be_activated(client, camille):
    client.force_login(camille)
    response = client.get("/compte/2fa/totp/activate/", follow=True)
    assert response.status_code == 200
    assert "Courrier parlementaire" in response.content.decode() or "secret" in response.content.decode().lower()


@pytest.mark.parametrize(
    ("address", "accepted"),
    [
        ("c.roy@mcn.gouv.qc.ca", True),
        ("camille@exemple.com", False),
        ("camille@gmail.com", False),
        ("camille@inconnu.ca", False),
    ],
)
def test_a_new_address_must_belong_to_the_same_organisation_and_is_verified_again(client, camille, address, accepted):
    client.force_login(camille)
    response = client.post("/profil/courriel/", {"email": address, "action_add": ""})
    assert EmailAddress.objects.filter(email=address).exists() is accepted
    if accepted:
        assert not EmailAddress.objects.get(email=address).verified
        assert any(address in m.to for m in mail.outbox)
    else:
        assert response.status_code == 200
        camille.refresh_from_db()
        assert camille.email == "camille.roy@mcn.gouv.qc.ca"
