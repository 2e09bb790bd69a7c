"""One campaign's message, personalised per recipient by substitution.

The sending app renders the subject and bodies once, writing placeholders where
each recipient's data goes (`placeholder_context()` gives them to a template).
Per recipient, one regular-expression pass over each body replaces them: the
cost is the size of the message, never a template render.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import make_msgid
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

from courrier.licensing.entitlements import make_reading_token
from courrier.mailing import app_settings
from courrier.mailing.tokens import make_unsubscribe_token, unsubscribe_url

if TYPE_CHECKING:
    from courrier.accounts.models import User
    from courrier.mailing.models import Campaign


class Placeholder(StrEnum):
    """Written into the rendered subject and bodies; letters and underscores survive HTML, CSS inlining and URLs."""

    EMAIL = "__COURRIER_EMAIL__"
    NAME = "__COURRIER_NAME__"
    UNSUBSCRIBE_URL = "__COURRIER_UNSUBSCRIBE_URL__"
    # The value of the reading-link parameter (`?lien=…`): lets this recipient read this campaign's articles.
    READING_TOKEN = "__COURRIER_READING_TOKEN__"  # noqa: S105 - a placeholder, not a secret


PLACEHOLDER_RE = re.compile("|".join(re.escape(placeholder.value) for placeholder in Placeholder))


def placeholder_context() -> dict[str, str]:
    """Template variables for rendering a campaign once: `{{ recipient_email }}` writes the placeholder."""
    return {
        "recipient_email": Placeholder.EMAIL.value,
        "recipient_name": Placeholder.NAME.value,
        "unsubscribe_url": Placeholder.UNSUBSCRIBE_URL.value,
        "reading_token": Placeholder.READING_TOKEN.value,
    }


def reading_scope(campaign_id: int) -> str:
    return f"campaign:{campaign_id}"


def substitute(text: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER_RE.sub(lambda match: values[match.group(0)], text)


def list_id_header(campaign: Campaign) -> str:
    value = campaign.list_id.strip()
    if "<" in value:
        return value
    return f"<{value or f'{campaign.list_key}.{app_settings.message_id_domain()}'}>"


@dataclass(frozen=True)
class Recipient:
    email: str
    user: User | None

    @property
    def name(self) -> str:
        if self.user is None:
            return ""
        return " ".join(self.user.get_full_name().split())


@dataclass(frozen=True)
class Personal:
    """One recipient's values for the placeholders and headers."""

    values: dict[str, str]
    message_id: str
    list_unsubscribe: str


class CampaignMessage:
    """What every recipient's message shares, prepared once per worker and campaign."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign_id = campaign.pk
        self.subject = campaign.subject
        self.html = campaign.html
        self.text = campaign.text
        self.from_email = campaign.from_email or app_settings.default_from_email()
        self.reply_to = [campaign.reply_to] if campaign.reply_to else []
        self.list_key = campaign.list_key
        self.domain = app_settings.message_id_domain()
        self.mailto = (
            app_settings.unsubscribe_mailto()
            or app_settings.address_of(campaign.reply_to)
            or app_settings.address_of(self.from_email)
        )
        self.headers: dict[str, str] = {
            **{str(name): str(value) for name, value in (campaign.headers or {}).items()},
            "List-Id": list_id_header(campaign),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        self.scope = reading_scope(campaign.pk)

    def values(self, recipient: Recipient, unsubscribe_token: str) -> dict[str, str]:
        return {
            Placeholder.EMAIL: recipient.email,
            Placeholder.NAME: recipient.name,
            Placeholder.UNSUBSCRIBE_URL: unsubscribe_url(unsubscribe_token),
            Placeholder.READING_TOKEN: make_reading_token(recipient.user, self.scope) if recipient.user else "",
        }

    def personal(self, recipient: Recipient) -> Personal:
        """Everything that differs from one recipient to the next, computed once for either rendering."""
        token = make_unsubscribe_token(list_key=self.list_key, email=recipient.email)
        values = self.values(recipient, token)
        unsubscribe = values[Placeholder.UNSUBSCRIBE_URL]
        return Personal(
            values=values,
            message_id=make_msgid(domain=self.domain),
            list_unsubscribe=f"<{unsubscribe}>, <mailto:{self.mailto}?subject={quote('unsubscribe ' + token)}>",
        )

    def personalise(
        self, recipient: Recipient, *, connection: BaseEmailBackend | None = None
    ) -> EmailMultiAlternatives:
        """The message for one recipient, with its own `Message-ID` (read it from `extra_headers`)."""
        personal = self.personal(recipient)
        values = personal.values
        escaped = {placeholder: html.escape(value) for placeholder, value in values.items()}
        headers = {
            **self.headers,
            "Message-ID": personal.message_id,
            "List-Unsubscribe": personal.list_unsubscribe,
        }
        message = EmailMultiAlternatives(
            subject=substitute(self.subject, values),
            body=substitute(self.text, values),
            from_email=self.from_email,
            to=[recipient.email],
            reply_to=self.reply_to,
            headers=headers,
            connection=connection,
        )
        if self.html:
            message.attach_alternative(substitute(self.html, escaped), "text/html")
        return message
