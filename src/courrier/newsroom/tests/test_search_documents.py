"""Site search's read model follows the content: publishing, unpublishing, moving, renaming, deleting.

Only what is live is found, as it is live (never a draft's text), and a rebuild
gives the same documents as the actions kept up one change at a time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from courrier.newsroom.actions import index_articles_for_search, rebuild_search_documents
from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory
from courrier.newsroom.models import SearchDocument
from courrier.newsroom.search import SiteSearch
from courrier.parliament.factories import DecreeFactory, MinistryFactory


def found(text: str, **options) -> list:
    return SiteSearch(text=text, **options)[:20]


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Le tramway de Québec", lead="Un chantier.")


def documents() -> list[tuple]:
    return sorted(SearchDocument.objects.values_list("kind", "object_id", "key", "section_id", "category_id", "year"))


def test_a_live_article_is_found_once_saved(article):
    assert found("tramway") == [article]


def test_an_unpublished_article_is_no_longer_found(article):
    article.unpublish()
    assert found("tramway") == []
    article.save_revision().publish()
    assert found("tramway") == [article]


def test_a_draft_is_not_found_until_published(article):
    article.title = "Le métro de Québec"
    article.save_revision()
    assert found("métro") == []
    assert found("tramway") == [article]
    article.get_latest_revision().publish()
    assert found("métro") == [article]
    assert found("tramway") == []


def test_a_moved_article_is_found_in_its_new_rubrique(home, article, section):
    elsewhere = SectionPageFactory(parent=home, title="Derrière les décrets", slug="derriere-les-decrets")
    article.move(elsewhere, pos="last-child")
    search = SiteSearch(text="tramway")
    assert search[:20] == [article]
    assert set(search.facets.sections) == {elsewhere.pk}
    assert found("derrière tramway") == [article], "the rubrique's title is in the public words"


def test_a_deleted_article_leaves_the_index(article):
    article.delete()
    assert found("tramway") == []
    assert not SearchDocument.objects.exists()


def test_a_renamed_category_is_searched_by_its_new_name(article, category, django_capture_on_commit_callbacks):
    category.name = "Transports collectifs"
    with django_capture_on_commit_callbacks(execute=True):
        category.save()
    assert found("transports tramway") == [article]


def test_a_renamed_rubrique_is_searched_by_its_new_title(article, section, django_capture_on_commit_callbacks):
    section.title = "Grands chantiers"
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    assert found("chantiers tramway") == [article]


def test_a_decree_is_found_once_published_and_by_its_ministries(db):
    decree = DecreeFactory(number=55, year=2026, title="Concernant le réseau routier")
    assert found("routier") == []
    decree.published_at = timezone.now()
    decree.save()
    assert found("routier") == [decree]
    decree.ministries.add(MinistryFactory(name="Ministère des Transports", acronym="MTMD"))
    assert found("MTMD") == [decree]
    decree.delete()
    assert found("routier") == []


def test_a_renamed_ministry_is_searched_by_its_new_name(db, django_capture_on_commit_callbacks):
    ministry = MinistryFactory(name="Ministère des Forêts", acronym="MFFP")
    decree = DecreeFactory(number=56, year=2026, published=True, title="Concernant un plan", ministries=[ministry])
    ministry.name = "Ministère des Ressources naturelles"
    with django_capture_on_commit_callbacks(execute=True):
        ministry.save()
    assert found("ressources naturelles") == [decree]


def test_the_bulk_loader_and_a_rebuild_write_the_same_documents(section, category):
    now = timezone.now()
    articles = [
        ArticlePageFactory(parent=section, category=category, published_at=now - dt.timedelta(days=n)) for n in range(5)
    ]
    DecreeFactory(number=57, year=2026, published=True)
    kept_up = documents()
    index_articles_for_search(articles)  # again, as the bulk loader does after inserting rows
    assert documents() == kept_up
    assert rebuild_search_documents() == 6
    assert documents() == kept_up


def test_documents_published_in_the_same_second_get_distinct_keys(section, category):
    moment = timezone.now().replace(microsecond=0)
    articles = [ArticlePageFactory(parent=section, category=category, published_at=moment) for _ in range(3)]
    keys = {key for _, _, key, *_ in documents()}
    assert len(keys) == 3
    assert found("article", newest_first=True) == sorted(articles, key=lambda item: item.pk, reverse=True)


def test_the_rebuild_command_says_how_many(article, capsys):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search")
    assert "Documents indexés : 1" in capsys.readouterr().out
    assert found("tramway") == [article]
