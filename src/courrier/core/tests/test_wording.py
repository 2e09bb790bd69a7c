"""Names in French sentences take their article and contract with « de » and « à »; other languages get the name."""

from __future__ import annotations

import pytest
from django.utils import translation

from courrier.core.wording import of_name, to_name, with_article

CASES = [
    # name, with_article, of_name, to_name
    ("Ministère des Finances", "le Ministère des Finances", "du Ministère des Finances", "au Ministère des Finances"),
    ("Alerte Décrets", "Alerte Décrets", "d'Alerte Décrets", "à Alerte Décrets"),
    ("LCP-LAG", "LCP-LAG", "de LCP-LAG", "à LCP-LAG"),
    ("Ville de Rimouski", "la Ville de Rimouski", "de la Ville de Rimouski", "à la Ville de Rimouski"),
    ("Université Laval", "l'Université Laval", "de l'Université Laval", "à l'Université Laval"),
    (
        "Institut de la statistique",
        "l'Institut de la statistique",
        "de l'Institut de la statistique",
        "à l'Institut de la statistique",
    ),
    (
        "Secrétariat du Conseil du trésor",
        "le Secrétariat du Conseil du trésor",
        "du Secrétariat du Conseil du trésor",
        "au Secrétariat du Conseil du trésor",
    ),
    (
        "Fédération des chambres de commerce du Québec",
        "la Fédération des chambres de commerce du Québec",
        "de la Fédération des chambres de commerce du Québec",
        "à la Fédération des chambres de commerce du Québec",
    ),
    ("Hydro-Québec", "Hydro-Québec", "d'Hydro-Québec", "à Hydro-Québec"),
    ("Le Devoir", "Le Devoir", "du Devoir", "au Devoir"),
    ("Isabelle Morin", "Isabelle Morin", "d'Isabelle Morin", "à Isabelle Morin"),
    (
        "Cette semaine au Parlement",
        "Cette semaine au Parlement",
        "de Cette semaine au Parlement",
        "à Cette semaine au Parlement",
    ),
]


@pytest.mark.parametrize(("name", "article", "of", "to"), CASES)
def test_french_sentences_give_names_their_article(name, article, of, to):
    with translation.override("fr"):
        assert (with_article(name), of_name(name), to_name(name)) == (article, of, to)


@pytest.mark.parametrize(("name", "article", "of", "to"), CASES)
def test_english_sentences_keep_the_name(name, article, of, to):
    with translation.override("en"):
        assert with_article(name) == of_name(name) == to_name(name) == name
