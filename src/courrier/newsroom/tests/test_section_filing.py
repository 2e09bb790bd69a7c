"""An article records its rubrique, so a rubrique's listing reads one index; the record follows the tree."""

import importlib

import pytest
from django.db import connection
from wagtail.models import Page

from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory
from courrier.newsroom.models import ArticlePage, parent_section_id


@pytest.fixture
def other_section(home):
    return SectionPageFactory(parent=home, title="Ce qu'ils ont dit", slug="ce-quils-ont-dit")


def test_an_article_records_the_rubrique_it_is_added_under(section, category):
    article = ArticlePageFactory(parent=section, category=category)
    assert ArticlePage.objects.get(pk=article.pk).section_page_id == section.pk


def test_a_moved_article_is_listed_under_its_new_rubrique_only(client, section, other_section, category):
    article = ArticlePageFactory(parent=section, category=category, title="Article déplacé")
    article.move(other_section, pos="last-child")

    assert ArticlePage.objects.get(pk=article.pk).section_page_id == other_section.pk
    assert "Article déplacé" in client.get(other_section.url).content.decode()
    assert "Article déplacé" not in client.get(section.url).content.decode()


def test_a_copied_article_records_the_rubrique_it_is_copied_to(section, other_section, category):
    article = ArticlePageFactory(parent=section, category=category)
    copy = article.copy(to=other_section, update_attrs={"slug": "copie"})
    assert ArticlePage.objects.get(pk=copy.pk).section_page_id == other_section.pk


def test_a_new_revision_published_keeps_the_rubrique(section, category):
    article = ArticlePageFactory(parent=section, category=category)
    article.title = "Titre revu"
    article.save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).section_page_id == section.pk


def test_a_page_under_something_else_than_a_rubrique_has_none(home, section):
    assert parent_section_id(section.path) is None  # the home page is not a rubrique
    assert parent_section_id(section.path + "0001") == section.pk


def test_the_migration_fills_the_rubrique_of_existing_articles(section, other_section, category):
    first = ArticlePageFactory(parent=section, category=category)
    second = ArticlePageFactory(parent=other_section, category=category)
    ArticlePage.objects.update(section_page=None)
    migration = importlib.import_module("courrier.newsroom.migrations.0005_article_listings")

    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_SECTIONS)

    filed = dict(ArticlePage.objects.values_list("pk", "section_page_id"))
    assert filed == {first.pk: section.pk, second.pk: other_section.pk}
    assert Page.steplen == 4  # the migration's SQL counts on four characters per tree step
