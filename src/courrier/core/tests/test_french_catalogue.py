"""French typography and plurals: the generated French catalogue is current, and the site speaks through it."""

from __future__ import annotations

import pytest
from django.utils import translation

from courrier.core.french_catalogue import FRENCH_CATALOGUE, catalogue_text, typographic

NBSP = "\u00a0"


def test_the_catalogue_is_current():
    # Fails after a string changes until `make messages` is run.
    assert FRENCH_CATALOGUE.read_text(encoding="utf-8") == catalogue_text()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Mot de passe oublié ?", f"Mot de passe oublié{NBSP}?"),
        ("Statut : %(status)s", f"Statut{NBSP}: %(status)s"),
        ("%(count)s résultats !", f"%(count)s résultats{NBSP}!"),
        ("p. ex. « assurance médicaments »", f"p. ex. «{NBSP}assurance médicaments{NBSP}»"),
        ("<strong>Adresse :</strong> %(email)s", f"<strong>Adresse{NBSP}:</strong> %(email)s"),
        ("Voir https://example.org/?page=2 ou {url}", "Voir https://example.org/?page=2 ou {url}"),
        ("Heure : 14:30", f"Heure{NBSP}: 14:30"),
        ("« %(name)s » :", f"«{NBSP}%(name)s{NBSP}»{NBSP}:"),
    ],
)
def test_typography(source, expected):
    assert typographic(source) == expected


def test_french_pages_get_the_typography_and_english_ones_their_words():
    with translation.override("fr"):
        assert translation.gettext("Mot de passe oublié ?") == f"Mot de passe oublié{NBSP}?"
    with translation.override("en"):
        assert translation.gettext("Mot de passe oublié ?") == "Forgot your password?"


@pytest.mark.parametrize(("count", "expected"), [(0, "0 version"), (1, "1 version"), (2, "2 versions")])
def test_french_plurals_start_at_two(count, expected):
    with translation.override("fr"):
        assert translation.ngettext("%(count)d version", "%(count)d versions", count) % {"count": count} == expected


def test_wagtails_slips_are_set_right():
    # Through aliases, so that `makemessages` leaves Wagtail's strings to Wagtail's catalogue.
    wagtail_gettext, wagtail_ngettext = translation.gettext, translation.ngettext
    with translation.override("fr"):
        created = wagtail_ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            5,
        ) % {"total": 5, "site_name": "Courrier"}
        assert "créées dans Courrier" in created
        assert wagtail_gettext("Add %(model_name)s") % {"model_name": "catégorie"} == f"Ajouter{NBSP}: catégorie"
        assert "un(e)" not in wagtail_gettext("Create a new %(model_name)s")
