"""French first, whatever the browser says; English when the reader chooses it."""

import pytest


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "fr-CA", ""])
def test_french_by_default_whatever_the_browser(client, home, accept):
    response = client.get("/publications/", HTTP_ACCEPT_LANGUAGE=accept)
    assert "Nos publications" in response.content.decode()
    assert response["Content-Language"] == "fr-ca"


def test_reader_switches_to_english_and_back(client, home):
    response = client.get("/langue/en/", {"next": "/publications/"})
    assert response.status_code == 302
    assert response["Location"] == "/publications/"
    html = client.get("/publications/").content.decode()
    assert "Our publications" in html
    assert '<html lang="en">' in html

    client.get("/langue/fr-ca/", {"next": "/"})
    assert "Nos publications" in client.get("/publications/").content.decode()


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client, home):
    response = client.get("/langue/de/", {"next": "https://ailleurs.example/"})
    assert response["Location"] == "/"
    assert "Nos publications" in client.get("/publications/").content.decode()


def test_licence_message_in_english(client, section, category):
    from courrier.newsroom.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=section, category=category)
    client.cookies["django_language"] = "en"
    html = client.get(article.url).content.decode()
    assert "Sorry, a licence/subscription is required to browse our site." in html


def test_footer_has_the_publishers_contact(client, home):
    html = client.get("/").content.decode()
    assert "418 640-4211" in html
    assert "editeur@courrierparlementaire.com" in html
    assert "Nous publions depuis 32 ans (dont 25 ans comme quotidien web)." in html


def test_unknown_page_is_a_french_404(client, home):
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
