"""Mon organisation: what an organisation's administrator sees and does, through HTTP."""

import datetime
import html

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from courrier.accounts.factories import UserFactory
from courrier.licensing.admission import seats_used
from courrier.licensing.entitlements import entitled_users
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Invitation, Membership, MembershipRole, MembershipStatus

URL = "/mon-organisation/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def french_date(day: datetime.date | datetime.datetime) -> str:
    with translation.override("fr-ca"):
        return date_format(day, "j F Y")


def membership(user) -> Membership:
    return Membership.objects.get(user=user)


@pytest.fixture
def organization(db):
    return make_subscriber(seats=5)


@pytest.fixture
def admin(organization):
    return ReaderFactory(
        organization=organization, role=MembershipRole.ADMIN, email="admin@mcn.gouv.qc.ca", first_name="Anne"
    )


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


# Overview ------------------------------------------------------------------------------------


def test_overview_shows_the_licence_and_seats_used_out_of_total(admin_client, organization):
    ReaderFactory(organization=organization)
    ReaderFactory(organization=organization, status=MembershipStatus.PENDING)
    ReaderFactory(organization=organization, status=MembershipStatus.REMOVED)
    licence = organization.current_licence()

    response = admin_client.get(URL)

    assert response.status_code == 200
    page = text(response)
    assert organization.name in page
    assert "Payante" in page
    assert french_date(licence.starts_on) in page
    assert french_date(licence.ends_on) in page
    assert "3 sur 5" in page  # the admin, the reader and the pending request; not the removed one


def test_overview_says_unlimited_when_the_licence_has_no_seat_limit(client, db):
    organization = make_subscriber(seats=None)
    client.force_login(ReaderFactory(organization=organization, role=MembershipRole.ADMIN))

    assert "illimité" in text(client.get(URL))


def test_overview_says_when_the_last_licence_ended(client, db):
    organization = make_subscriber(expired=True)
    client.force_login(ReaderFactory(organization=organization, role=MembershipRole.ADMIN))
    ended_on = organization.latest_licence().ends_on

    response = client.get(URL)

    assert response.status_code == 200
    assert f"a pris fin le {french_date(ended_on)}" in text(response)


def test_members_table_lists_pending_first_with_last_seen_and_job_title(admin_client, organization, admin):
    seen = ReaderFactory(organization=organization, first_name="Béatrice", last_name="Vu", job_title="Attachée")
    Membership.objects.filter(user=seen).update(last_seen_on=datetime.date(2025, 3, 4))
    pending = ReaderFactory(organization=organization, status=MembershipStatus.PENDING, last_name="Zénon")

    page = text(admin_client.get(URL))

    assert page.index(pending.email) < page.index(admin.email) < page.index(seen.email)
    assert "Attachée" in page
    assert french_date(datetime.date(2025, 3, 4)) in page
    assert "jamais" in page  # the pending member never read
    assert french_date(timezone.localtime(membership(seen).joined_at)) in page
    assert "Approuver" in page
    assert "Nommer administrateur" in page


def test_responses_are_never_cached(admin_client):
    response = admin_client.get(URL)

    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_overview_query_count_does_not_grow_with_members(admin_client, organization, django_assert_max_num_queries):
    organization.licences.update(seats=None)

    def queries() -> int:
        admin_client.get(URL)  # warm the per-process caches (site root paths, sections)
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(URL).status_code == 200
        return len(captured)

    few = queries()
    for number in range(15):
        status = MembershipStatus.PENDING if number % 3 else MembershipStatus.ACTIVE
        ReaderFactory(organization=organization, status=status)
        Invitation.objects.create(
            organization=organization,
            email=f"invite{number}@mcn.gouv.qc.ca",
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
    many = queries()

    assert many == few
    with django_assert_max_num_queries(9):  # one of them counts the members, for the pages
        admin_client.get(URL)


# Approve, remove, promote ---------------------------------------------------------------------


def test_approve_a_pending_member(admin_client, organization, django_capture_on_commit_callbacks):
    pending = ReaderFactory(organization=organization, status=MembershipStatus.PENDING)
    assert pending not in entitled_users(organization=organization)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{URL}membres/{membership(pending).pk}/approuver/", follow=True)

    assert response.status_code == 200
    assert membership(pending).status == MembershipStatus.ACTIVE
    assert pending in entitled_users(organization=organization)
    assert "peut maintenant lire" in text(response)
    assert [message.to for message in mail.outbox] == [[pending.email]]


def test_remove_asks_for_confirmation_first(admin_client, organization):
    reader = ReaderFactory(organization=organization, first_name="Rémi", last_name="Côté")

    response = admin_client.get(f"{URL}membres/{membership(reader).pk}/retirer/")

    assert response.status_code == 200
    assert "Retirer Rémi Côté\u00a0?" in text(response)
    assert membership(reader).status == MembershipStatus.ACTIVE


def test_removed_member_is_no_longer_entitled_and_frees_the_seat(admin_client, organization):
    reader = ReaderFactory(organization=organization)
    assert reader in entitled_users(organization=organization)
    before = seats_used(organization)

    response = admin_client.post(f"{URL}membres/{membership(reader).pk}/retirer/", follow=True)

    assert response.status_code == 200
    assert Membership.objects.get(user=reader).status == MembershipStatus.REMOVED
    assert reader not in entitled_users(organization=organization)
    assert seats_used(organization) == before - 1
    assert reader.email not in text(response)
    assert "sa place est libérée" in text(response)


def test_refuse_a_pending_request_frees_its_seat(admin_client, organization):
    pending = ReaderFactory(organization=organization, status=MembershipStatus.PENDING)
    before = seats_used(organization)

    admin_client.post(f"{URL}membres/{membership(pending).pk}/retirer/")

    assert Membership.objects.get(user=pending).status == MembershipStatus.REMOVED
    assert seats_used(organization) == before - 1


def test_the_last_administrator_cannot_remove_themself(admin_client, admin):
    own = membership(admin)

    confirmation = admin_client.get(f"{URL}membres/{own.pk}/retirer/")
    response = admin_client.post(f"{URL}membres/{own.pk}/retirer/", follow=True)

    assert "seul administrateur" in text(confirmation)
    assert '<form method="post" action="/mon-organisation/membres/' not in confirmation.content.decode()
    assert response.status_code == 200
    assert "seul administrateur" in text(response)
    own.refresh_from_db()
    assert own.status == MembershipStatus.ACTIVE
    assert own.role == MembershipRole.ADMIN


def test_an_administrator_may_leave_when_another_remains(admin_client, admin, organization):
    ReaderFactory(organization=organization, role=MembershipRole.ADMIN)

    response = admin_client.post(f"{URL}membres/{membership(admin).pk}/retirer/")

    assert response.status_code == 302
    assert response["Location"] == "/profil/"
    assert Membership.objects.get(user=admin).status == MembershipStatus.REMOVED
    assert admin_client.get(URL).status_code == 403


def test_promote_a_reader_to_administrator(admin_client, organization):
    reader = ReaderFactory(organization=organization)

    response = admin_client.post(f"{URL}membres/{membership(reader).pk}/nommer-administrateur/", follow=True)

    assert response.status_code == 200
    assert membership(reader).role == MembershipRole.ADMIN
    assert "administre maintenant" in text(response)


def test_a_pending_member_cannot_be_promoted(admin_client, organization):
    pending = ReaderFactory(organization=organization, status=MembershipStatus.PENDING)

    response = admin_client.post(f"{URL}membres/{membership(pending).pk}/nommer-administrateur/", follow=True)

    assert response.status_code == 200
    assert "Seul un membre actif peut devenir administrateur." in text(response)
    assert membership(pending).role == MembershipRole.READER


@pytest.mark.parametrize("action", ["approuver", "retirer", "nommer-administrateur"])
@pytest.mark.parametrize("membership_id", ["999999", str(2**70)])
def test_unknown_ids_are_404(admin_client, action, membership_id):
    assert admin_client.post(f"{URL}membres/{membership_id}/{action}/").status_code == 404


@pytest.mark.parametrize("action", ["approuver", "retirer", "nommer-administrateur"])
def test_a_removed_membership_is_out_of_reach(admin_client, organization, action):
    gone = ReaderFactory(organization=organization, status=MembershipStatus.REMOVED)

    assert admin_client.post(f"{URL}membres/{membership(gone).pk}/{action}/").status_code == 404
    assert membership(gone).status == MembershipStatus.REMOVED


@pytest.mark.parametrize("action", ["approuver", "nommer-administrateur"])
def test_changes_need_post(admin_client, organization, action):
    pending = ReaderFactory(organization=organization, status=MembershipStatus.PENDING)

    assert admin_client.get(f"{URL}membres/{membership(pending).pk}/{action}/").status_code == 405
    assert admin_client.get(f"{URL}inviter/").status_code == 405
    assert membership(pending).status == MembershipStatus.PENDING


def test_changes_need_the_csrf_token(admin, organization):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    reader = ReaderFactory(organization=organization)

    response = client.post(f"{URL}membres/{membership(reader).pk}/retirer/")

    assert response.status_code == 403
    assert membership(reader).status == MembershipStatus.ACTIVE


# Invitations ---------------------------------------------------------------------------------


def test_invite_a_colleague_sends_the_signup_link(admin_client, organization, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{URL}inviter/", {"email": "Paul.Roy@MCN.gouv.qc.ca"}, follow=True)

    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.organization == organization
    assert invitation.email == "paul.roy@mcn.gouv.qc.ca"
    assert invitation.expires_at > timezone.now()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["paul.roy@mcn.gouv.qc.ca"]
    assert "/inscription/?invitation=" in mail.outbox[0].body
    page = text(response)
    assert "Invitation envoyée à paul.roy@mcn.gouv.qc.ca" in page
    assert french_date(timezone.localtime(invitation.expires_at)) in page


def test_pending_invitations_are_listed_with_their_expiry(admin_client, organization, admin):
    expires_at = timezone.now() + datetime.timedelta(days=9)
    Invitation.objects.create(organization=organization, email="valide@mcn.gouv.qc.ca", expires_at=expires_at)
    Invitation.objects.create(
        organization=organization, email="expiree@mcn.gouv.qc.ca", expires_at=timezone.now() - datetime.timedelta(1)
    )
    Invitation.objects.create(
        organization=organization,
        email="acceptee@mcn.gouv.qc.ca",
        expires_at=expires_at,
        accepted_at=timezone.now(),
    )

    page = text(admin_client.get(URL))

    assert "valide@mcn.gouv.qc.ca" in page
    assert french_date(timezone.localtime(expires_at)) in page
    assert "expiree@" not in page
    assert "acceptee@" not in page


def test_a_webmail_address_is_refused_in_french(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{URL}inviter/", {"email": "quelqu.un@gmail.com"})

    assert response.status_code == 200
    assert "pas une adresse personnelle" in text(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_no_invitation_when_every_seat_is_taken(client, db, django_capture_on_commit_callbacks):
    organization = make_subscriber(seats=2)
    client.force_login(ReaderFactory(organization=organization, role=MembershipRole.ADMIN))
    ReaderFactory(organization=organization, status=MembershipStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}inviter/", {"email": "paul.roy@mcn.gouv.qc.ca"})

    assert response.status_code == 200
    assert "Toutes les places de la licence sont prises." in text(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_invalid_address_is_a_form_error(admin_client):
    response = admin_client.post(f"{URL}inviter/", {"email": "pas-une-adresse"})

    assert response.status_code == 200
    assert 'class="field field--error"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitations_are_rate_limited(admin_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "invite": "2/h/user"}
    for number in range(2):
        admin_client.post(f"{URL}inviter/", {"email": f"collegue{number}@mcn.gouv.qc.ca"})

    response = admin_client.post(f"{URL}inviter/", {"email": "collegue9@mcn.gouv.qc.ca"})

    assert response.status_code == 429
    assert "Trop d'invitations" in text(response)
    assert Invitation.objects.count() == 2


# Access --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/?next=/mon-organisation/")


def test_anonymous_posts_change_nothing(client, organization):
    pending = ReaderFactory(organization=organization, status=MembershipStatus.PENDING)

    response = client.post(f"{URL}membres/{membership(pending).pk}/approuver/")

    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    assert membership(pending).status == MembershipStatus.PENDING


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda o: ReaderFactory(organization=o), id="reader"),
        pytest.param(
            lambda o: ReaderFactory(organization=o, role=MembershipRole.ADMIN, status=MembershipStatus.PENDING),
            id="pending-admin",
        ),
        pytest.param(
            lambda o: ReaderFactory(organization=o, role=MembershipRole.ADMIN, status=MembershipStatus.REMOVED),
            id="removed-admin",
        ),
        pytest.param(lambda o: UserFactory(staff=True), id="staff-without-membership"),
        pytest.param(lambda o: UserFactory(), id="no-organisation"),
    ],
)
def test_anyone_but_an_active_administrator_gets_a_french_403(client, organization, make_user):
    client.force_login(make_user(organization))
    pending = ReaderFactory(organization=organization, status=MembershipStatus.PENDING)

    overview = client.get(URL)
    approval = client.post(f"{URL}membres/{membership(pending).pk}/approuver/")
    invitation = client.post(f"{URL}inviter/", {"email": "paul.roy@mcn.gouv.qc.ca"})

    assert overview.status_code == approval.status_code == invitation.status_code == 403
    assert "réservée aux administrateurs" in text(overview)
    assert "no-cache" in overview["Cache-Control"]
    assert membership(pending).status == MembershipStatus.PENDING
    assert not Invitation.objects.exists()
