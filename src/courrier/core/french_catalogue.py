"""Courrier's French catalogue, generated: the source strings as the Office québécois de la langue française sets them.

Courrier's strings are written in French, so French needs no translation, but it
gets a catalogue (`locale/fr/`) for three things:

- **Typography**: a non-breaking space before « : », « ? », « ! » and inside
  « guillemets », so that a line never starts with a colon. The source keeps plain
  spaces (easier to type and to read in code); the catalogue carries the right ones.
- **Plurals**: French says « 0 courriel », « 1 courriel », « 2 courriels »; without a
  catalogue entry, gettext falls back to English's rule (0 is plural).
- **allauth's wording**: « courriel » where allauth says « e-mail » (`allauth_french`).
- **Wagtail's slips**: « crées » for « créées », « un(e) » where French needs no article.

Our strings are read from the English catalogue, which `makemessages` keeps complete.
`make messages` regenerates this one (`python -m courrier.core.french_catalogue`);
`core/tests/test_french_catalogue.py` fails while it is out of date.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from courrier.core.allauth_french import allauth_strings, in_our_words, says_email

LOCALE = Path(__file__).resolve().parents[1] / "locale"
ENGLISH_CATALOGUE = LOCALE / "en" / "LC_MESSAGES" / "django.po"
FRENCH_CATALOGUE = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
NBSP = "\u00a0"
# A space before a high sign, after a word, a closing bracket or a placeholder: the sign is followed by a space,
# the end, a tag, a closing quote or bracket (so « http://… » and « ?page=2 » are left alone).
HIGH_SIGN = re.compile(r"(?<=[^\s(]) ([:?!])(?=$|[\s<\"'»)\]])")
OPENING_QUOTE = re.compile(r"« ")
CLOSING_QUOTE = re.compile(r" »")
HEADER = {
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}


def typographic(text: str) -> str:
    """`text` with non-breaking spaces where French typography wants them (placeholders hold no spaces)."""
    text = HIGH_SIGN.sub(f"{NBSP}\\1", text)
    text = OPENING_QUOTE.sub(f"«{NBSP}", text)
    return CLOSING_QUOTE.sub(f"{NBSP}»", text)


def our_entries() -> list[polib.POEntry]:
    """Our strings that French renders differently from their source: typography, or a plural."""
    entries = []
    for source in polib.pofile(str(ENGLISH_CATALOGUE)):
        if source.obsolete:
            continue
        if source.msgid_plural:
            entries.append(
                polib.POEntry(
                    msgctxt=source.msgctxt,
                    msgid=source.msgid,
                    msgid_plural=source.msgid_plural,
                    msgstr_plural={0: typographic(source.msgid), 1: typographic(source.msgid_plural)},
                    flags=[flag for flag in source.flags if flag.endswith("-format")],
                )
            )
        elif (text := typographic(source.msgid)) != source.msgid:
            flags = [flag for flag in source.flags if flag.endswith("-format")]
            entries.append(polib.POEntry(msgctxt=source.msgctxt, msgid=source.msgid, msgstr=text, flags=flags))
    return entries


def allauth_entries(taken: set[tuple[str | None, str]]) -> list[polib.POEntry]:
    """allauth's French strings that say « e-mail », in our words (ours win where both have a string)."""
    catalogue = allauth_strings()
    entries = []
    for key, value in sorted((key, value) for key, value in catalogue.items() if isinstance(key, str) and key):
        context, _, msgid = key.rpartition("\x04")
        if says_email(value) and (context or None, msgid) not in taken:
            entries.append(polib.POEntry(msgctxt=context or None, msgid=msgid, msgstr=typographic(in_our_words(value))))
    plurals: dict[str, dict[int, str]] = {}
    for key, value in catalogue.items():
        if isinstance(key, tuple):
            plurals.setdefault(key[0], {})[key[1]] = value
    for key, forms in sorted(plurals.items()):
        context, _, msgid = key.rpartition("\x04")
        if any(says_email(form) for form in forms.values()) and (context or None, msgid) not in taken:
            entries.append(
                polib.POEntry(
                    msgctxt=context or None,
                    msgid=msgid,
                    msgid_plural=msgid,  # gettext looks plurals up by the singular only
                    msgstr_plural={number: typographic(in_our_words(form)) for number, form in forms.items()},
                )
            )
    return entries


PAGES_CREATED = '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>'
WAGTAIL_WORDING = [
    polib.POEntry(
        msgid=PAGES_CREATED,
        msgid_plural=PAGES_CREATED.replace("Page", "Pages", 1),
        msgstr_plural={
            0: '%(total)s page <span class="w-sr-only">créée dans %(site_name)s</span>',
            1: '%(total)s pages <span class="w-sr-only">créées dans %(site_name)s</span>',
        },
        flags=["python-format"],
    ),
    polib.POEntry(msgid="Add %(label)s", msgstr=f"Ajouter{NBSP}: %(label)s", flags=["python-format"]),
    polib.POEntry(msgid="Add %(model_name)s", msgstr=f"Ajouter{NBSP}: %(model_name)s", flags=["python-format"]),
    polib.POEntry(msgid="Create a new %(model_name)s", msgstr=f"Créer{NBSP}: %(model_name)s", flags=["python-format"]),
]


def catalogue() -> polib.POFile:
    french = polib.POFile(wrapwidth=0)
    french.metadata = dict(HEADER)
    ours = our_entries()
    french.extend(ours)
    french.extend(allauth_entries({(entry.msgctxt, entry.msgid) for entry in ours}))
    french.extend(WAGTAIL_WORDING)
    return french


def catalogue_text() -> str:
    return str(catalogue())


if __name__ == "__main__":
    FRENCH_CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    FRENCH_CATALOGUE.write_text(catalogue_text(), encoding="utf-8")
    print(f"{FRENCH_CATALOGUE}: written")
