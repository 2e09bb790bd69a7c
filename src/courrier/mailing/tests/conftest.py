"""Fixtures for the mailing tests: an SMTP server on loopback, a test audience, a clock that never sleeps,
and a database that worker subprocesses can share with the test."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connections
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from courrier.accounts.models import User
from courrier.mailing import actions
from courrier.mailing.audiences import register_audience, unregister_audience
from courrier.mailing.message import placeholder_context
from courrier.mailing.models import Campaign, ConsentAction, ConsentRecord
from courrier.mailing.tests import worker_settings

TEST_AUDIENCE = "lettre-test"
# What the worker subprocesses run with: short leases, small batches.
WORKER_KNOBS = worker_settings.COURRIER_MAILING


# SMTP on loopback ----------------------------------------------------------------------------

Rule = Callable[[str, int], str | None]  # (recipient, how many times it was offered before) → reply or None


@dataclass
class Sink:
    """What an aiosmtpd server on 127.0.0.1 received; `rcpt_rule` and `data_hook` script its answers."""

    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    offers: dict[str, int] = field(default_factory=dict)
    sessions: set[tuple[str, int]] = field(default_factory=set)  # client (address, port) of each connection
    rcpt_rule: Rule | None = None
    data_hook: Callable[[int], Any] | None = None  # called with the message's number (1-based), may be async
    lock: threading.Lock = field(default_factory=threading.Lock)

    def recipients(self) -> list[str]:
        with self.lock:
            return [str(message["To"]) for message in self.messages]

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        with self.lock:
            seen = self.offers.get(address, 0)
            self.offers[address] = seen + 1
            self.sessions.add(tuple(session.peer))
        reply = self.rcpt_rule(address, seen) if self.rcpt_rule else None
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(message)
            number = len(self.messages)
        if self.data_hook is not None:
            result = self.data_hook(number)
            if asyncio.iscoroutine(result):
                await result
        return "250 Message accepted for delivery"


@dataclass
class HeldLanes:
    """A `data_hook` holding message `hold_from` and the next ones unanswered until `release`, one per lane:
    once `all_held`, a worker killed has a message in flight on each of its `lanes`."""

    lanes: int
    hold_from: int
    held: list[int] = field(default_factory=list)  # the numbers of the messages held
    all_held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def __call__(self, received: int) -> None:
        if received < self.hold_from or self.release.is_set():
            return
        self.held.append(received)
        if len(self.held) == self.lanes:
            self.all_held.set()
        while not self.release.is_set():
            await asyncio.sleep(0.01)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[Sink]:
    sink = Sink()
    controller = None
    for _attempt in range(5):
        sink.port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
        try:
            controller.start()
            break
        except OSError:  # taken between the probe and the start
            controller = None
    assert controller is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        controller.stop()


# Time ----------------------------------------------------------------------------------------


class FakeClock:
    """Starts now; `sleep` moves it forward at once; `wait` (the heartbeat's) returns once it has been moved
    forward far enough."""

    def __init__(self) -> None:
        self.current = timezone.now()
        self.ticks = 0.0
        self.slept: list[float] = []
        self.moved = threading.Condition()

    def now(self) -> datetime.datetime:
        return self.current

    def monotonic(self) -> float:
        return self.ticks

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)

    def wait(self, event: threading.Event, seconds: float) -> bool:
        until = self.ticks + seconds
        with self.moved:
            while not event.is_set() and self.ticks < until:
                self.moved.wait(0.05)  # real time: the event is set from outside, without notifying
        return event.is_set()

    def advance(self, seconds: float) -> None:
        with self.moved:
            self.ticks += seconds
            self.current += datetime.timedelta(seconds=seconds)
            self.moved.notify_all()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# People and campaigns ------------------------------------------------------------------------


def opted_in(campaign: Campaign) -> QuerySet[User]:
    """The test audience: active readers who have not opted out of the campaign's list."""
    opted_out = ConsentRecord.objects.filter(
        user=OuterRef("pk"), list_key=campaign.list_key, action=ConsentAction.OPT_OUT
    )
    return User.objects.filter(is_active=True, is_staff=False).filter(~Exists(opted_out))


@pytest.fixture(autouse=True)
def test_audience() -> Iterator[str]:
    register_audience(TEST_AUDIENCE)(opted_in)
    yield TEST_AUDIENCE
    unregister_audience(TEST_AUDIENCE)


def make_people(count: int, *, staff: bool = False, prefix: str = "lecteur") -> list[User]:
    User.objects.bulk_create(
        User(
            email=f"{prefix}{number:03d}@exemple.qc.ca",
            first_name="Camille",
            last_name=f"Tremblay {number}",
            is_staff=staff,
            password="!",  # an unusable password
        )
        for number in range(count)
    )
    return list(User.objects.filter(email__startswith=prefix).order_by("email"))


@pytest.fixture
def people(db: Any) -> Callable[..., list[User]]:
    return make_people


HTML = (
    "<html><body><p>Bonjour {recipient_name},</p>"
    '<p><a href="http://testserver/article/1/?lien={reading_token}">Lire l\'article</a></p>'
    '<p>Envoyé à {recipient_email}. <a href="{unsubscribe_url}">Se désabonner</a></p></body></html>'
)
TEXT = (
    "Bonjour {recipient_name},\n\nLire : http://testserver/article/1/?lien={reading_token}\n\n"
    "Envoyé à {recipient_email}. Se désabonner : {unsubscribe_url}\n"
)


def make_campaign(*, audience: str = TEST_AUDIENCE, **overrides: Any) -> Campaign:
    context = placeholder_context()
    options: dict[str, Any] = {
        "name": "LCP-LAG du matin",
        "audience": audience,
        "list_key": "lcp-lag",
        "list_id": "LCP-LAG <lcp-lag.courrierparlementaire.com>",
        "subject": "LCP-LAG — {recipient_name}".format(**context),
        "html": HTML.format(**context),
        "text": TEXT.format(**context),
        "from_email": "Courrier parlementaire <editeur@courrierparlementaire.com>",
        "reply_to": "redaction@courrierparlementaire.com",
        **overrides,
    }
    return actions.create_campaign(**options)


# A database worker subprocesses share -------------------------------------------------------


def database_url(settings_dict: dict[str, Any]) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{settings_dict['NAME']}"


@pytest.fixture
def shared_database(transactional_db: Any, django_db_serialized_rollback: Any) -> str:
    """A DATABASE_URL that worker subprocesses and this test both use, committed data and all.

    PostgreSQL: the test database itself; SQLite: its file (settings.test), in WAL mode.

    Serialized rollback, like the browser tests: a plain transactional test's flush would
    recreate content types that the next serialized test then fails to load again.
    """
    connection = connections["default"]
    if connection.vendor == "postgresql":
        return database_url(connection.settings_dict)
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        pytest.skip(f"Worker subprocesses need a database file or server, not {connection.settings_dict['NAME']}.")
    return f"sqlite:///{connection.settings_dict['NAME']}"


@dataclass
class Workers:
    """Starts `courrier` management commands against the shared database and the SMTP sink."""

    database_url: str
    smtp_port: int
    var_dir: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "courrier.mailing.tests.worker_settings",
            "COURRIER_ENV": "embedded",
            "DATABASE_URL": self.database_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "SECRET_KEY": settings.SECRET_KEY,
            "SITE_URL": settings.SITE_URL,
            "COURRIER_VAR_DIR": str(self.var_dir),
            "PYTHONUNBUFFERED": "1",
        }

    def start(self, *arguments: str, knobs: dict[str, Any] | None = None) -> subprocess.Popen[bytes]:
        """`courrier <arguments>`; `knobs` change the mailing settings of `worker_settings`."""
        environment = self.environment()
        if knobs:
            environment["COURRIER_TEST_MAILING"] = json.dumps(knobs)
        process = subprocess.Popen(
            [sys.executable, "-m", "courrier", *arguments],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def output(self, process: subprocess.Popen[bytes]) -> str:
        if process.poll() is None:
            return "(still running)"
        return (process.stdout.read() if process.stdout else b"").decode("utf-8", "replace")[-4000:]

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)


@pytest.fixture
def workers(shared_database: str, smtp_sink: Sink, tmp_path: Path, settings: Any) -> Iterator[Workers]:
    settings.COURRIER_MAILING = WORKER_KNOBS
    pool = Workers(database_url=shared_database, smtp_port=smtp_sink.port, var_dir=tmp_path / "var")
    try:
        yield pool
    finally:
        pool.stop_all()


def wait_for(condition: Callable[[], bool], *, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.05)


# Provider webhooks -----------------------------------------------------------------------------

WEBHOOK_SECRET = "courrier:un-secret-bien-long"
MAILGUN_KEY = "cle-de-signature-mailgun"


def mailgun_bounce(
    *,
    email: str,
    message_id: str,
    key: str = MAILGUN_KEY,
    token: str = "jeton-1",  # noqa: S107 - a test token
) -> dict[str, Any]:
    """A permanent failure as Mailgun posts it, signed with `key`; `message_id` is the header, without brackets."""
    timestamp = "1767610800"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"token": token, "timestamp": timestamp, "signature": signature},
        "event-data": {
            "event": "failed",
            "severity": "permanent",
            "recipient": email,
            "timestamp": 1767610800.0,
            "message": {"headers": {"message-id": message_id}},
            "delivery-status": {"message": "550 5.1.1 user unknown"},
        },
    }
