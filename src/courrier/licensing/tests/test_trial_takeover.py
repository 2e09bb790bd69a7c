"""A trial request that resembles an existing organisation never takes it over.

The attack (issue 11, point 2): an outsider asks for a trial under a subscriber's exact name from
their own domain; staff approve; the outsider's domain joined the subscriber and they were invited as
its administrator. Now the resemblance (name, or email domain) is shown to staff as a conflict,
approving creates a new, distinct organisation or is refused, and only an explicit choice attaches the
request to the existing organisation, which changes nothing there.
"""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courrier.accounts.models import User
from courrier.licensing.actions import LicensingError, approve_trial, attach_trial
from courrier.licensing.factories import ReaderFactory, TrialRequestFactory, make_subscriber
from courrier.licensing.models import (
    Invitation,
    Licence,
    Membership,
    MembershipRole,
    Organization,
    TrialRequest,
    TrialRequestStatus,
    organization_name_key,
)

QUEUE = "/admin/demandes-essai/"
SUBSCRIBER = "Ministère de la Cybersécurité et du Numérique"
ATTACKER = "mallory@cyber-pirate.ca"
PASSWORD = "Un-mot-de-passe-solide-42"


def url(name: str, *args: int) -> str:
    return reverse(f"trial_requests:{name}", args=args)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def mcn(db):
    organization = make_subscriber(name=SUBSCRIBER, domain="mcn.gouv.qc.ca")
    ReaderFactory(organization=organization, email="responsable@mcn.gouv.qc.ca", role=MembershipRole.ADMIN)
    ReaderFactory(organization=organization, email="lecteur@mcn.gouv.qc.ca")
    return organization


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


def snapshot(organization: Organization) -> dict[str, object]:
    """What a takeover would change: domains, administrators, members, licences, invitations."""
    return {
        "domains": sorted(organization.domains.values_list("domain", flat=True)),
        "administrators": sorted(
            Membership.objects.administrators().filter(organization=organization).values_list("user__email", flat=True)
        ),
        "members": sorted(organization.memberships.values_list("user__email", "role", "status")),
        "licences": sorted(organization.licences.values_list("kind", "starts_on", "ends_on", "seats")),
        "invitations": sorted(Invitation.objects.filter(organization=organization).values_list("email", "role")),
    }


def request_trial_as(client, *, organization_name: str, email: str) -> TrialRequest:
    response = client.post(
        "/essai-gratuit/",
        {
            "organization_name": organization_name,
            "contact_name": "Mallory Pirate",
            "email": email,
            "telephone": "514 555-0100",
            "message": "Nous souhaitons essayer.",
        },
    )
    assert response.status_code == 302
    return TrialRequest.objects.get(email=email.lower())


def links_in_mail_to(address: str) -> list[str]:
    return [
        link
        for message in mail.outbox
        if address in message.to
        for link in re.findall(r"https?://[^/\s]+(/\S*invitation=\S+)", message.body)
    ]


def register_with(client, link: str, email: str) -> None:
    client.get(link)
    client.post(
        "/inscription/",
        {
            "email": email,
            "first_name": "Mallory",
            "last_name": "Pirate",
            "password1": PASSWORD,
            "invitation": link.split("invitation=")[1],
        },
    )


# The attack, through HTTP -----------------------------------------------------------------------


def test_approving_a_trial_under_a_subscribers_name_does_not_hand_it_over(
    client, admin, mcn, django_capture_on_commit_callbacks
):
    before = snapshot(mcn)
    with django_capture_on_commit_callbacks(execute=True):
        trial = request_trial_as(client, organization_name=SUBSCRIBER, email=ATTACKER)
        response = admin.post(url("approve", trial.pk), {"days": ""})

    assert snapshot(mcn) == before
    assert response.status_code == 200
    assert "ressemble à l'organisation existante «\u00a0Ministère de la Cybersécurité" in text(response)
    trial.refresh_from_db()
    assert trial.status == TrialRequestStatus.PENDING
    assert Organization.objects.count() == 1

    # Whatever reached the attacker, following it gives no seat at the subscriber.
    for link in links_in_mail_to(ATTACKER):
        register_with(client, link, ATTACKER)
    assert not Membership.objects.filter(user__email=ATTACKER, organization=mcn).exists()
    assert snapshot(mcn) == before


def test_the_staff_page_and_the_queue_show_the_conflict(client, admin, mcn):
    trial = request_trial_as(client, organization_name=SUBSCRIBER, email=ATTACKER)

    page = text(admin.get(url("inspect", trial.pk)))
    assert "Attention\u00a0: cette demande ressemble à une organisation existante" in page
    assert "même nom, à la casse, aux accents, aux espaces ou à la ponctuation près" in page
    assert f'href="/admin/organisations/inspect/{mcn.pk}/"' in page
    assert url("attach", trial.pk, mcn.pk) in page
    assert "Rattacher à l'organisation existante «\u00a0Ministère de la Cybersécurité et du Numérique\u00a0»" in page

    queue = text(admin.get(QUEUE))
    assert "Conflit\u00a0: ressemble à «\u00a0Ministère de la Cybersécurité et du Numérique\u00a0»" in queue


def test_the_staff_notification_names_the_organisation_it_resembles(client, mcn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_trial_as(client, organization_name=SUBSCRIBER, email=ATTACKER)

    (notice,) = [message for message in mail.outbox if message.to != [ATTACKER]]
    assert (
        "Attention\u00a0: cette demande ressemble à une organisation existante (nom ou domaine)\u00a0: "
        f"«\u00a0{SUBSCRIBER}\u00a0»" in notice.body
    )


def test_the_queue_finds_conflicts_in_the_same_number_of_queries_for_any_number_of_requests(admin, mcn):
    def queries_for_queue() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin.get(QUEUE).status_code == 200
        return len(queries)

    TrialRequestFactory(organization_name=SUBSCRIBER, email=ATTACKER)
    one = queries_for_queue()
    for n in range(10):
        TrialRequestFactory(organization_name=SUBSCRIBER.upper(), email=f"pirate{n}@mcn.gouv.qc.ca")
    assert queries_for_queue() == one
    assert text(admin.get(QUEUE)).count("Conflit\u00a0: ressemble à") == 11


# What counts as a resemblance -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Ministère de la Cybersécurité et du Numérique",
        "ministere de la cybersecurite et du numerique",
        "MINISTÈRE DE LA CYBERSÉCURITÉ ET DU NUMÉRIQUE",
        "  Ministère  de la Cybersécurité\tet du   Numérique ",
        "Ministère de la Cyber-sécurité et du Numérique.",
        "Ministère de la Cybersécurité et du Numérique\u00a0!",
        "Ministère de la Cybersecurité et du Numerique",
        "Ministère, de la Cybersécurité et du Numérique",
        "\N{FULLWIDTH LATIN CAPITAL LETTER M}inistère de la Cybersécurité et du Numérique",
    ],
)
def test_names_that_differ_only_by_case_accents_spacing_or_punctuation_conflict(admin, mcn, name):
    trial = TrialRequestFactory(organization_name=name, email=ATTACKER)

    assert list(Organization.objects.resembling(name=name, domain="cyber-pirate.ca")) == [mcn]
    assert "Attention\u00a0: cette demande ressemble" in text(admin.get(url("inspect", trial.pk)))
    assert "Conflit\u00a0: ressemble à" in text(admin.get(QUEUE))
    response = admin.post(url("approve", trial.pk), {"days": ""})
    assert response.status_code == 200
    assert Organization.objects.count() == 1
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["Ministère de la Cybersécurité", "Ministère des Finances", "Cybersécurité et Numérique inc."],
)
def test_other_names_do_not_conflict(admin, mcn, name, django_capture_on_commit_callbacks):
    trial = TrialRequestFactory(organization_name=name, email=ATTACKER)

    assert not Organization.objects.resembling(name=name, domain="cyber-pirate.ca").exists()
    assert "Attention\u00a0: cette demande ressemble" not in text(admin.get(url("inspect", trial.pk)))
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(url("approve", trial.pk), {"days": ""}).status_code == 302
    created = Organization.objects.get(name=name)
    assert list(created.domains.values_list("domain", flat=True)) == ["cyber-pirate.ca"]


def test_name_keys_ignore_case_accents_spacing_punctuation_and_ligatures():
    assert organization_name_key("  L'Œuvre  Léger-Québec ") == organization_name_key(
        "l\N{RIGHT SINGLE QUOTATION MARK}oeuvre leger quebec"
    )
    assert organization_name_key("Ministère des Finances") != organization_name_key("Ministère de la Finance")
    assert organization_name_key("—\u00a0! —") == ""


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        ("chantal@mcn.gouv.qc.ca", "appartient déjà à l'organisation «\u00a0Ministère de la Cybersécurité"),
        ("chantal@MCN.Gouv.QC.ca", "appartient déjà à l'organisation «\u00a0Ministère de la Cybersécurité"),
        ("chantal@dgtic.mcn.gouv.qc.ca", "est un sous-domaine de mcn.gouv.qc.ca"),
    ],
)
def test_an_address_at_or_under_a_subscribers_domain_conflicts(
    client, admin, mcn, email, reason, django_capture_on_commit_callbacks
):
    before = snapshot(mcn)
    trial = request_trial_as(client, organization_name="Direction des communications numériques", email=email)

    page = text(admin.get(url("inspect", trial.pk)))
    assert "Attention\u00a0: cette demande ressemble à une organisation existante" in page
    assert reason in page
    assert "Conflit\u00a0: ressemble à «\u00a0Ministère de la Cybersécurité" in text(admin.get(QUEUE))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url("approve", trial.pk), {"days": ""})
    assert response.status_code == 200
    assert "appartient déjà à l'organisation" in text(response)
    assert snapshot(mcn) == before
    assert Organization.objects.count() == 1
    assert not any(email.lower() in message.to for message in mail.outbox)


def test_a_parent_domain_shared_by_others_does_not_conflict(db):
    make_subscriber(name="Ministère des Finances", domain="finances.gouv.qc.ca")
    assert not Organization.objects.resembling(name="Autre chose", domain="mcn.gouv.qc.ca").exists()
    assert not Organization.objects.resembling(name="", domain="").exists()


# Approving anyway: a new, distinct organisation -------------------------------------------------


def test_approving_under_another_name_creates_a_distinct_organisation(
    client, admin, mcn, django_capture_on_commit_callbacks
):
    before = snapshot(mcn)
    trial = request_trial_as(client, organization_name=SUBSCRIBER, email=ATTACKER)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url("approve", trial.pk), {"days": "", "organization_name": "Cyber Pirate inc."})

    assert response.status_code == 302
    created = Organization.objects.get(name="Cyber Pirate inc.")
    assert list(created.domains.values_list("domain", flat=True)) == ["cyber-pirate.ca"]
    assert Invitation.objects.get(organization=created).role == MembershipRole.ADMIN
    assert snapshot(mcn) == before
    trial.refresh_from_db()
    assert (trial.status, trial.organization) == (TrialRequestStatus.APPROVED, created)


def test_the_action_refuses_in_french_and_changes_nothing(mcn, staff):
    trial = TrialRequestFactory(organization_name="ministere de la cybersecurite et du numerique", email=ATTACKER)

    with pytest.raises(LicensingError, match="ressemble à l'organisation existante"):
        approve_trial(trial=trial, by=staff)

    trial.refresh_from_db()
    assert trial.status == TrialRequestStatus.PENDING
    assert Organization.objects.count() == 1
    assert not Licence.objects.exclude(organization=mcn).exists()


# Attaching, explicitly: nothing changes at the organisation -------------------------------------


def test_attaching_asks_for_confirmation_and_says_what_it_does(client, admin, mcn):
    trial = request_trial_as(client, organization_name=SUBSCRIBER, email=ATTACKER)

    page = text(admin.get(url("attach", trial.pk, mcn.pk)))

    assert "Rattacher la demande à une organisation existante" in page
    assert "aucun domaine, aucun administrateur, aucune licence" in page
    assert "Rattacher à «\u00a0Ministère de la Cybersécurité et du Numérique\u00a0»" in page
    trial.refresh_from_db()
    assert trial.status == TrialRequestStatus.PENDING


def test_attaching_the_attackers_request_changes_nothing_and_invites_nobody(
    client, admin, staff, mcn, django_capture_on_commit_callbacks
):
    before = snapshot(mcn)
    trial = request_trial_as(client, organization_name=SUBSCRIBER, email=ATTACKER)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url("attach", trial.pk, mcn.pk))

    assert response.status_code == 302
    assert snapshot(mcn) == before
    trial.refresh_from_db()
    assert (trial.status, trial.organization, trial.licence, trial.decided_by) == (
        TrialRequestStatus.ATTACHED,
        mcn,
        None,
        staff,
    )
    assert not Invitation.objects.exists()
    assert links_in_mail_to(ATTACKER) == []
    (to_requester,) = [message for message in mail.outbox if message.to == [ATTACKER]]
    assert "déjà abonnée" in to_requester.body
    (to_administrator,) = [message for message in mail.outbox if message.to == ["responsable@mcn.gouv.qc.ca"]]
    assert ATTACKER in to_administrator.body
    assert "rattachée" in text(admin.get(url("inspect", trial.pk)))


def test_attaching_a_colleague_at_the_subscribers_domain_invites_them_as_a_reader_only(
    client, admin, mcn, django_capture_on_commit_callbacks
):
    before = snapshot(mcn)
    colleague = "chantal.roy@mcn.gouv.qc.ca"
    trial = request_trial_as(client, organization_name="Direction des communications", email=colleague)

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url("attach", trial.pk, mcn.pk))

    assert Invitation.objects.get(organization=mcn, email=colleague).role == MembershipRole.READER
    (link,) = links_in_mail_to(colleague)
    client.logout()
    register_with(client, link, colleague)
    membership = Membership.objects.get(user=User.objects.get(email=colleague))
    assert (membership.organization, membership.role) == (mcn, MembershipRole.READER)
    after = snapshot(mcn)
    assert (after["domains"], after["administrators"], after["licences"]) == (
        before["domains"],
        before["administrators"],
        before["licences"],
    )


def test_attaching_does_not_bypass_the_administrators_approval(mcn, staff, django_capture_on_commit_callbacks):
    Organization.objects.filter(pk=mcn.pk).update(requires_approval=True)
    trial = TrialRequestFactory(organization_name=SUBSCRIBER, email="chantal.roy@mcn.gouv.qc.ca")

    with django_capture_on_commit_callbacks(execute=True):
        attached = attach_trial(trial=trial, organization=mcn, by=staff)

    assert attached.invitation is None
    assert not Invitation.objects.exists()


def test_attaching_to_an_organisation_the_request_does_not_resemble_is_refused(
    admin, mcn, staff, django_capture_on_commit_callbacks
):
    other = make_subscriber(name="Ministère des Finances", domain="finances.gouv.qc.ca")
    trial = TrialRequestFactory(organization_name=SUBSCRIBER, email=ATTACKER)

    assert admin.get(url("attach", trial.pk, other.pk)).status_code == 404
    assert admin.post(url("attach", trial.pk, other.pk)).status_code == 404
    with pytest.raises(LicensingError, match="ne ressemble pas"):
        attach_trial(trial=trial, organization=other, by=staff)
    trial.refresh_from_db()
    assert trial.status == TrialRequestStatus.PENDING


def test_an_attached_request_cannot_be_approved_afterwards(admin, mcn, django_capture_on_commit_callbacks):
    trial = TrialRequestFactory(organization_name=SUBSCRIBER, email=ATTACKER)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url("attach", trial.pk, mcn.pk))

    response = admin.post(url("approve", trial.pk), {"days": "", "organization_name": "Cyber Pirate inc."})

    assert "Cette demande a déjà été traitée." in text(response)
    assert Organization.objects.count() == 1
