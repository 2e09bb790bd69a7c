"""The archive: browse by month and by category, teasers only."""

import datetime as dt

import pytest
from django.utils import timezone

from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory

MONTREAL = timezone.get_default_timezone()


@pytest.fixture
def archive(section, category):
    justice = CategoryFactory(name="Justice", slug="justice")
    return {
        "march": ArticlePageFactory(
            parent=section,
            category=category,
            title="Article de mars",
            published_at=dt.datetime(2024, 3, 31, 23, 30, tzinfo=MONTREAL),
        ),
        "april": ArticlePageFactory(
            parent=section,
            category=justice,
            title="Article d'avril",
            published_at=dt.datetime(2024, 4, 1, 0, 15, tzinfo=MONTREAL),
        ),
    }


def test_index_lists_months_with_counts(client, archive):
    html = client.get("/archives/").content.decode()
    assert "/archives/2024/3/" in html
    assert "/archives/2024/4/" in html
    assert "Justice" in html


def test_month_boundaries_follow_montreal_time(client, archive):
    march = [a.title for a in client.get("/archives/2024/3/").context["articles"]]
    april = [a.title for a in client.get("/archives/2024/4/").context["articles"]]
    assert march == ["Article de mars"]
    assert april == ["Article d'avril"]


def test_category_page_lists_its_articles(client, archive):
    response = client.get("/categories/justice/")
    assert [a.title for a in response.context["articles"]] == ["Article d'avril"]
    assert "Texte réservé aux abonnés" not in response.content.decode()


@pytest.mark.parametrize("url", ["/archives/1800/1/", "/archives/2024/13/", "/archives/2024/0/", "/categories/nope/"])
def test_impossible_archive_pages_are_not_found(client, archive, url):
    assert client.get(url).status_code == 404


def test_new_article_appears_in_archive_index(client, section, category, archive):
    client.get("/archives/")
    ArticlePageFactory(
        parent=section, category=category, published_at=dt.datetime(2023, 1, 10, 9, tzinfo=MONTREAL)
    ).save_revision().publish()
    assert "/archives/2023/1/" in client.get("/archives/").content.decode()


def test_draft_articles_stay_out_of_listings(client, section, category):
    draft = ArticlePageFactory(parent=section, category=category, title="Brouillon secret", live=False)
    assert client.get(draft.url or "/message-du-gouvernement/" + draft.slug + "/").status_code == 404
    for url in ("/", section.url, "/recherche/?q=brouillon", "/categories/cybersecurite-numerique/"):
        assert "Brouillon secret" not in client.get(url).content.decode(), url


def test_related_articles_are_the_latest_others_in_the_category(client, section, category):
    older = ArticlePageFactory(
        parent=section, category=category, title="Plus ancien", published_at=timezone.now() - dt.timedelta(days=3)
    )
    article = ArticlePageFactory(parent=section, category=category, title="Principal")
    response = client.get(article.url)
    html = response.content.decode()
    assert "À lire aussi dans Cybersécurité-Numérique" in html
    assert older.title in html
    assert [a.title for a in response.context["related"]] == ["Plus ancien"]


def test_remembered_totals_follow_publication(client, reader, section, category):
    client.force_login(reader)  # past the shared copies: the count itself is what is remembered
    for number in range(20):
        ArticlePageFactory(parent=section, category=category, title=f"Article {number}")
    assert "Page 1 de 2" not in client.get(section.url).content.decode()
    ArticlePageFactory(parent=section, category=category, title="Le vingt et unième").save_revision().publish()
    assert "Page 1 de 2" in client.get(section.url).content.decode()
    assert "Page 1 de 2" in client.get(f"/categories/{category.slug}/").content.decode()
