"""Sending a campaign's deliveries: claim a batch under a lease, send it over one connection, record each outcome.

Crash safety rests on the Delivery rows, never on the task queue:

- a worker claims a batch by setting a lease (`leased_by`, `lease_expires_at`) in one
  transaction (PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, so workers take disjoint
  rows; SQLite: the IMMEDIATE transaction serialises claims). Every later change is
  a conditional UPDATE on `leased_by`, so two workers never both own a row;
- each message is marked sent as soon as the server accepts it, and committed before
  the next one goes, so a worker killed at any moment leaves at most one message in
  doubt (the one in flight): it stays `sending` until the lease runs out, then any
  worker reclaims and sends it again — nobody is lost, at most one duplicate per
  killed worker;
- a live worker's heartbeat (a thread of its own) renews the leases it holds every quarter
  of the lease, even while a message takes long (a slow relay), so leases can be short
  (`LEASE_SECONDS`, 20 s): a dead worker stops beating and its batch is reclaimed one short
  lease later. A lane never sends once its last renewal is nearly a lease old, so a
  reclaimed row is never sent by the worker that lost it.

A worker may open several connections (`CONNECTIONS_PER_WORKER`): each is a lane, a thread
with its own worker id, database connection and mail connection running the loop above,
so every guarantee holds per lane — a killed process leaves at most one message in doubt
per lane. The lanes hand what they sent to one recorder thread, which commits whatever
arrives together in one transaction (group commit).

With Django's SMTP backend a message goes out as bytes rendered once per campaign (or per
variant, as the first recipient of each comes up) and personalised by substitution
(`mailing.raw`); other backends (the outbox, django-anymail providers) get Django email
messages.

Before each batch the audience is asked again: whoever has left it (unsubscribed,
licence ended) or whose address is now suppressed is cancelled, not sent.
"""

from __future__ import annotations

import datetime
import functools
import logging
import os
import queue
import re
import secrets
import smtplib
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from typing import NamedTuple, Protocol, TypedDict

from anymail.exceptions import AnymailAPIError, AnymailError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from courrier.mailing import actions, app_settings
from courrier.mailing.audiences import audience_users
from courrier.mailing.message import CampaignMessage, Recipient
from courrier.mailing.models import (
    LAST_ERROR_LENGTH,
    Campaign,
    CampaignStatus,
    CampaignVariant,
    Delivery,
    DeliveryStatus,
    Suppression,
)
from courrier.mailing.raw import RawMessage, RawTemplate

logger = logging.getLogger(__name__)

NOT_IN_AUDIENCE = "n'est plus destinataire (désabonnement ou licence terminée)"
SUPPRESSED = "adresse bloquée"
NOT_ACCEPTED = "message non accepté par le serveur"
INTERRUPTED = "envoi interrompu à chaque tentative"
# Codes that, without an enhanced status saying otherwise, mean the mailbox does not exist.
DEAD_ADDRESS_CODES = frozenset({550, 551, 553})
ENHANCED_STATUS = re.compile(r"\s*([245])\.(\d{1,3})\.(\d{1,3})\b")


class Clock(Protocol):
    """The sender's only view of time, so tests can skip waits instead of sleeping."""

    def now(self) -> datetime.datetime: ...
    def monotonic(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...
    def wait(self, event: threading.Event, seconds: float) -> bool:
        """Sleep until `event` is set or `seconds` have passed; whether it was set."""
        ...


class SystemClock:
    def now(self) -> datetime.datetime:
        return timezone.now()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def wait(self, event: threading.Event, seconds: float) -> bool:
        return event.wait(seconds)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before the next attempt after `attempts` temporary failures: base, twice base, four times base… capped."""
    base, cap = app_settings.retry_base(), app_settings.retry_cap()
    return min(cap, base * 2 ** max(0, attempts - 1))


# Failures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """What a send error means for the delivery and for the connection."""

    detail: str
    permanent: bool = False
    dead_address: bool = False  # permanent, and the address should never be tried again
    connection_lost: bool = False  # the connection (or the server, or our account) cannot send now
    source: str = "smtp"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def means_dead_address(subject: str, detail: str) -> bool:
    """Whether a permanent enhanced status 5.<subject>.<detail> (RFC 3463) says the recipient's mailbox is gone.

    5.1.x: bad destination mailbox or address, except 5.1.7 / 5.1.8 (our sender address); 5.2.1: mailbox
    disabled. Not policy (5.7.x) nor a full mailbox (5.2.2). Synchronous refusals and returned mail both ask here.
    """
    return (subject == "1" and detail not in ("7", "8")) or (subject, detail) == ("2", "1")


def _smtp_reply(code: int, text: str) -> Failure:
    detail = f"{code} {text}".strip()
    if code == 421 or code < 400:
        return Failure(detail, connection_lost=True)
    if code < 500:
        return Failure(detail)
    enhanced = ENHANCED_STATUS.match(text)
    dead = means_dead_address(enhanced.group(2), enhanced.group(3)) if enhanced else code in DEAD_ADDRESS_CODES
    return Failure(detail, permanent=True, dead_address=dead)


def classify(error: BaseException) -> Failure:
    """Temporary (4xx, connection trouble) or permanent (5xx); which permanent ones mean a dead address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()), (0, b""))
        return _smtp_reply(code, _text(text))
    if isinstance(error, smtplib.SMTPDataError):
        return _smtp_reply(error.smtp_code, _text(error.smtp_error))
    if isinstance(error, smtplib.SMTPResponseException):
        # Sender refused, HELO or authentication refused, connect error: our side or the server's, never the
        # recipient's. Retried later, for everyone.
        return Failure(f"{error.smtp_code} {_text(error.smtp_error)}", connection_lost=True)
    if isinstance(error, smtplib.SMTPException | OSError):
        return Failure(f"{type(error).__name__}: {error}", connection_lost=True)
    if isinstance(error, AnymailError):
        source = f"anymail:{error.esp_name or 'esp'}".lower()
        summary = str(error).splitlines()[0] if str(error) else type(error).__name__
        if isinstance(error, AnymailRecipientsRefused | AnymailInvalidAddress):
            return Failure(summary, permanent=True, dead_address=True, source=source)
        if isinstance(error, AnymailAPIError):
            status = error.status_code
            temporary = status is None or status >= 500 or status == 429
            return Failure(summary, permanent=not temporary, connection_lost=temporary, source=source)
        return Failure(summary, permanent=True, source=source)
    return Failure(f"{type(error).__name__}: {error}")


# Rate --------------------------------------------------------------------------------------


class RateLimiter:
    """At most `per_second` messages a second from this worker (0: no limit), shared by its lanes."""

    def __init__(self, per_second: int, clock: Clock) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.clock = clock
        self.next_at: float | None = None
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self.lock:
            now = self.clock.monotonic()
            slot = max(now, self.next_at) if self.next_at is not None else now
            self.next_at = slot + self.interval
        if slot > now:
            self.clock.sleep(slot - now)


# SQLite takes one writer at a time and makes the others sleep and poll (1 ms, then 2, 5, 10… up to 100):
# the threads of one worker queue on a lock of their own instead, and wake as soon as it is free.
_sqlite_writer = threading.Lock()


@contextmanager
def _writing() -> Iterator[None]:
    if db_connection.vendor != "sqlite":
        yield
        return
    with _sqlite_writer:
        yield


# Recording what was sent ---------------------------------------------------------------------


def provider_id(message: object) -> str:
    """The id an anymail backend got from the provider for a one-recipient message ("" from other backends)."""
    status = getattr(message, "anymail_status", None)
    found = getattr(status, "message_id", None)
    # A set when the recipients got different ids: never for our messages, which have one recipient each.
    return str(found)[:255] if isinstance(found, str | int) else ""


@dataclass
class Accepted:
    """A message the server accepted, waiting to be recorded as sent."""

    delivery_id: int
    worker: str
    message_id: str
    sent_at: datetime.datetime
    provider_message_id: str = ""  # the provider's own id (anymail backends), which its webhooks name
    mine: bool = False  # the row was still leased to `worker`, so it is now marked sent
    error: BaseException | None = None
    # Held until the message is recorded: the lane that handed it in waits on it.
    pending: threading.Lock = field(default_factory=threading.Lock)


@functools.cache
def _mark_sent_sql(vendor: str) -> str:
    """Only the model's own table and column names are interpolated."""
    quote = db_connection.ops.quote_name
    return (
        f"UPDATE {quote(Delivery._meta.db_table)} SET {quote('status')} = %s, {quote('sent_at')} = %s, "  # noqa: S608
        f"{quote('message_id')} = %s, {quote('provider_message_id')} = %s, {quote('lease_expires_at')} = NULL, "
        f"{quote('next_attempt_at')} = NULL, "
        f"{quote('last_error')} = '' WHERE {quote('id')} = %s AND {quote('leased_by')} = %s AND {quote('status')} = %s"
    )


def record_accepted(accepted: Sequence[Accepted]) -> None:
    """Mark the deliveries sent in one transaction, each only if its lease is still the sender's.

    Plain SQL run by the driver in one call: this runs once per message, and an ORM update
    costs more to build than to run.
    """
    sql = _mark_sent_sql(db_connection.vendor)
    adapt = db_connection.ops.adapt_datetimefield_value
    sent, sending = DeliveryStatus.SENT.value, DeliveryStatus.SENDING.value
    rows = [
        (sent, adapt(item.sent_at), item.message_id, item.provider_message_id, item.delivery_id, item.worker, sending)
        for item in accepted
    ]
    # One row is one statement, atomic by itself; several share a transaction (and one commit).
    with _writing(), transaction.atomic() if len(rows) > 1 else nullcontext(), db_connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        if cursor.rowcount == len(rows):
            for item in accepted:
                item.mine = True
            return
        # Some lease was lost (another worker took the row over): find out whose.
        recorded = set(
            Delivery.objects.filter(
                pk__in=[item.delivery_id for item in accepted], status=DeliveryStatus.SENT
            ).values_list("pk", "message_id")
        )
        for item in accepted:
            item.mine = (item.delivery_id, item.message_id) in recorded


class GroupRecorder:
    """One thread that records for all the lanes of a worker: what they hand in together goes in one commit.

    A lane waits until its message is committed before it sends the next one, so each lane
    still holds at most one message in doubt; sharing the commit is what lets many lanes
    write to SQLite (one writer at a time) without queueing on its lock.
    """

    def __init__(self) -> None:
        self.waiting: queue.SimpleQueue[Accepted | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="mailing-recorder", daemon=True)
        self.thread.start()

    def record(self, accepted: Accepted) -> bool:
        accepted.pending.acquire()
        self.waiting.put(accepted)
        accepted.pending.acquire()  # released by the recorder once the transaction is over
        if accepted.error is not None:
            raise accepted.error
        return accepted.mine

    def close(self) -> None:
        self.waiting.put(None)
        self.thread.join()

    def _run(self) -> None:
        try:
            while True:
                first = self.waiting.get()
                if first is None:
                    return
                group = [first]
                while True:
                    try:
                        item = self.waiting.get_nowait()
                    except queue.Empty:
                        break
                    if item is None:
                        self.waiting.put(None)  # stop once this group is recorded
                        break
                    group.append(item)
                try:
                    record_accepted(group)
                except BaseException as error:  # the lanes raise it: they must not send more
                    for item in group:
                        item.error = error
                for item in group:
                    item.pending.release()
        finally:
            db_connection.close()


def record_now(accepted: Accepted) -> bool:
    """A lone lane records in its own thread."""
    record_accepted([accepted])
    return accepted.mine


# The sender ---------------------------------------------------------------------------------


@dataclass
class RunReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    batches: int = 0
    out_of_time: bool = False
    stopped: bool = False
    connection_lost: bool = False
    lost_leases: int = 0

    def add(self, other: RunReport) -> None:
        for name in ("sent", "retried", "failed", "cancelled", "batches", "lost_leases"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.out_of_time, self.stopped = other.out_of_time, other.stopped
        self.connection_lost = other.connection_lost

    @classmethod
    def of_lanes(cls, reports: Sequence[RunReport]) -> RunReport:
        """One worker's report from its lanes' (which ran side by side)."""
        total = cls()
        for report in reports:
            total.add(report)
        total.out_of_time = any(report.out_of_time for report in reports)
        total.stopped = any(report.stopped for report in reports)
        total.connection_lost = any(report.connection_lost for report in reports)
        return total

    def as_dict(self) -> dict[str, int | bool]:
        return dict(self.__dict__)


@dataclass
class Batch:
    deliveries: list[Delivery]
    leased_at: float  # the clock's monotonic time just before the lease was written
    claimed: int = 0  # rows picked, the cancelled ones included: 0 means nothing was due
    committed_at: float | None = None  # the clock's monotonic time once the lease was committed


class Heartbeat:
    """Renews the leases a worker's lanes hold, every quarter of the lease, from a thread of its own.

    Only leases still running are renewed: a row whose lease ran out may be another worker's
    already. A renewal that fails (the database busy) is only a missed beat; the lanes stop
    sending before the lease they last saw renewed could have run out.
    """

    def __init__(self, *, workers: Sequence[str], clock: Clock, lease: datetime.timedelta) -> None:
        self.workers = list(workers)
        self.clock = clock
        self.lease = lease
        self.last: float | None = None  # monotonic time taken just before the last renewal that went through
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def beat(self) -> int:
        """Renew now; how many leases were renewed."""
        started = self.clock.monotonic()
        now = self.clock.now()
        with _writing():
            renewed = Delivery.objects.filter(
                leased_by__in=self.workers, status=DeliveryStatus.SENDING, lease_expires_at__gt=now
            ).update(lease_expires_at=now + self.lease)
        self.last = started
        return renewed

    def renewed_since(self, batch: Batch) -> float:
        """When the batch's lease was last set (monotonic): by the claim, or by a beat that came after it."""
        if self.last is not None and batch.committed_at is not None and self.last >= batch.committed_at:
            return self.last
        return batch.leased_at

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="mailing-heartbeat", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join()

    def _run(self) -> None:
        interval = self.lease.total_seconds() / 4
        due = self.clock.monotonic() + interval
        try:
            while not self.clock.wait(self.stopped, max(0.0, due - self.clock.monotonic())):
                try:
                    self.beat()
                except Exception:
                    logger.warning("Lease renewal failed; the next beat tries again", exc_info=True)
                # The next beat is due a quarter-lease after this one was, not after it ended: a slow
                # beat (a busy machine) does not put it off. Far behind, beat once and start again.
                due += interval
                if due < self.clock.monotonic():
                    due = self.clock.monotonic() + interval
        finally:
            db_connection.close()


class Prepared(NamedTuple):
    message: CampaignMessage
    raw: RawTemplate


class CampaignMessages:
    """A campaign's message prepared once per worker, and each variant's the first time a recipient needs it.

    The lanes share it. Only the most recently used variants are kept: the snapshot gives one
    variant's recipients consecutive ids, so a worker meets each in one stretch.
    """

    KEEP = 32

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.lock = threading.Lock()
        self.prepared: OrderedDict[int | None, Prepared] = OrderedDict()

    def of(self, variant: int | None) -> Prepared:
        with self.lock:
            found = self.prepared.get(variant)
            if found is not None:
                self.prepared.move_to_end(variant)
                return found
        row = None
        if variant is not None:
            row = CampaignVariant.objects.filter(campaign_id=self.campaign.pk, number=variant).first()
        message = CampaignMessage(self.campaign, row)
        prepared = Prepared(message, RawTemplate(message))
        with self.lock:
            self.prepared[variant] = prepared
            while len(self.prepared) > self.KEEP:
                self.prepared.popitem(last=False)
        return prepared


@dataclass
class Shared:
    """What a worker's lanes share for one run."""

    campaign: Campaign
    messages: CampaignMessages
    limiter: RateLimiter
    deadline: float | None
    max_batches: int | None
    record: Callable[[Accepted], bool] = record_now
    heartbeat: Heartbeat | None = None


@dataclass
class Sender:
    """One worker's sending loop; every knob defaults to `app_settings`."""

    worker: str = field(default_factory=new_worker_id)
    clock: Clock = field(default_factory=SystemClock)
    batch_size: int = field(default_factory=app_settings.batch_size)
    lease: datetime.timedelta = field(default_factory=app_settings.lease)
    max_attempts: int = field(default_factory=app_settings.max_attempts)
    stop: threading.Event = field(default_factory=threading.Event)
    connection_factory: Callable[[], BaseEmailBackend] = get_connection
    connections: int = field(default_factory=app_settings.connections_per_worker)

    def run(self, campaign_id: int, *, seconds: float | None = None, max_batches: int | None = None) -> RunReport:
        """Claim and send batches until none is due, `seconds` have passed, or `stop` is set.

        With several `connections`, as many lanes run side by side (`max_batches` is per lane).
        """
        campaign = Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).first()
        if campaign is None:
            return RunReport()
        shared = Shared(
            campaign=campaign,
            messages=CampaignMessages(campaign),
            limiter=RateLimiter(campaign.messages_per_second, self.clock),
            deadline=self.clock.monotonic() + seconds if seconds is not None else None,
            max_batches=max_batches,
        )
        lanes = [self.worker] if self.connections <= 1 else self.lane_ids()
        heartbeat = shared.heartbeat = Heartbeat(workers=lanes, clock=self.clock, lease=self.lease)
        heartbeat.start()
        try:
            if self.connections <= 1:
                return self._run_lane(shared)
            recorder = GroupRecorder()
            try:
                return self._run_lanes(shared, recorder)
            finally:
                recorder.close()
        finally:
            heartbeat.stop()

    def lane_ids(self) -> list[str]:
        return [f"{self.worker}/{number}" for number in range(self.connections)]

    def _run_lanes(self, shared: Shared, recorder: GroupRecorder) -> RunReport:
        shared = replace(shared, record=recorder.record)
        lanes = [replace(self, worker=worker, connections=1) for worker in self.lane_ids()]
        reports: list[RunReport] = [RunReport() for _lane in lanes]
        errors: list[BaseException] = []

        def run_lane(number: int) -> None:
            try:
                reports[number] = lanes[number]._run_lane(shared)
            except BaseException as error:
                errors.append(error)
                self.stop.set()  # the other lanes hand their batches back; the error goes up below
            finally:
                db_connection.close()  # this thread's own database connection

        threads = [
            threading.Thread(target=run_lane, args=(number,), name=f"mailing-lane-{number}", daemon=True)
            for number in range(len(lanes))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return RunReport.of_lanes(reports)

    def _run_lane(self, shared: Shared) -> RunReport:
        report = RunReport()
        connection: BaseEmailBackend | None = None
        try:
            while not report.connection_lost:
                if self.stop.is_set():
                    report.stopped = True
                    break
                if shared.deadline is not None and self.clock.monotonic() >= shared.deadline:
                    report.out_of_time = True
                    break
                if shared.max_batches is not None and report.batches >= shared.max_batches:
                    break
                batch = self.claim(shared.campaign, report)
                if not batch.claimed:
                    break
                report.batches += 1
                if not batch.deliveries:
                    continue
                if connection is None:
                    connection = self.connection_factory()
                self.send_batch(
                    shared.messages,
                    batch,
                    connection,
                    shared.limiter,
                    report,
                    record=shared.record,
                    heartbeat=shared.heartbeat,
                )
        finally:
            if connection is not None:
                _close(connection)
        return report

    def run_until_done(self, campaign_id: int, *, poll_seconds: float = 1.0) -> RunReport:
        """Send until the campaign is finished, waiting for retries and for other workers' leases to run out."""
        total = RunReport()
        while True:
            report = self.run(campaign_id)
            total.add(report)
            if actions.complete_campaign(campaign_id=campaign_id) or self.stop.is_set():
                break
            if not Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).exists():
                break
            now = self.clock.now()
            wake = next_due(campaign_id, now) or now
            pause = max(0.0, min((wake - now).total_seconds(), poll_seconds))
            if report.connection_lost:
                pause = max(pause, app_settings.retry_base().total_seconds())
            self.clock.sleep(pause or 0.05)
        return total

    # Claiming -----------------------------------------------------------------------------

    def claim(self, campaign: Campaign, report: RunReport) -> Batch:
        """Lease up to `batch_size` due deliveries to this worker, then cancel those no longer wanted.

        The lease is taken in a short write transaction (PostgreSQL locks the rows it picks,
        SKIP LOCKED; SQLite has one writer at a time). Asking the audience about the leased
        rows is a read, done after: the rows are this worker's by then.
        """
        leased_at = self.clock.monotonic()
        now = self.clock.now()
        expires = now + self.lease
        with _writing(), transaction.atomic():
            expired, pending = self._due_ids(campaign.pk, now)
            ids = [pk for pk, _attempts in expired] + pending
            if not ids:
                return Batch([], leased_at)
            due = Delivery.objects.filter(pk__in=ids).due(now)
            if any(attempts >= self.max_attempts for _pk, attempts in expired):
                # A row whose worker died on it every time (a message that crashes the process) is not retried
                # forever.
                report.failed += due.filter(status=DeliveryStatus.SENDING, attempts__gte=self.max_attempts).update(
                    status=DeliveryStatus.FAILED, last_error=INTERRUPTED, leased_by="", lease_expires_at=None
                )
            due.update(
                status=DeliveryStatus.SENDING,
                leased_by=self.worker,
                lease_expires_at=expires,
                attempts=F("attempts") + 1,
            )
        committed_at = self.clock.monotonic()
        mine = Delivery.objects.filter(
            pk__in=ids, status=DeliveryStatus.SENDING, leased_by=self.worker, lease_expires_at=expires
        )
        suppressed, gone = self._unwanted(campaign, mine)
        if suppressed or gone:
            with _writing(), transaction.atomic():
                report.cancelled += self._cancel(mine, suppressed, SUPPRESSED)
                report.cancelled += self._cancel(mine, gone, NOT_IN_AUDIENCE)
        # Only what a message needs: loading whole rows (dates parsed, every field) costs more than sending.
        fields = ("email", "attempts", "variant", "user__first_name", "user__last_name")
        return Batch(
            list(mine.select_related("user").only(*fields)), leased_at, claimed=len(ids), committed_at=committed_at
        )

    def _due_ids(self, campaign_id: int, now: datetime.datetime) -> tuple[list[tuple[int, int]], list[int]]:
        """Up to `batch_size` deliveries to claim, while the campaign is being sent: (id, attempts) of those whose
        lease ran out, then ids of pending ones."""
        deliveries = Delivery.objects.filter(campaign_id=campaign_id, campaign__status=CampaignStatus.SENDING)
        expired = deliveries.filter(status=DeliveryStatus.SENDING, lease_expires_at__lte=now)
        pending = deliveries.filter(status=DeliveryStatus.PENDING).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )
        if db_connection.features.has_select_for_update_skip_locked:
            expired = expired.select_for_update(skip_locked=True, of=("self",))
            pending = pending.select_for_update(skip_locked=True, of=("self",))
        # No ORDER BY: any due rows will do, and the (campaign, status, …) indexes find them without sorting.
        late = list(expired.values_list("pk", "attempts")[: self.batch_size])
        waiting: list[int] = []
        if len(late) < self.batch_size:
            waiting = list(pending.values_list("pk", flat=True)[: self.batch_size - len(late)])
        return late, waiting

    @staticmethod
    def _unwanted(campaign: Campaign, picked: QuerySet[Delivery]) -> tuple[list[int], list[int]]:
        """Of these deliveries, those whose address is suppressed, and those whose reader left the audience."""
        verdicts = picked.annotate(
            blocked=Exists(Suppression.objects.active().filter(email=OuterRef("email"))),
            wanted=Exists(audience_users(campaign).filter(pk=OuterRef("user_id"))),
        ).values_list("pk", "blocked", "wanted")
        suppressed, gone = [], []
        for pk, blocked, wanted in verdicts:
            if blocked:
                suppressed.append(pk)
            elif not wanted:
                gone.append(pk)
        return suppressed, gone

    @staticmethod
    def _cancel(mine: QuerySet[Delivery], ids: Sequence[int], reason: str) -> int:
        if not ids:
            return 0
        # Claimed but never attempted: the claim's attempt is taken back.
        return mine.filter(pk__in=ids).update(
            status=DeliveryStatus.CANCELLED,
            last_error=reason,
            leased_by="",
            lease_expires_at=None,
            attempts=F("attempts") - 1,
        )

    # Sending ------------------------------------------------------------------------------

    def send_batch(
        self,
        messages: CampaignMessages,
        batch: Batch,
        connection: BaseEmailBackend,
        limiter: RateLimiter,
        report: RunReport,
        *,
        record: Callable[[Accepted], bool] = record_now,
        heartbeat: Heartbeat | None = None,
    ) -> None:
        """Send each claimed delivery, never one whose lease may be gone (the heartbeat keeps it renewed)."""
        deliveries = batch.deliveries
        lease_seconds = self.lease.total_seconds()
        for index, delivery in enumerate(deliveries):
            if self.stop.is_set():
                report.stopped = True
                self._release(deliveries[index:], self.clock.now())
                return
            limiter.wait()
            renewed_at = heartbeat.renewed_since(batch) if heartbeat is not None else batch.leased_at
            if self.clock.monotonic() >= renewed_at + lease_seconds * 0.9:
                # No renewal for (nearly) the whole lease: the rest may be another worker's by now.
                report.lost_leases += len(deliveries) - index
                return
            outcome = self._send_one(messages.of(delivery.variant), delivery, connection, record)
            if outcome is None:
                report.sent += 1
                continue
            if outcome.connection_lost:
                _close(connection)
                report.connection_lost = True
            self._record_failure(delivery, outcome, report)
            if outcome.connection_lost:
                # Nothing more can go through this connection; the rest of the batch waits like the failed one.
                self._release(deliveries[index + 1 :], self.clock.now() + app_settings.retry_base())
                return

    def _send_one(
        self,
        prepared: Prepared,
        delivery: Delivery,
        connection: BaseEmailBackend,
        record: Callable[[Accepted], bool] = record_now,
    ) -> Failure | None:
        recipient = Recipient(email=delivery.email, user=delivery.user)
        message = prepared.message
        try:
            if isinstance(connection, SMTPBackend):
                rendered = prepared.raw.render(recipient)
                message_id = rendered.message_id
                # Opens the connection the first time, and again after a failure closed it; otherwise a no-op,
                # so every message of the run goes over the same connection.
                connection.open()
                assert connection.connection is not None
                transmit(connection.connection, rendered)
                accepted = 1
                provider_message_id = ""
            else:
                email = message.personalise(recipient, connection=connection)
                message_id = str(email.extra_headers["Message-ID"])
                connection.open()
                accepted = connection.send_messages([email])
                provider_message_id = provider_id(email)
        except Exception as error:
            failure = classify(error)
            logger.info("Delivery %s to %s not sent: %s", delivery.pk, delivery.email, failure.detail)
            return failure
        if not accepted:
            return Failure(NOT_ACCEPTED)
        if not record(
            Accepted(
                delivery_id=delivery.pk,
                worker=self.worker,
                message_id=message_id,
                provider_message_id=provider_message_id,
                sent_at=self.clock.now(),
            )
        ):
            logger.warning("Delivery %s was sent after its lease was taken over: possible duplicate", delivery.pk)
        return None

    def _record_failure(self, delivery: Delivery, failure: Failure, report: RunReport) -> None:
        now = self.clock.now()
        final = failure.permanent or delivery.attempts >= self.max_attempts
        mine = Delivery.objects.filter(pk=delivery.pk, leased_by=self.worker, status=DeliveryStatus.SENDING)
        detail = failure.detail[:LAST_ERROR_LENGTH]
        if final:
            mine.update(status=DeliveryStatus.FAILED, last_error=detail, lease_expires_at=None, next_attempt_at=None)
            report.failed += 1
        else:
            mine.update(
                status=DeliveryStatus.PENDING,
                last_error=detail,
                leased_by="",
                lease_expires_at=None,
                next_attempt_at=now + backoff(delivery.attempts),
            )
            report.retried += 1
        if failure.dead_address:
            actions.record_bounce(email=delivery.email, source=failure.source, detail=detail)

    def _release(self, deliveries: Sequence[Delivery], when: datetime.datetime) -> None:
        """Hand back claimed deliveries that were not attempted (their claim does not count as an attempt)."""
        if deliveries:
            with _writing():
                Delivery.objects.filter(
                    pk__in=[delivery.pk for delivery in deliveries],
                    leased_by=self.worker,
                    status=DeliveryStatus.SENDING,
                ).update(
                    status=DeliveryStatus.PENDING,
                    leased_by="",
                    lease_expires_at=None,
                    next_attempt_at=when,
                    attempts=F("attempts") - 1,
                )


def dot_stuffed(data: bytes) -> bytes:
    """The message as it goes after DATA (RFC 5321 4.5.2): a line starting with a dot gets another, CRLF at the end.

    What `smtplib` does with a regular expression, done with `bytes.replace` (the message is already CRLF).
    """
    stuffed = data.replace(b"\r\n.", b"\r\n..")
    if stuffed.startswith(b"."):
        stuffed = b"." + stuffed
    if not stuffed.endswith(b"\r\n"):
        stuffed += b"\r\n"
    return stuffed + b".\r\n"


def transmit(smtp: smtplib.SMTP, message: RawMessage) -> None:
    """One SMTP transaction, raising what `smtplib.SMTP.sendmail` raises for the same replies.

    `sendmail` parses both addresses again and rescans the whole message for dots on every
    call; ours are plain addresses already and the message is CRLF bytes.
    """
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.docmd("mail", f"FROM:<{message.envelope_from}>")
    if code != 250:
        _abort(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, message.envelope_from)
    code, reply = smtp.docmd("rcpt", f"TO:<{message.recipient}>")
    if code not in (250, 251):
        _abort(smtp, code)
        raise smtplib.SMTPRecipientsRefused({message.recipient: (code, reply)})
    code, reply = smtp.docmd("data")
    if code != 354:
        _abort(smtp, code)
        raise smtplib.SMTPDataError(code, reply)
    smtp.send(dot_stuffed(message.data))
    code, reply = smtp.getreply()
    if code != 250:
        _abort(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


def _abort(smtp: smtplib.SMTP, code: int) -> None:
    """As `sendmail` does after a refusal: close on 421, else reset the transaction."""
    if code == 421:
        smtp.close()
        return
    with suppress(smtplib.SMTPServerDisconnected):
        smtp.rset()


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:  # a connection already broken: nothing left to close
        logger.debug("Closing the mail connection failed", exc_info=True)


def next_due(campaign_id: int, now: datetime.datetime) -> datetime.datetime | None:
    """When the earliest unfinished delivery can next be claimed (a retry, or a lease running out)."""
    times = Delivery.objects.filter(campaign_id=campaign_id).aggregate(
        retry=Min("next_attempt_at", filter=Q(status=DeliveryStatus.PENDING)),
        lease=Min("lease_expires_at", filter=Q(status=DeliveryStatus.SENDING)),
        waiting=Count("pk", filter=Q(status=DeliveryStatus.PENDING, next_attempt_at__isnull=True)),
    )
    if times["waiting"]:
        return now
    candidates = [moment for moment in (times["retry"], times["lease"]) if moment is not None]
    return min(candidates) if candidates else None


def has_live_lease(campaign_id: int, now: datetime.datetime) -> bool:
    return Delivery.objects.filter(
        campaign_id=campaign_id, status=DeliveryStatus.SENDING, lease_expires_at__gt=now
    ).exists()


# Progress -----------------------------------------------------------------------------------


class Progress(TypedDict):
    total: int
    sent: int
    failed: int
    cancelled: int
    pending: int  # waiting, including retries
    sending: int  # claimed by a worker right now
    percent: float  # finished (sent, failed or cancelled) out of total
    rate: float  # messages per second over the last minute
    seconds_left: float | None


RATE_WINDOW = datetime.timedelta(minutes=1)
# A send decided but not yet prepared (its campaign is built by a task): the bar starts at 0.
NOT_STARTED = Progress(
    total=0, sent=0, failed=0, cancelled=0, pending=0, sending=0, percent=0.0, rate=0.0, seconds_left=None
)


def campaign_progress(campaign: Campaign, *, now: datetime.datetime | None = None) -> Progress:
    """Where the sending stands, in one aggregate query (for the admin's progress bar)."""
    now = now or timezone.now()
    counts = Delivery.objects.filter(campaign_id=campaign.pk).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        cancelled=Count("pk", filter=Q(status=DeliveryStatus.CANCELLED)),
        pending=Count("pk", filter=Q(status=DeliveryStatus.PENDING)),
        sending=Count("pk", filter=Q(status=DeliveryStatus.SENDING)),
        recent=Count("pk", filter=Q(status=DeliveryStatus.SENT, sent_at__gt=now - RATE_WINDOW)),
    )
    window = RATE_WINDOW.total_seconds()
    if campaign.started_at is not None:
        window = min(window, max(1.0, (now - campaign.started_at).total_seconds()))
    rate = counts["recent"] / window
    remaining = counts["pending"] + counts["sending"]
    done = counts["sent"] + counts["failed"] + counts["cancelled"]
    return Progress(
        total=counts["total"],
        sent=counts["sent"],
        failed=counts["failed"],
        cancelled=counts["cancelled"],
        pending=counts["pending"],
        sending=counts["sending"],
        percent=round(100.0 * done / counts["total"], 1) if counts["total"] else 100.0,
        rate=round(rate, 1),
        seconds_left=round(remaining / rate) if rate else (0.0 if not remaining else None),
    )
