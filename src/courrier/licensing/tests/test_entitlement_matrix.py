"""Who may read, per request and in bulk: the two answers agree in every case, around every boundary."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from courrier.accounts.factories import UserFactory
from courrier.licensing.entitlements import (
    Grounds,
    _decide,
    entitled_users,
    make_reading_token,
)
from courrier.licensing.factories import IpRangeFactory, LicenceFactory, OrganizationFactory, ReaderFactory
from courrier.licensing.models import EmailDomain, MembershipStatus

MONTREAL = ZoneInfo("America/Montreal")
LICENCE_START = datetime.date(2026, 9, 1)
LICENCE_END = datetime.date(2027, 6, 30)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=MONTREAL)


def request_for(user=None, *, address: str = "203.0.113.9", forwarded: str = "", query: str = ""):
    request = RequestFactory().get(f"/article/{query}", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded)
    request.user = user or AnonymousUser()
    return request


@pytest.fixture(autouse=True)
def _within_the_licence():
    """Tests that name no moment run on a day of the licence; the others travel further themselves."""
    with time_machine.travel(at(datetime.date(2026, 11, 15), 9), tick=False):
        yield


@pytest.fixture
def organization(db):
    organization = OrganizationFactory(name="Ministère de la Cybersécurité et du Numérique")
    EmailDomain.objects.create(organization=organization, domain="mcn.gouv.qc.ca")
    LicenceFactory(organization=organization, starts_on=LICENCE_START, ends_on=LICENCE_END, seats=None)
    return organization


def reader_in(organization, **kwargs):
    return ReaderFactory(organization=organization, **kwargs)


MOMENTS = [
    pytest.param(at(LICENCE_START, 0, 1), True, id="first-minute-of-first-day"),
    pytest.param(at(LICENCE_START - datetime.timedelta(days=1), 23, 59), False, id="last-minute-before-start"),
    pytest.param(at(LICENCE_END, 23, 59), True, id="last-minute-of-last-day"),
    pytest.param(at(LICENCE_END + datetime.timedelta(days=1), 0, 1), False, id="first-minute-after-end"),
    # 23:30 in Montréal is already the next day in UTC: validity follows Montréal dates.
    pytest.param(at(LICENCE_END, 23, 30), True, id="late-evening-montreal-next-day-utc"),
]


@pytest.mark.parametrize(("moment", "reads"), MOMENTS)
def test_active_verified_member_reads_exactly_while_the_licence_is_valid(organization, moment, reads):
    with time_machine.travel(moment, tick=False):
        reader = reader_in(organization)
        answer = _decide(request_for(reader))
        assert answer.reads_everything is reads
        assert (reader in entitled_users()) is reads
        assert (reader in entitled_users(organization=organization)) is reads
        if reads:
            assert answer.grounds == Grounds.LICENCE
            assert answer.valid_until == LICENCE_END
            assert answer.organization == organization.name
        elif moment.date() > LICENCE_END:
            assert answer.grounds == Grounds.LICENCE_ENDED
            assert answer.ended_on == LICENCE_END


@pytest.mark.parametrize(
    ("membership", "grounds"),
    [
        pytest.param({"status": MembershipStatus.PENDING}, Grounds.PENDING, id="pending-approval"),
        pytest.param({"verified": False}, Grounds.UNVERIFIED, id="address-not-verified"),
        pytest.param({"status": MembershipStatus.REMOVED}, Grounds.REMOVED, id="removed-from-organisation"),
    ],
)
def test_members_who_may_not_read_are_told_why(organization, membership, grounds):
    with time_machine.travel(at(datetime.date(2026, 11, 15), 9), tick=False):
        reader = reader_in(organization, **membership)
        answer = _decide(request_for(reader))
        assert answer.grounds == grounds
        assert not answer.reads_everything
        assert reader not in entitled_users()


def test_licence_ended_names_the_date_and_the_administrator(db):
    organization = OrganizationFactory(name="Exemple inc.")
    LicenceFactory(organization=organization, expired=True)
    ReaderFactory(organization=organization, role="admin", first_name="Louis", last_name="Pelletier")
    reader = ReaderFactory(organization=organization)
    answer = _decide(request_for(reader))
    assert answer.grounds == Grounds.LICENCE_ENDED
    assert answer.ended_on == organization.licences.get().ends_on
    assert answer.administrator == "Louis Pelletier"


def test_a_later_licence_takes_over_without_anything_to_flip(organization):
    LicenceFactory(
        organization=organization,
        starts_on=LICENCE_END + datetime.timedelta(days=1),
        ends_on=datetime.date(2028, 6, 30),
    )
    with time_machine.travel(at(LICENCE_END + datetime.timedelta(days=1), 8), tick=False):
        reader = reader_in(organization)
        assert _decide(request_for(reader)).valid_until == datetime.date(2028, 6, 30)
        assert reader in entitled_users()


def test_inactive_accounts_never_read_in_bulk(organization):
    reader = reader_in(organization)
    reader.is_active = False
    reader.save()
    assert reader not in entitled_users()


def test_staff_read_everything_without_a_licence(db):
    staff = UserFactory(staff=True)
    answer = _decide(request_for(staff))
    assert answer.grounds == Grounds.STAFF
    assert answer.reads_everything


def test_logged_in_person_without_organisation_reads_nothing(db):
    answer = _decide(request_for(UserFactory()))
    assert answer.grounds == Grounds.NO_LICENCE


def test_anonymous_visitor_reads_nothing(db):
    assert _decide(request_for()).grounds == Grounds.ANONYMOUS


def test_bulk_answer_is_one_query_whatever_the_number_of_readers(organization, django_assert_num_queries):
    for _ in range(30):
        reader_in(organization)
    with django_assert_num_queries(1):
        assert len(list(entitled_users())) == 30


# IP ranges -----------------------------------------------------------------------------------


@pytest.fixture
def ip_range(organization):
    return IpRangeFactory(organization=organization, cidr="198.51.100.0/24")


@pytest.mark.parametrize(
    ("address", "reads"),
    [
        ("198.51.100.7", True),
        ("198.51.100.255", True),
        ("198.51.101.1", False),
        ("2001:db8::1", False),
        ("garbage", False),
    ],
)
def test_anonymous_visitor_inside_an_ip_range_reads_under_the_licence(ip_range, address, reads):
    with time_machine.travel(at(datetime.date(2026, 11, 15), 9), tick=False):
        answer = _decide(request_for(address=address))
    assert answer.reads_everything is reads
    if reads:
        assert answer.grounds == Grounds.IP_RANGE
        assert answer.organization == "Ministère de la Cybersécurité et du Numérique"


def test_ipv6_ranges_match(organization):
    IpRangeFactory(organization=organization, cidr="2001:db8:42::/48")
    with time_machine.travel(at(datetime.date(2026, 11, 15), 9), tick=False):
        assert _decide(request_for(address="2001:db8:42::17")).grounds == Grounds.IP_RANGE


def test_ip_range_of_an_organisation_whose_licence_ended_gives_nothing(ip_range):
    with time_machine.travel(at(LICENCE_END + datetime.timedelta(days=1), 9), tick=False):
        assert _decide(request_for(address="198.51.100.7")).grounds == Grounds.ANONYMOUS


def test_forwarded_for_is_ignored_unless_the_request_comes_from_a_trusted_proxy(ip_range, settings):
    with time_machine.travel(at(datetime.date(2026, 11, 15), 9), tick=False):
        spoofed = request_for(address="203.0.113.9", forwarded="198.51.100.7")
        assert _decide(spoofed).grounds == Grounds.ANONYMOUS
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        proxied = request_for(address="10.0.0.2", forwarded="198.51.100.7")
        assert _decide(proxied).grounds == Grounds.IP_RANGE
        # The client cannot push a trusted-looking address in front of its own.
        chained = request_for(address="10.0.0.2", forwarded="198.51.100.7, 203.0.113.9")
        assert _decide(chained).grounds == Grounds.ANONYMOUS


def test_logged_in_member_of_another_organisation_reads_from_inside_the_range(ip_range):
    with time_machine.travel(at(datetime.date(2026, 11, 15), 9), tick=False):
        other = OrganizationFactory(name="Exemple inc.")
        LicenceFactory(organization=other, expired=True)
        visitor = ReaderFactory(organization=other, email="ancien@exemple.com")
        assert _decide(request_for(visitor, address="198.51.100.7")).grounds == Grounds.IP_RANGE
        assert _decide(request_for(visitor)).grounds == Grounds.LICENCE_ENDED


# Reading links -------------------------------------------------------------------------------


def test_reading_link_lets_its_recipient_read_without_logging_in(organization):
    with time_machine.travel(at(datetime.date(2026, 11, 15), 6), tick=False):
        reader = reader_in(organization, first_name="Camille", last_name="Tremblay")
        token = make_reading_token(reader, "edition:1")
        answer = _decide(request_for(query=f"?lien={token}"))
    assert answer.grounds == Grounds.READING_LINK
    assert answer.reader == "Camille Tremblay"


@pytest.mark.parametrize(
    ("days_later", "tamper", "reads"),
    [(29, False, True), (31, False, False), (1, True, False)],
    ids=["within-30-days", "after-30-days", "tampered"],
)
def test_reading_link_expires_and_cannot_be_forged(organization, days_later, tamper, reads):
    sent = at(datetime.date(2026, 11, 2), 6)
    with time_machine.travel(sent, tick=False):
        reader = reader_in(organization)
        token = make_reading_token(reader, "edition:1")
    if tamper:
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with time_machine.travel(sent + datetime.timedelta(days=days_later), tick=False):
        answer = _decide(request_for(query=f"?lien={token}"))
    # A valid link reads what its email carried (its scope), never everything.
    assert (answer.grounds == Grounds.READING_LINK) is reads
    assert answer.may_read_something is reads
    assert not answer.reads_everything


def test_reading_link_stops_working_when_its_recipient_leaves(organization):
    reader = reader_in(organization)
    token = make_reading_token(reader, "edition:1")
    reader.memberships.update(status=MembershipStatus.REMOVED)
    assert _decide(request_for(query=f"?lien={token}")).grounds == Grounds.ANONYMOUS
