"""Courrier's French overrides of django-allauth's catalogue: « courriel » where allauth says « e-mail ».

The Office québécois de la langue française writes « courriel ». Our catalogue (`locale/fr/`, written by
`courrier.core.french_catalogue`) comes before allauth's, so it only needs the strings that say « e-mail »;
the rest stays allauth's. After an allauth upgrade: `make messages` (`core/tests/test_french_wording.py`
fails until then).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import allauth

ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"(%\([^)]*\)[sd]|\{[^}]*\})")
MAIL = re.compile(r"\b[Ee]-?mails?\b|\bpar mail\b")
RULES: list[tuple[str, str]] = [
    (r"\bL['\u2019]e-?mail\b", "Le courriel"),
    (r"\bl['\u2019]e-?mail\b", "le courriel"),
    (r"\b([Cc])et e-?mail\b", r"\1e courriel"),
    (r"\b([Dd])['\u2019]e-?mails\b", r"\1e courriels"),
    (r"\b([Dd])['\u2019]e-?mail\b", r"\1e courriel"),
    (r"\bpar mail\b", "par courriel"),
    (r"\bE-?mails\b", "Courriels"),
    (r"\bE-?mail\b", "Courriel"),
    (r"\be-?mails\b", "courriels"),
    (r"\be-?mail\b", "courriel"),
    (r"dossier de spam", "dossier de courrier indésirable"),
]


def says_email(text: str) -> bool:
    """Whether `text` says « e-mail » outside its placeholders (`%(email)s` is a name, not a word)."""
    return any(MAIL.search(part) for part in PLACEHOLDER.split(text)[::2])


def in_our_words(text: str) -> str:
    parts = PLACEHOLDER.split(text)
    for index in range(0, len(parts), 2):
        for pattern, replacement in RULES:
            parts[index] = re.sub(pattern, replacement, parts[index])
    return "".join(parts)


def allauth_strings() -> dict[object, str]:
    """allauth's French catalogue: msgid (or (msgid, plural form)) → msgstr; a context is "context\\x04msgid"."""
    with ALLAUTH_CATALOGUE.open("rb") as file:
        return dict(gettext.GNUTranslations(file)._catalog)  # type: ignore[attr-defined]
