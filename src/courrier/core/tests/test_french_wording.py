"""« Courriel », not « e-mail »: allauth's French strings are overridden wherever they say it."""

from __future__ import annotations

import html

from django.test import Client
from django.utils import translation

from courrier.accounts.factories import UserFactory
from courrier.core.allauth_french import allauth_strings, in_our_words, says_email


def test_every_allauth_string_that_says_e_mail_says_courriel():
    with translation.override("fr-ca"):
        for key, french in allauth_strings().items():
            if not key or not says_email(french):
                continue
            if isinstance(key, tuple):
                shown = translation.ngettext(key[0], key[0], 1 if key[1] == 0 else 2)
            elif "\x04" in key:
                context, _, msgid = key.partition("\x04")
                shown = translation.pgettext(context, msgid)
            else:
                shown = translation.gettext(key)
            assert not says_email(shown), (key, shown)


def test_the_rewording_keeps_placeholders_and_agreement():
    assert in_our_words("Cet e-mail peut être ignoré.") == "Ce courriel peut être ignoré."
    assert in_our_words("L'e-mail de %(email)s") == "Le courriel de %(email)s"
    assert in_our_words("Adresses e-mail {email}") == "Adresses courriel {email}"
    assert in_our_words("reçu par mail") == "reçu par courriel"


def test_the_email_settings_page_says_courriel(db, home):
    browser = Client()
    browser.force_login(UserFactory())

    page = html.unescape(browser.get("/compte/courriel/").content.decode())

    assert "courriel" in page.lower()
    assert not says_email(page.split("<main", 1)[1].split("</main>", 1)[0])
