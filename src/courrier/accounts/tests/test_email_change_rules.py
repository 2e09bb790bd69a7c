"""Changing one's address follows the sign-up rules, whatever the membership: never to webmail, never to
another organisation's domain, even for an account that holds no seat."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from courrier.accounts.factories import UserFactory
from courrier.licensing.actions import remove_membership
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import MembershipRole


@pytest.fixture
def mcn(db):
    make_subscriber(name="Exemple inc.", domain="exemple.com")
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


@pytest.fixture
def removed(mcn):
    administrator = ReaderFactory(organization=mcn, role=MembershipRole.ADMIN)
    reader = ReaderFactory(organization=mcn, email="jean.bouchard@mcn.gouv.qc.ca")
    remove_membership(organization=mcn, membership_id=reader.memberships.get().pk, by=administrator)
    return reader


def change(client, address: str):
    return client.post("/profil/courriel/", {"email": address, "action_add": ""})


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("jean.bouchard@gmail.com", "Utilisez l&#x27;adresse courriel attribuée par votre organisation"),
        ("jean.bouchard@exemple.com", "n&#x27;appartient pas au Ministère de la Cybersécurité et du Numérique"),
        ("jean.bouchard@inconnu.ca", "n&#x27;est pas abonnée"),
    ],
)
def test_a_reader_without_a_seat_cannot_move_to_webmail_or_another_organisation(client, removed, address, message):
    client.force_login(removed)
    response = change(client, address)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EmailAddress.objects.filter(email=address).exists()


def test_a_reader_without_a_seat_may_still_fix_an_address_at_their_organisation(client, removed):
    client.force_login(removed)
    change(client, "j.bouchard@mcn.gouv.qc.ca")
    assert EmailAddress.objects.filter(email="j.bouchard@mcn.gouv.qc.ca", verified=False).exists()


@pytest.mark.parametrize("address", ["camille@gmail.com", "camille@exemple.com", "camille@inconnu.ca"])
def test_an_account_that_never_had_a_seat_follows_the_sign_up_rules(client, mcn, address):
    person = UserFactory(email="camille@ailleurs.ca")
    client.force_login(person)
    change(client, address)
    assert EmailAddress.objects.filter(email=address).exists() is (address == "camille@exemple.com")
