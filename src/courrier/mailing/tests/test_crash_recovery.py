"""Crash safety rests on the Delivery rows: leases run out and are reclaimed; nobody is lost, at most one
duplicate per killed worker, and two workers never send the same delivery.

The subprocess tests run real `courrier` workers (the `send_pending` command, or the task queue's
`db_worker`) against a database this test shares with them (`shared_database`) and an SMTP server on
loopback, and kill them with SIGKILL while a message is in flight.
"""

from __future__ import annotations

import asyncio
import collections
import datetime
import threading
import time

import pytest
from django.core.mail import get_connection
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from courrier.mailing import actions
from courrier.mailing.models import Campaign, CampaignStatus, Delivery, DeliveryStatus
from courrier.mailing.sender import CampaignMessages, RateLimiter, RunReport, Sender
from courrier.mailing.tasks import resume_campaigns
from courrier.mailing.tests.conftest import HeldLanes, make_campaign, make_people, wait_for

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# In one process, with a fake clock -----------------------------------------------------------


@pytest.mark.django_db
def test_a_dead_workers_batch_is_reclaimed_once_its_lease_runs_out(people, smtp_sink, clock):
    readers = people(15)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    dead = Sender(worker="mort", clock=clock, batch_size=5)
    dead_report = RunReport()
    orphans = dead.claim(campaign, dead_report)
    assert len(orphans.deliveries) == 5 and not dead_report.cancelled
    survivor = Sender(worker="vivant", clock=clock, batch_size=5)

    survivor.run(campaign.pk)
    assert len(smtp_sink.messages) == 10  # the leased rows are not touched
    clock.advance(survivor.lease.total_seconds())
    survivor.run(campaign.pk)

    assert sorted(smtp_sink.recipients()) == [reader.email for reader in readers]
    reclaimed = Delivery.objects.filter(pk__in=[delivery.pk for delivery in orphans.deliveries])
    assert set(reclaimed.values_list("status", "attempts", "leased_by")) == {(DeliveryStatus.SENT, 2, "vivant")}


@pytest.mark.django_db
def test_a_worker_whose_lease_ran_out_sends_nothing_more(people, smtp_sink, clock):
    people(6)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    stalled = Sender(worker="lent", clock=clock, batch_size=6)
    report = RunReport()
    batch = stalled.claim(campaign, report)
    clock.advance(stalled.lease.total_seconds())  # paused (swapped out, stopped) past its lease
    Sender(worker="autre", clock=clock).run(campaign.pk)

    stalled.send_batch(CampaignMessages(campaign), batch, get_connection(), RateLimiter(0, clock), report)

    assert report.sent == 0
    assert len(smtp_sink.messages) == 6
    assert collections.Counter(smtp_sink.recipients()).most_common(1)[0][1] == 1


@pytest.mark.django_db
def test_a_delivery_that_kills_every_worker_is_failed_not_retried_forever(people, smtp_sink, clock):
    people(1)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    for number in range(3):
        worker = Sender(worker=f"mort-{number}", clock=clock, max_attempts=3)
        worker.claim(campaign, RunReport())  # and dies
        clock.advance(worker.lease.total_seconds())

    report = Sender(clock=clock, max_attempts=3).run(campaign.pk)

    assert report.failed == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert not smtp_sink.messages


@pytest.mark.django_db
def test_resume_campaigns_restarts_a_campaign_nobody_is_sending(people, django_capture_on_commit_callbacks, settings):
    settings.TASKS = DUMMY_TASKS
    people(8)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)  # its tasks were lost with their worker
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    Delivery.objects.filter(pk__in=Delivery.objects.values("pk")[:3]).update(
        status=DeliveryStatus.SENDING, leased_by="mort", lease_expires_at=timezone.now() + datetime.timedelta(minutes=1)
    )

    assert resume_campaigns.call() == 0  # a live lease: someone is sending

    Delivery.objects.filter(leased_by="mort").update(lease_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert resume_campaigns.call() == 1

    campaign.refresh_from_db()
    assert (campaign.status, campaign.sent_count) == (CampaignStatus.SENT, 8)
    assert resume_campaigns.call() == 0


# Real worker processes -----------------------------------------------------------------------

KILL_AT = 25  # the 25th message (in the third batch of ten) is in flight when its worker is killed


def hold_message(number: int) -> tuple[threading.Event, threading.Event, object]:
    """A DATA hook that keeps message `number` unanswered until released: its worker is mid-send."""
    reached, release = threading.Event(), threading.Event()

    async def hook(received: int) -> None:
        if received == number:
            reached.set()
            while not release.is_set():
                await asyncio.sleep(0.01)

    return reached, release, hook


def resumed(campaign) -> bool:
    """Whether the campaign is sent; if not, a tick of the scheduler (one `resume_campaigns`) and a pause."""
    if Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.SENT:
        return True
    resume_campaigns.enqueue()
    time.sleep(1)
    return False


def assert_everyone_once_but(sink, emails, duplicate):
    counts = collections.Counter(sink.recipients())
    assert set(counts) == set(emails), "somebody was never sent the campaign"
    assert {email for email, count in counts.items() if count > 1} == {duplicate}
    assert counts[duplicate] == 2


@pytest.mark.parametrize("worker", ["send_pending", "db_worker"])
def test_a_worker_killed_mid_send_loses_nobody_and_duplicates_at_most_the_message_in_flight(
    worker, workers, smtp_sink, settings
):
    settings.TASKS = DATABASE_TASKS if worker == "db_worker" else DUMMY_TASKS
    staff = make_people(60, staff=True, prefix="redaction")
    campaign = make_campaign(audience="staff")
    actions.start_campaign(campaign=campaign)
    reached, release, hook = hold_message(KILL_AT)
    smtp_sink.data_hook = hook
    if worker == "db_worker":
        command = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    else:
        command = ["send_pending", "--campaign", str(campaign.pk)]

    first = workers.start(*command)
    if not reached.wait(timeout=60):
        pytest.fail(f"The first worker never reached message {KILL_AT}:\n{workers.output(first)}")
    first.kill()
    first.wait(timeout=10)
    release.set()

    in_flight = smtp_sink.recipients()[KILL_AT - 1]
    assert Delivery.objects.get(campaign=campaign, email=in_flight).status == DeliveryStatus.SENDING
    assert Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENT).count() == KILL_AT - 1

    if worker == "db_worker":
        # The killed worker's task stays "running" forever: the queue alone would never finish the campaign.
        assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING
        second = workers.start(*command)
        # What the scheduler does on every tick, until the killed worker's lease has run out for the worker
        # (whose clock is the machine's, while `--clock` moves this process's): resume what nobody sends.
        wait_for(
            lambda: resumed(campaign),
            timeout=60,
            message=f"The restarted worker did not finish the campaign:\n{workers.output(second)}",
        )
    else:
        second = workers.start(*command, "--until-done", "--poll-seconds", "0.2")
        assert second.wait(timeout=60) == 0, workers.output(second)

    assert_everyone_once_but(smtp_sink, [member.email for member in staff], in_flight)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.sent_count, campaign.failed_count) == (CampaignStatus.SENT, 60, 0)
    assert Delivery.objects.get(campaign=campaign, email=in_flight).attempts == 2


def test_a_worker_killed_with_a_message_in_flight_on_each_lane_duplicates_at_most_one_per_lane(
    workers, smtp_sink, settings
):
    """Four lanes share one recorder: every message the server answered is recorded before its lane sends the
    next, so the kill leaves only the four unanswered ones in doubt."""
    settings.TASKS = DUMMY_TASKS
    lanes, hold_from = 4, 20
    staff = make_people(60, staff=True, prefix="redaction")
    campaign = make_campaign(audience="staff")
    actions.start_campaign(campaign=campaign)
    hold = smtp_sink.data_hook = HeldLanes(lanes=lanes, hold_from=hold_from)
    held, all_held, release = hold.held, hold.all_held, hold.release
    command = ["send_pending", "--campaign", str(campaign.pk), "--connections", str(lanes)]

    first = workers.start(*command)
    if not all_held.wait(timeout=60):
        pytest.fail(f"The lanes never all had a message in flight ({held}):\n{workers.output(first)}")
    first.kill()
    first.wait(timeout=10)
    release.set()

    in_flight = {smtp_sink.recipients()[number - 1] for number in held}
    assert Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENT).count() == hold_from - 1
    assert (
        set(
            Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENDING, email__in=in_flight).values_list(
                "email", flat=True
            )
        )
        == in_flight
    )

    second = workers.start(*command, "--until-done", "--poll-seconds", "0.2")
    assert second.wait(timeout=60) == 0, workers.output(second)

    counts = collections.Counter(smtp_sink.recipients())
    assert set(counts) == {member.email for member in staff}, "somebody was never sent the campaign"
    duplicates = {email for email, count in counts.items() if count > 1}
    assert duplicates == in_flight and len(duplicates) == lanes
    assert max(counts.values()) == 2
    campaign.refresh_from_db()
    assert (campaign.status, campaign.sent_count, campaign.failed_count) == (CampaignStatus.SENT, 60, 0)


def test_two_workers_never_send_the_same_delivery(workers, smtp_sink, settings):
    """Both workers hold batches at the same time (the first message waits until the second worker has
    connected), then race through the campaign. PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED; SQLite:
    IMMEDIATE transactions serialise the claims."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Concurrent claims with row locks (SKIP LOCKED) need PostgreSQL: "
            "DATABASE_URL=postgres://… uv run pytest src/courrier/mailing"
        )
    settings.TASKS = DUMMY_TASKS
    staff = make_people(200, staff=True, prefix="redaction")
    campaign = make_campaign(audience="staff")
    actions.start_campaign(campaign=campaign)
    started = time.monotonic()

    async def both_connected(received: int) -> None:
        while len(smtp_sink.sessions) < 2 and time.monotonic() - started < 30:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.002)  # a relay's latency, so that the workers interleave

    smtp_sink.data_hook = both_connected
    command = ["send_pending", "--campaign", str(campaign.pk), "--until-done", "--batch-size", "5"]

    pair = [workers.start(*command, "--worker-id", name) for name in ("un", "deux")]
    for process in pair:
        assert process.wait(timeout=90) == 0, workers.output(process)

    counts = collections.Counter(smtp_sink.recipients())
    assert set(counts) == {member.email for member in staff}
    assert max(counts.values()) == 1, [email for email, count in counts.items() if count > 1]
    senders = collections.Counter(
        Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENT).values_list("leased_by", flat=True)
    )
    assert set(senders) == {"un", "deux"}, senders
    campaign.refresh_from_db()
    assert (campaign.status, campaign.sent_count) == (CampaignStatus.SENT, 200)
