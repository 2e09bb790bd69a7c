"""Who receives a publication: entitled, covered by the licence, not opted out — in one query."""

from __future__ import annotations

import pytest

from courrier.accounts.factories import UserFactory
from courrier.editions.actions import choose_publications
from courrier.editions.models import Publication
from courrier.editions.recipients import publications_for, recipients
from courrier.licensing.factories import LicenceFactory, OrganizationFactory, ReaderFactory, make_subscriber
from courrier.licensing.models import MembershipStatus


@pytest.fixture
def lag(db):
    return Publication.objects.get(key="lcp-lag")


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


def test_the_four_publications_exist(db):
    assert list(Publication.objects.values_list("key", flat=True)) == [
        "lcp-lag",
        "lcp-infomidi",
        "cette-semaine",
        "alerte-decrets",
    ]


@pytest.mark.parametrize(
    ("case", "receives"),
    [
        ("entitled", True),
        ("opted-out", False),
        ("unverified", False),
        ("pending", False),
        ("removed", False),
        ("licence-ended", False),
        ("no-organisation", False),
        ("licence-not-covering", False),
        ("licence-covering", True),
    ],
)
def test_recipient_matrix(lag, mcn, case, receives):
    other = Publication.objects.get(key="alerte-decrets")
    if case == "entitled":
        person = ReaderFactory(organization=mcn)
    elif case == "opted-out":
        person = ReaderFactory(organization=mcn)
        choose_publications(user=person, choices={lag: False})
    elif case == "unverified":
        person = ReaderFactory(organization=mcn, verified=False)
    elif case == "pending":
        person = ReaderFactory(organization=mcn, status=MembershipStatus.PENDING)
    elif case == "removed":
        person = ReaderFactory(organization=mcn, status=MembershipStatus.REMOVED)
    elif case == "licence-ended":
        person = ReaderFactory(organization=make_subscriber(name="Exemple inc.", domain="exemple.com", expired=True))
    elif case == "no-organisation":
        person = UserFactory()
    else:
        organization = OrganizationFactory(name="Firme")
        licence = LicenceFactory(organization=organization)
        licence.publications.set([lag if case == "licence-covering" else other])
        person = ReaderFactory(organization=organization)
    assert (person in recipients(lag)) is receives


def test_a_publication_nobody_receives_by_default_needs_an_opt_in(mcn):
    infomidi = Publication.objects.get(key="lcp-infomidi")
    infomidi.default_opt_in = False
    infomidi.save()
    reader = ReaderFactory(organization=mcn)
    assert reader not in recipients(infomidi)
    choose_publications(user=reader, choices={infomidi: True})
    assert reader in recipients(infomidi)


def test_one_query_whatever_the_number_of_readers(lag, mcn, django_assert_num_queries):
    for _ in range(25):
        ReaderFactory(organization=mcn)
    with django_assert_num_queries(1):
        assert len(list(recipients(lag).values_list("email", flat=True))) == 25


def test_a_reader_sees_the_publications_their_licence_covers(lag, db):
    organization = OrganizationFactory(name="Firme")
    LicenceFactory(organization=organization).publications.set([lag])
    reader = ReaderFactory(organization=organization)
    assert publications_for(reader) == [lag]
    assert publications_for(UserFactory()) == []


def test_readers_choose_their_publications_in_their_profile(client, lag, mcn):
    reader = ReaderFactory(organization=mcn)
    client.force_login(reader)
    page = client.get("/profil/publications/").content.decode()
    assert "LCP-LAG" in page and "Alerte Décrets" in page
    response = client.post(
        "/profil/publications/", {"lcp-infomidi": "on", "cette-semaine": "on", "alerte-decrets": "on"}
    )
    assert response.status_code == 302
    assert reader not in recipients(lag)
    client.post("/profil/publications/", {"lcp-lag": "on"})
    assert reader in recipients(lag)
