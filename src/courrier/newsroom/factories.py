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
