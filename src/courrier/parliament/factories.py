"""Test factories for the parliamentary calendar (importable by every app's tests).

`SittingPeriodFactory()` is a regular period over one week of October 2027
(Monday 4 to Friday 8: sittings Tuesday to Thursday); traits give the other kinds,
and single-day kinds default to one day.
"""

from __future__ import annotations

import datetime

import factory

from courrier.parliament.models import SittingPeriod, SittingPeriodKind


class SittingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SittingPeriod

    kind = SittingPeriodKind.REGULAR
    starts_on = datetime.date(2027, 10, 4)
    ends_on = factory.LazyAttribute(
        lambda period: (
            period.starts_on
            if period.kind in (SittingPeriodKind.EXTRAORDINARY, SittingPeriodKind.CANCELLATION)
            else period.starts_on + datetime.timedelta(days=4)
        )
    )
    label = ""

    class Params:
        intensive = factory.Trait(kind=SittingPeriodKind.INTENSIVE)
        constituency = factory.Trait(kind=SittingPeriodKind.CONSTITUENCY)
        extraordinary = factory.Trait(kind=SittingPeriodKind.EXTRAORDINARY)
        cancellation = factory.Trait(kind=SittingPeriodKind.CANCELLATION)
