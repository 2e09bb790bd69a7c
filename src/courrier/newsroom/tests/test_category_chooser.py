"""The article editor's category chooser: searchable by name, accents and case aside, in French order."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from courrier.newsroom.factories import CategoryFactory
from courrier.newsroom.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(db):
    for name, slug in (("Travail", "travail"), ("Économie", "economie"), ("Santé", "sante"), ("Énergie", "energie")):
        CategoryFactory(name=name, slug=slug)


def chosen_names(response) -> list[str]:
    return re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*<", response.content.decode())


def results_url() -> str:
    return reverse(Category.snippet_viewset.chooser_viewset.get_url_name("choose_results"))


def test_typing_a_name_without_accents_finds_it(client, staff, categories):
    client.force_login(staff)
    response = client.get(results_url(), {"q": "economie"})
    assert response.status_code == 200
    assert chosen_names(response) == ["Économie"]
    assert chosen_names(client.get(results_url(), {"q": "SANTÉ"})) == ["Santé"]


def test_categories_are_listed_in_french_order(client, staff, categories):
    client.force_login(staff)
    names = chosen_names(client.get(results_url()))
    assert names.index("Économie") < names.index("Énergie") < names.index("Santé") < names.index("Travail")


def test_the_modal_offers_a_search_box(client, staff, categories):
    client.force_login(staff)
    url = reverse(Category.snippet_viewset.chooser_viewset.get_url_name("choose"))
    html = client.get(url).json()["html"]
    assert 'name="q"' in html
