"""What search engines and shares read: a canonical address, Open Graph and Twitter tags with a teaser's facts
(never a body), no indexing of a page opened through a personal reading link, and robots.txt."""

from __future__ import annotations

import re

import pytest

from courrier.licensing.entitlements import make_reading_token
from courrier.licensing.factories import ReaderFactory
from courrier.newsroom.factories import ArticlePageFactory

BODY = "Passage réservé aux abonnés du Courrier"


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(
        parent=section,
        category=category,
        title="Gouvernement ouvert : un portail de données",
        lead="Le ministre lance un portail de données ouvertes.",
        body=[("paragraph", f"<p>{BODY}</p>")],
    )


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else ""


def test_an_article_is_shared_with_its_title_lead_and_rubrique_never_its_body(client, settings, article):
    settings.SITE_URL = "https://courrierparlementaire.com"
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="https://courrierparlementaire.com{article.url}">' in html
    assert meta(html, "og:title") == "Gouvernement ouvert : un portail de données"
    assert meta(html, "og:description") == "Le ministre lance un portail de données ouvertes."
    assert meta(html, "og:type") == "article" and meta(html, "article:section") == "Message DU gouvernement"
    assert meta(html, "og:url") == f"https://courrierparlementaire.com{article.url}"
    assert meta(html, "twitter:card") == "summary"
    head = html.split("</head>")[0]
    assert BODY not in head


def test_the_canonical_address_keeps_the_page_number_and_nothing_else(client, settings, section, article):
    settings.SITE_URL = "https://courrierparlementaire.com"
    html = client.get(section.url, {"page": "2", "utm_source": "courriel"}).content.decode()
    assert f'href="https://courrierparlementaire.com{section.url}?page=2"' in html
    first = client.get(section.url, {"page": "1"}).content.decode()
    assert f'<link rel="canonical" href="https://courrierparlementaire.com{section.url}">' in first


def test_a_page_opened_through_a_reading_link_is_not_indexed(client, article):
    token = make_reading_token(ReaderFactory(), "edition")
    html = client.get(article.url, {"lien": token}).content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "lien=" not in re.search(r'<link rel="canonical" href="([^"]*)"', html).group(1)
    assert '<meta name="robots" content="noindex">' not in client.get(article.url).content.decode()


def test_robots_txt_keeps_accounts_search_and_the_admin_out(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /recherche/" in text and "Disallow: /profil/" in text
