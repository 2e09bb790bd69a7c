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

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail import message as django_message
from django.core.mail.utils import CachedDnsName
from django.template.loader import render_to_string
from django.utils import translation


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
        message.send()
