"""What the mail server refuses: temporary failures are retried with backoff, permanent ones recorded,
dead addresses suppressed. Waits go through a fake clock: nothing sleeps."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.db.models import Min
from django_tasks_db.models import DBTaskResult

from courrier.mailing import actions
from courrier.mailing.models import CampaignStatus, Delivery, DeliveryStatus, Suppression, SuppressionReason
from courrier.mailing.sender import Sender, backoff, classify
from courrier.mailing.tasks import send_campaign
from courrier.mailing.tests.conftest import make_campaign

pytestmark = pytest.mark.django_db


def started_campaign(people, count):
    readers = people(count)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    return campaign, readers


def test_greylisting_451_is_retried_until_delivered(people, smtp_sink, clock):
    campaign, readers = started_campaign(people, 20)
    smtp_sink.rcpt_rule = lambda address, seen: "451 4.7.1 Greylisted, try again later" if seen == 0 else None

    first = Sender(clock=clock).run(campaign.pk)

    assert (first.sent, first.retried) == (0, 20)
    waiting = Delivery.objects.get(campaign=campaign, email=readers[0].email)
    assert waiting.status == DeliveryStatus.PENDING
    assert waiting.next_attempt_at == clock.now() + backoff(1)
    assert waiting.last_error.startswith("451 4.7.1 Greylisted")

    Sender(clock=clock).run_until_done(campaign.pk)

    assert sorted(smtp_sink.recipients()) == [reader.email for reader in readers]
    assert set(Delivery.objects.filter(campaign=campaign).values_list("status", "attempts")) == {
        (DeliveryStatus.SENT, 2)
    }
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert clock.slept and max(clock.slept) <= 1.0  # polls, never one long sleep


def test_a_server_answering_421_then_recovering_gets_everything(people, smtp_sink, clock):
    campaign, readers = started_campaign(people, 30)
    refusals = {"left": 3}

    def busy(address, seen):
        if refusals["left"]:
            refusals["left"] -= 1
            return "421 4.3.2 Service not available, closing transmission channel"
        return None

    smtp_sink.rcpt_rule = busy

    report = Sender(clock=clock, batch_size=10).run_until_done(campaign.pk)

    assert sorted(smtp_sink.recipients()) == [reader.email for reader in readers]
    assert report.sent == 30
    assert Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENT).count() == 30
    # Each 421 cost one attempt to the message in flight (the same one or not: claim order is the
    # database's); the rest of its batch was handed back untried.
    attempts = list(Delivery.objects.filter(campaign=campaign).values_list("attempts", flat=True))
    assert sum(attempts) == 30 + 3
    assert min(attempts) == 1
    assert len(smtp_sink.sessions) == 4  # a new connection after each 421


def test_a_server_that_never_accepts_fails_after_the_last_attempt(people, smtp_sink, clock):
    campaign, _readers = started_campaign(people, 3)
    smtp_sink.rcpt_rule = lambda address, seen: "450 4.2.1 Mailbox busy"

    Sender(clock=clock, max_attempts=4).run_until_done(campaign.pk, poll_seconds=600)

    assert set(Delivery.objects.filter(campaign=campaign).values_list("status", "attempts")) == {
        (DeliveryStatus.FAILED, 4)
    }
    assert not Suppression.objects.exists()
    campaign.refresh_from_db()
    assert (campaign.status, campaign.failed_count) == (CampaignStatus.SENT, 3)


def test_550_user_unknown_fails_and_suppresses_that_address_only(people, smtp_sink, clock):
    campaign, readers = started_campaign(people, 25)
    dead = readers[7].email
    smtp_sink.rcpt_rule = lambda address, seen: f"550 5.1.1 <{address}>: user unknown" if address == dead else None

    Sender(clock=clock, batch_size=10).run_until_done(campaign.pk)

    assert sorted(smtp_sink.recipients()) == sorted(reader.email for reader in readers if reader.email != dead)
    failed = Delivery.objects.get(campaign=campaign, email=dead)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 1)
    assert failed.last_error.startswith("550 5.1.1")
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason, suppression.source) == (dead, SuppressionReason.HARD_BOUNCE, "smtp")
    assert smtp_sink.offers[dead] == 1  # permanent: never offered again

    next_campaign = make_campaign()
    assert actions.start_campaign(campaign=next_campaign) == 24


def test_a_policy_refusal_fails_without_suppressing(people, smtp_sink, clock):
    campaign, readers = started_campaign(people, 2)
    refused = readers[0].email
    smtp_sink.rcpt_rule = lambda address, seen: "550 5.7.1 Refused by policy" if address == refused else None

    Sender(clock=clock).run_until_done(campaign.pk)

    assert Delivery.objects.get(campaign=campaign, email=refused).status == DeliveryStatus.FAILED
    assert not Suppression.objects.exists()


def test_no_server_at_all_keeps_everyone_for_later(people, settings, clock):
    campaign, _readers = started_campaign(people, 12)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there

    report = Sender(clock=clock, batch_size=5).run(campaign.pk)

    assert report.connection_lost
    assert (report.sent, report.retried, report.failed) == (0, 1, 0)
    rows = Delivery.objects.filter(campaign=campaign)
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert sorted(rows.values_list("attempts", flat=True)) == [0] * 11 + [1]
    assert rows.filter(next_attempt_at__gt=clock.now()).count() == 5  # the claimed batch waits


@pytest.mark.parametrize(
    ("error", "permanent", "dead", "connection_lost"),
    [
        (smtplib.SMTPRecipientsRefused({"a@b.ca": (550, b"5.1.1 unknown")}), True, True, False),
        (smtplib.SMTPRecipientsRefused({"a@b.ca": (551, b"User not local")}), True, True, False),
        (smtplib.SMTPRecipientsRefused({"a@b.ca": (553, b"5.1.3 Bad address syntax")}), True, True, False),
        (smtplib.SMTPRecipientsRefused({"a@b.ca": (552, b"5.2.2 Mailbox full")}), True, False, False),
        # 5.1.7 / 5.1.8: our sender address is refused, not the recipient's.
        (smtplib.SMTPRecipientsRefused({"a@b.ca": (553, b"5.1.8 Bad sender's system address")}), True, False, False),
        (smtplib.SMTPDataError(550, b"5.1.7 Bad sender's mailbox address syntax"), True, False, False),
        (smtplib.SMTPRecipientsRefused({"a@b.ca": (451, b"4.7.1 Greylisted")}), False, False, False),
        (smtplib.SMTPRecipientsRefused({"a@b.ca": (421, b"Too busy")}), False, False, True),
        (smtplib.SMTPDataError(554, b"5.7.1 Spam"), True, False, False),
        (smtplib.SMTPDataError(452, b"4.3.1 Insufficient storage"), False, False, False),
        (smtplib.SMTPSenderRefused(550, b"5.7.1 Sender refused", "editeur@x"), False, False, True),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False, False, True),
        (ConnectionRefusedError(111, "Connection refused"), False, False, True),
        (TimeoutError("timed out"), False, False, True),
    ],
)
def test_failures_are_classified(error, permanent, dead, connection_lost):
    failure = classify(error)
    assert (failure.permanent, failure.dead_address, failure.connection_lost) == (permanent, dead, connection_lost)


def test_backoff_doubles_up_to_its_cap(settings):
    settings.COURRIER_MAILING = {"RETRY_BASE_SECONDS": 60, "RETRY_MAX_SECONDS": 600}
    assert [backoff(n) for n in range(1, 6)] == [
        datetime.timedelta(seconds=seconds) for seconds in (60, 120, 240, 480, 600)
    ]


def test_a_sending_task_leaves_its_retries_to_a_deferred_task(people, smtp_sink, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    campaign, _readers = started_campaign(people, 3)
    smtp_sink.rcpt_rule = lambda address, seen: "451 4.7.1 Greylisted" if seen == 0 else None

    result = send_campaign.call(campaign.pk)

    assert (result["sent"], result["retried"]) == (0, 3)
    (follow_up,) = DBTaskResult.objects.filter(task_path=send_campaign.module_path)
    retry_at = Delivery.objects.filter(campaign=campaign).aggregate(Min("next_attempt_at"))["next_attempt_at__min"]
    assert follow_up.run_after == retry_at
    assert follow_up.args_kwargs["args"] == [campaign.pk]
