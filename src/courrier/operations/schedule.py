"""What the scheduler runs, and when: every entry must be idempotent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django_tasks.base import Task

from courrier.alerts import tasks as alerts_tasks
from courrier.editions import tasks as editions_tasks
from courrier.licensing import tasks as licensing_tasks
from courrier.mailing import app_settings as mailing_settings
from courrier.mailing import bounces
from courrier.mailing import tasks as mailing_tasks
from courrier.newsroom import tasks as newsroom_tasks
from courrier.operations import tasks
from courrier.operations.models import JobRun

# How often the scheduler wakes up; no job runs more often.
TICK = dt.timedelta(seconds=10)


@dataclass(frozen=True)
class Job:
    name: str
    task: Task
    every: dt.timedelta

    def slot(self, now: dt.datetime) -> dt.datetime:
        """The start of the period `now` falls in (periods counted from the epoch, UTC)."""
        seconds = int(self.every.total_seconds())
        stamp = int(now.timestamp())
        return dt.datetime.fromtimestamp(stamp - stamp % seconds, tz=dt.UTC)


JOBS: list[Job] = [
    Job("publish_scheduled_pages", tasks.publish_scheduled_pages, dt.timedelta(minutes=1)),
    Job("prune_job_runs", tasks.prune_job_runs, dt.timedelta(days=1)),
    # Hourly, so that the reminder leaves early in the day whatever time the scheduler started.
    Job("remind_ending_trials", licensing_tasks.remind_ending_trials, dt.timedelta(hours=1)),
    # Registrations whose address nobody verified in time go, with their data.
    Job(
        "expire_unverified_registrations",
        licensing_tasks.expire_unverified_registrations,
        dt.timedelta(hours=1),
    ),
    Job("send_due_editions", editions_tasks.send_due_editions, dt.timedelta(minutes=1)),
    Job("open_upcoming_editions", editions_tasks.open_upcoming_editions, dt.timedelta(hours=1)),
    # Deliveries whose worker died are sent again once their (short) lease expires; finished campaigns close.
    # Every tick, so that a dead worker's batch is resumed within a lease and a tick.
    Job("resume_campaigns", mailing_tasks.resume_campaigns, TICK),
    Job("resume_decree_alerts", alerts_tasks.resume_decree_alerts, dt.timedelta(minutes=5)),
    # New articles only Wagtail's autosave ever saved, left for a week (newsroom.models.AutosavedDraft).
    Job("forget_abandoned_drafts", newsroom_tasks.forget_abandoned_drafts, dt.timedelta(days=1)),
]
# Bounces delivered to a Maildir (docs/bounces.md), where one is configured.
if mailing_settings.bounce_maildir():
    JOBS.append(Job("fetch_bounces", bounces.fetch_bounces, dt.timedelta(minutes=5)))


def run_due_jobs(now: dt.datetime, jobs: list[Job] | None = None) -> list[str]:
    """Enqueue every job whose current slot no scheduler has claimed yet."""
    enqueued = []
    for job in jobs if jobs is not None else JOBS:
        try:
            with transaction.atomic():
                JobRun.objects.create(job=job.name, slot=job.slot(now))
                transaction.on_commit(job.task.enqueue)
        except IntegrityError:
            continue
        enqueued.append(job.name)
    return enqueued
