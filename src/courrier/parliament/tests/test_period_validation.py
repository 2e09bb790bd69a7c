"""What a period may be: it ends on or after it starts; an extraordinary sitting or a cancellation is one day."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from courrier.parliament.actions import add_sitting_period
from courrier.parliament.models import SittingPeriod, SittingPeriodKind

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as refused:
        add_sitting_period(kind=SittingPeriodKind.REGULAR, starts_on=D(2027, 10, 8), ends_on=D(2027, 10, 4))

    assert refused.value.message_dict == {"ends_on": ["La fin ne peut pas précéder le début."]}
    assert not SittingPeriod.objects.exists()


@pytest.mark.parametrize("kind", [SittingPeriodKind.EXTRAORDINARY, SittingPeriodKind.CANCELLATION])
def test_single_day_kinds_span_one_day(kind):
    with pytest.raises(ValidationError) as refused:
        add_sitting_period(kind=kind, starts_on=D(2027, 10, 5), ends_on=D(2027, 10, 6))

    assert "ne dure qu'un jour" in refused.value.message_dict["ends_on"][0]
    assert add_sitting_period(kind=kind, starts_on=D(2027, 10, 5), ends_on=D(2027, 10, 5)).pk


def test_a_one_day_regular_period_is_allowed():
    assert add_sitting_period(kind=SittingPeriodKind.REGULAR, starts_on=D(2027, 10, 5), ends_on=D(2027, 10, 5)).pk


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as refused:
        add_sitting_period(kind="holiday", starts_on=D(2027, 10, 5), ends_on=D(2027, 10, 5))  # type: ignore[arg-type]

    assert "kind" in refused.value.message_dict


@pytest.mark.parametrize(
    ("kind", "starts_on", "ends_on"),
    [
        (SittingPeriodKind.REGULAR, D(2027, 10, 8), D(2027, 10, 4)),
        (SittingPeriodKind.CANCELLATION, D(2027, 10, 5), D(2027, 10, 6)),
    ],
)
def test_the_database_refuses_them_too(kind, starts_on, ends_on):
    with pytest.raises(IntegrityError):
        SittingPeriod.objects.create(kind=kind, starts_on=starts_on, ends_on=ends_on)


def test_a_period_reads_as_its_label_or_its_dates():
    assert str(SittingPeriod(kind="regular", starts_on=D(2027, 9, 21), ends_on=D(2027, 11, 25), label="Automne")) == (
        "Automne"
    )
    assert str(SittingPeriod(kind="regular", starts_on=D(2027, 9, 21), ends_on=D(2027, 11, 25))) == (
        "Travaux réguliers du 21 septembre 2027 au 25 novembre 2027"
    )
    assert str(SittingPeriod(kind="cancellation", starts_on=D(2027, 10, 6), ends_on=D(2027, 10, 6))) == (
        "Séance annulée — 6 octobre 2027"
    )
    assert str(SittingPeriod(kind="cancellation", starts_on=D(2027, 10, 1), ends_on=D(2027, 10, 1))) == (
        "Séance annulée — 1er octobre 2027"
    )
