"""Test factories for the newsroom's pages and categories."""

from __future__ import annotations

import datetime as dt

import factory
import wagtail_factories
from django.utils import timezone

from courrier.newsroom.models import ArticlePage, Category, HomePage, SectionPage


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Courrier parlementaire"
    slug = "accueil"


class SectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = factory.Sequence(lambda n: f"rubrique-{n}")


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article numéro {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    category = factory.SubFactory(CategoryFactory)
    lead = "Le gouvernement annonce une mesure attendue par les municipalités."
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    body = factory.LazyFunction(
        lambda: [
            ("paragraph", "<p>Texte réservé aux abonnés : le ministre précise le calendrier.</p>"),
            (
                "quote",
                {"quote": "Nous agissons maintenant.", "speaker": "Marie Lapointe", "role": "ministre des Finances"},
            ),
        ]
    )
    source = "Cabinet du ministre des Finances"


def publish_form(article: ArticlePage, *, title: str, version: int) -> dict[str, str]:
    """What the Wagtail editor posts to publish `article` as its `version`th text (lead and body say which)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    data: dict[str, str] = nested_form_data(
        {
            "title": title,
            "slug": article.slug,
            "published_at": "2026-02-04 06:30",
            "category": article.category_id,
            "edition_tag": "",
            "lead": f"Chapeau, version {version}.",
            "source": "",
            "body": streamfield([("paragraph", rich_text(f"<p>Texte, version {version}.</p>"))]),
            "decree_links": inline_formset([]),
            "action-publish": "publish",
        }
    )
    return data
