"""The publisher's back office for organisations: listing, filters, export, an organisation's
page, and every change staff make to it, through HTTP as staff use it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courrier.accounts.factories import UserFactory
from courrier.licensing.actions import grant_licence
from courrier.licensing.admission import Verdict, admission_for
from courrier.licensing.entitlements import entitled_users
from courrier.licensing.factories import (
    EmailDomainFactory,
    IpRangeFactory,
    LicenceFactory,
    OrganizationFactory,
    ReaderFactory,
    make_subscriber,
)
from courrier.licensing.models import (
    EmailDomain,
    IpRange,
    Licence,
    LicenceChange,
    LicenceChangeKind,
    LicenceKind,
    MembershipRole,
    MembershipStatus,
)

INDEX = "/admin/organisations/"


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def url(name: str, *args: int) -> str:
    return reverse(f"organizations:{name}", args=args)


def exported(client, **params) -> list[dict[str, str]]:
    response = client.get(INDEX, {**params, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


def names(rows: list[dict[str, str]]) -> set[str]:
    return {row["Organisation"] for row in rows}


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def subscribers(db):
    """One organisation in each licence state, dates relative to today (Montréal)."""
    make_subscriber(name="Essai", domain="essai.qc.ca", trial=True)  # ends in 2 days
    make_subscriber(name="Longue", domain="longue.qc.ca")  # ends in 335 days
    make_subscriber(name="Fin 20", domain="fin20.qc.ca", ends_on=days(20))
    make_subscriber(name="Fin 45", domain="fin45.qc.ca", ends_on=days(45))
    make_subscriber(name="Fin 80", domain="fin80.qc.ca", ends_on=days(80))
    renewed = make_subscriber(name="Renouvelée", domain="renouvelee.qc.ca", ends_on=days(25))
    LicenceFactory(organization=renewed, starts_on=days(26), ends_on=days(390))
    make_subscriber(name="Expirée", domain="expiree.qc.ca", expired=True)
    make_subscriber(name="À venir", domain="avenir.qc.ca", future=True)
    OrganizationFactory(name="Jamais abonnée")


# Listing ---------------------------------------------------------------------------------------


def test_listing_shows_licence_kind_end_date_seats_and_domains(admin):
    organization = make_subscriber(name="Ministère des Finances", domain="finances.gouv.qc.ca", seats=10)
    EmailDomainFactory(organization=organization, domain="mfq.gouv.qc.ca")
    ReaderFactory(organization=organization, email="a@finances.gouv.qc.ca")
    ReaderFactory(organization=organization, email="b@finances.gouv.qc.ca", status=MembershipStatus.PENDING)
    ReaderFactory(organization=organization, email="c@finances.gouv.qc.ca", status=MembershipStatus.REMOVED)
    ends_on = organization.current_licence().ends_on

    html = admin.get(INDEX).content.decode()

    assert "Ministère des Finances" in html
    assert "Payante" in html
    assert "2 / 10" in html  # active and pending hold seats, removed do not
    assert "finances.gouv.qc.ca, mfq.gouv.qc.ca" in html
    assert url("inspect", organization.pk) in html
    row = exported(admin)[0]
    assert row["Fin"] == ends_on.isoformat()
    assert row["Places occupées"] == "2"
    assert row["Places"] == "10"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("essai", {"Essai"}),
        ("valide", {"Essai", "Longue", "Fin 20", "Fin 45", "Fin 80", "Renouvelée"}),
        ("30-jours", {"Essai", "Fin 20"}),
        ("60-jours", {"Essai", "Fin 20", "Fin 45"}),
        ("90-jours", {"Essai", "Fin 20", "Fin 45", "Fin 80"}),
        ("expiree", {"Expirée", "À venir", "Jamais abonnée"}),
    ],
)
def test_licence_filters(admin, subscribers, state, expected):
    assert names(exported(admin, licence=state)) == expected


def test_filtered_listing_page_shows_only_matching_organisations(admin, subscribers):
    html = admin.get(INDEX, {"licence": "expiree"}).content.decode()
    assert "Jamais abonnée" in html
    assert "Expirée" in html
    assert "Longue" not in html
    assert "Essai en cours" in html  # the filter's choices are offered in French


def test_validity_follows_the_montreal_date(admin):
    make_subscriber(
        name="Dernier jour",
        domain="dernier.qc.ca",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 2, 28),
    )
    # 03:30 UTC on 1 March is still 28 February, 22:30, in Montréal.
    with time_machine.travel(datetime.datetime(2026, 3, 1, 3, 30, tzinfo=datetime.UTC), tick=False):
        assert names(exported(admin, licence="valide")) == {"Dernier jour"}
        assert names(exported(admin, licence="expiree")) == set()
    with time_machine.travel(datetime.datetime(2026, 3, 1, 5, 30, tzinfo=datetime.UTC), tick=False):
        assert names(exported(admin, licence="expiree")) == {"Dernier jour"}


def test_listing_sorts_by_end_date(admin, subscribers):
    assert admin.get(INDEX, {"ordering": "ends_on"}).status_code == 200
    order = [row["Organisation"] for row in exported(admin, ordering="ends_on") if row["Fin"]]
    assert order == ["Expirée", "Essai", "Fin 20", "Renouvelée", "Fin 45", "Fin 80", "Longue"]


def test_search_by_name_or_domain(admin, subscribers):
    assert "Fin 45" in admin.get(INDEX, {"q": "fin45.qc"}).content.decode()
    html = admin.get(INDEX, {"q": "Renouvel"}).content.decode()
    assert "Renouvelée" in html
    assert "Longue" not in html


def test_csv_export_lists_the_filtered_organisations_with_their_licence(admin, subscribers):
    rows = exported(admin, licence="30-jours")
    assert list(rows[0]) == ["Organisation", "Licence", "Fin", "Places occupées", "Places", "Domaines"]
    by_name = {row["Organisation"]: row for row in rows}
    assert set(by_name) == {"Essai", "Fin 20"}
    assert by_name["Essai"]["Licence"] == "Essai"
    assert by_name["Essai"]["Places"] == "illimité"
    assert by_name["Fin 20"]["Fin"] == days(20).isoformat()
    assert by_name["Fin 20"]["Domaines"] == "fin20.qc.ca"

    everyone = {row["Organisation"]: row for row in exported(admin)}
    assert everyone["Expirée"]["Licence"] == "Expirée"
    assert everyone["Jamais abonnée"]["Licence"] == "Aucune"
    assert everyone["À venir"]["Licence"] == "À venir"


def test_listing_query_count_does_not_grow_with_the_organisations(admin, django_assert_max_num_queries):
    def add_organisations(count: int, start: int) -> None:
        for number in range(start, start + count):
            organization = make_subscriber(name=f"Organisme {number}", domain=f"organisme{number}.qc.ca")
            EmailDomainFactory(organization=organization, domain=f"autre{number}.qc.ca")
            ReaderFactory(organization=organization, email=f"lecteur@organisme{number}.qc.ca")

    add_organisations(2, 0)
    admin.get(INDEX)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        assert admin.get(INDEX).status_code == 200
    add_organisations(15, 2)
    with django_assert_max_num_queries(len(few)):
        html = admin.get(INDEX).content.decode()
    assert "Organisme 16" in html
    with django_assert_max_num_queries(len(few)):
        exported(admin)


# An organisation's page ------------------------------------------------------------------------


def test_organisation_page_shows_domains_ranges_licences_members_and_history(admin, staff):
    organization = make_subscriber(name="Ministère de la Culture", domain="mcc.gouv.qc.ca", seats=20)
    IpRangeFactory(organization=organization, cidr="198.51.100.0/24", label="Édifice Price")
    grant_licence(
        organization=organization, starts_on=days(400), ends_on=days(765), seats=30, by=staff, note="Renouvellement"
    )
    ReaderFactory(
        organization=organization,
        email="camille.roy@mcc.gouv.qc.ca",
        first_name="Camille",
        last_name="Roy",
        role=MembershipRole.ADMIN,
    )

    response = admin.get(url("inspect", organization.pk))

    assert response.status_code == 200
    html = response.content.decode()
    for expected in [
        "Ministère de la Culture",
        "mcc.gouv.qc.ca",
        "198.51.100.0/24",
        "Édifice Price",
        "Camille Roy",
        "camille.roy@mcc.gouv.qc.ca",
        "Administrateur",
        "Actif",
        "En cours",
        "À venir",
        "Accordée",
        "Renouvellement",
        "1 place occupée sur 20",
    ]:
        assert expected in html, expected
    licence = organization.current_licence()
    assert url("extend_licence", organization.pk, licence.pk) in html
    assert url("suspend_licence", organization.pk, licence.pk) in html


def test_staff_create_an_organisation_with_its_first_domain(admin):
    response = admin.post(url("add"), {"name": "Assemblée nationale", "domain": "AssNat.qc.ca"})

    organization = EmailDomain.objects.get(domain="assnat.qc.ca").organization
    assert organization.name == "Assemblée nationale"
    assert response.status_code == 302
    assert response["Location"] == url("inspect", organization.pk)


def test_creating_with_a_webmail_domain_is_refused(admin):
    response = admin.post(url("add"), {"name": "Assemblée nationale", "domain": "gmail.com"})
    assert response.status_code == 200
    assert "domaine de courriel public" in response.content.decode()
    assert not EmailDomain.objects.exists()


# Domains and IP ranges -------------------------------------------------------------------------


def test_add_and_remove_an_email_domain(admin):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca")

    response = admin.post(url("add_domain", organization.pk), {"domain": "Autre.Gouv.qc.ca"})
    assert response.status_code == 302
    domain = organization.domains.get(domain="autre.gouv.qc.ca")
    assert domain.include_subdomains is False

    response = admin.post(url("remove_domain", organization.pk, domain.pk))
    assert response.status_code == 302
    assert list(organization.domains.values_list("domain", flat=True)) == ["ministere.gouv.qc.ca"]


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("gmail.com", "est un domaine de courriel public"),
        ("mail.videotron.ca", "est un domaine de courriel public"),
        ("pas un domaine", "n&#x27;est pas un nom de domaine valide"),
        ("Tenu.qc.ca", "appartient déjà à l&#x27;organisation «\u00a0Autre\u00a0»"),
    ],
)
def test_bad_domains_are_refused_in_french_and_nothing_changes(admin, domain, message):
    make_subscriber(name="Autre", domain="tenu.qc.ca")
    organization = OrganizationFactory(name="Ministère")

    response = admin.post(url("add_domain", organization.pk), {"domain": domain})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not organization.domains.exists()


def test_add_and_remove_an_ip_range(admin):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca")

    response = admin.post(url("add_ip_range", organization.pk), {"cidr": "198.51.100.7/24", "label": "Siège"})
    assert response.status_code == 302
    ip_range = organization.ip_ranges.get()
    assert (ip_range.cidr, ip_range.label) == ("198.51.100.0/24", "Siège")

    assert admin.post(url("remove_ip_range", organization.pk, ip_range.pk)).status_code == 302
    assert not IpRange.objects.exists()


@pytest.mark.parametrize(
    ("cidr", "message"),
    [
        ("300.1.2.3/24", "n&#x27;est pas une plage d&#x27;adresses IP valide"),
        ("198.51.100.0/33", "n&#x27;est pas une plage d&#x27;adresses IP valide"),
        ("pas une plage", "n&#x27;est pas une plage d&#x27;adresses IP valide"),
        ("0.0.0.0/0", "est trop large"),
        ("198.51.100.9/24", "est déjà enregistrée"),
    ],
)
def test_bad_ip_ranges_are_refused_in_french_and_nothing_changes(admin, cidr, message):
    organization = OrganizationFactory(name="Ministère")
    IpRangeFactory(organization=organization, cidr="198.51.100.0/24")

    response = admin.post(url("add_ip_range", organization.pk), {"cidr": cidr})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(organization.ip_ranges.values_list("cidr", flat=True)) == ["198.51.100.0/24"]


def test_another_organisations_domain_range_or_licence_is_not_found(admin):
    mine = OrganizationFactory(name="Mienne")
    theirs = make_subscriber(name="Autre", domain="autre.qc.ca")
    ip_range = IpRangeFactory(organization=theirs)
    licence = theirs.licences.get()

    assert admin.post(url("remove_domain", mine.pk, theirs.domains.get().pk)).status_code == 404
    assert admin.post(url("remove_ip_range", mine.pk, ip_range.pk)).status_code == 404
    assert admin.post(url("suspend_licence", mine.pk, licence.pk)).status_code == 404
    assert admin.get(url("extend_licence", mine.pk, 2**64)).status_code == 404
    assert theirs.domains.exists()
    assert IpRange.objects.exists()
    assert licence.is_valid


# Licences --------------------------------------------------------------------------------------


def test_grant_a_licence(admin, staff):
    organization = OrganizationFactory(name="Ministère")
    reader = ReaderFactory(organization=organization)
    assert reader not in entitled_users(organization=organization)

    response = admin.post(
        url("grant_licence", organization.pk),
        {"kind": "complimentary", "starts_on": today().isoformat(), "ends_on": days(30).isoformat(), "seats": ""},
    )

    assert response.status_code == 302
    licence = organization.licences.get()
    assert (licence.kind, licence.ends_on, licence.seats) == (LicenceKind.COMPLIMENTARY, days(30), None)
    assert reader in entitled_users(organization=organization)
    change = licence.changes.get()
    assert (change.kind, change.changed_by) == (LicenceChangeKind.GRANTED, staff)


def test_a_licence_ending_before_it_starts_is_refused_in_french(admin):
    organization = OrganizationFactory(name="Ministère")

    response = admin.post(
        url("grant_licence", organization.pk),
        {"kind": "paid", "starts_on": days(10).isoformat(), "ends_on": days(9).isoformat(), "seats": "5"},
    )

    assert response.status_code == 200
    assert "La fin d&#x27;une licence ne peut précéder son début." in response.content.decode()
    assert not Licence.objects.exists()
    assert not LicenceChange.objects.exists()


def test_extend_restores_access_and_is_recorded(admin, staff):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca", expired=True)
    reader = ReaderFactory(organization=organization, email="a@ministere.gouv.qc.ca")
    licence = organization.licences.get()
    assert reader not in entitled_users(organization=organization)

    response = admin.post(
        url("extend_licence", organization.pk, licence.pk), {"ends_on": days(30).isoformat(), "note": "Payé"}
    )

    assert response.status_code == 302
    assert response["Location"] == url("inspect", organization.pk)
    assert reader in entitled_users(organization=organization)
    change = licence.changes.get()
    assert (change.kind, change.ends_on, change.changed_by, change.note) == (
        LicenceChangeKind.EXTENDED,
        days(30),
        staff,
        "Payé",
    )


def test_extending_before_the_start_is_refused_and_changes_nothing(admin):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca")
    licence = organization.licences.get()
    ends_on = licence.ends_on

    response = admin.post(
        url("extend_licence", organization.pk, licence.pk),
        {"ends_on": (licence.starts_on - datetime.timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 200
    assert "ne peut précéder son début" in response.content.decode()
    licence.refresh_from_db()
    assert licence.ends_on == ends_on
    assert not licence.changes.exists()


def test_suspend_stops_access_at_once_and_is_recorded(admin, staff):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca")
    reader = ReaderFactory(organization=organization, email="a@ministere.gouv.qc.ca")
    licence = organization.licences.get()
    assert reader in entitled_users(organization=organization)

    page = admin.get(url("suspend_licence", organization.pk, licence.pk))
    assert "perdent l&#x27;accès immédiatement" in page.content.decode()
    response = admin.post(url("suspend_licence", organization.pk, licence.pk), {"note": "Impayé"})

    assert response.status_code == 302
    assert reader not in entitled_users(organization=organization)
    licence.refresh_from_db()
    assert licence.ends_on == days(-1)
    assert licence.changes.get().kind == LicenceChangeKind.SUSPENDED


def test_convert_a_trial_keeps_access_beyond_the_trial(admin, staff):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca", trial=True)
    reader = ReaderFactory(organization=organization, email="a@ministere.gouv.qc.ca")
    licence = organization.licences.get()
    after_the_trial = licence.ends_on + datetime.timedelta(days=1)
    assert reader not in entitled_users(organization=organization, day=after_the_trial)

    response = admin.post(
        url("convert_trial", organization.pk, licence.pk), {"ends_on": days(365).isoformat(), "seats": "25"}
    )

    assert response.status_code == 302
    licence.refresh_from_db()
    assert (licence.kind, licence.ends_on, licence.seats) == (LicenceKind.PAID, days(365), 25)
    assert reader in entitled_users(organization=organization, day=after_the_trial)
    change = licence.changes.get()
    assert (change.kind, change.licence_kind, change.changed_by) == (
        LicenceChangeKind.CONVERTED,
        LicenceKind.PAID,
        staff,
    )


def test_only_a_trial_can_be_converted(admin):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca", seats=10)
    licence = organization.licences.get()

    response = admin.post(
        url("convert_trial", organization.pk, licence.pk), {"ends_on": days(365).isoformat(), "seats": "25"}
    )

    assert response.status_code == 200
    assert "Seule une licence d&#x27;essai peut être convertie." in response.content.decode()
    licence.refresh_from_db()
    assert licence.seats == 10
    assert not licence.changes.exists()


def test_change_seats_opens_registration_and_is_recorded(admin, staff):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca", seats=1)
    ReaderFactory(organization=organization, email="a@ministere.gouv.qc.ca")
    licence = organization.licences.get()
    assert admission_for("nouveau@ministere.gouv.qc.ca").verdict == Verdict.SEATS_FULL

    response = admin.post(url("change_seats", organization.pk, licence.pk), {"seats": "5"})

    assert response.status_code == 302
    assert admission_for("nouveau@ministere.gouv.qc.ca").verdict == Verdict.ADMITTED
    change = licence.changes.get()
    assert (change.kind, change.seats, change.changed_by) == (LicenceChangeKind.SEATS, 5, staff)

    admin.post(url("change_seats", organization.pk, licence.pk), {"seats": ""})
    licence.refresh_from_db()
    assert licence.seats is None
    assert licence.changes.count() == 2


def test_history_is_shown_but_never_editable(admin, staff):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca")
    licence = organization.licences.get()
    admin.post(url("change_seats", organization.pk, licence.pk), {"seats": "3", "note": "Réduction"})

    html = admin.get(url("inspect", organization.pk)).content.decode()

    assert "Places modifiées" in html
    assert "Réduction" in html
    assert "licencechange" not in html
    assert admin.get("/admin/licencechange/").status_code == 404


def test_organisations_cannot_be_deleted(admin):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca")
    admin.post(url("delete", organization.pk))
    assert organization.licences.exists()


# Who may reach the back office ------------------------------------------------------------------


def back_office_urls(organization, licence, domain, ip_range) -> list[str]:
    pk = organization.pk
    return [
        INDEX,
        f"{INDEX}?export=csv",
        url("add"),
        url("edit", pk),
        url("inspect", pk),
        url("add_domain", pk),
        url("remove_domain", pk, domain.pk),
        url("add_ip_range", pk),
        url("remove_ip_range", pk, ip_range.pk),
        url("grant_licence", pk),
        url("extend_licence", pk, licence.pk),
        url("suspend_licence", pk, licence.pk),
        url("convert_trial", pk, licence.pk),
        url("change_seats", pk, licence.pk),
    ]


def with_licensing_permissions(user):
    """Wagtail access and every licensing permission, through a group (not a superuser)."""
    group, _ = Group.objects.get_or_create(name="Abonnements")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="licensing")
        | Permission.objects.filter(codename="access_admin")
    )
    user.groups.add(group)
    return user


def editor_without_staff_status():
    return with_licensing_permissions(UserFactory())


def test_staff_with_group_permissions_manage_licences(client, db):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca", expired=True)
    licence = organization.licences.get()
    client.force_login(with_licensing_permissions(UserFactory(is_staff=True)))

    assert client.get(INDEX).status_code == 200
    response = client.post(url("extend_licence", organization.pk, licence.pk), {"ends_on": days(30).isoformat()})

    assert response.status_code == 302
    licence.refresh_from_db()
    assert licence.is_valid


@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_only_staff_reach_the_back_office(client, reader, who):
    organization = make_subscriber(name="Ministère", domain="ministere.gouv.qc.ca", trial=True)
    licence = organization.licences.get()
    ip_range = IpRangeFactory(organization=organization)
    if who == "reader":
        client.force_login(reader)
    elif who == "editor":
        client.force_login(editor_without_staff_status())

    for address in back_office_urls(organization, licence, organization.domains.get(), ip_range):
        for method in (client.get, client.post):
            response = method(address, {"ends_on": days(999).isoformat(), "seats": "1", "domain": "x.qc.ca"})
            assert response.status_code == 302, address
            assert response["Location"].startswith("/connexion/" if who != "editor" else "/admin/"), address

    licence.refresh_from_db()
    assert (licence.kind, licence.seats) == (LicenceKind.TRIAL, None)
    assert not licence.changes.exists()
    assert organization.domains.count() == 1
    assert IpRange.objects.count() == 1


def test_the_subscribers_menu_is_staff_only(client, staff):
    abonnes = "Abonn\\u00e9s"  # the sidebar's items are JSON in the page
    client.force_login(editor_without_staff_status())
    html = client.get("/admin/").content.decode()
    assert abonnes not in html
    assert INDEX not in html
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert abonnes in html
    assert f'"url": "{INDEX}"' in html
