"""Rules that hold whoever changes a membership: the last administrator stays, invitations stay in the family,
people who left of their own accord can come back while a seat is free (removals by an administrator stick:
test_removal_sticks.py)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from courrier.accounts.factories import DEFAULT_PASSWORD, UserFactory
from courrier.licensing.actions import LicensingError, invite_colleague, remove_membership
from courrier.licensing.entitlements import entitled_users
from courrier.licensing.factories import ReaderFactory, make_subscriber, verify_email
from courrier.licensing.models import Invitation, Membership, MembershipRole, MembershipStatus


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca", seats=3)


def test_the_last_administrator_cannot_be_removed(mcn):
    admin = ReaderFactory(organization=mcn, role=MembershipRole.ADMIN)
    membership = admin.memberships.get()
    with pytest.raises(LicensingError, match="seul administrateur"):
        remove_membership(organization=mcn, membership_id=membership.pk)
    ReaderFactory(organization=mcn, role=MembershipRole.ADMIN)
    remove_membership(organization=mcn, membership_id=membership.pk)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.REMOVED


def test_invitations_go_to_the_organisations_own_addresses(mcn):
    with pytest.raises(LicensingError, match=r"mcn\.gouv\.qc\.ca"):
        invite_colleague(organization=mcn, email="quelquun@autre.ca")
    with pytest.raises(LicensingError, match="adresse personnelle"):
        invite_colleague(organization=mcn, email="quelquun@gmail.com")
    assert not Invitation.objects.exists()


def test_inviting_twice_leaves_one_usable_invitation(mcn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite_colleague(organization=mcn, email="nadia.cote@mcn.gouv.qc.ca")
        invite_colleague(organization=mcn, email="Nadia.Cote@mcn.gouv.qc.ca")
    assert Invitation.objects.usable().count() == 1
    assert len(mail.outbox) == 2


def test_someone_who_left_can_rejoin_from_the_profile_while_a_seat_is_free(client, mcn):
    person = UserFactory(email="jean.bouchard@mcn.gouv.qc.ca")
    verify_email(person)
    Membership.objects.create(user=person, organization=mcn, status=MembershipStatus.REMOVED, removed_by=person)
    client.force_login(person)
    assert "Rejoindre Ministère de la Cybersécurité et du Numérique" in client.get("/profil/").content.decode()
    client.post("/profil/rejoindre/")
    assert person in entitled_users()


def test_rejoining_is_refused_when_the_seats_are_taken(client, mcn):
    for _ in range(3):
        ReaderFactory(organization=mcn)
    person = UserFactory(email="jean.bouchard@mcn.gouv.qc.ca")
    verify_email(person)
    client.force_login(person)
    response = client.post("/profil/rejoindre/", follow=True)
    assert "Toutes les places" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_logging_in_counts_as_a_visit_for_the_organisation_administrator(client, mcn):
    reader = ReaderFactory(organization=mcn)
    client.post("/connexion/", {"login": reader.email, "password": DEFAULT_PASSWORD})
    assert reader.memberships.get().last_seen_on == timezone.localdate()


def test_organisation_administrators_find_their_organisation_in_the_header(client, mcn, home):
    admin = ReaderFactory(organization=mcn, role=MembershipRole.ADMIN)
    reader = ReaderFactory(organization=mcn)
    client.force_login(reader)
    assert 'href="/mon-organisation/"' not in client.get("/").content.decode()
    client.force_login(admin)
    assert 'href="/mon-organisation/"' in client.get("/").content.decode()
