"""Search at /recherche/: accent-insensitive, filtered, ordered, and teaser-only."""

import datetime as dt

import pytest
from django.utils import timezone

from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory

SECRET_BODY = "Passage confidentiel réservé aux abonnés"


def _body(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def articles(home, section, category):
    other_section = SectionPageFactory(parent=home, title="Derrière les décrets", slug="derriere-les-decrets")
    health = CategoryFactory(name="Santé", slug="sante")
    now = timezone.now()
    return {
        "decree": ArticlePageFactory(
            parent=other_section,
            category=health,
            title="Un décret modifie le régime des médecins",
            lead="Le Conseil des ministres adopte le décret 1329-2022.",
            body=_body(SECRET_BODY),
            published_at=now - dt.timedelta(days=40),
        ),
        "budget": ArticlePageFactory(
            parent=section,
            category=category,
            title="Budget du numérique : les crédits augmentent",
            lead="Le ministre dépose les crédits de la Cybersécurité.",
            body=_body(SECRET_BODY + " décret secret"),
            published_at=now - dt.timedelta(days=2),
        ),
        "recent_decree": ArticlePageFactory(
            parent=section,
            category=category,
            title="Nouveau décret sur les données ouvertes",
            lead="Les données ouvertes seront publiées d'office.",
            body=_body(SECRET_BODY),
            published_at=now - dt.timedelta(days=1),
        ),
    }


def titles(response) -> list[str]:
    return [article.title for article in response.context["results"]]


def test_accents_do_not_matter(client, articles):
    with_accent = titles(client.get("/recherche/", {"q": "décret"}))
    without_accent = titles(client.get("/recherche/", {"q": "decret"}))
    upper = titles(client.get("/recherche/", {"q": "DÉCRET"}))
    assert articles["decree"].title in with_accent
    assert articles["recent_decree"].title in with_accent
    assert sorted(with_accent) == sorted(without_accent) == sorted(upper)


def test_results_never_show_body_text(client, staff, articles):
    client.force_login(staff)
    html = client.get("/recherche/", {"q": "décret"}).content.decode()
    assert articles["decree"].title in html
    assert articles["budget"].title in html, "found through its body"
    assert articles["decree"].lead in html
    assert SECRET_BODY not in html


def test_filter_by_rubrique(client, articles):
    found = titles(client.get("/recherche/", {"q": "décret", "rubrique": "derriere-les-decrets"}))
    assert found == [articles["decree"].title]


def test_filter_by_category(client, articles):
    found = titles(client.get("/recherche/", {"q": "décret", "categorie": "cybersecurite-numerique"}))
    assert articles["decree"].title not in found
    assert articles["recent_decree"].title in found


def test_filter_by_date_range(client, staff, articles):
    today = timezone.localdate()
    dates = {"du": (today - dt.timedelta(days=10)).isoformat(), "au": today}
    # Outsiders match teasers only; "budget" has the word in its body alone.
    assert titles(client.get("/recherche/", {"q": "décret", **dates})) == [articles["recent_decree"].title]
    client.force_login(staff)
    found = titles(client.get("/recherche/", {"q": "décret", **dates}))
    assert sorted(found) == sorted([articles["recent_decree"].title, articles["budget"].title])


def test_newest_first(client, articles):
    found = titles(client.get("/recherche/", {"q": "décret", "tri": "recent"}))
    assert found.index(articles["recent_decree"].title) < found.index(articles["decree"].title)


def test_filters_without_query_list_articles_newest_first(client, articles):
    found = titles(client.get("/recherche/", {"categorie": "cybersecurite-numerique"}))
    assert found == [articles["recent_decree"].title, articles["budget"].title]


@pytest.mark.parametrize(
    "params",
    [
        {"du": "pas-une-date"},
        {"du": "2024-05-01", "au": "2024-01-01"},
        {"categorie": "inexistante"},
        {"rubrique": "inconnue"},
        {"tri": "n'importe"},
        {"q": "x" * 500},
        {"q": "\x00décret"},
        {"q": 'AND OR NOT ( ) " * :'},
        {"page": "9999"},
        {"page": "abc", "q": "décret"},
    ],
)
def test_bad_input_gets_a_page_not_an_error(client, articles, params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200


def test_unreadable_query_explains_itself(client, articles):
    html = client.get("/recherche/", {"du": "2024-05-01", "au": "2024-01-01"}).content.decode()
    assert "La date de fin doit suivre la date de début." in html


def test_empty_search_shows_the_form(client, articles):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert response.context["results"] is None
