"""An organisation's administrator never sees nor changes another organisation's members."""

import html

import pytest

from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Invitation, Membership, MembershipRole, MembershipStatus

URL = "/mon-organisation/"


@pytest.fixture
def organization_a(db):
    return make_subscriber(name="Ministère A", domain="a.gouv.qc.ca", seats=10)


@pytest.fixture
def organization_b(db):
    return make_subscriber(name="Ministère B", domain="b.gouv.qc.ca", seats=10)


@pytest.fixture
def admin_a(organization_a):
    return ReaderFactory(organization=organization_a, role=MembershipRole.ADMIN, email="admin@a.gouv.qc.ca")


@pytest.fixture
def members_b(organization_b):
    """B's admin, reader and pending request, with names that appear nowhere else."""
    return {
        "admin": ReaderFactory(
            organization=organization_b,
            role=MembershipRole.ADMIN,
            email="chef@b.gouv.qc.ca",
            first_name="Bérangère",
            last_name="Bédard",
        ),
        "reader": ReaderFactory(
            organization=organization_b, email="lectrice@b.gouv.qc.ca", first_name="Brigitte", last_name="Boivin"
        ),
        "pending": ReaderFactory(
            organization=organization_b,
            status=MembershipStatus.PENDING,
            email="attente@b.gouv.qc.ca",
            first_name="Bruno",
            last_name="Bélanger",
        ),
    }


@pytest.fixture
def client_a(client, admin_a):
    client.force_login(admin_a)
    return client


def snapshot(user) -> tuple[str, str]:
    current = Membership.objects.get(user=user)
    return current.status, current.role


def test_a_never_sees_b_members_nor_b_invitations(client_a, organization_b, members_b):
    Invitation.objects.create(
        organization=organization_b, email="invitee@b.gouv.qc.ca", expires_at="2999-01-01T00:00:00Z"
    )

    page = html.unescape(client_a.get(URL).content.decode())

    assert "admin@a.gouv.qc.ca" in page
    for forbidden in ("Ministère B", "b.gouv.qc.ca", "Bérangère", "Brigitte", "Bruno", "Bédard", "Boivin", "Bélanger"):
        assert forbidden not in page


@pytest.mark.parametrize("who", ["admin", "reader", "pending"])
@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("post", "approuver"),
        ("post", "retirer"),
        ("get", "retirer"),
        ("post", "nommer-administrateur"),
    ],
)
def test_a_cannot_reach_b_memberships(client_a, members_b, who, method, action):
    target = members_b[who]
    before = {key: snapshot(user) for key, user in members_b.items()}
    membership_id = Membership.objects.get(user=target).pk

    response = getattr(client_a, method)(f"{URL}membres/{membership_id}/{action}/")

    assert response.status_code == 404
    assert target.email not in response.content.decode()
    assert {key: snapshot(user) for key, user in members_b.items()} == before


def test_a_form_cannot_name_another_organisation(client_a, organization_a, organization_b):
    client_a.post(f"{URL}inviter/", {"email": "paul@a.gouv.qc.ca", "organization": organization_b.pk})

    assert list(Invitation.objects.values_list("organization", flat=True)) == [organization_a.pk]


def test_each_administrator_sees_only_their_own_organisation(client, admin_a, members_b):
    client.force_login(members_b["admin"])

    page = html.unescape(client.get(URL).content.decode())

    assert "Brigitte" in page
    assert "admin@a.gouv.qc.ca" not in page
    assert "Ministère A" not in page
