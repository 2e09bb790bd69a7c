"""Anonymous visitors share copies of teaser pages; nobody else ever gets one."""

import pytest
from django.conf import settings

from courrier.newsroom.factories import ArticlePageFactory

BODY = "Texte réservé aux abonnés"


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Avant la mise à jour")


def test_second_anonymous_visit_is_served_from_the_shared_copy(client, article, django_assert_num_queries):
    first = client.get(article.url)
    with django_assert_num_queries(0):
        second = client.get(article.url)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Cookie" in second["Vary"]


def test_publishing_shows_at_once(client, article):
    client.get(article.url)
    client.get("/")
    article.title = "Après la mise à jour"
    article.save_revision().publish()
    assert "Après la mise à jour" in client.get(article.url).content.decode()
    assert "Après la mise à jour" in client.get("/").content.decode()


def test_unpublishing_removes_the_teaser_at_once(client, article):
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_staff_never_get_a_shared_copy_and_never_leave_one(client, staff, article):
    client.force_login(staff)
    assert BODY in client.get(article.url).content.decode()
    client.logout()
    client.cookies.clear()
    assert BODY not in client.get(article.url).content.decode()
    client.force_login(staff)
    assert BODY in client.get(article.url).content.decode()


def test_unknown_cookie_bypasses_the_shared_copy(client, article, django_assert_max_num_queries):
    client.get(article.url)
    client.cookies["messages"] = "quelque-chose"
    response = client.get(article.url)
    assert response.status_code == 200
    with django_assert_max_num_queries(30) as captured:
        client.get(article.url)
    assert len(captured) > 0


def test_languages_get_their_own_copies(client, article):
    french = client.get(article.url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(article.url).content.decode()
    assert "Désolé, pour naviguer" in french
    assert "Sorry, a licence/subscription is required" in english


def test_not_found_is_not_kept(client, home, article):
    assert client.get("/rien-ici/").status_code == 404
    assert client.get("/rien-ici/").status_code == 404
