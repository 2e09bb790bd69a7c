"""One campaign's message, personalised per recipient by substitution.

The sending app renders the subject and bodies once, writing placeholders where
each recipient's data goes (`placeholder_context()` gives them to a template).
Per recipient, one regular-expression pass over each body replaces them: the
cost is the size of the message, never a template render.

A campaign may also come in variants (`CampaignVariant`): its bodies are then written
once with every item any recipient gets, each item a *section* opened by a marker, and
a variant keeps only the sections it names (`compose`). The HTML marker is a comment,
`<!--section:name-->`; the plain-text one is a name between two `SECTION_MARK`
characters (private use, which no text holds; `section_context()` gives it to a
template). The section named `end` opens what every variant keeps after the items.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
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
    from courrier.mailing.models import Campaign, CampaignVariant


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


def reading_scope(campaign_id: int, variant: int | None = None) -> str:
    """`campaign:12`, or `campaign:12/3` for the recipients of its variant 3."""
    return f"campaign:{campaign_id}" if variant is None else f"campaign:{campaign_id}/{variant}"


def scope_campaign(argument: str) -> tuple[int, int | None] | None:
    """The campaign and variant a reading scope's argument names (`12`, `12/3`), or None."""
    campaign, _, variant = argument.partition("/")
    if not campaign.isdigit() or (variant and not variant.isdigit()):
        return None
    return int(campaign), int(variant) if variant else None


# Sections ------------------------------------------------------------------------------------

SECTION_MARK = "\ue000"
HTML_SECTION = re.compile(r"<!--section:(\w+)-->")
TEXT_SECTION = re.compile(f"{SECTION_MARK}(\\w+){SECTION_MARK}")
END_SECTION = "end"


def section_context() -> dict[str, str]:
    """For templates writing sections: `{{ section_mark }}name{{ section_mark }}` in plain text."""
    return {"section_mark": SECTION_MARK}


def compose(body: str, marker: re.Pattern[str], sections: Sequence[str] | None, replacements: Mapping[str, str]) -> str:
    """The body with only `sections` kept (in the body's order; all of them when None) and `replacements` made.

    What precedes the first marker and follows the `end` one is always kept; a body without
    markers is kept whole.
    """
    head, *rest = marker.split(body)
    named = dict(zip(rest[0::2], rest[1::2], strict=True))
    tail = named.pop(END_SECTION, "")
    chosen = None if sections is None else set(sections)
    kept = [piece for name, piece in named.items() if chosen is None or name in chosen]
    composed = "".join([head, *kept, tail])
    for key, value in replacements.items():
        composed = composed.replace(key, value)
    return composed


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
    """What every recipient's message shares (or every recipient of one variant), prepared once per worker."""

    def __init__(self, campaign: Campaign, variant: CampaignVariant | None = None) -> None:
        self.campaign_id = campaign.pk
        self.variant = variant.number if variant is not None else None
        sections = variant.sections if variant is not None else None
        replacements = variant.replacements if variant is not None else {}
        escaped = {key: html.escape(value) for key, value in replacements.items()}
        self.subject = variant.subject if variant is not None else campaign.subject
        self.html = compose(campaign.html, HTML_SECTION, sections, escaped) if campaign.html else ""
        self.text = compose(campaign.text, TEXT_SECTION, sections, replacements)
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
        self.scope = reading_scope(campaign.pk, self.variant)

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
