"""The calendar in the Wagtail admin: editors enter periods, filter them, and see the resulting sitting days."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission

from courrier.accounts.factories import UserFactory
from courrier.parliament.actions import prefill_parliamentary_year
from courrier.parliament.factories import SittingPeriodFactory
from courrier.parliament.models import SittingPeriod, SittingPeriodKind

PERIODS = "/admin/periodes-de-travaux/"
DAYS = "/admin/jours-de-seance/"
PREFILL = "/admin/jours-de-seance/preremplir/"
D = datetime.date
LATE_2026 = datetime.datetime(2026, 11, 29, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


def editor(*codenames: str):
    """A Wagtail user holding only these calendar permissions, through a group."""
    group = Group.objects.create(name=f"Calendrier {' '.join(codenames)}")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="parliament", codename__in=codenames)
        | Permission.objects.filter(codename="access_admin")
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


def test_the_menu_shows_parlement_to_those_who_may_see_the_calendar(client, staff):
    client.force_login(editor())
    html = client.get("/admin/").content.decode()
    assert f'"url": "{PERIODS}"' not in html
    assert f'"url": "{DAYS}"' not in html

    for user in (editor("view_sittingperiod"), staff):
        client.force_login(user)
        html = client.get("/admin/").content.decode()  # the sidebar's items are JSON in the page
        assert '"label": "Parlement"' in html
        assert f'"url": "{PERIODS}"' in html
        assert f'"url": "{DAYS}"' in html
        assert "P\\u00e9riodes de travaux" in html


def test_listing_filters_by_kind_and_parliamentary_year(admin):
    prefill_parliamentary_year(2026)
    prefill_parliamentary_year(2027)

    everything = admin.get(PERIODS).content.decode()
    assert "Printemps 2027 — travaux réguliers" in everything and "Automne 2027 — travaux réguliers" in everything

    year = admin.get(PERIODS, {"annee": "2027"}).content.decode()
    assert "Automne 2027 — travaux réguliers" in year
    assert "Printemps 2027 — travaux réguliers" not in year  # belongs to 2026-2027

    weeks_off = admin.get(PERIODS, {"kind": SittingPeriodKind.CONSTITUENCY}).content.decode()
    assert "Semaine de circonscription (Pâques)" in weeks_off
    assert "travaux réguliers" not in weeks_off.split("<tbody")[1]

    both = admin.get(PERIODS, {"kind": SittingPeriodKind.INTENSIVE, "annee": "2027"}).content.decode()
    assert "Automne 2027 — travaux intensifs" in both and "Printemps 2028 — travaux intensifs" in both
    assert "Printemps 2027 — travaux intensifs" not in both


def test_an_unknown_year_filter_is_refused_without_error(admin):
    assert admin.get(PERIODS, {"annee": "abc"}).status_code == 200


def test_editors_enter_a_period(admin):
    response = admin.post(
        f"{PERIODS}new/",
        {"kind": "regular", "starts_on": "2027-09-14", "ends_on": "2027-12-03", "label": "Automne 2027", "notes": ""},
    )

    assert response.status_code == 302
    period = SittingPeriod.objects.get()
    assert (period.kind, period.starts_on, period.ends_on) == ("regular", D(2027, 9, 14), D(2027, 12, 3))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "regular", "starts_on": "2027-12-03", "ends_on": "2027-09-14"},
            "La fin ne peut pas précéder le début.",
        ),
        ({"kind": "cancellation", "starts_on": "2027-10-05", "ends_on": "2027-10-06"}, "ne dure qu&#x27;un jour"),
        ({"kind": "regular", "starts_on": "pas une date", "ends_on": "2027-10-06"}, "Saisissez une date valide."),
    ],
)
def test_bad_periods_are_refused_in_french_and_nothing_is_saved(admin, data, message):
    response = admin.post(f"{PERIODS}new/", {"label": "", "notes": "", **data})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SittingPeriod.objects.exists()


@time_machine.travel(LATE_2026, tick=False)
def test_sitting_days_by_month_for_the_current_year(admin):
    SittingPeriodFactory(starts_on=D(2026, 11, 24), ends_on=D(2026, 11, 26))
    SittingPeriodFactory(intensive=True, starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 11))

    page = admin.get(DAYS).content.decode()

    assert "Jours de séance 2026-2027" in page
    assert "11 jours de séance" in page
    assert "Novembre 2026 <small>(3)</small>" in page
    assert "Décembre 2026 <small>(8)</small>" in page
    assert "Mardi 24 novembre 2026" in page
    assert "Mardi 1er décembre 2026" in page
    assert "Vendredi 11 décembre 2026" in page
    assert "Travaux intensifs" in page
    assert "Fête nationale du Québec" in page  # the year's holidays
    assert "?annee=2027" in page  # next year


def test_another_year_and_an_empty_one(admin):
    prefill_parliamentary_year(2027)

    assert "91 jours de séance" in admin.get(DAYS, {"annee": "2027"}).content.decode()
    empty = admin.get(DAYS, {"annee": "2030"}).content.decode()
    assert "Aucune période n'est saisie" in empty
    assert "Préremplir selon la règle par défaut" in empty


@pytest.mark.parametrize("year", ["abc", "0", "123456789012345678901234567890"])
def test_a_bad_year_shows_the_current_one(admin, year):
    with time_machine.travel(LATE_2026, tick=False):
        response = admin.get(DAYS, {"annee": year})

    assert response.status_code == 200
    assert "Jours de séance 2026-2027" in response.content.decode()


def test_prefill_from_the_admin_fills_an_empty_year_only(admin):
    response = admin.post(PREFILL, {"annee": "2027"})

    assert response.status_code == 302
    assert response["Location"] == f"{DAYS}?annee=2027"
    assert SittingPeriod.objects.count() == 7

    SittingPeriod.objects.filter(kind=SittingPeriodKind.CONSTITUENCY).delete()
    admin.post(PREFILL, {"annee": "2027"})
    assert SittingPeriod.objects.count() == 4  # entered periods are never replaced from here
    messages = admin.get(f"{DAYS}?annee=2027").content.decode()
    assert "contient déjà 4 période(s)" in messages


@pytest.mark.parametrize("year", ["abc", "3000"])
def test_prefill_with_a_bad_year_changes_nothing(admin, year):
    assert admin.post(PREFILL, {"annee": year}).status_code == 302
    assert not SittingPeriod.objects.exists()


def test_viewers_see_days_but_cannot_prefill_or_edit(client, db):
    client.force_login(editor("view_sittingperiod"))

    assert client.get(DAYS, {"annee": "2030"}).status_code == 200
    assert "Préremplir selon la règle par défaut" not in client.get(DAYS, {"annee": "2030"}).content.decode()
    assert client.post(PREFILL, {"annee": "2030"}).status_code in (302, 403)
    assert not SittingPeriod.objects.exists()
    assert client.get(f"{PERIODS}new/").status_code in (302, 403)


def test_editors_with_the_add_permission_enter_periods(client, db):
    client.force_login(editor("add_sittingperiod", "change_sittingperiod"))

    assert client.get(PERIODS).status_code == 200
    assert client.post(PREFILL, {"annee": "2030"}).status_code == 302
    assert SittingPeriod.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "reader", "no permission"])
def test_others_never_reach_the_calendar_admin(client, reader, who):
    if who == "reader":
        client.force_login(reader)
    elif who == "no permission":
        client.force_login(editor())

    for url in (PERIODS, DAYS):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert client.post(PREFILL, {"annee": "2030"}).status_code in (302, 403)
    assert not SittingPeriod.objects.exists()
