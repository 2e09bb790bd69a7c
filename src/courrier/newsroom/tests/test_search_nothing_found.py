"""When /recherche/ finds nothing, it says so of what was searched: articles, decrees, or both."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "ornithorynque"}, "Aucun article ni décret ne correspond à votre recherche."),
        ({"q": "ornithorynque", "contenu": "articles"}, "Aucun article ne correspond à votre recherche."),
        ({"q": "ornithorynque", "contenu": "decrets"}, "Aucun décret ne correspond à votre recherche."),
        (
            {"du": "2001-01-01", "au": "2001-01-31", "contenu": "decrets"},
            "Aucun décret ne correspond à votre recherche.",
        ),
        ({"du": "2001-01-01", "au": "2001-01-31"}, "Aucun article ne correspond à votre recherche."),
    ],
    ids=["words", "words-in-articles", "words-in-decrees", "dates-in-decrees", "dates"],
)
def test_the_empty_page_names_what_was_searched(client, home, params, message):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    assert f"<p>{message}</p>" in response.content.decode().replace("&#x27;", "'")


def test_the_empty_page_speaks_english_too(client, home, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(settings.LANGUAGE_CODE):  # the request leaves English active in this thread
        response = client.get("/recherche/", {"q": "ornithorynque"})
    assert "No article or order in council matches your search." in response.content.decode()
