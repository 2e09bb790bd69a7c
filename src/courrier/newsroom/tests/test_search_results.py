"""/recherche/ counts exactly up to a limit and says « plus de » beyond, pages and narrows by facets, in a fixed
number of queries; whoever may not read the bodies gets counts and facets that never depend on them."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courrier.licensing.factories import ReaderFactory
from courrier.newsroom import search, views
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory
from courrier.parliament.factories import DecreeFactory

LIMIT = 3
BODY_WORD = "ornithorynque"


def _body(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture(autouse=True)
def small_limit(monkeypatch):
    monkeypatch.setattr(search, "RESULT_LIMIT", LIMIT)
    monkeypatch.setattr(views, "RESULT_LIMIT", LIMIT)


@pytest.fixture
def sections(home):
    return [
        SectionPageFactory(parent=home, title="Rubrique une", slug="rubrique-une"),
        SectionPageFactory(parent=home, title="Rubrique deux", slug="rubrique-deux"),
    ]


@pytest.fixture
def categories(db):
    return [CategoryFactory(name="Santé", slug="sante"), CategoryFactory(name="Justice", slug="justice")]


def add_articles(sections, categories, count: int, *, title: str = "Tramway", body: str = "rien", start: int = 0):
    now = timezone.now()
    return [
        ArticlePageFactory(
            parent=sections[number % 2],
            category=categories[number % 2],
            title=f"{title} {number}",
            body=_body(body),
            published_at=now - dt.timedelta(days=400 * number),
        )
        for number in range(start, start + count)
    ]


def page(client, **params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return response, html.unescape(response.content.decode())


def test_the_count_is_exact_up_to_the_limit(client, sections, categories):
    add_articles(sections, categories, LIMIT)
    _, text = page(client, q="tramway")
    assert f"{LIMIT} articles trouvés" in text
    assert "Plus de" not in text


def test_beyond_the_limit_the_count_says_more_and_pages_stop_there(client, sections, categories):
    articles = add_articles(sections, categories, LIMIT + 2)
    response, text = page(client, q="tramway", contenu="articles")
    assert f"Plus de {LIMIT} articles trouvés" in text
    assert response.context["results"].paginator.count == LIMIT
    _, mixed = page(client, q="tramway")
    assert f"Plus de {LIMIT} articles et décrets trouvés" in mixed
    last, _ = page(client, q="tramway", page="9999")
    assert list(last.context["results"]) == articles[:LIMIT], "the newest matches, the reachable ones"


def test_most_relevant_first_ranks_the_newest_matches_beyond_the_limit(client, sections, categories):
    articles = add_articles(sections, categories, LIMIT + 2)
    found = list(page(client, q="tramway")[0].context["results"])
    assert sorted(found, key=lambda article: article.pk) == articles[:LIMIT]


def test_facets_count_rubriques_categories_and_years_and_narrow_the_search(client, sections, categories):
    articles = add_articles(sections, categories, LIMIT)
    response, text = page(client, q="tramway")
    facets = response.context["facets"]
    assert {(link.label, link.count) for link in facets.sections} == {("Rubrique une", 2), ("Rubrique deux", 1)}
    assert {(link.label, link.count) for link in facets.categories} == {("Santé", 2), ("Justice", 1)}
    years = {timezone.localtime(article.published_at).year for article in articles}
    assert {int(link.label) for link in facets.years} == years
    assert "Rubriques" in text
    narrowed = client.get("/recherche/" + html.unescape(facets.sections[0].url))
    assert [article.title for article in narrowed.context["results"]] == ["Tramway 0", "Tramway 2"]
    assert not narrowed.context["facets"].sections, "the rubrique chosen is not offered again"
    year = facets.years[-1]
    by_year = client.get("/recherche/" + html.unescape(year.url))
    assert len(by_year.context["results"]) == year.count


def test_beyond_the_limit_facets_say_they_count_the_newest(client, sections, categories):
    add_articles(sections, categories, LIMIT + 1)
    response, text = page(client, q="tramway")
    assert sum(link.count for link in response.context["facets"].sections) == LIMIT
    assert f"Parmi les {LIMIT} résultats les plus récents" in text


def test_decrees_have_a_year_facet(client, db):
    DecreeFactory(number=90, year=2026, published=True, title="Concernant le tramway")
    facets = page(client, q="tramway")[0].context["facets"]
    assert [(link.label, link.count) for link in facets.years] == [("2026", 1)]
    assert not facets.sections
    assert not facets.categories


# The paywall: counts and facets for whoever may not read the bodies


def test_counts_and_facets_never_depend_on_body_text_for_outsiders(client, sections, categories, staff):
    add_articles(sections, categories, LIMIT, title="Tramway")
    add_articles(sections, categories, 2, title="Autre chose", body=f"tramway {BODY_WORD}", start=LIMIT)
    outsider, text = page(client, q="tramway")
    assert f"{LIMIT} articles trouvés" in text, "the body-only matches are not counted"
    assert sum(link.count for link in outsider.context["facets"].sections) == LIMIT
    client.force_login(staff)
    _, text = page(client, q="tramway")
    assert f"Plus de {LIMIT} articles et décrets trouvés" in text


def test_a_body_word_yields_neither_facets_nor_count_for_outsiders(client, sections, categories):
    add_articles(sections, categories, 2, body=BODY_WORD)
    response, text = page(client, q=BODY_WORD)
    assert not response.context["facets"]
    assert "trouvé" not in text


# Queries: a fixed number whatever the archive's size


def queries_for(client, params: dict) -> int:
    client.get("/recherche/", params)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/recherche/", params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("order", ["pertinence", "recent"])
def test_a_logged_in_reader_s_search_runs_a_fixed_number_of_queries(client, settings, sections, categories, order):
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(ReaderFactory())
    params = {"q": "tramway OU décret", "tri": order}
    add_articles(sections, categories, 2)
    DecreeFactory(number=91, year=2026, published=True, title="Concernant le tramway")
    small = queries_for(client, params)
    add_articles(sections, categories, 12, start=2)
    for number in range(5):
        DecreeFactory(number=100 + number, year=2026, published=True, title="Un décret")
    large = queries_for(client, params)
    # PostgreSQL searches the recent years first and stops once enough match: never more queries than a
    # small archive's (at most three searches of the index, one ranking, the teasers of one page).
    assert large <= small
    assert small <= 16
