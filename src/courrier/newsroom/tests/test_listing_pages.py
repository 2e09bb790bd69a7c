"""Listings page by bookmark: an article published while a reader pages through neither repeats nor hides one."""

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import timezone
from wagtail.models import Page

from courrier.newsroom.factories import ArticlePageFactory
from courrier.newsroom.models import ArticlePage, Bookmark

START = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def articles(settings, section, category):
    """45 articles, one an hour, the newest first in the list."""
    settings.PAGE_CACHE_SECONDS = 0
    made = [
        ArticlePageFactory(
            parent=section, category=category, title=f"Article {n:02d}", published_at=START + dt.timedelta(hours=n)
        )
        for n in range(45)
    ]
    return made[::-1]


def titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


def link(response, rel: str) -> str:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', response.content.decode())
    assert found, f"no {rel} link"
    return unescape(found.group(1))


def test_next_pages_continue_where_the_reader_was_after_a_publication(client, section, category, articles):
    first = client.get(section.url)
    assert titles(first) == [a.title for a in articles[:20]]

    ArticlePageFactory(parent=section, category=category, title="Nouvelle", published_at=timezone.now())
    second = client.get(section.url + link(first, "next"))

    assert titles(second) == [a.title for a in articles[20:40]]
    assert second.context["articles"].number == 2
    third = client.get(section.url + link(second, "next"))
    assert titles(third) == [a.title for a in articles[40:]] + []


def test_previous_pages_go_back_by_bookmark_and_page_one_shows_the_newest(client, section, category, articles):
    third = client.get(section.url + "?page=3")
    second = client.get(section.url + link(third, "prev"))
    assert titles(second) == [a.title for a in articles[20:40]]

    ArticlePageFactory(parent=section, category=category, title="Nouvelle", published_at=timezone.now())
    first = client.get(section.url + link(second, "prev"))
    assert "avant=" not in link(second, "prev")
    assert titles(first)[0] == "Nouvelle"


def test_bookmarks_and_page_numbers_agree_when_nothing_is_published(client, section, articles):
    by_number = client.get(section.url + "?page=2")
    by_bookmark = client.get(section.url + link(client.get(section.url), "next"))
    assert titles(by_bookmark) == titles(by_number)
    assert "apres=" in link(by_bookmark, "next")


@pytest.mark.parametrize(
    "query",
    [
        "?apres=abc",
        "?apres=1-",
        "?avant=-5-3",
        "?apres=99999999999999999-1",
        "?apres=123456789012345678901234567890-1",
        "?avant=0-0&page=abc",
        "?apres=1-1&page=99",  # a bookmark before every article: nothing follows it
    ],
)
def test_hostile_bookmarks_fall_back_to_page_numbers(client, section, articles, query):
    response = client.get(section.url + query)
    assert response.status_code == 200
    assert len(titles(response)) in (5, 20)


def test_a_bookmark_prints_and_parses_back_exactly():
    moment = dt.datetime(2019, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC)
    assert Bookmark.parse(str(Bookmark(moment, 42))) == Bookmark(moment, 42)


@pytest.mark.parametrize(
    "url", ["/categories/cybersecurite-numerique/", "/archives/2024/5/"], ids=["category", "month"]
)
def test_category_and_month_listings_page_by_bookmark_too(client, section, category, articles, url):
    first = client.get(url)
    ArticlePageFactory(parent=section, category=category, title="Nouvelle", published_at=START + dt.timedelta(days=9))
    second = client.get(url + link(first, "next"))
    assert titles(second) == [a.title for a in articles[20:40]]


def test_an_article_unpublished_by_any_path_leaves_the_listings(client, section, articles):
    gone = articles[0]
    Page.objects.filter(pk=gone.pk).unpublish()  # generic pages: Wagtail saves only the page row

    assert not ArticlePage.objects.get(pk=gone.pk).listed
    assert gone.title not in titles(client.get(section.url))
    assert gone.title not in [a.title for a in client.get("/").context["latest"]()]

    revision = ArticlePage.objects.get(pk=gone.pk).save_revision()
    revision.publish()
    assert ArticlePage.objects.get(pk=gone.pk).listed
    assert titles(client.get(section.url))[0] == gone.title
