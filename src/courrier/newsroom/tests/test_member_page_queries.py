"""A Member's page decides which quotes a visitor may read all at once: its cost does not grow with the quotes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courrier.licensing import entitlements
from courrier.licensing.entitlements import make_reading_token, register_reading_scope_many
from courrier.licensing.factories import ReaderFactory
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory
from courrier.newsroom.models import ArticlePage
from courrier.parliament.factories import MemberFactory

URL = "/deputes/josee-pelletier/"
OPENED = "Citation ouverte par le lien"
CLOSED = "Citation fermée au lien"


@pytest.fixture
def category_links(monkeypatch):
    """A reading scope `categorie:<slug>` that opens a category's articles, in one query for any number of them."""
    monkeypatch.setattr(entitlements, "_reading_scopes", {})

    def opens(slug: str, articles: list[ArticlePage]) -> list[ArticlePage]:
        ids = set(
            ArticlePage.objects.filter(pk__in=[article.pk for article in articles], category__slug=slug).values_list(
                "pk", flat=True
            )
        )
        return [article for article in articles if article.pk in ids]

    register_reading_scope_many("categorie", opens, kind=ArticlePage)


@pytest.fixture
def member(db):
    return MemberFactory(first_name="Josée", last_name="Pelletier", slug="josee-pelletier")


@pytest.fixture
def add_quotes(section, category, member, django_capture_on_commit_callbacks):
    """Publishes articles quoting the Member: half in `category`, half in another one."""
    elsewhere = CategoryFactory(name="Santé", slug="sante")

    def add_quotes(count: int) -> None:
        for number in range(count):
            opened = number % 2 == 0
            article = ArticlePageFactory(
                parent=section,
                category=category if opened else elsewhere,
                body=[("quote", {"quote": OPENED if opened else CLOSED, "member": member, "speaker": ""})],
            )
            with django_capture_on_commit_callbacks(execute=True):
                article.save_revision().publish()

    return add_quotes


def queries_for(client: Client, data: dict[str, str]) -> tuple[int, str]:
    client.get(URL, data)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, data)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("who", ["licensed", "reading-link"])
def test_query_count_does_not_grow_with_the_quotes(client, settings, category, category_links, add_quotes, who):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the shared copy
    reader = ReaderFactory()
    data = {}
    if who == "licensed":
        client.force_login(reader)
    else:
        data = {"lien": make_reading_token(reader, f"categorie:{category.slug}")}
    add_quotes(2)
    small, _ = queries_for(client, data)
    add_quotes(4)
    large, page = queries_for(client, data)
    assert large == small, f"{small} queries with 2 quotes, {large} with 6"
    assert page.count(OPENED) == 3
    assert page.count(CLOSED) == (3 if who == "licensed" else 0)


def test_an_edition_s_link_decides_every_quote_in_the_same_queries(client, settings, category, add_quotes):
    """The real scope of an edition's reading link (registered by editions) answers for a whole listing."""
    import datetime

    from courrier.editions import actions
    from courrier.editions.models import Publication

    settings.PAGE_CACHE_SECONDS = 0
    reader = ReaderFactory()

    def edition_link() -> dict[str, str]:
        articles = ArticlePage.objects.filter(category=category)
        day = datetime.date(2026, 12, 1) + datetime.timedelta(days=articles.count())
        edition = actions.open_edition(publication=Publication.objects.get(key="lcp-lag"), date=day, articles=articles)
        return {"lien": make_reading_token(reader, f"edition:{edition.pk}")}

    add_quotes(2)
    small, _ = queries_for(client, edition_link())
    add_quotes(4)
    large, page = queries_for(client, edition_link())
    assert large == small, f"{small} queries with 2 quotes, {large} with 6"
    assert page.count(OPENED) == 3 and page.count(CLOSED) == 0
