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

from django.core import signing

from courrier.mailing import app_settings

UNSUBSCRIBE_SALT = "courrier.mailing.unsubscribe"
ALL_LISTS = "*"


@dataclass(frozen=True)
class UnsubscribeRequest:
    list_key: str
    email: str


def make_unsubscribe_token(*, list_key: str, email: str) -> str:
    return signing.dumps([list_key, email.lower()], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> UnsubscribeRequest | None:
    """What the token asks, or None for anything we did not sign."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(payload, list) and len(payload) == 2 and all(isinstance(part, str) for part in payload)):
        return None
    return UnsubscribeRequest(list_key=payload[0], email=payload[1])


def unsubscribe_url(token: str) -> str:
    return app_settings.site_url() + app_settings.unsubscribe_path().format(token=token)


# Lifting one's own suppression ---------------------------------------------------------------

LIFT_SALT = "courrier.mailing.suppression.lift"
LIFT_MAX_AGE = datetime.timedelta(days=3)


class LiftTokenProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"


@dataclass(frozen=True)
class LiftRequest:
    """Lift suppression `suppression_id`, which blocks `email`: mailed to that address, so it proves the mailbox."""

    suppression_id: int
    email: str


def make_lift_token(*, suppression_id: int, email: str) -> str:
    return signing.dumps([suppression_id, email.lower()], salt=LIFT_SALT)


def read_lift_token(token: str) -> LiftRequest | LiftTokenProblem:
    try:
        payload = signing.loads(token, salt=LIFT_SALT, max_age=LIFT_MAX_AGE)
    except signing.SignatureExpired:
        return LiftTokenProblem.EXPIRED
    except (signing.BadSignature, ValueError, TypeError):
        return LiftTokenProblem.INVALID
    if not (
        isinstance(payload, list)
        and len(payload) == 2
        and isinstance(payload[0], int)
        and not isinstance(payload[0], bool)
        and isinstance(payload[1], str)
    ):
        return LiftTokenProblem.INVALID
    return LiftRequest(suppression_id=payload[0], email=payload[1])
