"""The scheduler enqueues each job once per slot, even when two schedulers run."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from courrier.newsroom.factories import ArticlePageFactory
from courrier.newsroom.models import ArticlePage
from courrier.operations.models import JobRun
from courrier.operations.schedule import JOBS, TICK, run_due_jobs

NOON = dt.datetime(2026, 11, 30, 17, 0, 5, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_each_job_runs_once_per_slot():
    first = run_due_jobs(NOON)
    second = run_due_jobs(NOON + dt.timedelta(seconds=4))
    assert sorted(first) == sorted(job.name for job in JOBS)
    assert second == []


@pytest.mark.django_db
def test_minute_job_runs_again_next_minute_but_daily_job_does_not():
    run_due_jobs(NOON)
    every_tick = [job.name for job in JOBS if job.every == TICK]
    every_minute = [job.name for job in JOBS if job.every == dt.timedelta(minutes=1)]
    assert "publish_scheduled_pages" in every_minute
    assert run_due_jobs(NOON + TICK) == every_tick
    assert sorted(run_due_jobs(NOON + dt.timedelta(minutes=1))) == sorted(every_minute + every_tick)


@pytest.mark.django_db
def test_scheduled_article_goes_live_when_its_time_comes(section, category, django_capture_on_commit_callbacks):
    article = ArticlePageFactory(parent=section, category=category, title="Publication à venir", live=False)
    go_live = timezone.now() + dt.timedelta(minutes=5)
    article.go_live_at = go_live
    article.save_revision().publish()
    assert not ArticlePage.objects.get(pk=article.pk).live

    with django_capture_on_commit_callbacks(execute=True):
        run_due_jobs(go_live - dt.timedelta(minutes=1))
    assert not ArticlePage.objects.get(pk=article.pk).live

    with (
        time_machine.travel(go_live + dt.timedelta(seconds=30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_due_jobs(timezone.now())
    assert ArticlePage.objects.get(pk=article.pk).live


@pytest.mark.django_db
def test_old_job_runs_are_pruned(django_capture_on_commit_callbacks):
    JobRun.objects.create(job="publish_scheduled_pages", slot=NOON - dt.timedelta(days=30))
    with_recent = JobRun.objects.create(job="publish_scheduled_pages", slot=NOON - dt.timedelta(minutes=1))
    with time_machine.travel(NOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        run_due_jobs(NOON)
    assert JobRun.objects.filter(slot__lt=NOON - dt.timedelta(days=7)).count() == 0
    assert JobRun.objects.filter(pk=with_recent.pk).exists()


@pytest.mark.django_db
def test_scheduler_command_once():
    call_command("scheduler", "--once")
    assert JobRun.objects.filter(job="publish_scheduled_pages").count() == 1
