"""Transactional emails rendered from a pair of templates (`<name>_subject.txt`, `<name>_message.txt`),
and the domain every message we send names in its `Message-ID`: the host of `SITE_URL`.

Django builds a `Message-ID` for any message that has none on the machine's host name
(`django.core.mail.utils.DNS_NAME`, `localhost` in a container): an internal name that
spam filters hold against us. `use_site_domain_for_message_ids` (run when the app is
ready) makes that default the site's host for every message Django builds, ours and
allauth's and Wagtail's alike; the mailing app writes its own with `message_id_domain`.
The SMTP greeting (EHLO) keeps the machine's name. `fold_headers_after_their_name` (also run
when the app is ready) keeps a long `Subject` on its own line rather than folded after its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail import message as django_message
from django.core.mail.utils import CachedDnsName
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe

POSTAL_ADDRESS = "Courrier parlementaire, C.P. 1234, succursale Haute-Ville, Québec (Québec) G1R 4S8"
PREHEADER_LENGTH = 140
# Inline every rule a mail client would otherwise drop; keep the @media rules (phones) in a <style> block.
INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)  # the text's signature: the frame's footer says the same


def message_id_domain() -> str:
    """The right-hand side of our `Message-ID`s: the host of `SITE_URL`."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


class SiteDnsName(CachedDnsName):
    """Django's `DNS_NAME` as `EmailMessage.message()` reads it, answering with the site's host."""

    def get_fqdn(self) -> str:
        return message_id_domain()


def use_site_domain_for_message_ids() -> None:
    django_message.DNS_NAME = SiteDnsName()


_DJANGO_HEADER_CHECK = django_message.forbid_multi_line_headers


def _header_folded_after_its_name(name: str, val: Any, encoding: str | None) -> tuple[str, str]:
    """Django's check against header injection, then the value encoded knowing the header's name.

    Django encodes a long or non-ASCII `Subject` as if it started a line, so the email package
    folds it right after « Subject: », leaving that line empty (spam filters count it against
    us). Told the name, the encoder fills the first line instead.
    """
    name, checked = _DJANGO_HEADER_CHECK(name, val, encoding)
    if name.lower() in django_message.ADDRESS_HEADERS or checked == str(val):
        return name, checked
    text = str(val)
    charset = None if text.isascii() else encoding or settings.DEFAULT_CHARSET
    return name, django_message.Header(text, charset, header_name=name).encode()


def fold_headers_after_their_name() -> None:
    django_message.forbid_multi_line_headers = _header_folded_after_its_name


def telephone_uri(number: str) -> str:
    """`tel:+14186404211` for a North American number written `418 640-4211`."""
    digits = "".join(character for character in number if character.isdigit())
    return f"tel:+1{digits}" if len(digits) == 10 else f"tel:{digits}"


def frame_context() -> dict[str, Any]:
    """What the frame of every email (`core/email/frame.html`) needs besides its blocks: the publisher's contact."""
    return {
        "publisher": settings.PUBLISHER,
        "site_url": settings.SITE_URL,
        "telephone_uri": telephone_uri(str(settings.PUBLISHER["phone"])),
        "postal_address": POSTAL_ADDRESS,
    }


def text_as_html(text: str) -> SafeString:
    """A plain-text message as paragraphs: escaped, line breaks kept, addresses and links clickable."""
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(text.strip()) if part.strip()]
    rendered = (
        "<p>" + urlize(escape(paragraph), nofollow=False, autoescape=False).replace("\n", "<br>\n") + "</p>"
        for paragraph in paragraphs
    )
    return mark_safe("\n".join(rendered))  # noqa: S308 - escaped above


def framed_html(*, subject: str, text: str, recipient: str) -> str:
    """An account or licence message's HTML part: its text in the frame of every email we send, CSS inlined."""
    text = _SIGNATURE.split(text, maxsplit=1)[0]
    preheader = " ".join(text.split())
    context = {
        **frame_context(),
        "heading": subject,
        "preheader": preheader if len(preheader) <= PREHEADER_LENGTH else preheader[: PREHEADER_LENGTH - 1] + "…",
        "body_html": text_as_html(text),
        "recipient_email": recipient,
    }
    return INLINER.inline(render_to_string("core/email/message.html", context))


def with_html_part(message: EmailMessage) -> EmailMultiAlternatives:
    """`message` with an HTML part in our frame, built from its text, unless it has one already."""
    if isinstance(message, EmailMultiAlternatives) and message.alternatives:
        return message
    if message.content_subtype == "html":
        return message  # type: ignore[return-value]  # an HTML-only message is left as it is
    framed = EmailMultiAlternatives(
        message.subject,
        message.body,
        message.from_email,
        message.to,
        bcc=message.bcc,
        headers=message.extra_headers,
        cc=message.cc,
        reply_to=message.reply_to,
    )
    framed.attach_alternative(
        framed_html(subject=message.subject, text=message.body, recipient=", ".join(message.to)), "text/html"
    )
    return framed


def send_templated_mail(
    *, template: str, to: Iterable[str], context: dict[str, Any], language: str | None = None, reply_to: str = ""
) -> None:
    """Render `template` in `language` (French by default) and send it, one message per recipient."""
    context = {"site_url": settings.SITE_URL, "publisher": settings.PUBLISHER, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
        for address in to:
            message = EmailMessage(subject, body, to=[address], reply_to=[reply_to] if reply_to else None)
            with_html_part(message).send()
