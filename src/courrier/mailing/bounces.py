"""Mail that comes back after the relay accepted a message: bounces (DSNs) and what looks like them.

A remote server may refuse a message hours after our relay took it; the refusal then
arrives as mail to the envelope sender — a delivery status notification (RFC 3464:
`multipart/report` with a `message/delivery-status` part), or, from a few MTAs, a
plain-text notice. `parse_bounce` reads one such message (never raising);
`process_bounce` matches it to our `Delivery` by the Message-ID of the returned
message — never by the address it names, which anybody could forge — and hands a
permanent failure to `actions.record_returned_mail`. `process_maildir` does that for
each new message of a Maildir, claiming each by an atomic rename so that two runs at
once never process one message twice. Operators wire either (see docs/bounces.md).
"""

from __future__ import annotations

import email
import hashlib
import logging
import mailbox
import os
import re
from collections import Counter
from dataclasses import dataclass
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import HeaderParser
from email.utils import parseaddr
from enum import StrEnum
from pathlib import Path

from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from courrier.mailing import actions, app_settings, sender
from courrier.mailing.models import LAST_ERROR_LENGTH, Delivery

logger = logging.getLogger(__name__)

SOURCE = "smtp-dsn"
EX_TEMPFAIL = 75  # sysexits.h: for the commands; the mail server or the scheduler tries again later
# A bounce quotes the returned message; past this, the rest cannot help and is not read.
MAX_BYTES = 10 * 1024 * 1024

DELIVERY_STATUS_TYPES = {"message/delivery-status", "message/global-delivery-status"}
RETURNED_MESSAGE_TYPES = {"message/rfc822", "message/global"}
RETURNED_HEADERS_TYPES = {"text/rfc822-headers", "message/global-headers"}
DAEMONS = {"mailer-daemon", "mailerdaemon", "mail-daemon", "postmaster"}
AUTO_REPLY_SUBJECTS = re.compile(
    r"^(?:automatic reply|auto-reply|autoreply|out of office|réponse automatique|absence du bureau|absent)\b",
    re.IGNORECASE,
)

# RFC 3463 enhanced status: class.subject.detail.
STATUS = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
# In a plain-text notice only a status right after an SMTP reply code counts ("550 5.1.1", "550-5.1.1",
# "#550 5.1.1"): a lone "4.94.2" is as likely a version number as a status.
REPLY_STATUS = re.compile(r"(?<!\d)[245]\d\d[ -]([245]\.\d{1,3}\.\d{1,3})(?![\d.])")
MESSAGE_ID = re.compile(r"^message-id:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
# Where a plain-text notice starts quoting the returned message (qmail, Exim, Sendmail, Exchange).
QUOTED_ORIGINAL = re.compile(
    r"^(?:-+ ?(?:below this line is a copy|this is a copy|original message|the header of the original)"
    r"|return-path:|received:)",
    re.IGNORECASE | re.MULTILINE,
)


class _RawHeaders(policy.Compat32):
    """compat32, with header values as they came: plain strings, never `Header` objects (whose 8-bit
    bytes would be lost), so that malformed headers (bounces are full of them) cannot trip a parser."""

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


RAW_HEADERS = _RawHeaders()


class Kind(StrEnum):
    DSN = "dsn"  # RFC 3464
    NOTICE = "notice"  # a plain-text bounce from a mail server
    AUTO_REPLY = "auto-reply"  # out of office and other automatic answers (RFC 3834)
    OTHER = "other"  # anything else: a person's mail, a read receipt, garbage


@dataclass(frozen=True)
class RecipientStatus:
    """One recipient's fields of a delivery status notification (or what a notice says of it)."""

    action: str  # failed, delayed, delivered, relayed, expanded (lower case)
    status: str  # "5.1.1", or "" when the report gives none
    final_recipient: str = ""
    original_recipient: str = ""
    diagnostic: str = ""

    @property
    def permanent(self) -> bool:
        return self.action == "failed" and not self.status.startswith("4")

    @property
    def temporary(self) -> bool:
        return self.action == "delayed" or (self.action == "failed" and self.status.startswith("4"))

    @property
    def dead_address(self) -> bool:
        """A permanent 5.x.x status that the sender would take, in an SMTP refusal, for a dead address."""
        found = STATUS.fullmatch(self.status) if self.permanent else None
        # The rule of a refusal during the SMTP session, read from the same status.
        return found is not None and found.group(1) == "5" and sender.means_dead_address(found.group(2), found.group(3))

    def describe(self) -> str:
        recipient = self.original_recipient or self.final_recipient
        status = "" if self.status in self.diagnostic else self.status
        return " ".join(part for part in (status, self.diagnostic, f"({recipient})" if recipient else "") if part)


@dataclass(frozen=True)
class Bounce:
    """What one incoming message says, as far as it can be read."""

    kind: Kind
    recipients: tuple[RecipientStatus, ...] = ()
    returned_message_ids: tuple[str, ...] = ()  # Message-IDs of the returned message: the link to a delivery
    message_id: str = ""  # of the bounce itself
    subject: str = ""
    sender: str = ""
    from_mail_server: bool = False  # sent by a mailer daemon, or with a null envelope sender
    fingerprint: str = ""  # sha256 of the bytes

    @property
    def permanent(self) -> tuple[RecipientStatus, ...]:
        return tuple(recipient for recipient in self.recipients if recipient.permanent)

    @property
    def temporary(self) -> bool:
        return any(recipient.temporary for recipient in self.recipients)


class Outcome(StrEnum):
    HARD_BOUNCE = "hard-bounce"  # a delivery of ours, to an address that is dead: suppressed
    REJECTED = "rejected"  # a delivery of ours refused for another reason (policy, spam, full): recorded on it
    DELAYED = "delayed"  # still being tried by a remote server: nothing to do
    AUTO_REPLY = "auto-reply"
    IGNORED = "ignored"  # a success report, a read receipt: not a failure
    UNMATCHED = "unmatched"  # a failure we cannot tie to one of our deliveries: kept aside
    UNRECOGNISED = "unrecognised"  # nothing we could read: kept aside

    @property
    def kept_aside(self) -> bool:
        return self in (Outcome.UNMATCHED, Outcome.UNRECOGNISED)

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    Outcome.HARD_BOUNCE: gettext_lazy("adresse inexistante, bloquée"),
    Outcome.REJECTED: gettext_lazy("refus noté sur l'envoi"),
    Outcome.DELAYED: gettext_lazy("retard signalé, rien à faire"),
    Outcome.AUTO_REPLY: gettext_lazy("réponse automatique, ignorée"),
    Outcome.IGNORED: gettext_lazy("pas un échec, ignoré"),
    Outcome.UNMATCHED: gettext_lazy("échec sans envoi correspondant, mis de côté"),
    Outcome.UNRECOGNISED: gettext_lazy("message non reconnu, mis de côté"),
}


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    bounce: Bounce
    delivery_id: int | None = None


# Reading -------------------------------------------------------------------------------------


def parse_bounce(data: bytes) -> Bounce:
    """Read one message; anything unreadable is `Kind.OTHER`, never an exception."""
    fingerprint = hashlib.sha256(data).hexdigest()
    try:
        message = email.message_from_bytes(data[:MAX_BYTES], policy=RAW_HEADERS)
        return _read(message, fingerprint)
    except Exception:
        logger.warning("Incoming message %s could not be parsed", fingerprint, exc_info=True)
        return Bounce(kind=Kind.OTHER, fingerprint=fingerprint)


def _read(message: Message, fingerprint: str) -> Bounce:
    parts = _own_parts(message)
    kind = Kind.OTHER
    recipients: tuple[RecipientStatus, ...] = ()
    returned: tuple[str, ...] = ()
    reports = [part for part in parts if part.get_content_type() in DELIVERY_STATUS_TYPES]
    automatic = _from_mail_server(message)
    notice = _notice(parts) if not reports and automatic else None
    if reports:
        kind, recipients = Kind.DSN, tuple(status for report in reports for status in _statuses(report))
    elif notice is not None:
        kind, recipients = Kind.NOTICE, (notice,)
    elif _auto_reply(message):
        kind = Kind.AUTO_REPLY
    if kind in (Kind.DSN, Kind.NOTICE):
        returned = _returned_ids(parts)
    return Bounce(
        kind=kind,
        recipients=recipients,
        returned_message_ids=returned,
        message_id=_header(message, "Message-ID"),
        subject=_header(message, "Subject"),
        sender=parseaddr(_header(message, "From"))[1].lower(),
        from_mail_server=automatic,
        fingerprint=fingerprint,
    )


def _own_parts(message: Message) -> list[Message]:
    """Every part of the message itself, in order; not the parts of a returned message nor a report's blocks."""
    found: list[Message] = []
    stack = [message]
    while stack:
        part = stack.pop()
        found.append(part)
        content_type = part.get_content_type()
        if content_type in RETURNED_MESSAGE_TYPES or content_type in DELIVERY_STATUS_TYPES:
            continue
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend(reversed([child for child in payload if isinstance(child, Message)]))
    return found


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    raw = _utf8(str(value))
    try:
        decoded = str(make_header(decode_header(raw)))
    except Exception:  # a badly encoded word: keep it as it came
        decoded = raw
    return " ".join(decoded.split())


def _statuses(report: Message) -> list[RecipientStatus]:
    """The per-recipient blocks of a `message/delivery-status` part (the first block is per message)."""
    statuses = []
    for block in _blocks(report):
        action = _field(block, "Action").lower().split()
        if not action:
            continue
        diagnostic = _field(block, "Diagnostic-Code")
        statuses.append(
            RecipientStatus(
                action=action[0],
                status=_status(_field(block, "Status"), diagnostic),
                final_recipient=_address(_field(block, "Final-Recipient")),
                original_recipient=_address(_field(block, "Original-Recipient")),
                diagnostic=_strip_type(diagnostic),
            )
        )
    return statuses


def _blocks(report: Message) -> list[Message]:
    payload = report.get_payload()
    if not isinstance(payload, list):
        return _split_blocks(_text(report))  # base64-encoded, say
    blocks = []
    for block in payload:
        if isinstance(block, Message):
            blocks.append(block)
            if not block.is_multipart() and block.get_payload():
                # message/global-delivery-status is parsed as one message: its other blocks are its body.
                blocks.extend(_split_blocks(_text(block)))
    return blocks


def _split_blocks(text: str) -> list[Message]:
    chunks = re.split(r"\r?\n[ \t]*\r?\n", text.strip())
    return [_parse_headers(chunk) for chunk in chunks if chunk.strip()]


def _parse_headers(text: str) -> Message:
    return HeaderParser(policy=RAW_HEADERS).parsestr(text)


def _status(field: str, diagnostic: str) -> str:
    """The Status field, or the diagnostic's own status when the field is missing or only says `X.0.0`
    (Exim reports `5.0.0` with the remote server's `550 5.1.1` in the diagnostic)."""
    given = STATUS.search(field)
    told = STATUS.search(diagnostic)
    if given is None:
        return told.group(0) if told else ""
    if told and given.group(2) == "0" and told.group(1) == given.group(1):
        return told.group(0)
    return given.group(0)


def _field(block: Message, name: str) -> str:
    return " ".join(_utf8(str(block.get(name, ""))).split())


def _utf8(value: str) -> str:
    """Raw 8-bit bytes in a header (RFC 6532 allows UTF-8 there) come out of the parser as surrogates."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _strip_type(value: str) -> str:
    """`rfc822; a@b.c` → `a@b.c`; `smtp; 550 …` → `550 …`."""
    return value.split(";", 1)[1].strip() if ";" in value else value


def _address(value: str) -> str:
    return _strip_type(value).strip("<>").lower()


def _returned_ids(parts: list[Message]) -> tuple[str, ...]:
    ids: list[str] = []
    for part in parts:
        content_type = part.get_content_type()
        if content_type in RETURNED_MESSAGE_TYPES:
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                ids.extend(_ids_in(str(payload[0].get("Message-ID", ""))))
        elif content_type in RETURNED_HEADERS_TYPES:
            payload = part.get_payload()
            # message/global-headers is parsed as a message; text/rfc822-headers stays text.
            headers = payload[0] if isinstance(payload, list) and payload else _parse_headers(_text(part))
            if isinstance(headers, Message):
                ids.extend(_ids_in(str(headers.get("Message-ID", ""))))
    # Some MTAs return no part at all but quote the headers in the human-readable text.
    return tuple(dict.fromkeys(ids)) or _quoted_ids(parts)


def _quoted_ids(parts: list[Message]) -> tuple[str, ...]:
    """Message-IDs quoted as text (plain-text bounces inline the returned message's headers)."""
    ids = [found for part in _text_parts(parts) for found in MESSAGE_ID.findall(_text(part))]
    return tuple(dict.fromkeys(ids))


def _ids_in(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value)


def _text_parts(parts: list[Message]) -> list[Message]:
    return [
        part
        for part in parts
        if part.get_content_maintype() == "text" and part.get_content_type() not in RETURNED_HEADERS_TYPES
    ]


def _text(part: Message) -> str:
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return str(part.get_payload())
    try:
        return raw.decode(part.get_content_charset() or "utf-8", "replace")
    except LookupError:  # an unknown charset
        return raw.decode("utf-8", "replace")


def _from_mail_server(message: Message) -> bool:
    local_part = parseaddr(_header(message, "From"))[1].split("@")[0].lower()
    return local_part in DAEMONS or _header(message, "Return-Path") == "<>"


def _notice(parts: list[Message]) -> RecipientStatus | None:
    """A plain-text bounce: the enhanced status after an SMTP reply code, in the text before the quoted message."""
    for part in _text_parts(parts):
        text = _text(part)
        quoted = QUOTED_ORIGINAL.search(text)
        own = text[: quoted.start()] if quoted else text
        found = REPLY_STATUS.search(own)
        if found is None:
            continue
        status = found.group(1)
        line_end = own.find("\n", found.end())
        line = own[own.rfind("\n", 0, found.start()) + 1 : line_end if line_end >= 0 else len(own)]
        return RecipientStatus(
            action="delayed" if status.startswith("4") else "failed", status=status, diagnostic=" ".join(line.split())
        )
    return None


def _auto_reply(message: Message) -> bool:
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if _header(message, "Precedence").lower() == "auto_reply":
        return True
    if any(message.get(name) for name in ("X-Autoreply", "X-Autorespond")):
        return True
    return bool(AUTO_REPLY_SUBJECTS.match(_header(message, "Subject")))


# Acting --------------------------------------------------------------------------------------


def process_bounce(data: bytes) -> Result:
    """Read one incoming message and record what it says about our deliveries.

    Never raises on the message's content; a database error propagates (the caller retries later).
    """
    bounce = parse_bounce(data)
    result = _act(bounce)
    # A person's mail in a shared mailbox is no news; something from a mail server that we cannot use is.
    looks_returned = bounce.kind != Kind.OTHER or bounce.from_mail_server or not bounce.sender
    log = logger.warning if result.outcome.kept_aside and looks_returned else logger.info
    log(
        "Returned mail %s (%s, from %r, subject %r): %s%s",
        bounce.fingerprint[:16],
        bounce.kind,
        bounce.sender,
        bounce.subject[:120],
        result.outcome,
        f", delivery {result.delivery_id}" if result.delivery_id else "",
    )
    return result


def _act(bounce: Bounce) -> Result:
    if bounce.kind == Kind.AUTO_REPLY:
        return Result(Outcome.AUTO_REPLY, bounce)
    if bounce.kind == Kind.OTHER or not bounce.recipients:
        return Result(Outcome.UNRECOGNISED, bounce)
    failures = bounce.permanent
    if not failures:
        return Result(Outcome.DELAYED if bounce.temporary else Outcome.IGNORED, bounce)
    delivery = _delivery(bounce.returned_message_ids)
    if delivery is None:
        return Result(Outcome.UNMATCHED, bounce)
    # Each message of ours has one recipient: any permanent failure in its report is that recipient's.
    dead = [failure for failure in failures if failure.dead_address]
    failure = (dead or failures)[0]
    actions.record_returned_mail(
        delivery=delivery,
        detail=(_("Rebond : %(detail)s") % {"detail": failure.describe()})[:LAST_ERROR_LENGTH],
        dead_address=bool(dead),
        source=SOURCE,
        event_id=_event_id(bounce, delivery),
    )
    return Result(Outcome.HARD_BOUNCE if dead else Outcome.REJECTED, bounce, delivery.pk)


def _delivery(message_ids: tuple[str, ...]) -> Delivery | None:
    if not message_ids:
        return None
    return Delivery.objects.filter(message_id__in=message_ids).order_by("pk").first()


def _event_id(bounce: Bounce, delivery: Delivery) -> str:
    """The same report about the same delivery, read twice (a replayed mailbox), is one event."""
    report = bounce.message_id or bounce.fingerprint
    return f"{SOURCE}:{hashlib.sha256(f'{report}|{delivery.pk}'.encode()).hexdigest()[:40]}"


# A Maildir -----------------------------------------------------------------------------------


@dataclass
class MaildirReport:
    outcomes: Counter[Outcome]

    @property
    def processed(self) -> int:
        return sum(self.outcomes.values())

    def as_dict(self) -> dict[str, int]:
        return {str(outcome): count for outcome, count in sorted(self.outcomes.items())}


def process_maildir(path: Path) -> MaildirReport:
    """Process each message of `new/` once, then leave it in `cur/`: seen, or flagged when kept aside.

    A message is claimed by renaming it from `new/` to `cur/` first: a rename is atomic, so of two runs
    at once exactly one gets each message (the other finds it gone). `mailbox.Maildir` opens the
    mailbox (and refuses a directory that is not one), but moves a message by rewriting it, which no
    run could claim by. A database error hands the message back to `new/` and stops the run.
    """
    box = mailbox.Maildir(path, factory=None, create=False)
    new, cur = path / "new", path / "cur"
    if not (new.is_dir() and cur.is_dir()):
        raise mailbox.NoSuchMailboxError(str(path))
    report = MaildirReport(outcomes=Counter())
    for name in sorted(os.listdir(new)):
        if name.startswith("."):
            continue
        key = name.split(box.colon, 1)[0]
        claimed = cur / f"{key}{box.colon}2,"
        try:
            os.rename(new / name, claimed)
        except FileNotFoundError:
            continue  # another run took it
        outcome = _process_file(claimed, back=new / name)
        # Flags (Maildir, in ASCII order): F for a person to look at, S seen.
        os.rename(claimed, cur / f"{key}{box.colon}2,{'F' if outcome.kept_aside else 'S'}")
        report.outcomes[outcome] += 1
    return report


def _process_file(claimed: Path, *, back: Path) -> Outcome:
    try:
        with claimed.open("rb") as handle:
            return process_bounce(handle.read(MAX_BYTES)).outcome
    except DatabaseError:
        # Nothing was recorded (the action is atomic): the message goes back, for the next run.
        os.rename(claimed, back)
        raise
    except Exception:
        # A bug of ours, not the message's fault: keep it aside rather than stop every later run on it.
        logger.exception("Returned mail %s could not be processed", claimed.name)
        return Outcome.UNRECOGNISED


@task()
def fetch_bounces() -> dict[str, int]:
    """For the scheduler: process the Maildir of `BOUNCE_MAILDIR` (nothing when unset)."""
    maildir = app_settings.bounce_maildir()
    if not maildir:
        return {}
    return process_maildir(Path(maildir)).as_dict()
