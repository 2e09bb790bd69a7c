"""The article page shows the body to staff only; everyone else gets the teaser and the licence message."""

import pytest

from courrier.newsroom.factories import ArticlePageFactory

BODY = "Texte réservé aux abonnés"
LICENCE_MESSAGE = "Désolé, pour naviguer dans notre site, il faut détenir une licence/abonnement."


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Gouvernement ouvert : lancement")


def test_anonymous_reader_sees_teaser_and_licence_message(client, article):
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert article.title in html
    assert article.lead in html
    assert "Cybersécurité-Numérique" in html
    assert "Message DU gouvernement" in html
    assert LICENCE_MESSAGE in html
    assert BODY not in html
    assert "Cabinet du ministre" not in html


def test_logged_in_reader_without_licence_sees_teaser(client, reader, article):
    client.force_login(reader)
    html = client.get(article.url).content.decode()
    assert BODY not in html
    assert LICENCE_MESSAGE in html


def test_staff_reads_the_whole_article(client, staff, article):
    client.force_login(staff)
    response = client.get(article.url)
    html = response.content.decode()
    assert BODY in html
    assert "Nous agissons maintenant." in html
    assert "SOURCE Cabinet du ministre des Finances" in html
    assert LICENCE_MESSAGE not in html
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_response_varies_on_cookie(client, article):
    assert "Cookie" in client.get(article.url)["Vary"]
