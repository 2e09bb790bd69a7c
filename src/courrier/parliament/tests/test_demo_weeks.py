"""The demo's Gazette weeks: an issue every Wednesday of the articles' months, its decrees written out in full."""

from __future__ import annotations

import datetime

import pytest

from courrier.parliament.decree_numbers import DecreeNumber
from courrier.parliament.demo import load_demo_register
from courrier.parliament.demo_gazette import (
    CitedDecree,
    DecreeNumbering,
    WeeklyDecree,
    issue_day_before,
    load_demo_weeks,
    made_on_for,
    recommendation,
)
from courrier.parliament.gazette import gazette_day
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST, LAST = D(2026, 9, 1), D(2026, 11, 30)


def test_every_gazette_day_gets_an_issue_of_full_published_decrees():
    load_demo_register()

    entered = load_demo_weeks(FIRST, LAST)

    issues = list(GazetteIssue.objects.filter(published_on__gte=FIRST).order_by("published_on"))
    assert [issue.published_on for issue in issues] == [
        gazette_day(FIRST + datetime.timedelta(weeks=week)) for week in range(13)
    ]
    assert entered == Decree.objects.filter(gazette_issue__in=issues).count()
    for issue in issues:
        decrees = list(issue.decrees.all())
        assert 6 <= len(decrees) <= 9
        subjects = {(decree.category, decree.enabling_statute, decree.title) for decree in decrees}
        assert len(subjects) == len(decrees)
        for decree in decrees:
            decree.full_clean()
            assert decree.is_published
            assert decree.made_on == made_on_for(issue.published_on)
            assert decree.summary
            assert "IL EST ORDONNÉ, en conséquence, sur la recommandation" in decree.full_text
            assert decree.full_text.endswith("Le greffier du Conseil exécutif")
            assert decree.ministries.exists()
    assert {DecreeCategory.APPOINTMENT, DecreeCategory.REGULATION, DecreeCategory.FINANCIAL_AID} <= set(
        Decree.objects.filter(gazette_issue__in=issues).values_list("category", flat=True)
    )


def test_loading_the_weeks_again_changes_nothing():
    load_demo_register()
    load_demo_weeks(FIRST, LAST)
    before = list(Decree.objects.order_by("pk").values_list("pk", "number", "year", "updated_at"))

    assert load_demo_weeks(FIRST, LAST) == 0
    assert list(Decree.objects.order_by("pk").values_list("pk", "number", "year", "updated_at")) == before


def test_a_cited_decree_is_entered_under_its_number_in_the_issue_of_its_day():
    load_demo_register()
    numbering = DecreeNumbering(DecreeNumber(*pair) for pair in Decree.objects.values_list("number", "year"))
    issue_day = issue_day_before(D(2026, 10, 16))
    number = numbering.next(made_on_for(issue_day))
    cited = CitedDecree(
        number=number,
        issue_day=issue_day,
        decree=WeeklyDecree(
            ministries=("MSSS",),
            category=DecreeCategory.FINANCIAL_AID,
            title="Concernant l'octroi d'une aide financière maximale de 3 000 000 $ à Santé Québec",
            summary="Le gouvernement verse jusqu'à 3 M$.",
            text="ATTENDU QUE …\n\nIL EST ORDONNÉ …",
        ),
    )

    load_demo_weeks(FIRST, LAST, cited=[cited], numbering=numbering)

    decree = Decree.objects.numbered(number).get()
    assert decree.gazette_issue.published_on == issue_day == D(2026, 10, 14)
    assert decree.summary == "Le gouvernement verse jusqu'à 3 M$."
    numbers = list(Decree.objects.values_list("number", "year"))
    assert len(numbers) == len(set(numbers))


def test_numbers_follow_the_calendar_and_skip_those_entered():
    numbering = DecreeNumbering([DecreeNumber(1471, 2026)])
    assert numbering.next(D(2026, 10, 21)) == DecreeNumber(1472, 2026)  # day 294: from 1471, which is taken
    assert numbering.next(D(2026, 10, 21)) == DecreeNumber(1473, 2026)
    assert numbering.next(D(2026, 1, 7)) == DecreeNumber(36, 2026)
    assert numbering.next(D(2026, 10, 28)).number > 1473


def test_the_issue_before_an_article_skips_the_hand_written_weeks():
    assert issue_day_before(D(2026, 10, 15)) == D(2026, 10, 14)
    assert issue_day_before(D(2026, 10, 14)) == D(2026, 10, 7)
    assert issue_day_before(D(2026, 2, 12)) == D(2026, 1, 28)  # 4 and 11 February are the hand-written issues
    assert issue_day_before(D(2026, 6, 25)) == D(2026, 6, 23)  # 24 June, Fête nationale: the day before


def test_the_recommendation_names_the_minister_of_that_day():
    assert recommendation("FIN", D(2026, 10, 1)) == "de la ministre des Finances"
    assert recommendation("FIN", D(2025, 5, 1)) == "du ministre des Finances"
    assert recommendation("SCT", D(2026, 10, 1)) == "de la présidente du Conseil du trésor"
    assert recommendation("MCE", D(2026, 10, 1)) == "du premier ministre"
