"""Signed unsubscribe tokens: bound to a list and an address, valid as long as the secret key.

An unsubscribe link must keep working long after the email was sent (CASL: at least
60 days), and unsubscribing twice changes nothing, so the token carries no expiry and
no state: only what to unsubscribe (`list_key`, or `ALL_LISTS`) and who.
"""

from __future__ import annotations

from dataclasses import dataclass

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
