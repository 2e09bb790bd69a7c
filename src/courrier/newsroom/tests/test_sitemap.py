"""`/sitemap.xml`: every public teaser's address on the public origin, in parts of 10,000, for search engines."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courrier.newsroom.factories import ArticlePageFactory
from courrier.newsroom.sitemaps import ArticleSitemap
from courrier.parliament.factories import DecreeFactory, MemberFactory

ORIGIN = "https://courrierparlementaire.com"


@pytest.fixture(autouse=True)
def public_origin(settings):
    settings.SITE_URL = ORIGIN


def addresses(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_the_index_names_each_part(client, home):
    parts = addresses(client.get("/sitemap.xml", HTTP_HOST="localhost"))

    assert {part.rsplit("/", 1)[1] for part in parts} >= {
        "sitemap-rubriques.xml",
        "sitemap-registres.xml",
        "sitemap-articles.xml",
        "sitemap-decrets.xml",
        "sitemap-deputes.xml",
    }


def test_live_articles_with_their_date_drafts_and_unpublished_ones_left_out(client, section, category):
    live = ArticlePageFactory(parent=section, category=category, slug="un-article-paru")
    draft = ArticlePageFactory(parent=section, category=category, slug="un-brouillon", live=False)
    withdrawn = ArticlePageFactory(parent=section, category=category, slug="un-article-retire")
    withdrawn.unpublish()

    response = client.get("/sitemap-articles.xml")

    assert addresses(response) == [f"{ORIGIN}{live.url}"]
    assert "<lastmod>" in response.content.decode()
    assert draft.slug not in response.content.decode()


def test_articles_come_in_parts(client, section, category, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [ArticlePageFactory(parent=section, category=category) for _ in range(3)]

    first = addresses(client.get("/sitemap-articles.xml"))
    second = addresses(client.get("/sitemap-articles.xml?p=2"))

    assert first + second == [f"{ORIGIN}{article.url}" for article in articles]
    index = addresses(client.get("/sitemap.xml"))
    assert any(part.endswith("/sitemap-articles.xml?p=2") for part in index)
    assert client.get("/sitemap-articles.xml?p=9").status_code == 404


def test_rubriques_records_published_decrees_and_members(client, section):
    published = DecreeFactory(published=True, number=185)
    unpublished = DecreeFactory(number=186)
    member = MemberFactory(first_name="Geneviève", last_name="Tremblay")

    found = [
        *addresses(client.get("/sitemap-rubriques.xml")),
        *addresses(client.get("/sitemap-registres.xml")),
        *addresses(client.get("/sitemap-decrets.xml")),
        *addresses(client.get("/sitemap-deputes.xml")),
    ]

    assert f"{ORIGIN}/" in found
    assert f"{ORIGIN}{section.url}" in found
    assert f"{ORIGIN}/decrets/" in found and f"{ORIGIN}/calendrier/" in found
    assert f"{ORIGIN}{published.get_absolute_url()}" in found
    assert f"{ORIGIN}{unpublished.get_absolute_url()}" not in found
    assert f"{ORIGIN}{member.get_absolute_url()}" in found


def test_robots_txt_names_the_sitemap(client, home):
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_a_part_costs_the_same_few_queries_however_many_articles(client, section, category):
    def queries(visit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/sitemap-articles.xml?visite={visit}")  # another address: not the kept copy
        return len(captured)

    ArticlePageFactory(parent=section, category=category)
    queries(0)  # the per-process caches (IP ranges, the site's root)
    few = queries(1)
    for _ in range(5):
        ArticlePageFactory(parent=section, category=category)
    assert queries(2) == few
