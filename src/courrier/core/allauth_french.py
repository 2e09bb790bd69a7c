"""Courrier's French overrides of django-allauth's catalogue: « courriel » where allauth says « e-mail ».

The Office québécois de la langue française writes « courriel ». Our catalogue (`locale/fr/`) comes
before allauth's, so it only needs the strings that say « e-mail »; the rest stays allauth's.
After an allauth upgrade: `python -m courrier.core.allauth_french && courrier compilemessages -l fr`
(`core/tests/test_french_wording.py` fails until then).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import allauth

ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
OUR_CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
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


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def overrides_po() -> str:
    """The .po text of our overrides, one entry per allauth string that says « e-mail »."""
    catalogue = allauth_strings()
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    )
    singular = {key: value for key, value in catalogue.items() if isinstance(key, str) and key}
    plural: dict[str, dict[int, str]] = {}
    for key, value in catalogue.items():
        if isinstance(key, tuple):
            plural.setdefault(key[0], {})[key[1]] = value
    entries = [header]
    for key, value in sorted(singular.items()):
        if says_email(value):
            entries.append(_entry(key, None, {0: in_our_words(value)}))
    for msgid, forms in sorted(plural.items()):
        if any(says_email(form) for form in forms.values()):
            entries.append(_entry(msgid, "", {number: in_our_words(form) for number, form in forms.items()}))
    return "\n".join(entries)


def _entry(key: str, plural: str | None, strings: dict[int, str]) -> str:
    context, _, msgid = key.rpartition("\x04")
    lines = [f"msgctxt {_quoted(context)}"] if context else []
    lines.append(f"msgid {_quoted(msgid)}")
    if plural is None:
        lines.append(f"msgstr {_quoted(strings[0])}")
    else:
        lines.append(f"msgid_plural {_quoted(msgid)}")  # gettext looks plurals up by the singular only
        lines += [f"msgstr[{number}] {_quoted(text)}" for number, text in sorted(strings.items())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUR_CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    OUR_CATALOGUE.write_text(overrides_po(), encoding="utf-8")
    print(f"{OUR_CATALOGUE}: written")
