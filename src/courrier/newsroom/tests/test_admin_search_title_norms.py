"""Indexing a page sets the title norms of its own entry only, against the recent titles' average."""

import pytest
from django.db.models.functions import Length
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from courrier.core.search_backend import title_norms
from courrier.newsroom.factories import ArticlePageFactory
from courrier.newsroom.models import ArticlePage

pytestmark = pytest.mark.django_db


def entry_of(article: ArticlePage) -> IndexEntry:
    return IndexEntry.objects.annotate(title_length=Length("title")).get(object_id=str(article.pk))


def average_title_length(entries) -> float:
    lengths = [entry.title_length for entry in entries if entry.title_length]
    return sum(lengths) / len(lengths)


def test_a_published_page_gets_the_norm_of_its_title(section):
    ArticlePageFactory(parent=section, title="Le budget")
    article = ArticlePageFactory(parent=section, title="Le gouvernement dépose un budget de transition")
    get_search_backend().add(article)

    entry = entry_of(article)
    average = average_title_length(IndexEntry.objects.annotate(title_length=Length("title")))
    assert entry.title_norm == pytest.approx(average / entry.title_length)
    assert entry.title_norm != 1.0


def test_indexing_a_page_leaves_the_other_entries_norms_alone(section):
    first = ArticlePageFactory(parent=section, title="Le budget")
    get_search_backend().add(first)
    # A norm that happens to be 1.0 is not taken for a new entry's (modelsearch rewrote every such entry).
    IndexEntry.objects.filter(object_id=str(first.pk)).update(title_norm=1.0)

    get_search_backend().add(ArticlePageFactory(parent=section, title="Hydro-Québec revoit ses tarifs"))

    assert entry_of(first).title_norm == 1.0


def test_the_average_is_the_recent_entries(section, monkeypatch):
    monkeypatch.setattr(title_norms, "SAMPLE", 2)
    ArticlePageFactory(parent=section, title="Une très, très longue histoire de budget qui n'en finit plus")
    recent = [ArticlePageFactory(parent=section, title=title) for title in ["Le budget", "Les tarifs"]]
    get_search_backend().add(recent[-1])

    newest = IndexEntry.objects.annotate(title_length=Length("title")).order_by("-pk")[:2]
    entry = entry_of(recent[-1])
    assert entry.title_norm == pytest.approx(average_title_length(newest) / entry.title_length)


def test_a_rebuild_still_sets_every_norm(section):
    articles = [ArticlePageFactory(parent=section, title=title) for title in ["Le budget", "Les tarifs d'Hydro"]]
    IndexEntry.objects.update(title_norm=1.0)

    backend = get_search_backend()
    index = backend.get_index_for_model(ArticlePage)
    index._refresh_title_norms(full=True)

    assert all(entry_of(article).title_norm != 1.0 for article in articles)
