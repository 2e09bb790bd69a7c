"""English is available for every screen and email: the catalogue has a translation, not fuzzy, for each string."""

from __future__ import annotations

import ast
from pathlib import Path

import courrier

CATALOGUE = Path(courrier.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries(text: str) -> list[dict[str, object]]:
    """The catalogue's live entries: their flags, msgid and translations (msgstr, or msgstr[n] for plurals)."""
    found: list[dict[str, object]] = []
    for block in text.split("\n\n"):
        entry: dict[str, object] = {"flags": set(), "strings": {}}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry["strings"][key] += ast.literal_eval(line)  # type: ignore[index]
            else:
                key, _, value = line.partition(" ")
                entry["strings"][key] = ast.literal_eval(value)  # type: ignore[index]
        if entry["strings"]:
            found.append(entry)
    return found


def test_every_string_has_an_english_translation():
    missing = []
    for entry in entries(CATALOGUE.read_text(encoding="utf-8")):
        strings: dict[str, str] = entry["strings"]  # type: ignore[assignment]
        if not strings.get("msgid"):
            continue  # the header
        translations = [value for key, value in strings.items() if key.startswith("msgstr")]
        if "fuzzy" in entry["flags"] or not all(translations):  # type: ignore[operator]
            missing.append(strings["msgid"])
    assert not missing, f"{len(missing)} strings without an English translation: {missing[:10]}"


def test_the_check_sees_a_missing_and_a_fuzzy_translation():
    text = 'msgid "Un"\nmsgstr "One"\n\n#, fuzzy\nmsgid "Deux"\nmsgstr "Two"\n\nmsgid "Trois"\nmsgstr ""\n'
    kept = [entry for entry in entries(text) if "fuzzy" in entry["flags"] or not entry["strings"]["msgstr"]]  # type: ignore[index]
    assert [entry["strings"]["msgid"] for entry in kept] == ["Deux", "Trois"]  # type: ignore[index]
