"""A reader removed by their organisation's administrator stays removed: only the administrator (or staff)
lets them back in, by inviting them again; their profile says so and whom to ask."""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.urls import reverse

from courrier.accounts.factories import DEFAULT_PASSWORD
from courrier.licensing.actions import invite_colleague
from courrier.licensing.entitlements import entitled_users
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Invitation, Membership, MembershipRole, MembershipStatus


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca", seats=5)


@pytest.fixture
def administrator(mcn):
    return ReaderFactory(
        organization=mcn,
        role=MembershipRole.ADMIN,
        email="anne.gagnon@mcn.gouv.qc.ca",
        first_name="Anne",
        last_name="Gagnon",
    )


@pytest.fixture
def removed(client, mcn, administrator):
    """A reader the administrator removed through /mon-organisation/, then logged in again."""
    reader = ReaderFactory(organization=mcn, email="jean.bouchard@mcn.gouv.qc.ca")
    client.force_login(administrator)
    response = client.post(f"/mon-organisation/membres/{reader.memberships.get().pk}/retirer/")
    assert response.status_code == 302
    client.logout()
    response = client.post("/connexion/", {"login": reader.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return reader


def test_the_profile_of_a_removed_reader_offers_no_way_back(client, removed):
    page = text(client.get("/profil/"))
    assert "Rejoindre" not in page
    assert "Vous avez été retiré du Ministère de la Cybersécurité et du Numérique" in page
    assert "Anne Gagnon" in page
    assert "anne.gagnon@mcn.gouv.qc.ca" in page


def test_a_removed_reader_cannot_rejoin_by_posting(client, removed):
    response = client.post("/profil/rejoindre/", follow=True)
    assert response.status_code == 200
    assert "retiré" in text(response)
    assert removed not in entitled_users()
    assert not Membership.objects.filter(user=removed).exclude(status=MembershipStatus.REMOVED).exists()


def test_the_administrator_invites_a_removed_reader_back(
    client, mcn, administrator, removed, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mon-organisation/inviter/", {"email": removed.email})
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if removed.email in m.to]
    assert "/profil/" in message.body

    client.force_login(removed)
    page = text(client.get("/profil/"))
    assert "Rejoindre Ministère de la Cybersécurité et du Numérique" in page
    client.post("/profil/rejoindre/")
    assert removed in entitled_users()
    assert Invitation.objects.get(email=removed.email).accepted_at is not None
    # The removal is history, not overwritten: two dated records of one person.
    stints = list(Membership.objects.filter(user=removed).order_by("joined_at", "pk"))
    assert [stint.status for stint in stints] == [MembershipStatus.REMOVED, MembershipStatus.ACTIVE]
    assert stints[0].removed_by == administrator
    assert stints[0].removed_at is not None


def test_staff_may_invite_a_removed_reader_back(client, mcn, removed, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    inspect = client.get(reverse("organizations:inspect", args=[mcn.pk])).content.decode()
    assert "Inviter une personne" in inspect
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organizations:invite_person", args=[mcn.pk]), {"email": removed.email})
    assert response.status_code == 302
    assert Invitation.objects.get(email=removed.email).invited_by == staff
    client.force_login(removed)
    client.post("/profil/rejoindre/")
    assert removed in entitled_users()


def test_an_invitation_for_someone_else_does_not_open_the_way(client, mcn, removed):
    invite_colleague(organization=mcn, email="autre.personne@mcn.gouv.qc.ca")
    client.force_login(removed)
    assert "Rejoindre" not in text(client.get("/profil/"))
    client.post("/profil/rejoindre/")
    assert removed not in entitled_users()


def test_someone_who_left_of_their_own_accord_may_come_back(client, mcn, administrator):
    second = ReaderFactory(organization=mcn, role=MembershipRole.ADMIN, email="paul@mcn.gouv.qc.ca")
    client.force_login(second)
    client.post(f"/mon-organisation/membres/{second.memberships.get().pk}/retirer/")
    assert second not in entitled_users()
    assert "Rejoindre Ministère de la Cybersécurité et du Numérique" in text(client.get("/profil/"))
    client.post("/profil/rejoindre/")
    assert second in entitled_users()


def test_an_article_tells_a_removed_reader_why_it_is_closed_and_whom_to_ask(client, removed, section, category):
    from courrier.newsroom.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=section, category=category)
    page = text(client.get(article.url))
    assert "le ministre précise le calendrier" not in page
    assert "Ministère de la Cybersécurité et du Numérique vous a retiré de ses lecteurs." in page
    assert "Anne Gagnon (anne.gagnon@mcn.gouv.qc.ca)" in page
    assert "Demander un essai gratuit" not in page
