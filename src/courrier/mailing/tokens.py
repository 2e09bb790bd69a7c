"""Signed tokens of mailing: unsubscribing, and lifting the suppression of one's own address.

An unsubscribe link must keep working long after the email was sent (CASL: at least
60 days), and unsubscribing twice changes nothing, so the token carries no expiry and
no state: only what to unsubscribe (`list_key`, or `ALL_LISTS`) and who.

A lift link is mailed to a blocked address at its owner's request: it names that one
suppression (lifted, it cannot be lifted again; a new one needs a new link) and expires
after `LIFT_MAX_AGE`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core import signing

from courrier.mailing import app_settings

UNSUBSCRIBE_SALT = "courrier.mailing.unsubscribe"
ALL_LISTS = "*"


class TokenProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"


def read_signed_pair(
    token: str, *, salt: str, first: type, max_age: datetime.timedelta | None = None
) -> tuple[Any, str] | TokenProblem:
    """The two parts of a token signed with `salt`: one of type `first`, then an address; or why not."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        return TokenProblem.EXPIRED
    except (signing.BadSignature, ValueError, TypeError):
        return TokenProblem.INVALID
    # `type(...) is`, not isinstance: JSON's true is no suppression id.
    if not (
        isinstance(payload, list) and len(payload) == 2 and type(payload[0]) is first and isinstance(payload[1], str)
    ):
        return TokenProblem.INVALID
    return payload[0], payload[1]


@dataclass(frozen=True)
class UnsubscribeRequest:
    list_key: str
    email: str


def make_unsubscribe_token(*, list_key: str, email: str) -> str:
    return signing.dumps([list_key, email.lower()], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> UnsubscribeRequest | None:
    """What the token asks, or None for anything we did not sign."""
    pair = read_signed_pair(token, salt=UNSUBSCRIBE_SALT, first=str)
    if isinstance(pair, TokenProblem):
        return None
    return UnsubscribeRequest(list_key=pair[0], email=pair[1])


def unsubscribe_url(token: str) -> str:
    return app_settings.site_url() + app_settings.unsubscribe_path().format(token=token)


# Lifting one's own suppression ---------------------------------------------------------------

LIFT_SALT = "courrier.mailing.suppression.lift"
LIFT_MAX_AGE = datetime.timedelta(days=3)


@dataclass(frozen=True)
class LiftRequest:
    """Lift suppression `suppression_id`, which blocks `email`: mailed to that address, so it proves the mailbox."""

    suppression_id: int
    email: str


def make_lift_token(*, suppression_id: int, email: str) -> str:
    return signing.dumps([suppression_id, email.lower()], salt=LIFT_SALT)


def read_lift_token(token: str) -> LiftRequest | TokenProblem:
    pair = read_signed_pair(token, salt=LIFT_SALT, first=int, max_age=LIFT_MAX_AGE)
    if isinstance(pair, TokenProblem):
        return pair
    return LiftRequest(suppression_id=pair[0], email=pair[1])
