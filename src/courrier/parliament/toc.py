"""Proposing decrees from the pasted text of a Gazette issue's table of contents (Partie 2).

The table of contents lists each act under its section (« Règlements et autres
actes », « Décrets administratifs »…), a decree as its number, its title and the
page, often joined by dot leaders:

    Décrets administratifs
    79-2026 Nomination de madame Catherine Dubé-Lessard comme membre indépendante du conseil
    d'administration de Santé Québec . . . . . . . . . . . . . . . . . . . . . . . . . . . 545

Text copied from the PDF wraps long titles over several lines, loses or keeps
tabs, and carries the page headers and footers (« Partie 2 GAZETTE OFFICIELLE DU
QUÉBEC, 4 février 2026, 158e année, no 5 »). The parser is tolerant: it never
raises on any input; a line it cannot place is returned among the unrecognised
lines for the editor to look at. Acts without a decree number (draft
regulations, ministerial orders, notices) are unrecognised too: they are not
decrees. What it proposes is for the editor to check and complete (date made,
ministries) before anything is saved.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from courrier.parliament.decree_numbers import DecreeNumber, DecreeNumberError, parse_decree_number
from courrier.parliament.imports import (
    MAX_PAGE,
    SECTION_WORDS,
    WORDS_DATE_PATTERN,
    IntakeError,
    fold,
    guess_category,
    parse_french_date,
    squeeze,
)
from courrier.parliament.models import DecreeCategory, PartTwoSection

MAX_LINES = 5000
MAX_LINE_LENGTH = 1000

_DASHES = "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_ENTRY = re.compile(
    rf"""
    ^(?:d[ée]cret\s*|d\.\s*)?(?:n(?:o|°|º)\.?\s*)?
    (?P<number>\d{{1,5}}\s?[{_DASHES}]\s?(?:\d{{4}}|\d{{2}}))
    (?=$|[\s,:;.{_DASHES}])
    (?P<rest>.*)$
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MADE_ON = re.compile(rf"^du\s+(?P<date>{WORDS_DATE_PATTERN})", re.IGNORECASE)
_LEADERS = re.compile(r"(?:\s*\.){2,}\s*$|\s*…+\s*$")
_PAGE_AFTER_LEADERS = re.compile(r"(?:(?:\s*\.){2,}|\s*…+)\s*(?P<page>\d{1,5})\s*$")
_PAGE_AFTER_GAP = re.compile(r"(?:\t|\s{2,})\s*(?P<page>\d{1,5})\s*$")
_PAGE_AFTER_SPACE = re.compile(r"(?P<before>\S+) (?P<page>\d{1,5})$")
_HEADER = re.compile(r"gazette\s+officielle\s+du\s+quebec", re.IGNORECASE)
_HEADER_VOLUME = re.compile(r"(\d{1,3})\s*e\s+annee")
_HEADER_NUMBER = re.compile(r"\bno\s*(\d{1,3})\b")
_HEADER_DATE = re.compile(WORDS_DATE_PATTERN)
_NOISE = {
    "table des matieres",
    "table des matieres page",
    "sommaire",
    "page",
    "pages",
    "partie 2",
    "lois et reglements",
    "partie 2 lois et reglements",
    "partie 2 — lois et reglements",
}
# Words after which a trailing number belongs to the title, not the page (« article 158 », « 4 février 2026 »).
_NOT_BEFORE_PAGE = {
    "article",
    "articles",
    "no",
    "n°",
    "numero",
    "chapitre",
    "annee",
    "exercice",
    "decret",
    "reglement",
    "loi",
    "de",
    "du",
    "des",
    "et",
    "a",
    "au",
    "le",
    "la",
    "les",
    "sur",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
}
# A wrapped title whose line ends on these words continues with a number that is not a new entry.
_CONTINUES_WITH_NUMBER = ("decret", "decrets", "no", "n°", "numero", "numeros")
_SECTIONS = SECTION_WORDS | {"entree en vigueur": PartTwoSection.COMMENCEMENT_OF_ACTS}


@dataclass
class TocProposal:
    """A decree the table of contents lists, for the editor to check: made_on is known only when printed."""

    number: DecreeNumber
    title: str
    page: int | None
    section: PartTwoSection | None
    category: DecreeCategory
    made_on: datetime.date | None = None
    line: int = 0


@dataclass
class TocHeader:
    """What a page header printed: the issue's date, volume and number, when they could be read."""

    published_on: datetime.date | None
    volume: int | None
    number: int | None


@dataclass(frozen=True)
class TocLine:
    line: int
    text: str


@dataclass
class TableOfContents:
    proposals: list[TocProposal] = field(default_factory=list)
    unrecognized: list[TocLine] = field(default_factory=list)
    header: TocHeader | None = None


@dataclass
class _Open:
    """The entry being read: its title may continue on the next lines until a page closes it."""

    number: DecreeNumber
    title: list[str]
    section: PartTwoSection | None
    made_on: datetime.date | None
    line: int
    page: int | None = None


def _clean_line(line: str) -> str:
    """Non-breaking spaces as spaces, soft hyphens and control characters (from PDF copies) dropped; tabs kept."""
    line = line.replace("\u00a0", " ").replace("\u202f", " ").replace("\f", " ").replace("\u00ad", "")
    line = "".join(char for char in line if char == "\t" or unicodedata.category(char) != "Cc")
    return line.rstrip()[:MAX_LINE_LENGTH]


def _split_page(text: str) -> tuple[str, int | None]:
    """The text without its trailing page number and dot leaders, and the page (None when there is none)."""
    for pattern in (_PAGE_AFTER_LEADERS, _PAGE_AFTER_GAP):
        if match := pattern.search(text):
            return text[: match.start()], _page(match["page"])
    stripped = text.strip()
    if (match := _PAGE_AFTER_SPACE.search(stripped)) and fold(match["before"]).strip(",;:") not in _NOT_BEFORE_PAGE:
        before = match["before"]
        if not before[-1].isdigit() and before[-1] not in _DASHES + "/$%":
            return stripped[: match.start("page")], _page(match["page"])
    return _LEADERS.sub("", text), None


def _page(digits: str) -> int | None:
    page = int(digits)
    return page if 1 <= page <= MAX_PAGE else None


def _header(line: str) -> TocHeader:
    folded = fold(line)
    published_on = None
    if match := _HEADER_DATE.search(folded):
        try:
            published_on = parse_french_date(match[0])
        except IntakeError:
            published_on = None
    volume = _HEADER_VOLUME.search(folded)
    number = _HEADER_NUMBER.search(folded)
    return TocHeader(
        published_on=published_on,
        volume=int(volume[1]) if volume else None,
        number=int(number[1]) if number else None,
    )


def _section(line: str) -> PartTwoSection | None:
    folded = fold(_LEADERS.sub("", line)).rstrip(" .:")
    return _SECTIONS.get(folded)


def _tidy_title(parts: list[str]) -> str:
    title = ""
    for part in parts:
        part = squeeze(part)
        if not part:
            continue
        if title.endswith("-") and not title.endswith(" -"):
            title += part  # a word or compound broken at its hyphen (« Saint- / Jean »)
        else:
            title = f"{title} {part}" if title else part
    title = _LEADERS.sub("", title).strip()
    return title.strip(" —–-:;,").rstrip(".").strip()  # noqa: RUF001 - dashes as the Gazette prints them


def _ends_wanting_number(parts: list[str]) -> bool:
    words = fold(" ".join(parts)).split()
    return bool(words) and words[-1].rstrip(".,") in _CONTINUES_WITH_NUMBER


def _is_period(number: DecreeNumber) -> bool:
    return number.number == number.year - 1


def parse_table_of_contents(text: str) -> TableOfContents:
    """The decrees an issue's table of contents lists, in order, and the lines it could not place."""
    result = TableOfContents()
    section: PartTwoSection | None = None
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is None:
            return
        title = _tidy_title(current.title)
        if title:
            result.proposals.append(
                TocProposal(
                    number=current.number,
                    title=title,
                    page=current.page,
                    section=current.section,
                    category=guess_category(title, current.section or ""),
                    made_on=current.made_on,
                    line=current.line,
                )
            )
        else:
            result.unrecognized.append(TocLine(current.line, str(current.number)))
        current = None

    lines = (text or "").splitlines()
    for number, raw in enumerate(lines[:MAX_LINES], 1):
        line = _clean_line(raw)
        stripped = line.strip()
        folded = fold(stripped)
        if not stripped or not folded.strip(". …-—"):
            continue
        if _HEADER.search(folded):
            if result.header is None:
                result.header = _header(stripped)
            continue
        if folded in _NOISE or folded.isdigit():
            continue
        if (heading := _section(stripped)) is not None:
            close()
            section = heading
            continue
        entry = _ENTRY.match(stripped)
        wrapped_reference = current is not None and current.page is None and _ends_wanting_number(current.title)
        if entry is not None and not wrapped_reference:
            try:
                decree_number = parse_decree_number(entry["number"])
            except DecreeNumberError:
                entry = None
            else:
                if current is not None and current.page is None and _is_period(decree_number):
                    entry = None  # « 2026-2027 » ending a wrapped title is a period, not a decree
            if entry is not None:
                close()
                rest = entry["rest"].strip().lstrip(",:;" + _DASHES).strip()
                made_on = None
                if date := _MADE_ON.match(fold(rest)):
                    try:
                        made_on = parse_french_date(date["date"])
                    except IntakeError:
                        made_on = None
                    else:
                        rest = rest[date.end() :].strip().lstrip(",:;" + _DASHES).strip()
                title, page = _split_page(rest)
                current = _Open(decree_number, [title], section, made_on, number, page)
                if page is not None:
                    close()
                continue
        if current is not None and current.page is None:
            title, page = _split_page(stripped)
            current.title.append(title)
            current.page = page
            if page is not None:
                close()
            continue
        result.unrecognized.append(TocLine(number, squeeze(stripped)))
    close()
    if len(lines) > MAX_LINES:
        unread = len(lines) - MAX_LINES
        result.unrecognized.append(TocLine(MAX_LINES + 1, _("… et %(count)d lignes non lues.") % {"count": unread}))
    return result
