"""The search language means the same on SQLite and PostgreSQL: a table of queries over a fixed corpus.

CI runs this module on both databases; each row states what a reader without the
full text (public words only) and a reader with it find.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory
from courrier.newsroom.search import SiteSearch
from courrier.newsroom.search_language import parse_query
from courrier.parliament.factories import DecreeFactory, MinistryFactory


def _body(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def corpus(home):
    section = SectionPageFactory(parent=home, title="Rubrique neutre", slug="rubrique-neutre")
    category = CategoryFactory(name="Affaires courantes", slug="affaires-courantes")
    now = timezone.now()

    def article(name: str, days: int, title: str, lead: str, body: str):
        return name, ArticlePageFactory(
            parent=section,
            category=category,
            title=title,
            lead=lead,
            body=_body(body),
            published_at=now - dt.timedelta(days=days),
        )

    # name: (days ago, title, lead, body)
    texts = {
        "A": (1, "Le décret sur les municipalités", "Québec revoit le régime municipal.", "Projet de loi 15 adopté."),
        "B": (2, "Projet de loi sur la santé", "Le ministre dépose un projet de loi.", "Les médecins s'y opposent."),
        "C": (3, "Hydro-Québec hausse ses tarifs", "Le gouvernement approuve la hausse.", "Loi sur le projet d'Hydro."),
        "D": (4, "Les décrets de nomination", "Trois nominations au conseil.", "Le gouvernement nomme des juges."),
        "E": (5, "Œuvre d'art public", "Une oeuvre pour l'Assemblée.", "Rien de plus."),
    }  # fmt: skip
    found = dict(article(name, *text) for name, text in texts.items())
    found["X"] = DecreeFactory(
        number=812,
        year=2026,
        published=True,
        title="Concernant la nomination d'un juge",
        full_text="IL EST ORDONNÉ que le gouvernement du Québec nomme un juge.",
        ministries=[MinistryFactory(name="Ministère de la Justice", acronym="MJQ")],
    )
    return found


def _names(corpus: dict, results: list) -> set[str]:
    by_object = {(type(item).__name__, item.pk): name for name, item in corpus.items()}
    return {by_object[(type(item).__name__, item.pk)] for item in results}


SEMANTICS = [
    # query, found by whoever searches the public words, found by whoever searches the full text
    ("décret", "ADX", "ADX"),  # a decree is named « Décret 812-2026 »
    ("decrets", "ADX", "ADX"),
    ("DÉCRETS", "ADX", "ADX"),
    ('"projet de loi"', "B", "AB"),
    ("projet loi", "B", "ABC"),
    ("projet de loi", "B", "ABC"),
    ("hydro-québec", "C", "C"),
    ("Hydro Quebec", "C", "C"),
    ("nomination", "DX", "DX"),
    ("nominations juge", "X", "DX"),
    ("nomination -juge", "D", ""),
    ('nomination -"un juge"', "D", "D"),
    ("santé OU municipalités", "AB", "AB"),
    ("santé OR tarifs", "BC", "BC"),
    ("tarifs OU santé ministre", "B", "B"),
    ("oeuvre", "E", "E"),
    ("Œuvres", "E", "E"),
    ("médecins", "", "B"),
    ("MJQ", "X", "X"),
    ("812-2026", "X", "X"),
    ("-décret", "", ""),
    ("le", "ABCD", "ABCDX"),
    ("de gouvernement", "C", "CDX"),
    ("zzzz", "", ""),
]


@pytest.mark.parametrize(("query", "public", "full"), SEMANTICS, ids=[row[0] for row in SEMANTICS])
def test_the_query_language_finds_the_same_on_every_database(corpus, query, public, full):
    assert _names(corpus, SiteSearch(text=query)[:20]) == set(public), "public words only"
    assert _names(corpus, SiteSearch(text=query, full_text=True)[:20]) == set(full), "full text"


def test_words_in_the_teaser_rank_above_words_in_the_body(corpus):
    found = SiteSearch(text="gouvernement", full_text=True)[:20]
    assert found[0] == corpus["C"], "in the lead"
    assert set(found[1:]) == {corpus["D"], corpus["X"]}, "in the body or text"


def test_newest_first_follows_publication(corpus):
    found = SiteSearch(text="projet OU décret OU nomination", newest_first=True, articles=True, decrees=False)[:20]
    assert found == [corpus["A"], corpus["B"], corpus["D"]]


HOSTILE = [
    '"projet de',
    '"',
    '""',
    "-",
    "--",
    "OU",
    "OU OR OU",
    "santé OU",
    "OU santé",
    "-santé OU -loi",
    "NEAR(projet loi)",
    "projet NEAR loi",
    "* ^ : ( ) { } + ~",
    "projet* ^loi col:loi",
    "AND OR NOT",
    "x" * 300,
    " ".join(["loi"] * 100),
    " ".join(f'"mot{n} projet"' for n in range(50)),
    "l'« État » — 100 % ; 1,5 $ & <b>",
    "\u200b\u0301\ufeff",
    "日本語 العربية",
    "'; DROP TABLE newsroom_searchdocument; --",
]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("full_text", [False, True])
@pytest.mark.parametrize("newest_first", [False, True])
def test_hostile_queries_never_raise(corpus, query, full_text, newest_first):
    search = SiteSearch(text=query, full_text=full_text, newest_first=newest_first)
    search.count()
    assert isinstance(search[:20], list)
    assert search.facets is not None


def test_a_query_keeps_a_bounded_number_of_terms():
    query = parse_query(" ".join(f"mot{n}" for n in range(100)) + " " + " ".join(f"-autre{n}" for n in range(100)))
    assert len(query.groups) + len(query.excluded) <= 12


def test_exclusions_alone_find_nothing():
    assert parse_query("-budget -santé").is_empty
