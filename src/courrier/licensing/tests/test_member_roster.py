"""Mon organisation's members: narrowed by name or address, role and status, a page at a time."""

import html

import pytest

from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Membership, MembershipRole, MembershipStatus
from courrier.licensing.views import organization as views

URL = "/mon-organisation/"


def rows(response) -> list[str]:
    """The addresses in the members table, in order (the invitations table is another one)."""
    page = html.unescape(response.content.decode())
    table = page.split('<table class="data members">', 1)[1].split("</table>", 1)[0] if 'data members"' in page else ""
    return [chunk.split("</span>", 1)[0] for chunk in table.split('members__email">')[1:]]


@pytest.fixture
def organization(db):
    return make_subscriber(seats=None)


@pytest.fixture
def admin(organization):
    return ReaderFactory(
        organization=organization,
        role=MembershipRole.ADMIN,
        email="anne.gagnon@mcn.gouv.qc.ca",
        first_name="Anne",
        last_name="Gagnon",
    )


@pytest.fixture
def staff_of_mcn(organization, admin):
    ReaderFactory(organization=organization, email="bea.vu@mcn.gouv.qc.ca", first_name="Béatrice", last_name="Vu")
    ReaderFactory(
        organization=organization,
        email="luc.roy@mcn.gouv.qc.ca",
        first_name="Luc",
        last_name="Roy",
        status=MembershipStatus.PENDING,
    )
    ReaderFactory(organization=organization, email="inconnu@mcn.gouv.qc.ca", verified=False)
    ReaderFactory(
        organization=organization,
        email="parti@mcn.gouv.qc.ca",
        first_name="Paul",
        last_name="Parti",
        status=MembershipStatus.REMOVED,
    )


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_everyone_current_is_listed_awaiting_approval_first(admin_client, staff_of_mcn):
    response = admin_client.get(URL)

    assert rows(response) == [
        "luc.roy@mcn.gouv.qc.ca",
        "anne.gagnon@mcn.gouv.qc.ca",
        "bea.vu@mcn.gouv.qc.ca",
        "inconnu@mcn.gouv.qc.ca",
    ]
    assert "4 membres" in html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "vu"}, ["bea.vu@mcn.gouv.qc.ca"]),
        ({"q": "Béatrice"}, ["bea.vu@mcn.gouv.qc.ca"]),
        ({"q": "ROY"}, ["luc.roy@mcn.gouv.qc.ca"]),
        ({"q": "luc roy"}, ["luc.roy@mcn.gouv.qc.ca"]),
        ({"q": "luc vu"}, []),
        ({"q": "inconnu@"}, ["inconnu@mcn.gouv.qc.ca"]),
        ({"role": "admin"}, ["anne.gagnon@mcn.gouv.qc.ca"]),
        ({"role": "reader", "statut": "active"}, ["bea.vu@mcn.gouv.qc.ca"]),
        ({"statut": "pending"}, ["luc.roy@mcn.gouv.qc.ca"]),
        ({"statut": "unverified"}, ["inconnu@mcn.gouv.qc.ca"]),
        ({"q": "parti"}, []),  # removed: no longer a member
    ],
)
def test_filters_narrow_the_list(admin_client, staff_of_mcn, query, expected):
    response = admin_client.get(URL, query)

    assert response.status_code == 200
    assert rows(response) == expected


def test_a_narrowed_list_says_so_and_offers_the_whole_one_back(admin_client, staff_of_mcn):
    page = html.unescape(admin_client.get(URL, {"statut": "pending"}).content.decode())

    assert "1 membre correspond à ces critères" in page
    assert 'href="/mon-organisation/">Tous les membres' in page


def test_nobody_matching_is_said_plainly(admin_client, staff_of_mcn):
    page = html.unescape(admin_client.get(URL, {"q": "personne"}).content.decode())

    assert "Aucun membre ne correspond à ces critères." in page


@pytest.mark.parametrize("query", [{"statut": "removed"}, {"role": "superuser"}, {"page": "x"}, {"q": "a" * 500}])
def test_a_value_the_form_refuses_lists_everyone_without_an_error(admin_client, staff_of_mcn, query):
    response = admin_client.get(URL, query)

    assert response.status_code == 200
    assert len(rows(response)) == 4


def test_members_come_a_page_at_a_time(admin_client, organization, admin, monkeypatch):
    monkeypatch.setattr(views, "MEMBERS_PER_PAGE", 2)
    for number in range(3):
        ReaderFactory(organization=organization, email=f"lecteur{number}@mcn.gouv.qc.ca", last_name=f"Z{number}")

    first = admin_client.get(URL, {"role": "reader"})
    second = admin_client.get(URL, {"role": "reader", "page": 2})

    assert rows(first) == ["lecteur0@mcn.gouv.qc.ca", "lecteur1@mcn.gouv.qc.ca"]
    assert rows(second) == ["lecteur2@mcn.gouv.qc.ca"]
    assert "role=reader&amp;page=2" in first.content.decode()  # the filter follows the pages


def test_another_organisations_members_never_show(admin_client, staff_of_mcn):
    elsewhere = make_subscriber(name="Ville de Laval", domain="laval.ca")
    ReaderFactory(organization=elsewhere, email="vu@laval.ca", last_name="Vu")

    assert rows(admin_client.get(URL, {"q": "vu"})) == ["bea.vu@mcn.gouv.qc.ca"]
    assert Membership.objects.roster(elsewhere.pk, search="vu").get().user.email == "vu@laval.ca"
