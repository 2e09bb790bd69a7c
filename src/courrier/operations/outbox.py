"""The local outbox: every email the embedded default sends, kept as one `.eml` file.

`OutboxEmailBackend` is the embedded default's mail backend: each message is
written to `settings.EMAIL_FILE_PATH` (`var/outbox/`) as RFC 5322 bytes, so a
newcomer can read a verification link without a mail server. Staff read the
files in the Wagtail admin (`wagtail_hooks.py`).

If `settings.OUTBOX_RELAY_BACKEND` names another backend (dotted path), each
message is also handed to it after being written; with no relay, writing is
the delivery. Production sets `EMAIL_BACKEND` to a real backend instead and
the outbox is not used at all.

File names are `<UTC yyyymmdd-hhmmss-microseconds>-<pid>-<8 hex>.eml`: they
sort by time and never collide between processes or threads.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage as ParsedMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path
from typing import Any, overload

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

NAME_PATTERN = r"\d{8}-\d{6}-\d{6}-\d{1,10}-[0-9a-f]{8}\.eml"
NAME_RE = re.compile(NAME_PATTERN)
NAME_TIME_FORMAT = "%Y%m%d-%H%M%S-%f"


def outbox_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def new_message_name() -> str:
    stamp = dt.datetime.now(tz=dt.UTC).strftime(NAME_TIME_FORMAT)
    return f"{stamp}-{os.getpid()}-{uuid.uuid4().hex[:8]}.eml"


def write_message(directory: Path, data: bytes) -> Path:
    """Write `data` under a new name; readers never see a partial file."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The temporary name starts with a dot and ends in .tmp, so listings skip it.
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        path = directory / new_message_name()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


class OutboxEmailBackend(BaseEmailBackend):
    """Writes each message to the outbox, then hands it to the relay backend if one is set."""

    def __init__(
        self, file_path: str | os.PathLike[str] | None = None, fail_silently: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(fail_silently=fail_silently)
        self.directory = Path(file_path) if file_path is not None else outbox_dir()
        relay = getattr(settings, "OUTBOX_RELAY_BACKEND", "")
        self.relay: BaseEmailBackend | None = (
            get_connection(relay, fail_silently=fail_silently, **kwargs) if relay else None
        )

    def open(self) -> bool | None:
        return self.relay.open() if self.relay is not None else None

    def close(self) -> None:
        if self.relay is not None:
            self.relay.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        written = []
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                write_message(self.directory, message.message().as_bytes())
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            written.append(message)
        if self.relay is not None and written:
            # The relay's count is what was delivered; the outbox copy is a record.
            return self.relay.send_messages(written) or 0
        return len(written)


@dataclass(frozen=True)
class OutboxMessage:
    """One file of the outbox; `message` holds its headers, or the whole message when read in full."""

    name: str
    message: ParsedMessage

    @property
    def written_at(self) -> dt.datetime:
        return written_at(self.name)

    @property
    def sender(self) -> str:
        return _header(self.message, "From")

    @property
    def to(self) -> str:
        return _header(self.message, "To")

    @property
    def subject(self) -> str:
        return _header(self.message, "Subject")

    @property
    def date(self) -> str:
        return _header(self.message, "Date")

    @property
    def text(self) -> str | None:
        return _body(self.message, "plain")

    @property
    def html(self) -> str | None:
        return _body(self.message, "html")


def _header(message: ParsedMessage, name: str) -> str:
    # Django folds long encoded headers right after the colon; the parser keeps that space.
    return str(message.get(name, "")).strip()


def _body(message: ParsedMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return None
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError):
        # An unknown or lying charset: show what can be decoded rather than fail.
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)


def written_at(name: str) -> dt.datetime:
    return dt.datetime.strptime(name[:22], NAME_TIME_FORMAT).replace(tzinfo=dt.UTC)


def is_message_name(name: str) -> bool:
    return NAME_RE.fullmatch(name) is not None


def message_names(directory: Path) -> list[str]:
    """Names of the outbox's messages, newest first, without opening any file."""
    try:
        with os.scandir(directory) as entries:
            names = [entry.name for entry in entries if is_message_name(entry.name)]
    except FileNotFoundError:
        return []
    return sorted(names, reverse=True)


def read_message(directory: Path, name: str, *, headers_only: bool = False) -> OutboxMessage:
    """The message called `name`; `FileNotFoundError` for any name that is not one of ours."""
    if not is_message_name(name):
        raise FileNotFoundError(name)
    parser = BytesHeaderParser(policy=policy.default) if headers_only else BytesParser(policy=policy.default)
    with (directory / name).open("rb") as file:
        parsed = parser.parse(file)
    assert isinstance(parsed, ParsedMessage)
    return OutboxMessage(name=name, message=parsed)


class Outbox(Sequence[OutboxMessage]):
    """The outbox as a sequence for a paginator: names are listed once, only sliced files are read."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.names = message_names(directory)

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, index: int) -> OutboxMessage: ...

    @overload
    def __getitem__(self, index: slice) -> list[OutboxMessage]: ...

    def __getitem__(self, index: int | slice) -> OutboxMessage | list[OutboxMessage]:
        if isinstance(index, slice):
            return [message for name in self.names[index] if (message := self._read(name)) is not None]
        message = self._read(self.names[index])
        if message is None:
            raise IndexError(index)
        return message

    def __iter__(self) -> Iterator[OutboxMessage]:
        return iter(self[:])

    def _read(self, name: str) -> OutboxMessage | None:
        try:
            return read_message(self.directory, name, headers_only=True)
        except FileNotFoundError:
            # Deleted since the listing: skip it rather than fail the page.
            return None
