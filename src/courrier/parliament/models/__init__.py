"""The parliament app's models: the Assembly's calendar, and the register of decrees, ministries and members."""

from courrier.parliament.models.calendar import (
    SINGLE_DAY_KINDS,
    SittingPeriod,
    SittingPeriodKind,
    SittingPeriodQuerySet,
)
from courrier.parliament.models.decrees import (
    Decree,
    DecreeCategory,
    DecreeMinistry,
    DecreeQuerySet,
    GazetteIssue,
    GazettePart,
    PartTwoSection,
)
from courrier.parliament.models.people import (
    HEAD_KINDS,
    Member,
    MemberQuerySet,
    MemberRole,
    MemberRoleKind,
    MemberRoleQuerySet,
    Ministry,
    MinistryQuerySet,
    Party,
)

__all__ = [
    "HEAD_KINDS",
    "SINGLE_DAY_KINDS",
    "Decree",
    "DecreeCategory",
    "DecreeMinistry",
    "DecreeQuerySet",
    "GazetteIssue",
    "GazettePart",
    "Member",
    "MemberQuerySet",
    "MemberRole",
    "MemberRoleKind",
    "MemberRoleQuerySet",
    "Ministry",
    "MinistryQuerySet",
    "PartTwoSection",
    "Party",
    "SittingPeriod",
    "SittingPeriodKind",
    "SittingPeriodQuerySet",
]
