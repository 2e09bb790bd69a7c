"""Leases are short and kept alive by a heartbeat: a dead worker's batch comes back within about
half a minute, a live worker's slow batch stays its own, and a killed worker with N lanes
duplicates at most the N messages it had in flight.
"""

from __future__ import annotations

import asyncio
import collections
import datetime
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection

from courrier.mailing import actions, app_settings
from courrier.mailing.models import Campaign, CampaignStatus, Delivery, DeliveryStatus
from courrier.mailing.sender import Heartbeat, RunReport, Sender
from courrier.mailing.tests.conftest import HeldLanes, make_campaign, make_people, wait_for
from courrier.operations.schedule import TICK

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def default_lease_seconds() -> float:
    """The lease of a deployment that sets no knob (the tests' workers use a shorter one)."""
    knobs = getattr(django_settings, "COURRIER_MAILING", None)
    try:
        django_settings.COURRIER_MAILING = {}
        return app_settings.lease().total_seconds()
    finally:
        django_settings.COURRIER_MAILING = knobs


@pytest.mark.django_db
def test_a_dead_workers_batch_is_reclaimed_after_a_short_lease(people, smtp_sink, clock):
    readers = people(5)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    Sender(worker="mort", clock=clock).claim(campaign, RunReport())  # and dies: nothing renews its lease

    clock.advance(30)
    report = Sender(worker="vivant", clock=clock).run(campaign.pk)

    assert report.sent == 5
    assert sorted(smtp_sink.recipients()) == [reader.email for reader in readers]
    assert set(Delivery.objects.values_list("status", "leased_by", "attempts")) == {(DeliveryStatus.SENT, "vivant", 2)}


def test_a_live_workers_slow_batch_keeps_its_lease_and_no_other_worker_takes_it(
    shared_database, smtp_sink, clock, settings
):
    settings.TASKS = DUMMY_TASKS  # the test's own sender does the sending
    settings.EMAIL_TIMEOUT = 120  # the relay holds a message while the test moves the clock
    readers = make_people(5)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    reached, release = threading.Event(), threading.Event()

    async def slow_relay(number: int) -> None:
        if number == 2:
            reached.set()
            while not release.is_set():
                await asyncio.sleep(0.01)

    smtp_sink.data_hook = slow_relay
    live = Sender(worker="vivant", clock=clock)
    lease = live.lease
    reports: list[RunReport] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            reports.append(live.run(campaign.pk))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    sending = threading.Thread(target=send, daemon=True)
    sending.start()
    try:
        assert reached.wait(timeout=60), f"the worker never sent its second message: {errors}"
        for _beat in range(8):  # twice the lease, a quarter at a time, while message 2 is in flight
            clock.advance(lease.total_seconds() / 4)
            renewed = clock.now() + lease
            wait_for(
                lambda renewed=renewed: (
                    Delivery.objects.filter(
                        leased_by="vivant", status=DeliveryStatus.SENDING, lease_expires_at=renewed
                    ).count()
                    == 4
                ),
                timeout=30,
                message="the heartbeat did not renew the lease of the batch in flight",
            )
        rival = Sender(worker="rival", clock=clock).run(campaign.pk)
    finally:
        release.set()
        sending.join(timeout=60)

    assert (rival.batches, rival.sent) == (0, 0)
    assert reports and (reports[0].sent, reports[0].lost_leases) == (5, 0)
    assert sorted(smtp_sink.recipients()) == [reader.email for reader in readers]
    assert set(Delivery.objects.values_list("status", "leased_by", "attempts")) == {(DeliveryStatus.SENT, "vivant", 1)}


def test_a_beat_that_ends_late_does_not_put_the_next_one_off(clock, monkeypatch):
    """The heartbeat keeps its cadence from when each beat was due: a beat that ends after the next one was due
    (its thread descheduled on a busy machine) is followed at once by that next beat, not a quarter-lease later."""
    lease = datetime.timedelta(seconds=20)
    beats: list[float] = []
    first_done, clock_moved = threading.Event(), threading.Event()

    def beat(self) -> int:
        beats.append(clock.monotonic())
        if len(beats) == 1:
            first_done.set()
            assert clock_moved.wait(timeout=30)  # this beat ends only once the next one is due
        return 0

    monkeypatch.setattr(Heartbeat, "beat", beat)
    heartbeat = Heartbeat(workers=["vivant"], clock=clock, lease=lease)
    heartbeat.start()
    try:
        clock.advance(5)
        assert first_done.wait(timeout=30)
        clock.advance(5)
        clock_moved.set()
        wait_for(lambda: len(beats) == 2, timeout=30, message="the next beat, due already, never came")
    finally:
        heartbeat.stop()
    assert beats == [5.0, 10.0]


@pytest.mark.slow
def test_a_killed_worker_is_resumed_within_half_a_minute_with_at_most_one_duplicate_per_lane(
    workers, smtp_sink, settings
):
    """The real thing: `db_worker` with two lanes and the default lease, killed with a message in flight on each
    lane; another worker and the scheduler, started at once, finish the campaign."""
    settings.TASKS = DATABASE_TASKS
    lanes, hold_from = 2, 20
    lease = default_lease_seconds()
    knobs = {"LEASE_SECONDS": lease, "CONNECTIONS_PER_WORKER": lanes}
    staff = make_people(60, staff=True, prefix="redaction")
    campaign = make_campaign(audience="staff")
    actions.start_campaign(campaign=campaign)
    hold = smtp_sink.data_hook = HeldLanes(lanes=lanes, hold_from=hold_from)
    held, all_held, release = hold.held, hold.all_held, hold.release
    worker = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    first = workers.start(*worker, knobs=knobs)
    if not all_held.wait(timeout=90):
        pytest.fail(f"The lanes never all had a message in flight ({held}):\n{workers.output(first)}")
    first.kill()
    first.wait(timeout=10)
    killed_at = time.monotonic()
    in_flight = {smtp_sink.recipients()[number - 1] for number in held}
    release.set()
    second = workers.start(*worker, knobs=knobs)
    workers.start("scheduler", knobs=knobs)

    # The dead lease runs out (at most one lease after the last beat), the scheduler's next tick finds it.
    wait_for(
        lambda: (
            not Delivery.objects.filter(campaign=campaign, email__in=in_flight)
            .exclude(status=DeliveryStatus.SENT)
            .exists()
        ),
        timeout=lease + TICK.total_seconds() + 15,
        message=f"The killed worker's batch was not resumed in time:\n{workers.output(second)}",
    )
    resumed_after = time.monotonic() - killed_at
    wait_for(
        lambda: Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.SENT,
        timeout=90,
        message=f"The second worker did not finish the campaign:\n{workers.output(second)}",
    )

    counts = collections.Counter(smtp_sink.recipients())
    assert set(counts) == {member.email for member in staff}, "somebody was never sent the campaign"
    duplicates = {email for email, count in counts.items() if count > 1}
    assert duplicates == in_flight and len(duplicates) <= lanes, (duplicates, in_flight)
    assert max(counts.values()) == 2
    campaign.refresh_from_db()
    assert (campaign.status, campaign.sent_count, campaign.failed_count) == (CampaignStatus.SENT, 60, 0)
    print(f"resumed {resumed_after:.1f} s after the kill (lease {lease:.0f} s, tick {TICK.total_seconds():.0f} s)")
