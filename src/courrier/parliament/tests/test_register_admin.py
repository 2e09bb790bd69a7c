"""The register in the Wagtail admin: staff list, filter, search and enter decrees; others never reach it."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission

from courrier.accounts.factories import UserFactory
from courrier.parliament.demo import load_demo_register
from courrier.parliament.factories import (
    DecreeFactory,
    GazetteIssueFactory,
    MemberFactory,
    MemberRoleFactory,
    MinistryFactory,
)
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue, Member, MemberRoleKind, Ministry

DECREES = "/admin/decrets/"
ISSUES = "/admin/gazette/"
MINISTRIES = "/admin/ministeres/"
MEMBERS = "/admin/deputes/"
PARTIES = "/admin/partis/"
D = datetime.date


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def register(db):
    """Two ministries, two issues and four decrees over two years."""
    finances = MinistryFactory(name="Ministère des Finances", acronym="FIN")
    health = MinistryFactory(name="Ministère de la Santé et des Services sociaux", acronym="MSSS")
    february = GazetteIssueFactory(published_on=D(2026, 2, 4), volume=158, number=5)
    june = GazetteIssueFactory(published_on=D(2022, 7, 13), volume=154, number=28)
    DecreeFactory(
        number=41,
        year=2026,
        title="Règlement modifiant le Règlement sur les impôts",
        category=DecreeCategory.REGULATION,
        ministries=[finances],
        gazette_issue=february,
    )
    DecreeFactory(
        number=79,
        year=2026,
        title="Concernant la nomination d'une membre du conseil d'administration de Santé Québec",
        ministries=[health],
        gazette_issue=february,
    )
    DecreeFactory(
        number=1329,
        year=2022,
        made_on=D(2022, 6, 29),
        title="Concernant l'octroi d'une aide financière à l'Autorité régionale de transport métropolitain",
        category=DecreeCategory.FINANCIAL_AID,
        ministries=[finances, health],
        gazette_issue=june,
    )
    DecreeFactory(
        number=1330,
        year=2022,
        made_on=D(2022, 6, 29),
        title="Règlement modifiant le Règlement d'application de la Loi sur l'assurance maladie",
        category=DecreeCategory.REGULATION,
        ministries=[health],
    )
    return {"FIN": finances, "MSSS": health, "february": february, "june": june}


NUMBERS = ("41-2026", "79-2026", "1329-2022", "1330-2022")


def rows(response) -> str:
    """The listing table of an admin page, whitespace squeezed (empty when nothing is listed)."""
    html = response.content.decode()
    if '<table class="listing' not in html:
        return ""
    table = html.split('<table class="listing', 1)[1].split("</table>", 1)[0]
    return re.sub(r"\s*([<>])\s*", r"\1", " ".join(table.split()))


def listed(response) -> list[str]:
    """The decree numbers of a listing page, in order."""
    body = rows(response)
    return sorted((number for number in NUMBERS if f">{number}<" in body), key=lambda number: body.index(f">{number}<"))


def test_the_menu_shows_registre_to_staff(admin):
    html = admin.get("/admin/").content.decode()
    assert '"label": "Registre"' in html
    for url in (DECREES, ISSUES, MINISTRIES, MEMBERS, PARTIES):
        assert f'"url": "{url}"' in html


def test_staff_list_decrees_newest_first_without_one_query_per_row(admin, register, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = admin.get(DECREES)
    assert response.status_code == 200
    assert listed(response) == ["79-2026", "41-2026", "1330-2022", "1329-2022"]
    body = rows(response)
    assert "MSSS, FIN" in body  # by ministry name
    assert "29 juin 2022" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"ministere": "FIN"}, {"41-2026", "1329-2022"}),
        ({"categorie": DecreeCategory.REGULATION}, {"41-2026", "1330-2022"}),
        ({"annee": "2022"}, {"1329-2022", "1330-2022"}),
        ({"gazette": "february"}, {"41-2026", "79-2026"}),
        ({"ministere": "MSSS", "annee": "2026"}, {"79-2026"}),
        ({"q": "1329-2022"}, {"1329-2022"}),
        ({"q": "n° 1329–22"}, {"1329-2022"}),  # noqa: RUF001 - en dash, as pasted
        ({"q": "41"}, {"41-2026"}),
        ({"q": "Règlement modifiant"}, {"41-2026", "1330-2022"}),
        ({"q": "santé québec"}, {"79-2026"}),
        ({"q": "1" * 40}, set()),
        ({"q": "1329-2099"}, set()),
    ],
)
def test_filters_and_search(admin, register, query, expected):
    params = {key: (register[value].pk if key in ("ministere", "gazette") else value) for key, value in query.items()}
    response = admin.get(DECREES, params)
    assert response.status_code == 200
    assert set(listed(response)) == expected


def decree_form(**overrides) -> dict:
    data = {
        "number": "1329",
        "year": "2022",
        "made_on": "2022-06-29",
        "title": "Concernant la nomination de madame Geneviève Auclair",
        "category": DecreeCategory.APPOINTMENT,
        "enabling_statute": "",
        "gazette_issue": "",
        "page": "",
        "section": "",
        "page_count": "",
        "full_text": "",
    }
    data.update(overrides)
    return data


def test_staff_enter_a_decree(admin, db):
    finances = MinistryFactory(acronym="FIN")
    issue = GazetteIssueFactory(published_on=D(2022, 7, 13), volume=154, number=28)

    form = admin.get(f"{DECREES}new/").content.decode()
    assert "Ministères recommandants" in form

    response = admin.post(
        f"{DECREES}new/",
        decree_form(ministries=[finances.pk], gazette_issue=issue.pk, page="4502", section="administrative"),
    )

    assert response.status_code == 302
    decree = Decree.objects.get()
    assert (decree.number, decree.year, decree.made_on, decree.page) == (1329, 2022, D(2022, 6, 29), 4502)
    assert list(decree.ministries.all()) == [finances]
    assert decree.gazette_issue == issue
    assert decree.published_at is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "Le décret 1329-2022 est déjà inscrit au registre."),
        ({"number": "1330", "made_on": "2023-01-04"}, "Un décret numéroté en 2022 est pris en 2022"),
        ({"number": "0"}, "Le numéro d&#x27;un décret va de 1 à 9999."),
        ({"number": "1330", "year": "1950", "made_on": "1950-06-01"}, "comprise entre 1968 et"),
        ({"number": "1330", "ministries": []}, "Champ requis."),
        ({"number": "1330", "made_on": "hier"}, "Saisissez une date valide."),
        ({"number": "1330", "page": "12"}, "Une page se rapporte à un numéro de la Gazette"),
    ],
)
def test_bad_decrees_are_refused_in_french_and_nothing_is_saved(admin, db, overrides, message):
    ministry = MinistryFactory()
    DecreeFactory(number=1329, year=2022, made_on=D(2022, 6, 29))
    data = decree_form(ministries=[ministry.pk])
    data.update(overrides)

    response = admin.post(f"{DECREES}new/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Decree.objects.count() == 1


def test_editing_a_decree_keeps_its_own_number(admin, register):
    decree = Decree.objects.get(number=41)
    data = decree_form(
        number="41",
        year="2026",
        made_on="2026-01-21",
        title="Règlement modifiant le Règlement sur les impôts (correction)",
        category=DecreeCategory.REGULATION,
        ministries=[register["FIN"].pk],
        gazette_issue=register["february"].pk,
    )
    assert admin.post(f"{DECREES}edit/{decree.pk}/", data).status_code == 302
    decree.refresh_from_db()
    assert decree.title.endswith("(correction)")


@time_machine.travel(datetime.datetime(2026, 6, 22, 15, tzinfo=datetime.UTC), tick=False)
def test_a_new_issue_proposes_the_next_gazette_day(admin):
    form = admin.get(f"{ISSUES}new/").content.decode()
    # Wednesday 24 June 2026 is the Fête nationale: the Gazette comes out on Tuesday 23.
    assert 'value="2026-06-23"' in form
    assert 'value="158"' in form
    assert 'value="25"' in form

    response = admin.post(f"{ISSUES}new/", {"part": "2", "published_on": "2026-06-23", "volume": "158", "number": "25"})
    assert response.status_code == 302
    assert response["Location"] == f"{ISSUES}{GazetteIssue.objects.get().pk}/decrets/"  # the next step: its decrees
    again = admin.post(f"{ISSUES}new/", {"part": "2", "published_on": "2026-06-30", "volume": "158", "number": "25"})
    assert "Ce numéro de la Gazette est déjà inscrit au registre." in again.content.decode()
    assert GazetteIssue.objects.count() == 1


def test_issue_listing_counts_decrees(admin, register):
    body = rows(admin.get(ISSUES, {"annee": "2026"}))
    assert "mercredi 4 février 2026" in body
    assert "13 juillet 2022" not in body


def test_ministries_show_their_minister_of_the_day(admin, register, django_assert_max_num_queries):
    MemberRoleFactory(
        member=MemberFactory(first_name="Nathalie", last_name="Bérubé"),
        ministry=register["FIN"],
        started_on=D(2022, 10, 20),
    )
    with django_assert_max_num_queries(30):
        body = rows(admin.get(MINISTRIES))
    assert "Nathalie Bérubé" in body
    assert "Ministère de la Santé et des Services sociaux" in body


def test_a_ministry_that_decrees_name_cannot_be_deleted(admin, register):
    finances = register["FIN"]
    response = admin.post(f"{MINISTRIES}delete/{finances.pk}/")
    assert response.status_code == 302
    assert Ministry.objects.filter(pk=finances.pk).exists()
    assert "Suppression impossible" in admin.get(MINISTRIES).content.decode()


def test_staff_enter_a_member_with_roles(admin, db):
    finances = MinistryFactory(acronym="FIN")
    data = {
        "first_name": "Nathalie",
        "last_name": "Bérubé",
        "slug": "",
        "party": "",
        "riding": "Lévis",
        "took_office_on": "2022-10-03",
        "left_office_on": "",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-id": "",
        "roles-0-DELETE": "",
        "roles-0-kind": MemberRoleKind.MINISTER,
        "roles-0-ministry": str(finances.pk),
        "roles-0-title": "ministre des Finances",
        "roles-0-started_on": "2025-09-10",
        "roles-0-ended_on": "",
    }

    response = admin.post(f"{MEMBERS}new/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    member = Member.objects.get()
    assert member.slug == "nathalie-berube"
    assert member.party_label == "Indépendant"
    assert finances.minister_on(D(2026, 2, 1)) == member
    assert "ministre des Finances" in rows(admin.get(MEMBERS))

    data.update({"roles-0-ended_on": "2025-01-01", "first_name": "Nathalie", "slug": "nathalie-berube-2"})
    refused = admin.post(f"{MEMBERS}new/", data)
    assert "La fin d&#x27;une fonction ne peut pas précéder son début." in refused.content.decode()
    assert Member.objects.count() == 1


def test_members_filter_by_party(admin, db):
    caq = MemberFactory(last_name="Lavigne").party
    MemberFactory(last_name="Lalonde")
    body = rows(admin.get(MEMBERS, {"parti": caq.pk}))
    assert "Lavigne" in body and "Lalonde" not in body


def editor(*codenames: str):
    group = Group.objects.create(name=f"Registre {' '.join(codenames)}")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="parliament", codename__in=codenames)
        | Permission.objects.filter(codename="access_admin")
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


def test_an_editor_with_decree_permissions_only_sees_decrees(client, register):
    client.force_login(editor("view_decree", "add_decree", "change_decree"))
    assert client.get(DECREES).status_code == 200
    assert client.get(f"{DECREES}new/").status_code == 200
    assert client.get(MINISTRIES).status_code in (302, 403)


@pytest.mark.parametrize("who", ["anonymous", "reader", "no permission"])
def test_others_never_reach_the_register(client, reader, register, who):
    if who == "reader":
        client.force_login(reader)
    elif who == "no permission":
        client.force_login(editor())

    for url in (DECREES, f"{DECREES}new/", ISSUES, MINISTRIES, MEMBERS, PARTIES):
        assert client.get(url).status_code in (302, 403), url
    ministry = register["FIN"]
    assert client.post(f"{DECREES}new/", decree_form(number="1", ministries=[ministry.pk])).status_code in (302, 403)
    assert Decree.objects.count() == 4


def test_every_register_page_renders_with_the_demo(admin):
    load_demo_register()
    decree = Decree.objects.exclude(full_text="").first()
    member = Member.objects.filter(roles__isnull=False).first()
    pages = [
        DECREES,
        f"{DECREES}new/",
        f"{DECREES}edit/{decree.pk}/",
        f"{DECREES}delete/{decree.pk}/",
        ISSUES,
        f"{ISSUES}edit/{decree.gazette_issue.pk}/",
        MINISTRIES,
        f"{MINISTRIES}new/",
        f"{MINISTRIES}edit/{decree.ministries.first().pk}/",
        MEMBERS,
        f"{MEMBERS}new/",
        f"{MEMBERS}edit/{member.pk}/",
        PARTIES,
        f"{PARTIES}new/",
    ]
    for url in pages:
        assert admin.get(url).status_code == 200, url
    assert "ATTENDU QUE" in admin.get(f"{DECREES}edit/{decree.pk}/").content.decode()
    assert "Mathieu Lavigne" in rows(admin.get(MINISTRIES, {"q": "Conseil exécutif"}))


def test_an_issues_decree_list_leads_on_to_publishing_it(admin, register):
    february = GazetteIssue.objects.get(number=5)
    publish = f"/admin/alertes/numero/{february.pk}/publier/"
    assert publish in admin.get(DECREES, {"gazette": february.pk}).content.decode()
    assert publish in admin.get(f"{ISSUES}edit/{february.pk}/").content.decode()
    assert "/admin/alertes/numero/" not in admin.get(DECREES).content.decode()
