"""Which addresses may register, under which organisation, and why not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from courrier.licensing.actions import add_email_domain, add_ip_range, create_organization, join_organization
from courrier.licensing.admission import Verdict, admission_for, organization_for_email
from courrier.licensing.factories import LicenceFactory, OrganizationFactory, ReaderFactory, make_subscriber
from courrier.licensing.models import EmailDomain, Membership, MembershipStatus


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


@pytest.mark.parametrize(
    "address",
    [
        "camille@gmail.com",
        "x@outlook.com",
        "x@hotmail.com",
        "x@live.ca",
        "x@yahoo.ca",
        "x@yahoo.com",
        "x@icloud.com",
        "x@videotron.ca",
        "x@proton.me",
        "x@GMAIL.com",
    ],
)
def test_webmail_addresses_never_qualify(mcn, address):
    assert admission_for(address).verdict == Verdict.WEBMAIL


@pytest.mark.parametrize(
    "domain", ["gmail.com", "Hotmail.com", "proton.me", "mail.videotron.ca", "pas un domaine", "com"]
)
def test_webmail_and_malformed_domains_cannot_belong_to_an_organisation(db, domain):
    organization = OrganizationFactory()
    with pytest.raises(ValidationError):
        add_email_domain(organization=organization, domain=domain)
    assert not EmailDomain.objects.exists()


def test_a_domain_belongs_to_one_organisation_only(mcn):
    with pytest.raises(ValidationError):
        add_email_domain(organization=OrganizationFactory(name="Autre"), domain="MCN.gouv.qc.ca")


def test_exact_domain_matches_and_gouv_qc_ca_is_never_a_parent(mcn):
    assert organization_for_email("Camille.Roy@MCN.gouv.qc.ca") == mcn
    assert organization_for_email("someone@gouv.qc.ca") is None
    assert organization_for_email("someone@finances.gouv.qc.ca") is None
    assert organization_for_email("someone@sous.mcn.gouv.qc.ca") is None


def test_subdomains_match_only_where_the_domain_allows_them(db):
    hydro = make_subscriber(name="Hydro-Québec", domain="hydroquebec.com")
    EmailDomain.objects.filter(domain="hydroquebec.com").update(include_subdomains=True)
    assert organization_for_email("a@montreal.hydroquebec.com") == hydro
    assert organization_for_email("a@hydroquebec.com.example.net") is None
    assert organization_for_email("a@xhydroquebec.com") is None


def test_the_most_specific_domain_wins(db):
    parent = make_subscriber(name="Université", domain="univ.ca")
    EmailDomain.objects.filter(domain="univ.ca").update(include_subdomains=True)
    faculty = make_subscriber(name="Faculté de droit", domain="droit.univ.ca")
    assert organization_for_email("a@droit.univ.ca") == faculty
    assert organization_for_email("a@medecine.univ.ca") == parent


def test_unknown_domain(mcn):
    assert admission_for("a@inconnu.ca").verdict == Verdict.UNKNOWN_DOMAIN


def test_ended_licence_is_refused_with_its_end_date(db):
    organization = make_subscriber(name="Exemple inc.", domain="exemple.com", expired=True)
    admission = admission_for("nouveau@exemple.com")
    assert admission.verdict == Verdict.LICENCE_ENDED
    assert admission.ended_on == organization.licences.get().ends_on


def test_seats_full_counts_pending_members_but_not_removed_ones(db):
    organization = make_subscriber(name="Petite firme", domain="firme.ca", seats=2)
    ReaderFactory(organization=organization, email="a@firme.ca")
    pending = ReaderFactory(organization=organization, email="b@firme.ca", status=MembershipStatus.PENDING)
    assert admission_for("c@firme.ca").verdict == Verdict.SEATS_FULL
    Membership.objects.filter(user=pending).update(status=MembershipStatus.REMOVED)
    assert admission_for("c@firme.ca").verdict == Verdict.ADMITTED


def test_unlimited_licence_always_has_a_seat(db):
    make_subscriber(name="Assemblée", domain="assnat.qc.ca", seats=None)
    assert admission_for("x@assnat.qc.ca").admitted


def test_joining_refuses_a_second_current_membership(mcn):
    other = create_organization(name="Autre ministère", domains=["autre.gouv.qc.ca"])
    LicenceFactory(organization=other)
    reader = ReaderFactory(organization=mcn)
    with pytest.raises(Exception, match="déjà membre"):
        join_organization(user=reader, organization=other)


def test_domains_and_ranges_are_normalised_before_they_are_checked(mcn):
    with pytest.raises(ValidationError, match=r"existe déjà|already exists"):
        add_email_domain(organization=OrganizationFactory(name="Autre"), domain=" MCN.Gouv.QC.ca. ")
    add_ip_range(organization=mcn, cidr="198.51.100.7/24")
    assert mcn.ip_ranges.get().cidr == "198.51.100.0/24"
    with pytest.raises(ValidationError):
        add_ip_range(organization=mcn, cidr="198.51.100.0/24")
    with pytest.raises(ValidationError):
        add_ip_range(organization=mcn, cidr="198.51.100.300/24")
