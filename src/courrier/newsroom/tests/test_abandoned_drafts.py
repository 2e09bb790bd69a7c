"""A new article only Wagtail's autosave ever saved, then left, goes after a week; one its editor saved stays."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from courrier.newsroom import actions
from courrier.newsroom.models import ArticlePage, AutosavedDraft
from courrier.newsroom.tests.article_form import article_form
from courrier.operations.schedule import JOBS

UTC = datetime.UTC
OPENED = datetime.datetime(2027, 3, 2, 13, 0, tzinfo=UTC)
AUTOSAVE = {"HTTP_ACCEPT": "application/json"}  # what Wagtail's autosave asks for


def form(category, action: str = "save", title: str = "Un article commencé") -> dict:
    return article_form(category, action=action, title=title, slug="un-article-commence")


def autosaved_article(client, staff, section, category) -> ArticlePage:
    with time_machine.travel(OPENED, tick=False):
        client.force_login(staff)
        response = client.post(f"/admin/pages/add/newsroom/articlepage/{section.pk}/", form(category), **AUTOSAVE)
    assert response.status_code == 200 and response.json()["success"]
    return ArticlePage.objects.get(pk=response.json()["pk"])


def test_an_article_autosave_created_is_marked(client, staff, section, category):
    article = autosaved_article(client, staff, section, category)
    assert AutosavedDraft.objects.filter(article=article).exists()


def test_left_a_week_it_is_removed(client, staff, section, category):
    article = autosaved_article(client, staff, section, category)

    assert actions.forget_abandoned_drafts(now=OPENED + datetime.timedelta(days=6)) == 0
    assert actions.forget_abandoned_drafts(now=OPENED + datetime.timedelta(days=8)) == 1
    assert not ArticlePage.objects.filter(pk=article.pk).exists()


def test_autosaving_again_keeps_it_a_week_more(client, staff, section, category):
    article = autosaved_article(client, staff, section, category)
    with time_machine.travel(OPENED + datetime.timedelta(days=5), tick=False):
        client.force_login(staff)
        client.post(f"/admin/pages/{article.pk}/edit/", form(category, title="Un article repris"), **AUTOSAVE)

    assert actions.forget_abandoned_drafts(now=OPENED + datetime.timedelta(days=8)) == 0
    assert actions.forget_abandoned_drafts(now=OPENED + datetime.timedelta(days=13)) == 1


def test_an_article_its_editor_saved_or_published_stays(client, staff, section, category):
    saved = autosaved_article(client, staff, section, category)
    with time_machine.travel(OPENED + datetime.timedelta(hours=1), tick=False):
        client.force_login(staff)
        response = client.post(f"/admin/pages/{saved.pk}/edit/", form(category))
    assert response.status_code == 302
    assert not AutosavedDraft.objects.filter(article=saved).exists()

    assert actions.forget_abandoned_drafts(now=timezone.now() + datetime.timedelta(days=365)) == 0
    assert ArticlePage.objects.filter(pk=saved.pk).exists()


def test_the_scheduler_runs_it_daily():
    (job,) = [job for job in JOBS if job.name == "forget_abandoned_drafts"]
    assert job.every == datetime.timedelta(days=1)
