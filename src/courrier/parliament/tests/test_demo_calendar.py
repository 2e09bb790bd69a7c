"""The demo calendar: the current parliamentary year, entered once."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from courrier.parliament.calendar import parliamentary_year_sittings, sitting_days
from courrier.parliament.demo import load_demo_calendar
from courrier.parliament.models import SittingPeriod, SittingPeriodKind

pytestmark = pytest.mark.django_db

D = datetime.date
LATE_2026 = datetime.datetime(2026, 11, 29, 15, 0, tzinfo=datetime.UTC)


@time_machine.travel(LATE_2026, tick=False)
def test_late_2026_gets_the_convened_fall_and_the_fallback_spring():
    periods = load_demo_calendar()

    assert [(p.kind, p.starts_on, p.ends_on) for p in periods] == [
        (SittingPeriodKind.REGULAR, D(2026, 11, 24), D(2026, 11, 26)),
        (SittingPeriodKind.INTENSIVE, D(2026, 12, 1), D(2026, 12, 11)),
        (SittingPeriodKind.REGULAR, D(2027, 1, 26), D(2027, 5, 20)),
        (SittingPeriodKind.CONSTITUENCY, D(2027, 3, 1), D(2027, 3, 5)),
        (SittingPeriodKind.CONSTITUENCY, D(2027, 3, 29), D(2027, 4, 2)),
        (SittingPeriodKind.INTENSIVE, D(2027, 5, 25), D(2027, 6, 4)),
    ]
    # No sitting between the election (5 October 2026) and the convening of the Assembly.
    assert sitting_days(D(2026, 9, 1), D(2026, 11, 23)) == []
    assert sitting_days(D(2026, 11, 23), D(2026, 12, 31))[:4] == [
        D(2026, 11, 24),
        D(2026, 11, 25),
        D(2026, 11, 26),
        D(2026, 12, 1),
    ]
    assert sitting_days(D(2026, 12, 1), D(2026, 12, 31))[-1] == D(2026, 12, 11)
    assert len(parliamentary_year_sittings(2026)) == 3 + 8 + 53


@time_machine.travel(LATE_2026, tick=False)
def test_loading_twice_changes_nothing():
    load_demo_calendar()
    before = list(SittingPeriod.objects.order_by("pk").values_list("pk", "kind", "starts_on", "ends_on", "updated_at"))

    load_demo_calendar()

    after = list(SittingPeriod.objects.order_by("pk").values_list("pk", "kind", "starts_on", "ends_on", "updated_at"))
    assert after == before


@time_machine.travel(datetime.datetime(2027, 10, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_a_year_without_an_election_is_the_fallback_rule():
    periods = load_demo_calendar()

    assert len(periods) == 7
    assert periods[0].starts_on == D(2027, 9, 21)
