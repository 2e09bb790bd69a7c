"""A campaign's message serialised once to bytes, then personalised per recipient by substitution.

Building a message with Django's `EmailMultiAlternatives` and the `email` package costs
milliseconds; with Django's SMTP backend the sender needs only the bytes that go after
`DATA`. `RawTemplate` writes the headers and both parts once, with the placeholders
still in them, and per recipient replaces them in the bytes and writes the few headers
that differ (`To`, `Date`, `Message-ID`, `List-Unsubscribe`, and `Subject` when it holds
a placeholder). The bodies are sent as 8bit UTF-8, as Django does, so a substituted
value can never break a transfer encoding; a body whose lines could pass the SMTP limit
of 998 characters is quoted-printable encoded after substitution instead (by
`binascii`, in C).
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import formatdate

from django.conf import settings
from django.core.mail.message import sanitize_address

from courrier.mailing import app_settings
from courrier.mailing.message import PLACEHOLDER_RE, CampaignMessage, Recipient, substitute

PLACEHOLDER_BYTES_RE = re.compile(PLACEHOLDER_RE.pattern.encode())
LINE_LIMIT = 998  # RFC 5321: characters per line, CRLF excluded
# What a placeholder is assumed to grow to when deciding whether a body can go as 8bit.
PLACEHOLDER_ROOM = 400
ENCODED_WORD_BYTES = 45  # UTF-8 bytes per RFC 2047 encoded word: 60 base64 characters, under 75 in all


@dataclass(frozen=True)
class RawMessage:
    envelope_from: str
    recipient: str
    message_id: str
    data: bytes  # CRLF line endings, ready for `smtplib.SMTP.sendmail`


def header(name: str, value: str) -> bytes:
    """One header line; non-ASCII values as RFC 2047 base64 encoded words."""
    value = " ".join(value.splitlines())
    if value.isascii():
        return f"{name}: {value}\r\n".encode("ascii")
    words, chunk = [], b""
    for character in value:
        encoded = character.encode("utf-8")
        if len(chunk) + len(encoded) > ENCODED_WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += encoded
    words.append(chunk)
    folded = "\r\n ".join(f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words)
    return f"{name}: {folded}\r\n".encode("ascii")


def _fits_8bit(text: str) -> bool:
    for line in text.split("\n"):
        length = len(line.encode("utf-8")) + PLACEHOLDER_ROOM * len(PLACEHOLDER_RE.findall(line))
        if length > LINE_LIMIT:
            return False
    return True


@dataclass(frozen=True)
class Part:
    """One body: its MIME headers, and the body with placeholders (CRLF for 8bit; LF until encoded otherwise)."""

    content_type: bytes
    encoding: bytes
    body: bytes
    quoted_printable: bool
    escape_html: bool

    @classmethod
    def of(cls, text: str, subtype: str) -> Part:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        eight_bit = _fits_8bit(text)
        return cls(
            content_type=f'Content-Type: text/{subtype}; charset="utf-8"\r\n'.encode("ascii"),
            encoding=f"Content-Transfer-Encoding: {'8bit' if eight_bit else 'quoted-printable'}\r\n".encode("ascii"),
            body=(text.replace("\n", "\r\n") if eight_bit else text).encode("utf-8"),
            quoted_printable=not eight_bit,
            escape_html=subtype == "html",
        )

    def render(self, values: Mapping[bytes, bytes]) -> bytes:
        body = PLACEHOLDER_BYTES_RE.sub(lambda match: values[match.group(0)], self.body)
        if self.quoted_printable:
            body = binascii.b2a_qp(body, istext=True).replace(b"\n", b"\r\n")
        return body


class RawTemplate:
    """The message every recipient shares, as bytes with placeholders; `render()` personalises a copy."""

    def __init__(self, message: CampaignMessage) -> None:
        self.message = message
        self.envelope_from = app_settings.address_of(message.from_email)
        parts = [Part.of(message.text, "plain")]
        if message.html:
            parts.append(Part.of(message.html, "html"))
        self.parts = parts
        self.boundary = self._boundary()
        self.subject_varies = bool(PLACEHOLDER_RE.search(message.subject))
        self.subject = b"" if self.subject_varies else header("Subject", message.subject)
        if len(parts) > 1:
            content_type = f'Content-Type: multipart/alternative;\r\n boundary="{self.boundary}"\r\n'.encode("ascii")
            self.top = content_type + b"MIME-Version: 1.0\r\n"
        else:
            self.top = parts[0].content_type + b"MIME-Version: 1.0\r\n" + parts[0].encoding
        self.from_header = header("From", sanitize_address(message.from_email, "utf-8"))
        reply_to = ", ".join(sanitize_address(address, "utf-8") for address in message.reply_to)
        self.reply_to = header("Reply-To", reply_to) if reply_to else b""
        self.fixed = b"".join(header(name, value) for name, value in message.headers.items())
        self.localtime = bool(getattr(settings, "EMAIL_USE_LOCALTIME", False))

    def _boundary(self) -> str:
        while True:
            boundary = f"==============={secrets.randbelow(10**19):019d}=="
            if not any(boundary.encode("ascii") in part.body for part in self.parts):
                return boundary

    def render(self, recipient: Recipient) -> RawMessage:
        personal = self.message.personal(recipient)
        values = personal.values
        text_values = {key.encode("ascii"): value.encode("utf-8") for key, value in values.items()}
        html_values = {key.encode("ascii"): html.escape(value).encode("utf-8") for key, value in values.items()}
        to = recipient.email if recipient.email.isascii() else sanitize_address(recipient.email, "utf-8")
        chunks = [
            self.top,
            header("Subject", substitute(self.message.subject, values)) if self.subject_varies else self.subject,
            self.from_header,
            header("To", to),
            self.reply_to,
            header("Date", formatdate(localtime=self.localtime)),
            header("Message-ID", personal.message_id),
            self.fixed,
            header("List-Unsubscribe", personal.list_unsubscribe),
        ]
        chunks.append(b"\r\n")
        if len(self.parts) == 1:
            chunks.append(self.parts[0].render(text_values))
        else:
            delimiter = b"--" + self.boundary.encode("ascii")
            for part in self.parts:
                rendered = part.render(html_values if part.escape_html else text_values)
                chunks += [delimiter, b"\r\n", part.content_type, b"MIME-Version: 1.0\r\n", part.encoding]
                chunks += [b"\r\n", rendered, b"\r\n"]
            chunks += [delimiter, b"--\r\n"]
        return RawMessage(
            envelope_from=self.envelope_from,
            recipient=recipient.email,
            message_id=personal.message_id,
            data=b"".join(chunks),
        )
