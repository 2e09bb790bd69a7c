"""The embedded default under load: web processes publishing, a task worker sending, a scheduler
enqueueing, all writing to one SQLite file (or the PostgreSQL test database) while every CPU is busy.

Nobody gets a 500 and no write is lost: each page ends at the last version published, every
recipient gets the campaign once, and no task fails.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from courrier.mailing import actions as mailing_actions
from courrier.mailing.models import Campaign, CampaignStatus
from courrier.mailing.tests.conftest import Workers, make_campaign, make_people, wait_for
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory
from courrier.newsroom.models import ArticlePage
from courrier.operations.tests.contention_roles import title_of

pytestmark = pytest.mark.slow

WEB_PROCESSES = 3
PAGES_PER_PROCESS = 2
VERSIONS = 4
RECIPIENTS = 150
HOG_SECONDS = 240  # a bound: the hogs stop by themselves if the test is killed


@contextlib.contextmanager
def busy_cpus() -> Iterator[None]:
    """Twice as many busy loops as there are CPUs, for as long as the block runs."""
    loop = f"import time\nend = time.monotonic() + {HOG_SECONDS}\nwhile time.monotonic() < end: pass"
    hogs = [subprocess.Popen([sys.executable, "-c", loop]) for _cpu in range(2 * (os.cpu_count() or 1))]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait(timeout=10)


def start_role(pool: Workers, *arguments: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "courrier.operations.tests.contention_roles", *arguments],
        env={**pool.environment(), "ALLOWED_HOSTS": "testserver,localhost"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    pool.processes.append(process)
    return process


def result_of(process: subprocess.Popen[bytes]) -> dict[str, object]:
    out, err = process.communicate(timeout=600)
    lines = out.decode("utf-8", "replace").strip().splitlines()
    assert lines, err.decode("utf-8", "replace")[-4000:]
    result = json.loads(lines[-1])
    assert "crashed" not in result, result["crashed"]
    return result


def test_web_worker_and_scheduler_write_side_by_side_without_a_500_or_a_lost_write(
    home, staff, workers, smtp_sink, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    section = SectionPageFactory(parent=home, title="Derrière les décrets", slug="derriere-les-decrets")
    category = CategoryFactory(name="Santé", slug="sante")
    pages = [
        ArticlePageFactory(parent=section, category=category, title=title_of(number), slug=f"article-{number}")
        for number in range(WEB_PROCESSES * PAGES_PER_PROCESS)
    ]
    for article in pages:  # the factory's title knows nothing of the page id
        article.title = title_of(article.pk)
        article.save_revision().publish()
    recipients = make_people(RECIPIENTS, staff=True, prefix="redaction")
    campaign = make_campaign(audience="staff")
    mailing_actions.start_campaign(campaign=campaign)

    with busy_cpus():
        worker = workers.start("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1")
        scheduler = start_role(workers, "scheduler", "--ticks", "30")
        web = [
            start_role(
                workers,
                "web",
                "--staff",
                staff.email,
                "--pages",
                ",".join(str(article.pk) for article in pages[number::WEB_PROCESSES]),
                "--versions",
                str(VERSIONS),
            )
            for number in range(WEB_PROCESSES)
        ]
        web_results = [result_of(process) for process in web]
        scheduled = result_of(scheduler)
        wait_for(
            lambda: Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.SENT,
            timeout=300,
            message=f"The worker did not finish the campaign:\n{workers.output(worker)}",
        )

    statuses: collections.Counter[str] = collections.Counter()
    for result in web_results:
        statuses.update(result["statuses"])  # type: ignore[arg-type]
    assert all(not status.endswith(("500", "502", "503")) for status in statuses), (statuses, web_results)
    assert statuses["POST publish 302"] == WEB_PROCESSES * PAGES_PER_PROCESS * VERSIONS, web_results
    for article in ArticlePage.objects.filter(pk__in=[article.pk for article in pages]):
        assert article.title == f"{title_of(article.pk)} — version {VERSIONS}"
        assert article.live and not article.has_unpublished_changes
        assert Page.objects.get(pk=article.pk).revisions.count() == VERSIONS + 1
    assert scheduled["enqueued"]
    assert sorted(smtp_sink.recipients()) == sorted(person.email for person in recipients)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists(), list(
        DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).values_list("task_path", "traceback")
    )
