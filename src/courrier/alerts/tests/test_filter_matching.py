"""The filtering matrix: ministries, categories, keywords (with and without accents), their combinations,
no filter at all — once through the masks, once end to end through publishing."""

from __future__ import annotations

import random

import pytest

from courrier.alerts.actions import publish_gazette_issue, set_decree_alert_filter
from courrier.alerts.email import AlertContent
from courrier.alerts.matching import Criteria, IssueIndex, MatchableDecree, matches, normalise, split_keywords
from courrier.alerts.models import DecreeAlertPart
from courrier.alerts.sending import start_alert
from courrier.mailing.models import Delivery

# (ministries, categories, keywords) → the decrees selected (keys of the `decrees` fixture).
MATRIX = [
    ((), (), "", {"travail", "nomination", "atmosphere", "hopital", "emploi"}),
    (("sante",), (), "", {"travail", "hopital"}),
    (("sante", "environnement"), (), "", {"travail", "atmosphere", "hopital"}),
    ((), ("regulation",), "", {"travail", "atmosphere"}),
    ((), ("appointment", "commencement"), "", {"nomination", "emploi"}),
    ((), (), "santé", {"travail"}),
    ((), (), "sante", {"travail"}),
    ((), (), "SANTÉ", {"travail"}),
    ((), (), "hopital", {"hopital"}),
    ((), (), "l'Hôpital", {"hopital"}),
    ((), (), "environnement", {"atmosphere"}),  # in the enabling statute only
    ((), (), "qualité de l\u2019environnement", {"atmosphere"}),
    ((), (), "loi", {"travail", "atmosphere", "emploi"}),  # word starts: « emploi » does not hold « loi »
    ((), (), "mines, forêts", set()),
    ((), (), " jeunes ,, mines ", {"emploi"}),
    (("finances",), ("appointment",), "", {"nomination"}),
    (("finances",), (), "jeunes", {"emploi"}),
    (("sante",), ("regulation",), "travail", {"travail"}),
    (("environnement",), ("appointment",), "", set()),
    (("finances",), ("financial_aid",), "enfant-jésus", {"hopital"}),
]


def criteria_of(ministries, chosen, categories, keywords) -> Criteria:
    return Criteria.of(ministries=[ministries[key].pk for key in chosen], categories=categories, keywords=keywords)


@pytest.fixture
def content(issue, decrees):
    return AlertContent.of(issue)


@pytest.mark.parametrize(("chosen", "categories", "keywords", "expected"), MATRIX)
def test_the_matrix(content, decrees, ministries, chosen, categories, keywords, expected):
    criteria = criteria_of(ministries, chosen, categories, keywords)
    selected = set(content.index.decree_ids(content.index.mask(criteria)))
    assert selected == {decrees[key].pk for key in expected}
    assert {decree.pk for decree in content.index.decrees if matches(decree, criteria)} == selected


def test_the_matrix_end_to_end(issue, decrees, ministries, make_reader, staff):
    readers = []
    for number, (chosen, categories, keywords, expected) in enumerate(MATRIX):
        reader = make_reader(email=f"cas{number}@mcn.gouv.qc.ca")
        set_decree_alert_filter(
            user=reader, ministries=[ministries[key] for key in chosen], categories=categories, keywords=keywords
        )
        readers.append((reader, expected))
    alert = start_alert(alert=publish_gazette_issue(issue=issue, by=staff).alert)
    variants = dict(DecreeAlertPart.objects.filter(alert=alert).values_list("variant", "decree_ids"))
    for reader, expected in readers:
        delivery = Delivery.objects.filter(user=reader, campaign=alert.campaign).first()
        received = set(variants[delivery.variant]) if delivery else set()
        assert received == {decrees[key].pk for key in expected}, reader.email


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Santé", "sante"),
        ("L'ŒUVRE d\u2019Été", "l oeuvre d ete"),
        ("Enfant-Jésus", "enfant jesus"),
        ("  S-2.1 ", "s 2 1"),
        ("Straße", "strasse"),
    ],
)
def test_normalisation(text, normalised):
    assert normalise(text) == normalised


def test_keywords_are_split_on_commas_and_kept_once():
    assert split_keywords("santé, Santé ; hydro\n, , Loi sur les mines") == ["santé", "hydro", "Loi sur les mines"]


def test_the_same_filter_chosen_in_any_order_has_one_signature():
    first = Criteria.of(ministries=[3, 1], categories=["regulation", "appointment"], keywords="Santé, hydro")
    second = Criteria.of(ministries=[1, 3], categories=["appointment", "regulation"], keywords="hydro,sante")
    assert first.signature == second.signature
    assert Criteria.from_json(first.as_json()) == first
    assert Criteria.of(ministries=[1]).signature != first.signature


def test_masks_agree_with_the_rule_on_random_filters():
    generator = random.Random(5)
    words = ["sante", "loi", "hydro", "nomination", "reglement", "quebec", "mines", "ecole"]
    decrees = [
        MatchableDecree(
            pk=pk,
            ministries=frozenset(generator.sample(range(1, 9), generator.randint(1, 2))),
            category=generator.choice(["regulation", "appointment", "other"]),
            title=" ".join(generator.sample(words, 3)),
        )
        for pk in range(1, 121)
    ]
    index = IssueIndex(decrees)
    for _round in range(300):
        criteria = Criteria(
            ministries=frozenset(generator.sample(range(1, 10), generator.randint(0, 3))),
            categories=frozenset(generator.sample(["regulation", "appointment", "other"], generator.randint(0, 2))),
            keywords=frozenset(generator.sample(words, generator.randint(0, 2))),
        )
        assert index.decree_ids(index.mask(criteria)) == [d.pk for d in decrees if matches(d, criteria)]
