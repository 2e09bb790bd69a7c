"""Names in French order on both databases: accents after their letter, case ignored."""

from __future__ import annotations

import pytest

from courrier.core.collation import French, french_key
from courrier.newsroom.factories import CategoryFactory
from courrier.newsroom.models import Category
from courrier.parliament.factories import MemberFactory, MinistryFactory
from courrier.parliament.models import Member, Ministry


def test_the_key_puts_accents_after_their_letter_and_ignores_case():
    names = ["Travail", "économie", "Éducation", "Énergie", "Agriculture", "eau", "Zèbre"]
    assert sorted(names, key=french_key) == [
        "Agriculture",
        "eau",
        "économie",
        "Éducation",
        "Énergie",
        "Travail",
        "Zèbre",
    ]


@pytest.mark.django_db
def test_categories_in_french_order():
    for name, slug in (("Travail", "travail"), ("Économie", "economie"), ("Agriculture", "agriculture")):
        CategoryFactory(name=name, slug=slug)

    assert [category.name for category in Category.objects.all()] == ["Agriculture", "Économie", "Travail"]


@pytest.mark.django_db
def test_members_and_ministries_in_french_order(client, home):
    MemberFactory(first_name="Luc", last_name="Brunet")
    MemberFactory(first_name="Anne", last_name="Bélisle")
    MemberFactory(first_name="Paul", last_name="Bergeron")
    MinistryFactory(name="Ministère des Transports", acronym="MTMD")
    MinistryFactory(name="Ministère de l'Économie", acronym="MEIE")
    MinistryFactory(name="Ministère de l'Éducation", acronym="MEQ")

    assert [member.last_name for member in Member.objects.all()] == ["Bélisle", "Bergeron", "Brunet"]
    names = [ministry.name for ministry in Ministry.objects.order_by(French("name"))]
    assert names.index("Ministère de l'Économie") < names.index("Ministère de l'Éducation")
    assert names.index("Ministère de l'Éducation") < names.index("Ministère des Transports")
    page = client.get("/deputes/").content.decode()
    assert page.index("Bélisle") < page.index("Bergeron") < page.index("Brunet")
