"""Bounces that come back as mail, hours later: read from a pipe or a Maildir, tied to our delivery by
Message-ID; a dead address is suppressed once, anything else changes nothing and never crashes."""

from __future__ import annotations

import io
import mailbox
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.urls import reverse

from courrier.mailing import actions, bounces
from courrier.mailing.bounces import Outcome, parse_bounce, process_bounce, process_maildir
from courrier.mailing.models import Delivery, DeliveryStatus, Suppression, SuppressionReason
from courrier.mailing.tests.conftest import make_campaign

pytestmark = pytest.mark.django_db

OURS = "editeur@courrierparlementaire.com"


@pytest.fixture
def sent(people, django_capture_on_commit_callbacks):
    """A campaign sent to three readers (in memory): its deliveries, each with our Message-ID."""
    people(3)
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_campaign(campaign=make_campaign())
    deliveries = list(Delivery.objects.order_by("email"))
    assert all(delivery.status == DeliveryStatus.SENT and delivery.message_id for delivery in deliveries)
    return deliveries


def returned_headers(delivery: Delivery) -> str:
    return (
        f"Return-Path: <{OURS}>\n"
        "Received: from relais.courrierparlementaire.com (relais.courrierparlementaire.com [192.0.2.10])\n"
        "\tby mx.exemple.qc.ca (Postfix) with ESMTPS id 4QxY1k2f3Gz9sWq\n"
        f"\tfor <{delivery.email}>; Tue, 14 Jan 2025 06:02:11 -0500 (EST)\n"
        "From: Courrier parlementaire <editeur@courrierparlementaire.com>\n"
        f"To: {delivery.email}\n"
        "Subject: =?utf-8?q?LCP-LAG_=E2=80=94_Camille_Tremblay?=\n"
        f"Message-ID: {delivery.message_id}\n"
        "List-Id: LCP-LAG <lcp-lag.courrierparlementaire.com>\n"
        "Date: Tue, 14 Jan 2025 06:02:09 -0500\n"
    )


def postfix_dsn(delivery: Delivery, *, status: str = "5.1.1", action: str = "failed", reply: str = "") -> bytes:
    """Postfix's bounce(8) message: the returned message too large, so its headers only."""
    reply = reply or f"550 {status} <{delivery.email}>: Recipient address rejected: User unknown in virtual mailbox"
    return f"""Return-Path: <>
Delivered-To: bounces@courrierparlementaire.com
Date: Tue, 14 Jan 2025 06:02:13 -0500 (EST)
From: MAILER-DAEMON@relais.courrierparlementaire.com (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: {OURS}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="4QxY1m0Hd5z9sWr.1736852533/relais.courrierparlementaire.com"
Message-Id: <20250114110213.4QxY1m0Hd5z9sWr@relais.courrierparlementaire.com>

This is a MIME-encapsulated message.

--4QxY1m0Hd5z9sWr.1736852533/relais.courrierparlementaire.com
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relais.courrierparlementaire.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<{delivery.email}>: host mx.exemple.qc.ca[198.51.100.7] said: {reply} (in reply to RCPT TO command)

--4QxY1m0Hd5z9sWr.1736852533/relais.courrierparlementaire.com
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; relais.courrierparlementaire.com
X-Postfix-Queue-ID: 4QxY1m0Hd5z9sWr
X-Postfix-Sender: rfc822; {OURS}
Arrival-Date: Tue, 14 Jan 2025 06:02:09 -0500 (EST)

Final-Recipient: rfc822; {delivery.email}
Original-Recipient: rfc822;{delivery.email}
Action: {action}
Status: {status}
Remote-MTA: dns; mx.exemple.qc.ca
Diagnostic-Code: smtp; {reply}

--4QxY1m0Hd5z9sWr.1736852533/relais.courrierparlementaire.com
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

{returned_headers(delivery)}
--4QxY1m0Hd5z9sWr.1736852533/relais.courrierparlementaire.com--
""".encode()


def exchange_dsn(delivery: Delivery) -> bytes:
    """Exchange Online's non-delivery report: 5.1.10, an HTML part for people, CRLF line ends."""
    text = f"""From: postmaster@ministere.onmicrosoft.com
To: {OURS}
Date: Tue, 14 Jan 2025 11:02:15 +0000
Subject: Undeliverable: LCP-LAG
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="_000_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_"
Content-Language: en-US
Message-ID: <b7f0c2d9-e8a1-4c5f-9f6e-1a2b3c4d5e6f@CO1PR01MB1234.prod.exchangelabs.com>
In-Reply-To: {delivery.message_id}
Auto-Submitted: auto-replied
X-MS-Exchange-Message-Is-Ndr:
MIME-Version: 1.0

--_000_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_
Content-Type: multipart/alternative;
\tboundary="_002_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_"

--_002_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_
Content-Type: text/plain; charset="us-ascii"

Your message to {delivery.email} couldn't be delivered.
{delivery.email.split("@")[0]} wasn't found at ministere.gouv.qc.ca.

--_002_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_
Content-Type: text/html; charset="us-ascii"

<html><body><p>Your message to {delivery.email} couldn't be delivered.</p></body></html>

--_002_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_--

--_000_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_
Content-Type: message/delivery-status

Reporting-MTA: dns;CO1PR01MB1234.prod.exchangelabs.com
Received-From-MTA: dns;relais.courrierparlementaire.com
Arrival-Date: Tue, 14 Jan 2025 11:02:14 +0000

Final-Recipient: rfc822;{delivery.email}
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup

--_000_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_
Content-Type: text/rfc822-headers

{returned_headers(delivery)}
--_000_b7f0c2d9e8a14c5f9f6e1a2b3c4d5e6f_--
"""
    return text.replace("\n", "\r\n").encode()


def gmail_dsn(delivery: Delivery) -> bytes:
    """Google's: the whole returned message attached as message/rfc822."""
    return f"""Received: by 2002:a05:6a10:1234:b0:4a1:1234:5678 with SMTP id x4csp12345pxa;
        Tue, 14 Jan 2025 03:02:16 -0800 (PST)
Return-Path: <>
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: {OURS}
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
Message-ID: <6786452c.050a0220.1b2c3d.4e5fGMR@mx.google.com>
Date: Tue, 14 Jan 2025 03:02:16 -0800 (PST)
MIME-Version: 1.0
Content-Type: multipart/report; boundary="000000000000a1b2c3d4e5f6a7b8"; report-type=delivery-status

--000000000000a1b2c3d4e5f6a7b8
Content-Type: text/plain; charset="UTF-8"

Address not found

Your message wasn't delivered to {delivery.email} because the address couldn't be found, or is unable to receive mail.

The response from the remote server was:
550 5.1.1 The email account that you tried to reach does not exist.

--000000000000a1b2c3d4e5f6a7b8
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Arrival-Date: Tue, 14 Jan 2025 03:02:15 -0800 (PST)
X-Original-Message-ID: {delivery.message_id}

Final-Recipient: rfc822; {delivery.email}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try
 550-5.1.1 double-checking the recipient's email address for typos or
 550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser
Last-Attempt-Date: Tue, 14 Jan 2025 03:02:16 -0800 (PST)

--000000000000a1b2c3d4e5f6a7b8
Content-Type: message/rfc822

{returned_headers(delivery)}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Bonjour Camille Tremblay,
--000000000000a1b2c3d4e5f6a7b8--
""".encode()


def qmail_notice(delivery: Delivery) -> bytes:
    """Not a DSN at all: qmail's plain-text notice, the returned message quoted after a marker."""
    return f"""Return-Path: <>
From: MAILER-DAEMON@mail.organisme.qc.ca
To: {OURS}
Subject: failure notice
Date: 14 Jan 2025 11:02:20 -0000
Message-ID: <20250114110220.12345.qmail@mail.organisme.qc.ca>

Hi. This is the qmail-send program at mail.organisme.qc.ca.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<{delivery.email}>:
198.51.100.20 does not like recipient.
Remote host said: 550 5.1.1 <{delivery.email}>... User unknown
Giving up on 198.51.100.20.

--- Below this line is a copy of the message.

{returned_headers(delivery)}
Bonjour Camille Tremblay,
""".encode()


def out_of_office(delivery: Delivery) -> bytes:
    return f"""Return-Path: <>
From: Camille Tremblay <{delivery.email}>
To: {OURS}
Subject: =?utf-8?q?R=C3=A9ponse_automatique_=3A_LCP-LAG?=
Auto-Submitted: auto-replied
X-Autoreply: yes
In-Reply-To: {delivery.message_id}
Message-ID: <absence-123@exemple.qc.ca>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Je suis absente jusqu'au 20 janvier. Pour toute urgence : 418 555-0100.
""".encode()


def suppressed() -> set[str]:
    return set(Suppression.objects.active().values_list("email", flat=True))


# What a bounce says ---------------------------------------------------------------------------


@pytest.mark.parametrize("sample", [postfix_dsn, exchange_dsn, gmail_dsn, qmail_notice], ids=lambda f: f.__name__)
def test_a_dead_address_reported_later_is_suppressed_and_noted_on_its_delivery(sent, sample):
    dead = sent[1]

    result = process_bounce(sample(dead))

    assert (result.outcome, result.delivery_id) == (Outcome.HARD_BOUNCE, dead.pk)
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason, suppression.source) == (
        dead.email,
        SuppressionReason.HARD_BOUNCE,
        "smtp-dsn",
    )
    assert suppression.detail.startswith("Rebond\u00a0: ")
    assert " 5.1.1" in suppression.detail or " 5.1.10 " in suppression.detail
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.SENT  # it did leave us
    assert dead.last_error == suppression.detail
    assert not Delivery.objects.exclude(pk=dead.pk).exclude(last_error="").exists()


def test_the_status_exim_leaves_generic_is_read_from_the_remote_reply(sent):
    message = postfix_dsn(sent[0], status="5.0.0", reply="550 5.1.1 <lecteur000@exemple.qc.ca>: no such user")

    assert process_bounce(message).outcome == Outcome.HARD_BOUNCE
    assert suppressed() == {sent[0].email}


@pytest.mark.parametrize(
    ("status", "reply"),
    [
        ("5.2.2", "552 5.2.2 Mailbox full"),
        ("5.1.8", "553 5.1.8 Sender address rejected: Domain not found"),
    ],
)
def test_a_refusal_that_does_not_mean_a_dead_address_leaves_it_alone(sent, status, reply):
    assert process_bounce(postfix_dsn(sent[0], status=status, reply=reply)).outcome == Outcome.REJECTED
    assert not Suppression.objects.exists()


def test_a_policy_refusal_is_noted_but_the_address_stays(sent):
    message = postfix_dsn(sent[0], status="5.7.1", reply="554 5.7.1 Message rejected as spam by Content Filtering")

    assert process_bounce(message).outcome == Outcome.REJECTED

    assert not Suppression.objects.exists()
    sent[0].refresh_from_db()
    assert (
        sent[0].last_error == f"Rebond\u00a0: 554 5.7.1 Message rejected as spam by Content Filtering ({sent[0].email})"
    )


def test_a_delay_warning_changes_nothing(sent):
    message = postfix_dsn(sent[0], status="4.4.7", action="delayed", reply="451 4.4.7 Message delayed")

    assert process_bounce(message).outcome == Outcome.DELAYED
    assert not Suppression.objects.exists()
    assert not Delivery.objects.exclude(last_error="").exists()


def test_an_out_of_office_reply_changes_nothing(sent):
    assert process_bounce(out_of_office(sent[0])).outcome == Outcome.AUTO_REPLY
    assert not Suppression.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff\xfe garbage \x80\x81\r\n\r\n\xc3",
        b"Content-Type: multipart/report; boundary=x\n\n--x\nContent-Type: message/delivery-status\n\n\xff\n--",
        b"From: =?utf-8?b?invalid?= <\nSubject: =?x-unknown?q?=ZZ?=\n\nhello",
    ],
)
def test_garbage_is_kept_aside_without_a_crash(sent, data):
    assert process_bounce(data).outcome == Outcome.UNRECOGNISED
    assert not Suppression.objects.exists()


def test_a_report_about_a_message_that_is_not_ours_suppresses_nothing(sent):
    """Anybody can write a DSN naming a reader's address; only our own Message-ID ties it to a delivery."""
    forged = postfix_dsn(sent[0]).replace(sent[0].message_id.encode(), b"<forged-123@ailleurs.example>")

    assert process_bounce(forged).outcome == Outcome.UNMATCHED
    assert not Suppression.objects.exists()


def test_a_report_read_again_after_a_lift_does_not_block_the_address_again(sent, staff):
    message = gmail_dsn(sent[0])
    process_bounce(message)
    actions.lift_suppression(suppression=Suppression.objects.get(), by=staff)

    process_bounce(message)

    assert not suppressed()
    assert Suppression.objects.count() == 1


def test_a_bounce_reads_its_parts():
    bounce = parse_bounce(gmail_dsn(Delivery(email="a@exemple.qc.ca", message_id="<1.2@courrier.test>")))

    assert bounce.kind == bounces.Kind.DSN
    assert bounce.returned_message_ids == ("<1.2@courrier.test>",)
    [recipient] = bounce.recipients
    assert (recipient.action, recipient.status, recipient.final_recipient) == ("failed", "5.1.1", "a@exemple.qc.ca")
    assert recipient.dead_address


def test_an_internationalised_report_is_read_too():
    """RFC 6533: UTF-8 addresses, message/global-delivery-status (which the parser leaves in one piece)."""
    message = """From: MAILER-DAEMON@mx.exemple.qc.ca
Subject: Non remis
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: message/global-delivery-status

Reporting-MTA: dns; mx.exemple.qc.ca

Final-Recipient: utf-8; andré@exemple.qc.ca
Action: failed
Status: 5.1.1

--B
Content-Type: message/global-headers

Message-ID: <1.2@courrier.test>
Subject: Épreuve

--B--
""".encode()

    bounce = parse_bounce(message)

    assert bounce.returned_message_ids == ("<1.2@courrier.test>",)
    assert [(r.final_recipient, r.status) for r in bounce.recipients] == [("andré@exemple.qc.ca", "5.1.1")]


# The pipe -------------------------------------------------------------------------------------


def test_the_pipe_command_records_a_bounce_and_exits_zero(sent):
    output = io.StringIO()

    call_command("receive_bounce", stdin=io.BytesIO(postfix_dsn(sent[2])), stdout=output)

    assert suppressed() == {sent[2].email}
    assert "bloquée" in output.getvalue()


def test_the_pipe_command_exits_zero_on_what_it_does_not_understand(sent):
    output = io.StringIO()

    call_command("receive_bounce", stdin=io.BytesIO(b"\x00 not mail at all"), stdout=output)

    assert "non reconnu" in output.getvalue()


def test_the_pipe_command_asks_the_mail_server_to_retry_when_the_database_is_down(sent, monkeypatch):
    def database_down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(actions, "record_returned_mail", database_down)

    with pytest.raises(CommandError) as raised:
        call_command("receive_bounce", stdin=io.BytesIO(postfix_dsn(sent[0])))

    assert raised.value.returncode == 75
    assert not Suppression.objects.exists()


# The Maildir ----------------------------------------------------------------------------------


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    path = tmp_path / "rebonds"
    mailbox.Maildir(path, create=True)
    return path


def deliver(maildir: Path, *messages: bytes) -> None:
    box = mailbox.Maildir(maildir, create=False)
    for message in messages:
        box.add(message)


def names(maildir: Path, sub: str) -> list[str]:
    return sorted((maildir / sub).iterdir())


def test_the_maildir_command_processes_each_message_once(sent, maildir, settings):
    settings.COURRIER_MAILING = {"BOUNCE_MAILDIR": str(maildir)}
    deliver(maildir, postfix_dsn(sent[0]), exchange_dsn(sent[1]), out_of_office(sent[2]), b"\xff\xfe garbage")
    output = io.StringIO()

    call_command("fetch_bounces", stdout=output)

    assert "4 message(s) traité(s)" in output.getvalue()
    assert suppressed() == {sent[0].email, sent[1].email}
    assert not names(maildir, "new")
    flags = sorted(path.name.rsplit(":2,", 1)[1] for path in names(maildir, "cur"))
    assert flags == ["F", "S", "S", "S"]  # the garbage is flagged for a person to look at

    again = io.StringIO()
    call_command("fetch_bounces", stdout=again)

    assert "0 message(s) traité(s)" in again.getvalue()
    assert Suppression.objects.count() == 2


def test_two_runs_at_once_never_take_the_same_message(sent, maildir, monkeypatch):
    deliver(maildir, *(postfix_dsn(delivery) for delivery in sent), *(gmail_dsn(delivery) for delivery in sent))
    real = bounces.process_bounce
    nested: list[bounces.MaildirReport] = []
    calls: list[bytes] = []

    def meanwhile_another_run(data: bytes) -> bounces.Result:
        calls.append(data)
        if len(calls) == 1:
            # While the first run holds its first message, a second run goes through the whole mailbox.
            nested.append(process_maildir(maildir))
        return real(data)

    monkeypatch.setattr(bounces, "process_bounce", meanwhile_another_run)

    first = process_maildir(maildir)

    assert len(calls) == len(set(calls)) == 6
    assert (first.processed, nested[0].processed) == (1, 5)
    assert len(names(maildir, "cur")) == 6 and not names(maildir, "new")
    assert suppressed() == {delivery.email for delivery in sent}
    assert Suppression.objects.count() == 3


def test_a_database_outage_leaves_the_message_for_the_next_run(sent, maildir, monkeypatch):
    deliver(maildir, postfix_dsn(sent[0]))

    def database_down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(actions, "record_returned_mail", database_down)
    with pytest.raises(CommandError) as raised:
        call_command("fetch_bounces", maildir=str(maildir))

    assert raised.value.returncode == 75
    assert len(names(maildir, "new")) == 1 and not names(maildir, "cur")

    monkeypatch.undo()
    call_command("fetch_bounces", maildir=str(maildir), stdout=io.StringIO())
    assert suppressed() == {sent[0].email}


def test_a_directory_that_is_not_a_maildir_is_refused(tmp_path):
    with pytest.raises(CommandError, match="n'est pas une boîte Maildir"):
        call_command("fetch_bounces", maildir=str(tmp_path / "absente"))
    with pytest.raises(CommandError, match="BOUNCE_MAILDIR"):
        call_command("fetch_bounces")


def test_the_scheduled_job_does_nothing_without_a_maildir(settings):
    settings.COURRIER_MAILING = {}
    assert bounces.fetch_bounces.call() == {}


# Afterwards -----------------------------------------------------------------------------------


def test_staff_see_the_address_and_the_next_campaign_skips_it(sent, client, staff):
    process_bounce(exchange_dsn(sent[0]))
    client.force_login(staff)

    listing = client.get(reverse("suppressions:index")).content.decode()

    assert sent[0].email in listing
    campaign = make_campaign(name="LCP-LAG du lendemain")
    assert actions.start_campaign(campaign=campaign) == 2
    assert sent[0].email not in set(Delivery.objects.filter(campaign=campaign).values_list("email", flat=True))
