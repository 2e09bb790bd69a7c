"""Decrees arriving in bulk: reading CSV and JSON files into rows, and planning what entering them would change.

A file is read without touching the database (`read_decree_file`): CSV in UTF-8
with or without a byte order mark or in Windows-1252 (what Excel saves in Québec),
with `;` or `,` between columns, or JSON. Every cell is checked and every problem
is reported with its line, in French. `plan_import` then checks the rows against
the register (ministries, Gazette issues, decrees already entered) and says, row
by row, what would be created, what is already there unchanged and what would be
updated. The actions (`import_decrees`, `enter_issue_decrees`) save a plan only
when it holds no error, in one transaction.

An optional cell left empty means « not given »: it never erases what the
register already holds, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from courrier.core.dates import display_date
from courrier.parliament.decree_numbers import (
    DecreeNumber,
    DecreeNumberError,
    echo,
    format_decree_number,
    parse_decree_number,
)
from courrier.parliament.models import (
    Decree,
    DecreeCategory,
    GazetteIssue,
    GazettePart,
    Ministry,
    PartTwoSection,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_PAGE = 99_999
MAX_TITLE = 1000  # Decree.title
MAX_STATUTE = 500  # Decree.enabling_statute
JSON_INT_DIGITS = 100  # far beyond any cell's range, far below the 4,300 digits int() reads

REQUIRED_COLUMNS = ("numero", "date", "titre", "ministeres")
OPTIONAL_COLUMNS = (
    "categorie",
    "loi_habilitante",
    "page",
    "section",
    "gazette_date",
    "gazette_volume",
    "gazette_numero",
    "sommaire",
    "texte",
    "pages",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Headers as people type them, once accents, case and spacing are set aside.
COLUMN_ALIASES = {
    "no": "numero",
    "numero_du_decret": "numero",
    "decret": "numero",
    "pris_le": "date",
    "date_du_decret": "date",
    "title": "titre",
    "category": "categorie",
    "ministere": "ministeres",
    "ministeres_recommandants": "ministeres",
    "sigles": "ministeres",
    "loi": "loi_habilitante",
    "gazette_no": "gazette_numero",
    "gazette_annee": "gazette_volume",
    "texte_integral": "texte",
    "resume": "sommaire",
    "nombre_de_pages": "pages",
}


# Words ----------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, accents removed, spaces squeezed: how headers, categories and months are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.lower().replace("\u2019", "'").split())


def squeeze(text: str) -> str:
    return " ".join(text.split())


# Dates ----------------------------------------------------------------------------------------

MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_WORDS_DATE = re.compile(rf"(?:(?:{_WEEKDAYS}),?\s+)?(?:le\s+)?(1er|\d{{1,2}})\s+({_MONTH_NAMES})\.?\s+(\d{{4}})")
WORDS_DATE_PATTERN = rf"(?:1er|\d{{1,2}})\s+(?:{_MONTH_NAMES})\.?\s+\d{{4}}"  # for searching folded text


class IntakeError(ValueError):
    """A cell that cannot be read; the message is for the editor, in French."""


def parse_french_date(text: str) -> datetime.date:
    """Reads « 2026-02-04 », « 04/02/2026 » (day first) and « 4 février 2026 » (« 1er », weekday, no accents)."""
    folded = fold(text).strip("«» \"'")
    day = month = year = 0
    if match := _ISO_DATE.fullmatch(folded):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC_DATE.fullmatch(folded):
        day, month, year = (int(part) for part in match.groups())
    elif match := _WORDS_DATE.fullmatch(folded):
        day = 1 if match[1] == "1er" else int(match[1])
        month, year = MONTHS[match[2]], int(match[3])
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise IntakeError(
            _("« %(text)s » n'est pas une date : écrivez-la 2026-02-04, 04/02/2026 ou 4 février 2026.")
            % {"text": echo(text)}
        ) from None


# Categories and sections ------------------------------------------------------------------------


def _source_labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Folded French labels (the msgids, whatever language is active) → values."""
    with translation.override(None):
        return {fold(str(label)): value for value, label in choices}


CATEGORY_WORDS: dict[str, DecreeCategory] = {
    **{label: DecreeCategory(value) for label, value in _source_labels(DecreeCategory.choices).items()},
    **{value: DecreeCategory(value) for value in DecreeCategory.values},
    "reglements": DecreeCategory.REGULATION,
    "nominations": DecreeCategory.APPOINTMENT,
    "ententes": DecreeCategory.AGREEMENT,
    "administratif": DecreeCategory.ADMINISTRATIVE,
    "decrets administratifs": DecreeCategory.ADMINISTRATIVE,
    "aide": DecreeCategory.FINANCIAL_AID,
}
SECTION_WORDS: dict[str, PartTwoSection] = {
    **{label: PartTwoSection(value) for label, value in _source_labels(PartTwoSection.choices).items()},
    **{value: PartTwoSection(value) for value in PartTwoSection.values},
    "loi": PartTwoSection.ACTS,
    "entree en vigueur": PartTwoSection.COMMENCEMENT_OF_ACTS,
    "reglements": PartTwoSection.REGULATIONS,
    "reglements et autres actes": PartTwoSection.REGULATIONS,
    "projets de reglements": PartTwoSection.DRAFT_REGULATIONS,
    "decisions": PartTwoSection.DECISIONS,
    "decret administratif": PartTwoSection.ADMINISTRATIVE_DECREES,
    "arretes ministeriels": PartTwoSection.MINISTERIAL_ORDERS,
    "arrete ministeriel": PartTwoSection.MINISTERIAL_ORDERS,
    "errata": PartTwoSection.ERRATUM,
}

_TITLE_RULES: tuple[tuple[re.Pattern[str], DecreeCategory], ...] = (
    (
        re.compile(r"^(?:concernant\s+)?(?:la\s+|les\s+)?(?:nomination|renouvellement du mandat)"),
        DecreeCategory.APPOINTMENT,
    ),
    (re.compile(r"^(?:concernant\s+)?(?:l'|la\s+date\s+d')?entree en vigueur"), DecreeCategory.COMMENCEMENT),
    (
        re.compile(r"^reglement\b|—\s*modification$|\breglement (?:modifiant|sur|concernant)\b"),
        DecreeCategory.REGULATION,
    ),
    (re.compile(r"\bentree en vigueur\b"), DecreeCategory.COMMENCEMENT),
    (re.compile(r"\b(?:entente|accord)s?\b"), DecreeCategory.AGREEMENT),
    (re.compile(r"\b(?:aide financiere|subvention|pret|garantie|octroi)\b"), DecreeCategory.FINANCIAL_AID),
)
_SECTION_CATEGORIES = {
    PartTwoSection.REGULATIONS: DecreeCategory.REGULATION,
    PartTwoSection.COMMENCEMENT_OF_ACTS: DecreeCategory.COMMENCEMENT,
    PartTwoSection.ADMINISTRATIVE_DECREES: DecreeCategory.ADMINISTRATIVE,
}


def guess_category(title: str, section: PartTwoSection | str = "") -> DecreeCategory:
    """The category a title suggests (« Concernant la nomination » → nomination), else its section's, else « Autre »."""
    folded = fold(title).replace("\u2013", "—")  # pasted text often has en dashes
    for pattern, category in _TITLE_RULES:
        if pattern.search(folded):
            return category
    return _SECTION_CATEGORIES.get(PartTwoSection(section), DecreeCategory.OTHER) if section else DecreeCategory.OTHER


def parse_category(text: str) -> DecreeCategory:
    try:
        return CATEGORY_WORDS[fold(text)]
    except KeyError:
        raise IntakeError(
            _("catégorie inconnue : « %(text)s » (catégories : %(choices)s).")
            % {"text": echo(text), "choices": ", ".join(str(label) for label in DecreeCategory.labels)}
        ) from None


def parse_section(text: str) -> PartTwoSection:
    try:
        return SECTION_WORDS[fold(text)]
    except KeyError:
        raise IntakeError(
            _("section inconnue : « %(text)s » (sections : %(choices)s).")
            % {"text": echo(text), "choices": ", ".join(str(label) for label in PartTwoSection.labels)}
        ) from None


def split_acronyms(text: str) -> tuple[str, ...]:
    """« FIN, MSSS » or « fin;msss » → ("FIN", "MSSS"), each once, in order."""
    acronyms = (part.strip().upper() for part in re.split(r"[,;/+]", text))
    return tuple(dict.fromkeys(acronym for acronym in acronyms if acronym))


def parse_positive(text: str, what: str, maximum: int = MAX_PAGE) -> int:
    digits = re.sub(r"[\s\u00a0\u202f]", "", text)
    if digits.endswith(".0"):  # a number that went through a spreadsheet
        digits = digits[:-2]
    significant = digits.lstrip("0")
    if not digits.isdecimal() or len(significant) > len(str(maximum)) or not 1 <= int(digits) <= maximum:
        raise IntakeError(
            _("« %(text)s » n'est pas un nombre valide pour %(what)s (de 1 à %(max)d).")
            % {"text": echo(text), "what": what, "max": maximum}
        )
    return int(digits)


# Rows -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GazetteRef:
    """The Gazette issue a row names: its date, and the volume and number it prints when given."""

    published_on: datetime.date | None
    volume: int | None = None
    number: int | None = None

    @property
    def printed(self) -> tuple[int, int] | None:
        return (self.volume, self.number) if self.volume and self.number else None

    def describe(self) -> str:
        if self.printed and self.published_on:
            return _("Gazette du %(date)s (%(volume)de année, n° %(number)d)") % {
                "date": display_date(self.published_on),
                "volume": self.volume,
                "number": self.number,
            }
        if self.printed:
            return _("Gazette %(volume)de année, n° %(number)d") % {"volume": self.volume, "number": self.number}
        return _("Gazette du %(date)s") % {"date": display_date(self.published_on)} if self.published_on else ""


@dataclass(frozen=True)
class DecreeRow:
    """One decree as a file or the entry screen gives it. None in an optional field means « not given »."""

    where: str  # « ligne 7 », for messages
    number: DecreeNumber
    made_on: datetime.date
    title: str
    category: DecreeCategory
    ministries: tuple[str, ...]  # acronyms, upper case
    category_guessed: bool = False
    enabling_statute: str | None = None
    page: int | None = None
    section: PartTwoSection | None = None
    gazette: GazetteRef | None = None
    summary: str | None = None
    full_text: str | None = None
    page_count: int | None = None
    order: int = 0  # rank in the file, to list problems in file order

    def to_payload(self) -> dict[str, Any]:
        """JSON-friendly, to carry validated rows from the preview to the confirmation."""
        gazette = self.gazette
        return {
            "where": self.where,
            "number": [self.number.number, self.number.year],
            "made_on": self.made_on.isoformat(),
            "title": self.title,
            "category": str(self.category),
            "category_guessed": self.category_guessed,
            "ministries": list(self.ministries),
            "enabling_statute": self.enabling_statute,
            "page": self.page,
            "section": str(self.section) if self.section else None,
            "gazette": (
                [gazette.published_on.isoformat() if gazette.published_on else None, gazette.volume, gazette.number]
                if gazette
                else None
            ),
            "summary": self.summary,
            "full_text": self.full_text,
            "page_count": self.page_count,
            "order": self.order,
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> DecreeRow:
        gazette = data["gazette"]
        return cls(
            where=data["where"],
            number=DecreeNumber(*data["number"]),
            made_on=datetime.date.fromisoformat(data["made_on"]),
            title=data["title"],
            category=DecreeCategory(data["category"]),
            category_guessed=data["category_guessed"],
            ministries=tuple(data["ministries"]),
            enabling_statute=data["enabling_statute"],
            page=data["page"],
            section=PartTwoSection(data["section"]) if data["section"] else None,
            gazette=(
                GazetteRef(
                    published_on=datetime.date.fromisoformat(gazette[0]) if gazette[0] else None,
                    volume=gazette[1],
                    number=gazette[2],
                )
                if gazette
                else None
            ),
            summary=data.get("summary"),
            full_text=data["full_text"],
            page_count=data["page_count"],
            order=data.get("order", 0),
        )


@dataclass(frozen=True)
class RowError:
    """A problem in a row (`index` into the rows read, None for the file as a whole), in French."""

    where: str
    message: str
    index: int | None = None
    field: str | None = None
    order: int = 0  # rank in the file, 0 for the file as a whole

    def __str__(self) -> str:
        return (
            _("%(where)s : %(message)s") % {"where": self.where, "message": self.message}
            if self.where
            else self.message
        )


@dataclass
class DecreeFile:
    """What a file holds: rows whose every cell could be read, and the problems found, in file order."""

    rows: list[DecreeRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    lines: int = 0  # rows read, valid or not


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value).strip()


def read_row(cells: Mapping[str, Any], where: str, order: int = 0) -> tuple[DecreeRow | None, list[tuple[str, str]]]:
    """One row's cells (keys are the column names) → a row, or the (column, message) problems found."""
    text = {column: _text(cells.get(column)) for column in COLUMNS}
    problems: list[tuple[str, str]] = []

    def attempt(column: str, read: Any, *args: Any) -> Any:
        if not text[column]:
            return None
        try:
            return read(text[column], *args)
        except (IntakeError, DecreeNumberError) as error:
            problems.append((column, str(error)))
            return None

    number: DecreeNumber | None = None
    if text["numero"]:
        number = attempt("numero", parse_decree_number)
    else:
        problems.append(("numero", _("le numéro du décret manque.")))
    made_on = attempt("date", parse_french_date)
    if not text["date"]:
        problems.append(("date", _("la date du décret manque.")))
    title = squeeze(text["titre"])
    if not title:
        problems.append(("titre", _("le titre manque.")))
    elif len(title) > MAX_TITLE:
        problems.append(("titre", _("le titre dépasse %(max)d caractères.") % {"max": MAX_TITLE}))
    ministries = split_acronyms(text["ministeres"])
    if not ministries:
        problems.append(("ministeres", _("indiquez au moins un ministère recommandant (son sigle, p. ex. FIN).")))
    category = attempt("categorie", parse_category)
    section = attempt("section", parse_section)
    page = attempt("page", parse_positive, _("la page"))
    page_count = attempt("pages", parse_positive, _("le nombre de pages"))
    gazette_date = attempt("gazette_date", parse_french_date)
    volume = attempt("gazette_volume", parse_positive, _("le volume de la Gazette"), 999)
    issue_number = attempt("gazette_numero", parse_positive, _("le numéro de la Gazette"), 999)
    statute = squeeze(text["loi_habilitante"])
    if len(statute) > MAX_STATUTE:
        problems.append(("loi_habilitante", _("la loi habilitante dépasse %(max)d caractères.") % {"max": MAX_STATUTE}))
    if bool(text["gazette_volume"]) != bool(text["gazette_numero"]):
        problems.append(
            ("gazette_numero", _("indiquez à la fois gazette_volume et gazette_numero, ou aucun des deux."))
        )
    if problems or number is None or made_on is None:
        return None, problems
    gazette = None
    if gazette_date or volume or issue_number:
        gazette = GazetteRef(published_on=gazette_date, volume=volume, number=issue_number)
    return (
        DecreeRow(
            where=where,
            number=number,
            made_on=made_on,
            title=title,
            category=category or guess_category(title, section or ""),
            category_guessed=category is None,
            ministries=ministries,
            enabling_statute=statute or None,
            page=page,
            section=section,
            gazette=gazette,
            summary=text["sommaire"].strip() or None,
            full_text=text["texte"] or None,
            page_count=page_count,
            order=order,
        ),
        [],
    )


def column_name(header: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", fold(header)).strip("_")
    return COLUMN_ALIASES.get(name, name)


def decode(content: bytes) -> str:
    """UTF-8 (with or without a byte order mark), UTF-16 with its mark, or else Windows-1252."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    """The header's most frequent separator among `;`, `,` and tab (Excel in French writes `;`)."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def _read_cells(records: Iterable[tuple[str, Mapping[str, Any]]], result: DecreeFile) -> DecreeFile:
    for where, cells in records:
        if not any(_text(value) for value in cells.values()):
            continue  # an empty line, or a spreadsheet's trailing separators
        result.lines += 1
        if result.lines > MAX_ROWS:
            result.rows.clear()
            result.errors = [
                RowError("", _("Le fichier compte plus de %(max)d décrets : découpez-le.") % {"max": MAX_ROWS})
            ]
            return result
        row, problems = read_row(cells, where, result.lines)
        if row is not None:
            result.rows.append(row)
        result.errors.extend(RowError(where, message, field=column, order=result.lines) for column, message in problems)
    if not result.lines and not result.errors:
        result.errors.append(RowError("", _("Le fichier ne contient aucun décret.")))
    return result


def _missing(columns: Iterable[str]) -> list[RowError]:
    missing = [column for column in REQUIRED_COLUMNS if column not in set(columns)]
    if not missing:
        return []
    return [
        RowError(
            "",
            _("Colonnes obligatoires absentes : %(missing)s. La première ligne doit nommer les colonnes (%(all)s).")
            % {"missing": ", ".join(missing), "all": ", ".join(REQUIRED_COLUMNS)},
        )
    ]


def read_csv(text: str) -> DecreeFile:
    result = DecreeFile()
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        headers = next(reader)
        while not any(cell.strip() for cell in headers):
            headers = next(reader)
    except StopIteration:
        result.errors.append(RowError("", _("Le fichier est vide.")))
        return result
    names = [column_name(header) for header in headers]
    result.ignored_columns = [header for header, name in zip(headers, names, strict=True) if name not in COLUMNS]
    if errors := _missing(names):
        result.errors.extend(errors)
        return result

    def records() -> Iterable[tuple[str, dict[str, str]]]:
        try:
            for cells in reader:
                record = {name: value for name, value in zip(names, cells, strict=False) if name in COLUMNS}
                yield _("ligne %(line)d") % {"line": reader.line_num}, record
        except csv.Error:
            result.errors.append(
                RowError(
                    _("ligne %(line)d") % {"line": reader.line_num}, _("ligne illisible (guillemets mal fermés ?).")
                )
            )

    return _read_cells(records(), result)


def _json_int(digits: str) -> int | str:
    """A JSON integer; one too long for Python to read stays text, for its cell to be refused with the others."""
    return int(digits) if len(digits) <= JSON_INT_DIGITS else digits


def read_json(text: str) -> DecreeFile:
    result = DecreeFile()
    try:
        data = json.loads(text, parse_int=_json_int)
    except RecursionError:
        result.errors.append(RowError("", _("JSON illisible : trop d'imbrications.")))
        return result
    except json.JSONDecodeError as error:
        result.errors.append(
            RowError(
                "",
                _("JSON illisible (ligne %(line)d, colonne %(column)d).")
                % {"line": error.lineno, "column": error.colno},
            )
        )
        return result
    if isinstance(data, dict):
        data = data.get("decrets", data.get("decrees"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        result.errors.append(
            RowError(
                "",
                _(
                    "Le JSON doit être une liste d'objets, un par décret "
                    "(ou un objet dont « decrets » est cette liste)."
                ),
            )
        )
        return result

    def flatten(item: dict[str, Any]) -> dict[str, Any]:
        cells = {column_name(key): value for key, value in item.items()}
        gazette = cells.pop("gazette", None)
        if isinstance(gazette, dict):
            for key, value in gazette.items():
                cells.setdefault(f"gazette_{column_name(key)}", value)
        return {name: value for name, value in cells.items() if name in COLUMNS}

    keys = {column_name(key) for item in data for key in item}
    result.ignored_columns = sorted(keys - set(COLUMNS) - {"gazette"})
    records = ((_("entrée %(index)d") % {"index": index}, flatten(item)) for index, item in enumerate(data, 1))
    return _read_cells(records, result)


def read_decree_file(content: bytes, filename: str = "") -> DecreeFile:
    """A CSV or JSON file's rows, every cell checked; nothing in the database is read or written."""
    if len(content) > MAX_FILE_BYTES:
        return DecreeFile(
            errors=[RowError("", _("Le fichier dépasse %(size)d Mo.") % {"size": MAX_FILE_BYTES // (1024 * 1024)})]
        )
    text = decode(content)
    if filename.lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        return read_json(text)
    return read_csv(text)


# Planning -------------------------------------------------------------------------------------


class Existing(StrEnum):
    """What to do with a row whose (number, year) the register already holds."""

    REFUSE = "refuse"  # entry screen: the editor is entering new decrees
    KEEP_IDENTICAL = "keep"  # import: identical is left alone, different is an error
    UPDATE = "update"  # import with « mettre à jour »: what differs is replaced


class Outcome(StrEnum):
    CREATE = "create"
    UNCHANGED = "unchanged"
    UPDATE = "update"


@dataclass
class PlannedRow:
    row: DecreeRow
    outcome: Outcome
    ministries: list[Ministry]
    issue: GazetteIssue | GazetteRef | None  # a GazetteRef is an issue the import creates
    existing: Decree | None = None
    changes: dict[str, Any] = field(default_factory=dict)  # field name → new value, for an update

    @property
    def changed_labels(self) -> list[str]:
        return [field_label(name) for name in self.changes]


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    errors: list[RowError]
    new_issues: list[GazetteRef]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def count(self, outcome: Outcome) -> int:
        return sum(1 for planned in self.rows if planned.outcome == outcome)


def field_label(name: str) -> str:
    if name == "ministries":
        return _("ministères recommandants")
    return str(getattr(Decree._meta.get_field(name), "verbose_name", name))


def _issue_key(issue: GazetteIssue | GazetteRef | None) -> object:
    if isinstance(issue, GazetteIssue):
        return issue.pk
    if isinstance(issue, GazetteRef):
        return issue.printed
    return None


class _Issues:
    """Resolves the Gazette issues rows name: those entered, and those the import would create."""

    def __init__(self, rows: Sequence[DecreeRow]) -> None:
        refs = [row.gazette for row in rows if row.gazette]
        printed = {ref.printed for ref in refs if ref.printed}
        dates = {ref.published_on for ref in refs if ref.published_on and not ref.printed}
        part_two = GazetteIssue.objects.filter(part=GazettePart.LAWS_AND_REGULATIONS)
        self.by_printed = {
            (issue.volume, issue.number): issue
            for issue in part_two.filter(volume__in={volume for volume, _number in printed})
            if (issue.volume, issue.number) in printed
        }
        self.by_date: dict[datetime.date, list[GazetteIssue]] = {}
        for issue in part_two.filter(published_on__in=dates):
            self.by_date.setdefault(issue.published_on, []).append(issue)
        self.planned: dict[tuple[int, int], GazetteRef] = {}

    def resolve(self, ref: GazetteRef) -> GazetteIssue | GazetteRef:
        if ref.printed:
            issue = self.by_printed.get(ref.printed)
            if issue is not None:
                if ref.published_on and issue.published_on != ref.published_on:
                    raise IntakeError(
                        _("la %(issue)s est inscrite au registre à la date du %(date)s, pas du %(given)s.")
                        % {
                            "issue": ref.describe(),
                            "date": display_date(issue.published_on),
                            "given": display_date(ref.published_on),
                        }
                    )
                return issue
            if ref.published_on is None:
                raise IntakeError(
                    _("la %(issue)s n'est pas au registre : indiquez gazette_date pour la créer.")
                    % {"issue": ref.describe()}
                )
            planned = self.planned.setdefault(ref.printed, ref)
            if planned.published_on != ref.published_on:
                raise IntakeError(
                    _("la %(issue)s porte deux dates dans le fichier : %(first)s et %(second)s.")
                    % {
                        "issue": ref.describe(),
                        "first": display_date(planned.published_on),  # type: ignore[arg-type]
                        "second": display_date(ref.published_on),
                    }
                )
            return planned
        assert ref.published_on is not None  # a ref has a date or a printed number
        matches = self.by_date.get(ref.published_on, [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise IntakeError(
                _(
                    "aucun numéro de la Gazette du %(date)s n'est au registre : ajoutez gazette_volume et "
                    "gazette_numero pour le créer."
                )
                % {"date": display_date(ref.published_on)}
            )
        raise IntakeError(
            _("plusieurs numéros de la Gazette paraissent le %(date)s : précisez gazette_volume et gazette_numero.")
            % {"date": display_date(ref.published_on)}
        )


def _differences(
    row: DecreeRow, existing: Decree, ministries: list[Ministry], issue: GazetteIssue | GazetteRef | None
) -> dict[str, Any]:
    """What the row gives that differs from the decree entered (fields not given are not compared)."""
    given: dict[str, Any] = {"made_on": row.made_on, "title": row.title}
    if not row.category_guessed:
        given["category"] = row.category
    optional = {
        "enabling_statute": row.enabling_statute,
        "page": row.page,
        "section": row.section,
        "summary": row.summary,
        "full_text": row.full_text,
        "page_count": row.page_count,
    }
    given.update({name: value for name, value in optional.items() if value is not None})
    changes = {name: value for name, value in given.items() if getattr(existing, name) != value}
    if squeeze(existing.title) == row.title:
        changes.pop("title", None)
    if issue is not None and _issue_key(issue) != existing.gazette_issue_id:
        changes["gazette_issue"] = issue
    if {ministry.pk for ministry in ministries} != {ministry.pk for ministry in existing.ministries.all()}:
        changes["ministries"] = ministries
    return changes


def plan_import(
    rows: Sequence[DecreeRow],
    *,
    issue: GazetteIssue | None = None,
    existing: Existing = Existing.KEEP_IDENTICAL,
) -> ImportPlan:
    """Checks `rows` against the register and says what entering them would do; reads, never writes.

    `issue` is the Gazette issue of rows that name none. Errors are in French, one per problem,
    with the row's place in the file and its index in `rows`.
    """
    errors: list[RowError] = []
    planned_rows: list[PlannedRow] = []
    ministries = {ministry.acronym.upper(): ministry for ministry in Ministry.objects.all()}
    issues = _Issues(rows)
    entered = {
        decree.decree_number: decree
        for decree in Decree.objects.filter(
            year__in={row.number.year for row in rows}, number__in={row.number.number for row in rows}
        ).prefetch_related(Prefetch("ministries", queryset=Ministry.objects.order_by()))
    }
    first_seen: dict[DecreeNumber, str] = {}

    for index, row in enumerate(rows):
        problems: list[tuple[str | None, str]] = []
        number = format_decree_number(*row.number)
        if row.number in first_seen:
            problems.append(
                (
                    "number",
                    _("le décret %(number)s figure déjà à la %(where)s.")
                    % {"number": number, "where": first_seen[row.number]},
                )
            )
        else:
            first_seen[row.number] = row.where
        unknown = [acronym for acronym in row.ministries if acronym not in ministries]
        if unknown:
            problems.append(
                (
                    "ministries",
                    _("ministère inconnu : %(acronyms)s. Vérifiez le sigle sous Registre → Ministères.")
                    % {"acronyms": ", ".join(_("« %(name)s »") % {"name": acronym} for acronym in unknown)},
                )
            )
        if row.made_on.year != row.number.year:
            problems.append(
                (
                    "made_on",
                    _("le décret %(number)s est pris en %(year)d : le %(date)s tombe en %(other)d.")
                    % {
                        "number": number,
                        "year": row.number.year,
                        "date": display_date(row.made_on),
                        "other": row.made_on.year,
                    },
                )
            )
        target: GazetteIssue | GazetteRef | None = issue
        if row.gazette is not None:
            try:
                target = issues.resolve(row.gazette)
            except IntakeError as error:
                problems.append(("gazette", str(error)))
                target = None
        published_on = target.published_on if target is not None else None
        if published_on is not None and published_on < row.made_on:
            problems.append(
                (
                    "made_on",
                    _("le décret est pris le %(made)s, après la parution de la Gazette du %(issue)s.")
                    % {"made": display_date(row.made_on), "issue": display_date(published_on)},
                )
            )
        if row.page is not None and target is None and row.gazette is None:
            problems.append(("page", _("une page se rapporte à un numéro de la Gazette : indiquez-le aussi.")))
        chosen = [ministries[acronym] for acronym in row.ministries if acronym in ministries]
        decree = entered.get(row.number)
        outcome = Outcome.CREATE
        changes: dict[str, Any] = {}
        if decree is not None and not problems:
            if existing == Existing.REFUSE:
                problems.append(
                    ("number", _("le décret %(number)s est déjà inscrit au registre.") % {"number": number})
                )
            else:
                changes = _differences(row, decree, chosen, target)
                if not changes:
                    outcome = Outcome.UNCHANGED
                elif existing == Existing.UPDATE:
                    outcome = Outcome.UPDATE
                else:
                    problems.append(
                        (
                            None,
                            _(
                                "le décret %(number)s est déjà inscrit avec d'autres données (%(fields)s). Cochez "
                                "« Mettre à jour les décrets déjà inscrits » pour les remplacer."
                            )
                            % {"number": number, "fields": ", ".join(field_label(name) for name in changes)},
                        )
                    )
        errors.extend(
            RowError(row.where, message, index=index, field=name, order=row.order) for name, message in problems
        )
        if not problems:
            planned_rows.append(PlannedRow(row, outcome, chosen, target, decree, changes))
    return ImportPlan(rows=planned_rows, errors=errors, new_issues=list(issues.planned.values()))
