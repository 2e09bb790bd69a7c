"""Test factories for the parliamentary calendar and the register (importable by every app's tests).

`SittingPeriodFactory()` is a regular period over one week of October 2027
(Monday 4 to Friday 8: sittings Tuesday to Thursday); traits give the other kinds,
and single-day kinds default to one day. The register's factories make a decree
of January 2026, the Gazette issues of 2026, ministries, parties, members and roles.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import factory
from django.utils.text import slugify

from courrier.parliament.models import (
    Decree,
    DecreeCategory,
    GazetteIssue,
    GazettePart,
    Member,
    MemberRole,
    MemberRoleKind,
    Ministry,
    Party,
    SittingPeriod,
    SittingPeriodKind,
)


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


# Register ------------------------------------------------------------------------------------


def first_wednesday(year: int) -> datetime.date:
    first = datetime.date(year, 1, 1)
    return first + datetime.timedelta(days=(2 - first.weekday()) % 7)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Parti de l'essai {n}")
    short_name = factory.Sequence(lambda n: f"PE{n}")


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ministry

    name = factory.Sequence(lambda n: f"Ministère de l'Essai {n}")
    acronym = factory.Sequence(lambda n: f"ME{n}")
    slug = factory.LazyAttribute(lambda ministry: slugify(ministry.acronym))
    email_domain = ""
    active = True

    class Params:
        inactive = factory.Trait(active=False)


class MemberFactory(factory.django.DjangoModelFactory):
    """A sitting member elected on 3 October 2022; `independent=True` for one without a party."""

    class Meta:
        model = Member

    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Gagnon{n}")
    slug = factory.LazyAttribute(lambda member: slugify(f"{member.first_name} {member.last_name}"))
    party = factory.SubFactory(PartyFactory)
    riding = factory.Sequence(lambda n: f"Circonscription {n}")
    took_office_on = datetime.date(2022, 10, 3)
    left_office_on = None

    class Params:
        independent = factory.Trait(party=None)


class MemberRoleFactory(factory.django.DjangoModelFactory):
    """A minister of a new ministry since 20 October 2022, still in office."""

    class Meta:
        model = MemberRole

    member = factory.SubFactory(MemberFactory)
    kind = MemberRoleKind.MINISTER
    ministry = factory.SubFactory(MinistryFactory)
    title = factory.LazyAttribute(lambda role: f"ministre — {role.ministry.name}" if role.ministry else "")
    started_on = datetime.date(2022, 10, 20)
    ended_on = None


class GazetteIssueFactory(factory.django.DjangoModelFactory):
    """Partie 2 issues of 2026 (volume 158), week after week from no 1 on Wednesday 7 January."""

    class Meta:
        model = GazetteIssue

    part = GazettePart.LAWS_AND_REGULATIONS
    volume = factory.Sequence(lambda n: 158 + n // 50)
    number = factory.Sequence(lambda n: n % 50 + 1)
    published_on = factory.LazyAttribute(
        lambda issue: first_wednesday(issue.volume + 1868) + datetime.timedelta(weeks=issue.number - 1)
    )


class DecreeFactory(factory.django.DjangoModelFactory):
    """An unpublished appointment decree of 21 January 2026 recommended by one new ministry.

    `ministries=[...]` names the recommending ministries; `published=True` publishes it.
    """

    class Meta:
        model = Decree
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    year = 2026
    made_on = factory.LazyAttribute(lambda decree: datetime.date(decree.year, 1, 21))
    title = factory.Sequence(lambda n: f"Concernant la nomination d'un membre du conseil d'administration {n}")
    category = DecreeCategory.APPOINTMENT
    gazette_issue = None
    page = None
    published_at = None

    class Params:
        published = factory.Trait(published_at=datetime.datetime(2026, 2, 4, 5, 1, tzinfo=datetime.UTC))

    @factory.post_generation
    def ministries(self, create: bool, extracted: Sequence[Ministry] | None, **kwargs: Any) -> None:
        if not create:
            return
        self.ministries.set(extracted if extracted is not None else [MinistryFactory()])
