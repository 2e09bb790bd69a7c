"""The synthetic archive (`load_demo --articles N`): a valid page tree, realistic, the same for the same seed."""

import datetime as dt
from collections import Counter

import pytest
from django.db import connection, transaction
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from courrier.newsroom import demo
from courrier.newsroom.models import ArticlePage, Category, SectionPage

NOW = dt.datetime(2027, 1, 12, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def rubriques(db):
    home = demo.ensure_home("http://127.0.0.1:8000")
    sections = demo.ensure_sections(home)
    demo.ensure_categories()
    return sections


def archive_articles() -> list[dict]:
    """What a reader sees of each archive article, oldest insert first."""
    return [
        {
            "section": article.get_parent().slug,
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "body": [(block.block_type, block.id, str(block.value)) for block in article.body],
            "source": article.source,
            "edition_tag": article.edition_tag,
            "category": article.category.name,
            "published_at": article.published_at,
        }
        for article in ArticlePage.objects.select_related("category").order_by("id")
    ]


def loaded(*counts: int, chunk_size: int, workers: int) -> list[dict]:
    """The archive after loading `counts` articles one load after the other; rolled back afterwards."""
    with transaction.atomic():
        for count in counts:
            assert demo.add_archive_articles(count, now=NOW, chunk_size=chunk_size, workers=workers) == count
        articles = archive_articles()
        transaction.set_rollback(True)
    return articles


def test_the_same_seed_gives_the_same_archive_whatever_the_chunks_the_loads_and_the_writing_processes(rubriques):
    at_once = loaded(60, chunk_size=100, workers=0)
    assert len(at_once) == 60
    assert loaded(25, 35, chunk_size=10, workers=1) == at_once
    assert loaded(60, chunk_size=7, workers=2) == at_once


def test_archive_articles_make_a_valid_tree_with_unique_slugs_in_each_rubrique(rubriques):
    demo.add_archive_articles(150, now=NOW, chunk_size=40)
    demo.add_archive_articles(90, now=NOW, chunk_size=1000)

    assert Page.find_problems() == ([], [], [], [], [])
    articles = list(ArticlePage.objects.select_related("category"))
    assert len(articles) == 240
    by_section = Counter()
    for section in SectionPage.objects.all():
        children = list(ArticlePage.objects.child_of(section))
        by_section[section.slug] = len(children)
        assert section.numchild == len(children)
        slugs = [child.slug for child in children]
        assert len(set(slugs)) == len(slugs)
        assert all(child.url_path == f"{section.url_path}{child.slug}/" for child in children)
    assert sum(by_section.values()) == 240
    assert set(by_section) == {spec.slug for spec in demo.SECTIONS}
    assert min(by_section.values()) > 0


def test_archive_articles_are_live_dated_within_the_archive_and_drawn_from_every_topic(rubriques):
    demo.add_archive_articles(300, now=NOW)

    articles = ArticlePage.objects.all()
    assert articles.count() == articles.live().count() == 300
    assert not articles.filter(live_revision__isnull=False).exists()
    oldest, newest = NOW - dt.timedelta(days=365 * demo.ARCHIVE_YEARS), NOW - dt.timedelta(days=demo.DEMO_WINDOW_DAYS)
    for article in articles.select_related("category"):
        assert oldest <= article.published_at <= newest
        assert article.first_published_at == article.last_published_at == article.published_at
        assert article.title == article.draft_title
        assert article.lead and article.source
        blocks = list(article.body)
        assert blocks and blocks[0].block_type == "paragraph"
        assert all(block.id for block in blocks)
    assert set(articles.values_list("category__name", flat=True)) == set(
        Category.objects.values_list("name", flat=True)
    )


def test_added_archive_articles_are_found_by_the_site_search(rubriques):
    demo.add_archive_articles(20, now=NOW)

    article = ArticlePage.objects.order_by("published_at").first()
    word = max(article.title.split(), key=len)
    assert article.pk in {found.pk for found in ArticlePage.objects.live().search(word)}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's connection settings")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_load_leaves_the_connection_s_settings_as_they_were(rubriques):
    def settings() -> tuple:
        with connection.cursor() as cursor:
            return tuple(cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("synchronous", "cache_size"))

    before = settings()
    demo.add_archive_articles(30, now=NOW, chunk_size=10)
    assert settings() == before
    assert ArticlePage.objects.count() == 30


def test_loading_again_after_archive_articles_were_deleted_adds_new_ones(rubriques):
    demo.add_archive_articles(30, now=NOW)
    for article in ArticlePage.objects.order_by("-id")[:5]:
        article.delete()

    demo.add_archive_articles(5, now=NOW)

    assert ArticlePage.objects.count() == 30
    assert Page.find_problems() == ([], [], [], [], [])


def test_the_writers_give_search_the_text_an_article_would_give_of_its_body(rubriques):
    demo.add_archive_articles(12, now=NOW, chunk_size=5, workers=1)

    for article in ArticlePage.objects.all():
        assert article.body_text  # read afresh from the stored body
        if connection.vendor == "sqlite":  # PostgreSQL's index keeps a tsvector, not the text
            assert article.body_text in IndexEntry.objects.get(object_id=str(article.pk)).body
    plan_rows = demo.write_archive_rows(demo.archive_plan(NOW), 0, 3)
    assert [row.body_text for row in plan_rows] == [ArticlePage(body=row.body).body_text for row in plan_rows]
