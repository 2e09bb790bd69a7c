"""An article left undated is dated the moment it is first published, not the moment its form was opened."""

from __future__ import annotations

import datetime

import time_machine

from courrier.newsroom.models import ArticlePage
from courrier.newsroom.tests.article_form import article_form

UTC = datetime.UTC
# Sessions expire: each step logs in at its own time.
OPENED = datetime.datetime(2027, 3, 2, 13, 0, tzinfo=UTC)
PUBLISHED = datetime.datetime(2027, 3, 2, 15, 30, tzinfo=UTC)


def test_the_form_shows_no_date_until_the_editor_gives_one(client, staff, section):
    client.force_login(staff)
    html = client.get(f"/admin/pages/add/newsroom/articlepage/{section.pk}/").content.decode()
    assert "l'article sera daté du moment où vous le publiez" in html.replace("&#x27;", "'")


def test_a_draft_saved_then_published_later_is_dated_at_publication(client, staff, section, category):
    with time_machine.travel(OPENED, tick=False):
        client.force_login(staff)
        response = client.post(
            f"/admin/pages/add/newsroom/articlepage/{section.pk}/", article_form(category, action="save")
        )
    assert response.status_code == 302
    draft = ArticlePage.objects.get(slug="conseil-decret")
    assert draft.published_at is None and not draft.live

    with time_machine.travel(PUBLISHED, tick=False):
        client.force_login(staff)
        response = client.post(f"/admin/pages/{draft.pk}/edit/", article_form(category, action="publish"))
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live
    assert article.published_at == PUBLISHED


def test_republishing_keeps_the_first_publication_date(client, staff, section, category):
    with time_machine.travel(OPENED, tick=False):
        client.force_login(staff)
        client.post(f"/admin/pages/add/newsroom/articlepage/{section.pk}/", article_form(category, action="publish"))
    article = ArticlePage.objects.get(slug="conseil-decret")
    assert article.published_at == OPENED
    with time_machine.travel(PUBLISHED, tick=False):
        client.force_login(staff)
        client.post(f"/admin/pages/{article.pk}/edit/", article_form(category, action="publish"))
    article.refresh_from_db()
    assert article.published_at == OPENED
    assert article.last_published_at == PUBLISHED


def test_a_date_the_editor_gives_is_kept(client, staff, section, category):
    with time_machine.travel(PUBLISHED, tick=False):
        client.force_login(staff)
        client.post(
            f"/admin/pages/add/newsroom/articlepage/{section.pk}/",
            article_form(category, action="publish", published_at="2027-03-02 06:30"),
        )
    article = ArticlePage.objects.get(slug="conseil-decret")
    assert article.published_at == datetime.datetime(2027, 3, 2, 11, 30, tzinfo=UTC)  # 06:30 in Montréal (EST)
