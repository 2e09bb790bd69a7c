"""The demo register: the government's ministries, a cabinet over time, four weeks of decrees, loaded once."""

from __future__ import annotations

import datetime

import pytest

from courrier.parliament.demo import ISSUES, MINISTRIES, load_demo_parliament, load_demo_register
from courrier.parliament.gazette import gazette_day
from courrier.parliament.models import (
    Decree,
    DecreeCategory,
    GazetteIssue,
    Member,
    MemberRole,
    MemberRoleKind,
    Ministry,
    Party,
    SittingPeriod,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def snapshot() -> dict[str, list[tuple]]:
    return {
        "ministries": list(Ministry.objects.order_by("pk").values_list("pk", "acronym", "updated_at")),
        "parties": list(Party.objects.order_by("pk").values_list("pk", "short_name")),
        "members": list(Member.objects.order_by("pk").values_list("pk", "slug", "updated_at")),
        "roles": list(MemberRole.objects.order_by("pk").values_list("pk", "member_id", "kind", "started_on")),
        "issues": list(GazetteIssue.objects.order_by("pk").values_list("pk", "volume", "number", "updated_at")),
        "decrees": list(
            Decree.objects.order_by("pk").values_list("pk", "number", "year", "published_at", "updated_at")
        ),
        "recommendations": list(Decree.ministries.through.objects.order_by("pk").values_list("pk", "ministry_id")),
    }


def test_the_demo_register_loads_a_realistic_government():
    report = load_demo_register()

    assert report.ministries == len(MINISTRIES) >= 25
    assert Ministry.objects.get(acronym="FIN").email_domain == "finances.gouv.qc.ca"
    assert Ministry.objects.get(acronym="MCN").email_domain == "mcn.gouv.qc.ca"  # the demo reader's domain
    assert set(Party.objects.values_list("short_name", flat=True)) == {"CAQ", "PLQ", "QS", "PQ"}
    assert Member.objects.count() >= 30
    assert Member.objects.filter(party__isnull=True).exists()  # an independent
    assert MemberRole.objects.filter(kind=MemberRoleKind.PREMIER).count() == 1
    # Every active ministry has a minister on the demo's dates.
    for ministry in Ministry.objects.all():
        assert ministry.minister_on(D(2026, 2, 11)) is not None, ministry


def test_the_cabinet_changes_over_time():
    load_demo_register()
    finances = Ministry.objects.get(acronym="FIN")

    assert finances.minister_on(D(2024, 5, 1)).full_name == "Sylvain Côté-Martel"
    assert finances.minister_on(D(2026, 2, 11)).full_name == "Nathalie Bérubé"
    assert Ministry.objects.get(acronym="MCE").minister_on(D(2026, 2, 11)).full_name == "Mathieu Lavigne"


def test_four_weeks_of_decrees_in_wednesday_issues():
    load_demo_register()

    issues = list(GazetteIssue.objects.order_by("published_on"))
    assert [(issue.volume, issue.number) for issue in issues] == [(158, 5), (158, 6), (158, 7), (158, 8)]
    for issue in issues:
        assert issue.published_on == gazette_day(issue.published_on)
        decrees = list(issue.decrees.all())
        assert 10 <= len(decrees) <= 15
        for decree in decrees:
            decree.full_clean()  # every demo decree passes the register's validation
            assert decree.made_on < issue.published_on
            assert decree.ministries.exists()
    assert Decree.objects.count() == sum(len(issue.decrees) for issue in ISSUES)
    assert set(Decree.objects.values_list("category", flat=True)) == set(DecreeCategory) - {DecreeCategory.OTHER}
    assert Decree.objects.filter(ministries__acronym="MEIE").filter(ministries__acronym="MRNF").exists()
    assert Decree.objects.exclude(full_text="").filter(full_text__contains="IL EST ORDONNÉ").exists()
    assert Decree.objects.filter(full_text="", page_count__isnull=False).exists()  # notices
    # The last issue waits for the editor to publish it.
    assert not Decree.objects.unpublished().exclude(gazette_issue=issues[-1]).exists()
    assert Decree.objects.published().exclude(gazette_issue=issues[-1]).count() == Decree.objects.count() - len(
        issues[-1].decrees.all()
    )


def test_loading_twice_changes_nothing():
    load_demo_register()
    before = snapshot()

    report = load_demo_register()

    assert not report.changed
    assert snapshot() == before


def test_what_an_editor_changed_is_left_alone():
    load_demo_register()
    Ministry.objects.filter(acronym="MLF").update(email_domain="oqlf.gouv.qc.ca")
    Decree.objects.filter(number=41, year=2026).delete()

    report = load_demo_register()

    assert report.decrees == 1 and report.ministries == 0
    assert Ministry.objects.get(acronym="MLF").email_domain == "oqlf.gouv.qc.ca"


def test_the_parliament_demo_loads_calendar_and_register():
    load_demo_parliament()
    assert SittingPeriod.objects.exists()
    assert Decree.objects.exists()
