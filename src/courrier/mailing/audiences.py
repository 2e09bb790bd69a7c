"""Who may receive a campaign now: a registry of audiences, by key.

An app that sends (editions, alerts) registers a function returning the
QuerySet of users who may receive a campaign at this moment; the campaign names
it by key (`Campaign.audience`; a key may carry an argument after a colon,
`"edition:lcp-lag"`, which the function reads from the campaign). Mailing asks
twice: when it snapshots the recipients, and again before each batch, so that an
unsubscribe or a licence ending mid-send stops what is not yet sent. Suppressed
addresses are excluded by mailing itself, whatever the audience says.

An audience whose campaigns come in variants also registers which variant each user is
sent: an expression over `User` rows, evaluated once, in the snapshot
(`register_audience(key, variant=…)`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Exists, Expression, OuterRef, QuerySet

from courrier.accounts.models import User
from courrier.licensing.entitlements import entitled_users
from courrier.mailing.models import Suppression

if TYPE_CHECKING:
    from courrier.mailing.models import Campaign

Audience = Callable[["Campaign"], QuerySet[User]]
VariantOf = Callable[["Campaign"], Expression]

_audiences: dict[str, Audience] = {}
_variants: dict[str, VariantOf] = {}


class UnknownAudience(LookupError):
    pass


def register_audience(key: str, *, variant: VariantOf | None = None) -> Callable[[Audience], Audience]:
    """Decorator: `@register_audience("edition")` over `def readers(campaign) -> QuerySet[User]`.

    `variant(campaign)`, if given, is an expression over `User` giving the number of the
    campaign's variant each reader is sent.
    """
    if ":" in key:
        raise ValueError("An audience key has no colon; the part after one is the campaign's argument.")

    def register(function: Audience) -> Audience:
        _audiences[key] = function
        if variant is None:
            _variants.pop(key, None)
        else:
            _variants[key] = variant
        return function

    return register


def unregister_audience(key: str) -> None:
    _audiences.pop(key, None)
    _variants.pop(key, None)


def audience_name(key: str) -> str:
    return key.partition(":")[0]


def audience_argument(key: str) -> str:
    return key.partition(":")[2]


def is_registered(key: str) -> bool:
    return audience_name(key) in _audiences


def audience_users(campaign: Campaign) -> QuerySet[User]:
    """The users the campaign's audience accepts now (before suppressions)."""
    try:
        function = _audiences[audience_name(campaign.audience)]
    except KeyError:
        raise UnknownAudience(campaign.audience) from None
    return function(campaign)


def variant_of(campaign: Campaign) -> Expression | None:
    """The expression giving each reader's variant of this campaign, for an audience that has variants."""
    function = _variants.get(audience_name(campaign.audience))
    return function(campaign) if function is not None else None


def recipients(campaign: Campaign) -> QuerySet[User]:
    """The audience minus suppressed addresses: who is sent the campaign now, one row per user."""
    suppressed = Suppression.objects.active().filter(email=OuterRef("email"))
    # Wrapped so that any audience (joins included) yields each user once, in a query with a WHERE.
    return User.objects.filter(pk__in=audience_users(campaign).values("pk")).filter(~Exists(suppressed))


@register_audience("entitled")
def everyone_entitled(campaign: Campaign) -> QuerySet[User]:
    """Every person who reads under a valid licence today (service announcements)."""
    return entitled_users()


@register_audience("staff")
def active_staff(campaign: Campaign) -> QuerySet[User]:
    """The publisher's staff (rehearsals of a campaign before it goes to readers)."""
    return User.objects.filter(is_active=True, is_staff=True)
