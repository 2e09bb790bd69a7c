"""Pre-filling a parliamentary year from the fallback rule: idempotent, and never over editors' entries unasked."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from courrier.parliament.actions import CalendarError, prefill_parliamentary_year
from courrier.parliament.calendar import parliamentary_year_sittings
from courrier.parliament.factories import SittingPeriodFactory
from courrier.parliament.fallback import fallback_periods
from courrier.parliament.models import SittingPeriod, SittingPeriodKind

pytestmark = pytest.mark.django_db

D = datetime.date


def snapshot() -> list[tuple]:
    return list(SittingPeriod.objects.order_by("pk").values_list("pk", "kind", "starts_on", "ends_on", "updated_at"))


def test_prefill_enters_the_fallback_periods():
    result = prefill_parliamentary_year(2027)

    assert result.changed
    assert len(result.created) == 7
    assert sorted((p.kind, p.starts_on, p.ends_on, p.label) for p in SittingPeriod.objects.all()) == sorted(
        (p.kind, p.starts_on, p.ends_on, p.label) for p in fallback_periods(2027)
    )
    assert all("règle par défaut" in period.notes for period in result.created)
    assert len(parliamentary_year_sittings(2027)) == 91


def test_prefill_twice_changes_nothing():
    prefill_parliamentary_year(2027)
    before = snapshot()

    result = prefill_parliamentary_year(2027)

    assert not result.changed
    assert snapshot() == before


def test_prefill_twice_in_an_election_year_changes_nothing():
    prefill_parliamentary_year(2026)
    before = snapshot()

    assert not prefill_parliamentary_year(2026).changed
    assert snapshot() == before
    assert {period.starts_on.year for period in SittingPeriod.objects.all()} == {2027}


def test_prefill_refuses_to_overwrite_entered_periods():
    prefill_parliamentary_year(2027)
    first = SittingPeriod.objects.get(kind=SittingPeriodKind.REGULAR, starts_on=D(2027, 9, 21))
    first.starts_on = D(2027, 9, 14)  # the Assembly tabled another date
    first.save()
    SittingPeriodFactory(cancellation=True, starts_on=D(2027, 10, 6))
    before = snapshot()

    with pytest.raises(CalendarError, match="2027-2028 contient déjà 8 période"):
        prefill_parliamentary_year(2027)

    assert snapshot() == before


def test_prefill_overwrites_when_asked():
    SittingPeriodFactory(starts_on=D(2027, 9, 14), ends_on=D(2027, 12, 3))
    SittingPeriodFactory(cancellation=True, starts_on=D(2027, 10, 6))
    outside = SittingPeriodFactory(starts_on=D(2027, 5, 4), ends_on=D(2027, 5, 6))

    result = prefill_parliamentary_year(2027, overwrite=True)

    assert result.deleted == 2
    assert len(result.created) == 7
    assert SittingPeriod.objects.count() == 8
    assert SittingPeriod.objects.filter(pk=outside.pk).exists()  # another year: untouched


def test_other_years_do_not_count_as_entered():
    prefill_parliamentary_year(2026)

    result = prefill_parliamentary_year(2027)

    assert len(result.created) == 7
    assert SittingPeriod.objects.count() == 4 + 7


@pytest.mark.parametrize("year", [1066, 2101, 9999])
def test_years_out_of_range_are_refused(year):
    with pytest.raises(CalendarError, match="comprise entre"):
        prefill_parliamentary_year(year)
    assert not SittingPeriod.objects.exists()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("prefill_calendar", *args, stdout=out)
    return out.getvalue()


def test_the_command_prefills_then_has_nothing_to_do():
    output = run("2027")

    assert "Année parlementaire 2027-2028 préremplie : 7 périodes, 91 jours de séance." in output
    assert "Automne 2027 — travaux réguliers : du 21 septembre 2027 au 25 novembre 2027" in output
    assert "rien à faire" in run("2027")
    assert SittingPeriod.objects.count() == 7


def test_the_command_refuses_then_overwrites_on_request():
    SittingPeriodFactory(starts_on=D(2027, 9, 14), ends_on=D(2027, 12, 3))

    with pytest.raises(CommandError, match="contient déjà 1 période"):
        run("2027")
    assert SittingPeriod.objects.count() == 1

    output = run("2027", "--remplacer")
    assert "1 période(s) remplacée(s)." in output
    assert SittingPeriod.objects.count() == 7
