"""A reading link opens the articles of what it was sent with, and nothing else — not a decree that happens to
share an article's id."""

from __future__ import annotations

import datetime
import html

import pytest

from courrier.editions import actions
from courrier.editions.models import Publication
from courrier.licensing.entitlements import make_reading_token
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory
from courrier.parliament.factories import DecreeFactory

pytestmark = pytest.mark.django_db

SECRET = "IL EST ORDONNÉ, sur la recommandation du ministre, QUE le texte intégral reste réservé."
BODY = "le ministre précise le calendrier"  # in the factory's body


def test_an_edition_link_opens_its_article_but_not_a_decree_with_the_same_id(client, section, category):
    article = ArticlePageFactory(parent=section, category=category, title="Le budget")
    decree = DecreeFactory(id=article.pk, published=True, full_text=SECRET)
    edition = actions.open_edition(
        publication=Publication.objects.get(key="lcp-lag"), date=datetime.date(2026, 12, 1), articles=[article]
    )
    reader = ReaderFactory(organization=make_subscriber())
    token = make_reading_token(reader, f"edition:{edition.pk}")

    article_page = client.get(f"{article.url}?lien={token}").content.decode()
    decree_page = html.unescape(client.get(f"{decree.get_absolute_url()}?lien={token}").content.decode())

    assert BODY in article_page
    assert decree.title in decree_page and "IL EST ORDONNÉ" not in decree_page
