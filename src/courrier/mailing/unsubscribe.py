"""Unsubscribing: what a token asks, leaving lists (with its consent record), and the link sent on request.

Two kinds of token lead to the same page. The one written into every email
(`tokens.py`) names one list and never expires. The one sent to whoever fills in
the address form on `/desinscription/` names every list and lasts
`REQUEST_MAX_AGE`: it proves only that someone could read that mailbox lately.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.core import signing
from django.db import transaction

from courrier.accounts.models import User
from courrier.core.mail import send_templated_mail
from courrier.mailing import actions
from courrier.mailing.lists import MailingList, all_lists, get_list
from courrier.mailing.models import ConsentAction, ConsentRecord, Delivery
from courrier.mailing.tokens import ALL_LISTS, TokenProblem, read_signed_pair, read_unsubscribe_token, unsubscribe_url

logger = logging.getLogger(__name__)

REQUEST_SALT = "courrier.mailing.unsubscribe.request"
REQUEST_MAX_AGE = datetime.timedelta(days=7)


class Source(StrEnum):
    """Where an unsubscribe came from, as written in the consent log."""

    ONE_CLICK = "desinscription-un-clic"
    EMAIL_LINK = "desinscription-lien"
    ADDRESS_FORM = "desinscription-formulaire"


# What the person chose from: their mail client's button, shown from our headers (recorded as is, in French).
ONE_CLICK_WORDING = (
    "Désinscription en un clic (RFC 8058) : bouton « Se désabonner » du logiciel de courriel, "
    "en-têtes List-Unsubscribe et List-Unsubscribe-Post du message."
)


@dataclass(frozen=True)
class Ask:
    """What a valid token asks: leave `list_key` (or `ALL_LISTS`) for `email`, from `source`."""

    email: str
    list_key: str
    source: Source

    @property
    def everything(self) -> bool:
        return self.list_key == ALL_LISTS


def make_request_token(email: str) -> str:
    return signing.dumps([ALL_LISTS, email.strip().lower()], salt=REQUEST_SALT)


def read_token(token: str) -> Ask | TokenProblem:
    """A link from an email, or one sent through the address form; anything else is a problem, never an error."""
    from_email = read_unsubscribe_token(token)
    if from_email is not None:
        return Ask(email=from_email.email, list_key=from_email.list_key, source=Source.EMAIL_LINK)
    pair = read_signed_pair(token, salt=REQUEST_SALT, first=str, max_age=REQUEST_MAX_AGE)
    if isinstance(pair, TokenProblem):
        return pair
    return Ask(email=pair[1], list_key=pair[0], source=Source.ADDRESS_FORM)


def lists_asked(ask: Ask, *, everything: bool) -> list[str]:
    """The keys to leave: the token's list, or every registered one (and the token's, if unregistered)."""
    if not (everything or ask.everything):
        return [ask.list_key]
    keys = [mailing_list.key for mailing_list in all_lists()]
    if not ask.everything and ask.list_key not in keys:
        keys.append(ask.list_key)
    return keys


def list_name(key: str) -> str:
    found: MailingList | None = get_list(key)
    return found.name if found is not None else key


@transaction.atomic
def leave_lists(*, email: str, list_keys: Sequence[str], source: str, wording: str) -> list[str]:
    """`email` leaves each list at once and the consent log says so; returns the keys newly left.

    Idempotent: a list whose last consent record for the address is already an opt-out
    gets no second record (mail clients may repeat a one-click POST). Running campaigns
    drop the address at their next audience check, before its delivery is sent.
    """
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    left = []
    for key in list_keys:
        mailing_list = get_list(key)
        if mailing_list is not None:
            mailing_list.leave(email, user)
        last = ConsentRecord.objects.filter(email=email, list_key=key).order_by("-created_at", "-pk").first()
        if last is not None and last.action == ConsentAction.OPT_OUT:
            continue
        actions.record_consent(
            email=email, list_key=key, action=ConsentAction.OPT_OUT, source=source, wording=wording, user=user
        )
        left.append(key)
    logger.info("Unsubscribed an address from %s (%s)", ", ".join(left) or "nothing new", source)
    return left


def is_known_address(email: str) -> bool:
    """Whether we have ever had reason to write to this address (an account, or a delivery)."""
    return (
        User.objects.filter(email__iexact=email).exists()
        or Delivery.objects.filter(email=email.strip().lower()).exists()
    )


def send_unsubscribe_link(*, email: str) -> bool:
    """Mail a link to the confirmation page for every list, if the address is one we write to.

    The caller answers the same either way (no one learns whether an address is ours);
    the return value is for logs and tests.
    """
    email = email.strip().lower()
    if not is_known_address(email):
        return False
    url = unsubscribe_url(make_request_token(email))
    send_templated_mail(
        template="mailing/unsubscribe/email/link",
        to=[email],
        context={"email": email, "url": url, "days": REQUEST_MAX_AGE.days},
    )
    return True
