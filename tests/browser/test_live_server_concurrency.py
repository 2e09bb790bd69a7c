"""The live server the browser tests drive answers concurrent writes as the real server does.

The Wagtail editor sends requests of its own beside the one the test makes (the editing
session's ping beside *Publier*); on a busy machine they overlap. With SQLite in memory the
test database was one shared cache whose table locks fail at once instead of waiting ("database
table is locked", "no such savepoint"): HTTP 500 on publish. The SQLite test database is now a
file in WAL mode, as the embedded default's (settings.test): each request waits its turn.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.test import Client

from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory, publish_form
from courrier.newsroom.models import ArticlePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EDITORS = 4
VERSIONS = 5
CSRF = "a" * 32


def encoded_publish_form(article: ArticlePage, version: int) -> bytes:
    form = publish_form(article, title=f"Article {article.pk}, version {version}", version=version)
    return urllib.parse.urlencode({**form, "csrfmiddlewaretoken": CSRF}).encode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_editors_publishing_at_the_same_time_get_no_500(live_server, home, staff):
    section = SectionPageFactory(parent=home, title="Derrière les décrets", slug="derriere-les-decrets")
    category = CategoryFactory(name="Santé", slug="sante")
    articles = [
        ArticlePageFactory(parent=section, category=category, slug=f"article-{number}") for number in range(EDITORS)
    ]
    browser = Client()
    browser.force_login(staff)
    session = browser.cookies["sessionid"].value
    statuses: list[int] = []

    def edit(article: ArticlePage) -> None:
        opener = urllib.request.build_opener(NoRedirect)
        opener.addheaders = [("Cookie", f"sessionid={session}; csrftoken={CSRF}")]
        for version in range(1, VERSIONS + 1):
            url = f"{live_server.url}/admin/pages/{article.pk}/edit/"
            try:
                with opener.open(url, data=encoded_publish_form(article, version), timeout=60) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)

    editors = [threading.Thread(target=edit, args=(article,)) for article in articles]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(timeout=120)

    assert sorted(statuses) == [302] * EDITORS * VERSIONS
    for article in ArticlePage.objects.filter(pk__in=[article.pk for article in articles]):
        assert article.title == f"Article {article.pk}, version {VERSIONS}"
