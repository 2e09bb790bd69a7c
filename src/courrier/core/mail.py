"""Transactional emails rendered from a pair of templates (`<name>_subject.txt`, `<name>_message.txt`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


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
