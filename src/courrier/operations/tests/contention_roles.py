"""The processes of `test_write_contention`: a web process publishing pages, and a scheduler.

Run as `python -m courrier.operations.tests.contention_roles <role> …` with the database of the
test in `DATABASE_URL`. Each prints one JSON line: what it did and every HTTP status it got.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import sys
import traceback


def publish_pages(*, staff_email: str, page_ids: list[int], versions: int) -> dict[str, object]:
    """Edit and publish each page `versions` times through the Wagtail admin, reading the site in between."""
    from django.test import Client

    from courrier.accounts.models import User
    from courrier.newsroom.factories import publish_form
    from courrier.newsroom.models import ArticlePage

    client = Client()
    client.force_login(User.objects.get(email=staff_email))
    statuses: collections.Counter[str] = collections.Counter()
    errors: list[str] = []
    for version in range(1, versions + 1):
        for page_id in page_ids:
            article = ArticlePage.objects.get(pk=page_id)
            editor = client.get(f"/admin/pages/{page_id}/edit/")
            statuses[f"GET edit {editor.status_code}"] += 1
            data = publish_form(article, title=f"{title_of(page_id)} — version {version}", version=version)
            published = client.post(f"/admin/pages/{page_id}/edit/", data)
            statuses[f"POST publish {published.status_code}"] += 1
            if published.status_code != 302:
                errors.append(published.content.decode("utf-8", "replace")[:3000])
            reading = client.get(article.url)
            statuses[f"GET article {reading.status_code}"] += 1
    return {"statuses": dict(statuses), "errors": errors[:3]}


def title_of(page_id: int) -> str:
    return f"Article {page_id}"


def run_scheduler(*, ticks: int) -> dict[str, object]:
    """What `courrier scheduler` does, one period after another without waiting for the clock."""
    from django.utils import timezone

    from courrier.operations.schedule import run_due_jobs

    start = timezone.now()
    enqueued = 0
    for tick in range(ticks):
        enqueued += len(run_due_jobs(start + datetime.timedelta(minutes=tick)))
    return {"enqueued": enqueued}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["web", "scheduler"])
    parser.add_argument("--staff", default="")
    parser.add_argument("--pages", default="")
    parser.add_argument("--versions", type=int, default=5)
    parser.add_argument("--ticks", type=int, default=20)
    options = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "courrier.operations.tests.contention_settings"
    import django

    django.setup()
    try:
        if options.role == "web":
            pages = [int(pk) for pk in options.pages.split(",")]
            result = publish_pages(staff_email=options.staff, page_ids=pages, versions=options.versions)
        else:
            result = run_scheduler(ticks=options.ticks)
    except Exception:
        result = {"crashed": traceback.format_exc()}
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
