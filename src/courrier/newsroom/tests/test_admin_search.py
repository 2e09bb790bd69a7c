"""The admin's page search and page chooser: prefixes, words, relevance, facets, permissions, bounded queries."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Page

from courrier.accounts.factories import UserFactory
from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory
from courrier.newsroom.models import ArticlePage, SectionPage

SEARCH = "/admin/pages/search/results/"


@pytest.fixture
def articles(section):
    # The first is all about the budget, the second mentions it once: created first, it would come last by key.
    return [
        ArticlePageFactory(parent=section, title="Budget : ce que prévoit le budget"),
        ArticlePageFactory(parent=section, title="Le gouvernement dépose un budget de transition pour les régions"),
        ArticlePageFactory(parent=section, title="Hydro-Québec revoit ses tarifs"),
    ]


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def found(response) -> list[str]:
    return [page.title for page in response.context["object_list"]]


def test_a_title_prefix_finds_its_pages(admin_client, articles):
    assert sorted(found(admin_client.get(SEARCH, {"q": "gouv"}))) == [
        "Le gouvernement dépose un budget de transition pour les régions",
        "Message DU gouvernement",
    ]


def test_words_find_the_pages_holding_all_of_them(admin_client, articles):
    assert found(admin_client.get(SEARCH, {"q": "tarifs"})) == ["Hydro-Québec revoit ses tarifs"]
    assert found(admin_client.get(SEARCH, {"q": "budget transition"})) == [
        "Le gouvernement dépose un budget de transition pour les régions"
    ]


def test_results_come_most_relevant_first(admin_client, articles):
    assert found(admin_client.get(SEARCH, {"q": "budget"})) == [
        "Budget : ce que prévoit le budget",
        "Le gouvernement dépose un budget de transition pour les régions",
    ]


def test_an_explicit_ordering_replaces_relevance(admin_client, articles):
    assert found(admin_client.get(SEARCH, {"q": "budget", "ordering": "-title"})) == [
        "Le gouvernement dépose un budget de transition pour les régions",
        "Budget : ce que prévoit le budget",
    ]


def test_the_content_type_facet_counts_the_matches_of_each_type(admin_client, articles):
    response = admin_client.get(SEARCH, {"q": "gouvernement"})
    assert dict(response.context["content_types"]) == {
        ContentType.objects.get_for_model(ArticlePage): 1,
        ContentType.objects.get_for_model(SectionPage): 1,
    }
    narrowed = admin_client.get(SEARCH, {"q": "gouvernement", "content_type": "newsroom.sectionpage"})
    assert found(narrowed) == ["Message DU gouvernement"]


def test_later_pages_of_results_continue_the_first(admin_client, section):
    for number in range(25):
        ArticlePageFactory(parent=section, title=f"Mesures fiscales, volet {number}")
    first = found(admin_client.get(SEARCH, {"q": "fisc"}))
    second = found(admin_client.get(SEARCH, {"q": "fisc", "p": 2}))
    assert len(first) == 20
    assert len(second) == 5
    assert not set(first) & set(second)


def test_an_editor_finds_only_the_pages_they_may_explore(client, home, section, articles):
    other = SectionPageFactory(parent=home, title="Derrière les décrets", slug="derriere-les-decrets")
    ArticlePageFactory(parent=other, title="Un budget de décrets")
    editors = Group.objects.create(name="Rédaction des décrets")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors, page=other, permission=Permission.objects.get(codename="change_page")
    )
    editor = UserFactory()
    editor.groups.add(editors)
    client.force_login(editor)
    assert found(client.get(SEARCH, {"q": "budget"})) == ["Un budget de décrets"]


def test_the_search_runs_the_same_queries_however_many_pages_match(admin_client, section, django_assert_num_queries):
    ArticlePageFactory(parent=section, title="Logement social")
    admin_client.get(SEARCH, {"q": "logement"})  # warms the caches
    with CaptureQueriesContext(connection) as few:
        admin_client.get(SEARCH, {"q": "logement"})
    for number in range(12):
        ArticlePageFactory(parent=section, title=f"Logement social, épisode {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = admin_client.get(SEARCH, {"q": "logement"})
    assert len(found(response)) == 13


def test_the_page_chooser_searches_by_title(admin_client, articles):
    response = admin_client.get("/admin/choose-page/search/", {"q": "tarif"})
    assert [page.title for page in response.context["pages"]] == ["Hydro-Québec revoit ses tarifs"]


def test_search_results_carry_their_scores_on_request(articles):
    results = Page.objects.all().search("budget").annotate_score("relevance")
    pages = list(results[:2])
    assert [page.title for page in pages] == [
        "Budget : ce que prévoit le budget",
        "Le gouvernement dépose un budget de transition pour les régions",
    ]
    assert all(page.relevance is not None for page in pages)
    assert results.count() == 2


def test_relevance_and_counts_cover_the_most_recently_indexed_matches(section, settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "WINDOW": 3}}
    oldest = ArticlePageFactory(parent=section, title="Budget : le budget du budget")
    for number in range(3):
        ArticlePageFactory(parent=section, title=f"Un budget, volet {number}")
    results = Page.objects.all().autocomplete("budget")
    assert results.count() == 3
    assert dict(results.facet("content_type_id")) == {ContentType.objects.get_for_model(ArticlePage).pk: 3}
    assert oldest.title not in [page.title for page in results[:10]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index hands over every match")
def test_the_window_is_looked_for_among_the_newest_entries_first(section, settings, monkeypatch):
    from courrier.core.search_backend import ranked

    settings.WAGTAILSEARCH_BACKENDS = {"default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "WINDOW": 3}}
    ArticlePageFactory(parent=section, title="Budget : le budget du budget")
    for number in range(4):
        ArticlePageFactory(parent=section, title=f"Un budget, volet {number}")
    ArticlePageFactory(parent=section, title="Hydro-Québec revoit ses tarifs")

    def found(query: str) -> tuple[list[str], int]:
        results = Page.objects.all().search(query)
        return [page.title for page in results[:10]], results.count()

    whole_index = {query: found(query) for query in ["budget", "tarifs", "nomination"]}
    monkeypatch.setattr(ranked, "SPANS", (4, 6))
    with CaptureQueriesContext(connection) as captured:
        assert {query: found(query) for query in whole_index} == whole_index
    assert any('"wagtailsearch_indexentry"."id" >' in query["sql"] for query in captured)
    assert whole_index["budget"][1] == 3
