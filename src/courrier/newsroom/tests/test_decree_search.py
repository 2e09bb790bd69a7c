"""Decrees in /recherche/: found with articles by number in any form and by title words, shown as public facts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from courrier.parliament.models import Decree

FULL_TEXT = "ATTENDU QUE le régime doit être revu; IL EST ORDONNÉ QUE le chinchilla soit protégé."


@pytest.fixture
def decrees(db):
    health = MinistryFactory(name="Ministère de la Santé et des Services sociaux", acronym="MSSS")
    issue = GazetteIssueFactory(volume=158, number=5, published_on=datetime.date(2026, 2, 4))
    published = datetime.datetime(2026, 2, 4, 5, 1, tzinfo=datetime.UTC)
    return {
        "drugs": DecreeFactory(
            number=1329, year=2022, made_on=datetime.date(2022, 6, 29), published_at=published,
            title="Règlement modifiant le Règlement sur le régime général d'assurance médicaments",
            full_text=FULL_TEXT, gazette_issue=issue, page=401, ministries=[health],
        ),
        "other_year": DecreeFactory(
            number=1329, year=2023, made_on=datetime.date(2023, 6, 28), published_at=published,
            title="Concernant la nomination d'un juge", ministries=[health],
        ),
        "unpublished": DecreeFactory(
            number=77, year=2026, title="Règlement sur l'assurance médicaments encore en saisie",
            full_text=FULL_TEXT, ministries=[health],
        ),
    }  # fmt: skip


@pytest.fixture
def article(home, category):
    section = SectionPageFactory(parent=home, title="Derrière les décrets", slug="derriere-les-decrets")
    return ArticlePageFactory(
        parent=section,
        category=category,
        title="Assurance médicaments : ce que change le décret 1329-2022",
        lead="Le Conseil des ministres revoit le régime.",
        published_at=timezone.now() - datetime.timedelta(days=3),
    )


def results(client, **params) -> list:
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return list(response.context["results"])


def numbers(found: list) -> list[str]:
    return [item.formatted_number for item in found if isinstance(item, Decree)]


@pytest.mark.parametrize("query", ["1329-2022", "1329-22", "décret 1329-2022", "Décret no 1329–2022", "n° 1329 - 22"])  # noqa: RUF001
def test_a_decree_is_found_by_its_number_in_any_form(client, decrees, article, query):
    found = results(client, q=query)
    assert numbers(found) == ["1329-2022"]
    assert article in found, "articles naming the number come along"


def test_a_bare_number_finds_that_number_in_every_year(client, decrees):
    assert sorted(numbers(results(client, q="1329"))) == ["1329-2022", "1329-2023"]


@pytest.mark.parametrize("query", ["assurance médicaments", "ASSURANCE MEDICAMENTS", "régime général"])
def test_a_decree_is_found_by_the_words_of_its_title_with_articles(client, decrees, article, query):
    found = results(client, q=query)
    assert "1329-2022" in numbers(found)
    assert "77-2026" not in numbers(found), "unpublished"
    if "général" not in query:
        assert article in found


def test_a_decree_teaser_shows_its_public_facts_and_links_its_page(client, decrees):
    html = client.get("/recherche/", {"q": "1329-2022"}).content.decode()
    assert "Décret 1329-2022" in html
    assert 'href="/decrets/2022/1329/"' in html
    assert "29 juin 2022" in html
    assert "MSSS" in html
    assert "Gazette officielle du 4 février 2026, page 401" in html
    assert "1 décret trouvé" in html


def test_the_count_says_how_many_of_each(client, decrees, article):
    html = client.get("/recherche/", {"q": "assurance médicaments"}).content.decode()
    assert "1 article et 1 décret trouvés" in html


@pytest.mark.parametrize(("kind", "expected"), [("decrets", ["1329-2022"]), ("articles", [])])
def test_the_content_filter_narrows_to_one_kind(client, decrees, article, kind, expected):
    found = results(client, q="1329-2022", contenu=kind)
    assert numbers(found) == expected
    assert (article in found) is (kind == "articles")


def test_a_rubrique_or_category_narrows_to_articles(client, decrees, article):
    assert numbers(results(client, q="1329-2022", rubrique="derriere-les-decrets")) == []
    assert numbers(results(client, q="1329-2022", categorie=article.category.slug)) == []


def test_without_words_the_decrees_filter_lists_the_latest_published(client, decrees):
    assert sorted(numbers(results(client, contenu="decrets"))) == ["1329-2022", "1329-2023"]


def test_dates_filter_decrees_by_their_publication(client, decrees, article):
    found = results(client, q="1329", du="2026-02-01", au="2026-02-10")
    assert sorted(numbers(found)) == ["1329-2022", "1329-2023"]
    assert numbers(results(client, q="1329", du="2026-03-01")) == []


def test_newest_first_mixes_articles_and_decrees_by_publication(client, decrees, article):
    found = results(client, q="1329", tri="recent")
    assert found[0] == article
    assert numbers(found) == ["1329-2023", "1329-2022"] or numbers(found) == ["1329-2022", "1329-2023"]


def test_a_word_of_the_text_finds_the_decree_for_readers_but_never_shows_the_text(client, staff, decrees):
    assert numbers(results(client, q="chinchilla")) == [], "outsiders search the public facts only"
    client.force_login(staff)
    response = client.get("/recherche/", {"q": "chinchilla"})
    html = response.content.decode()
    assert numbers(list(response.context["results"])) == ["1329-2022"]
    assert "le chinchilla soit protégé" not in html
    assert "ATTENDU" not in html


def test_search_with_decrees_runs_a_fixed_number_of_queries(client, settings, decrees, article):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/recherche/", {"q": "1329"})
    with CaptureQueriesContext(connection) as few:
        client.get("/recherche/", {"q": "1329"})
    for number in range(12):
        DecreeFactory(number=1329, year=2000 + number, made_on=datetime.date(2000 + number, 3, 1), published=True)
    client.get("/recherche/", {"q": "1329"})  # warm the caches the new decrees invalidated
    with CaptureQueriesContext(connection) as many:
        response = client.get("/recherche/", {"q": "1329"})
    assert len(response.context["results"]) == 15, "14 decrees and the article"
    assert len(many) == len(few), "\n".join(q["sql"][:200] for q in many.captured_queries)


def test_the_word_decret_finds_the_decrees_by_their_label(client, decrees, article):
    """« Décret 1329-2022 » is how a decree is named: the word finds every published decree, with the articles."""
    found = results(client, q="décret")
    assert sorted(numbers(found)) == ["1329-2022", "1329-2023"]
    assert article in found


@pytest.mark.parametrize("query", ["1329 2022", "décret 1329 2022", "Décret 1329"])
def test_a_number_and_year_apart_or_a_number_after_the_word_find_the_decree(client, decrees, query):
    assert "1329-2022" in numbers(results(client, q=query))
