"""Importing decree files: every cell checked with a French message per line, all rows or none, and idempotent."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest

from courrier.parliament.actions import IntakeRefused, import_decrees
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from courrier.parliament.imports import parse_french_date, read_decree_file
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue, PartTwoSection

D = datetime.date
HEADER = [
    "numero",
    "date",
    "titre",
    "categorie",
    "ministeres",
    "loi_habilitante",
    "page",
    "gazette_date",
    "gazette_volume",
    "gazette_numero",
    "pages",
]
ROWS = [
    [
        "41-2026",
        "2026-01-21",
        "Règlement modifiant le Règlement sur les impôts",
        "Règlement",
        "FIN",
        "Loi sur les impôts (chapitre I-3)",
        "403",
        "2026-02-04",
        "158",
        "5",
        "14",
    ],
    [
        "50-2026",
        "21/01/2026",
        "Concernant la nomination de madame Geneviève Auclair comme sous-ministre adjointe au ministère de la "
        "Cybersécurité et du Numérique",
        "Nomination",
        "MCN",
        "",
        "417",
        "2026-02-04",
        "158",
        "5",
        "",
    ],
    [
        "70-2026",
        "21 janvier 2026",
        "Concernant les modalités de financement de la Société québécoise des infrastructures pour l'exercice "
        "financier 2026-2027",
        "décret administratif",
        "FIN, MSSS",
        "",
        "",
        "4 février 2026",
        "158",
        "5",
        "",
    ],
]


def csv_file(rows=ROWS, *, header=HEADER, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def with_cell(row_index: int, column: str, value: str) -> list[list[str]]:
    rows = [list(row) for row in ROWS]
    rows[row_index][HEADER.index(column)] = value
    return rows


@pytest.fixture
def ministries(db):
    return {
        acronym: MinistryFactory(acronym=acronym, name=name)
        for acronym, name in [
            ("FIN", "Ministère des Finances"),
            ("MSSS", "Ministère de la Santé et des Services sociaux"),
            ("MCN", "Ministère de la Cybersécurité et du Numérique"),
        ]
    }


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


# Reading files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "label"),
    [
        (csv_file(), "UTF-8, semicolons"),
        (csv_file(bom=True), "UTF-8 with a byte order mark"),
        (csv_file(encoding="cp1252"), "Windows-1252, as Excel saves it"),
        (csv_file(delimiter=","), "commas"),
        (csv_file(delimiter="\t"), "tabs"),
        (csv_file(encoding="utf-16"), "UTF-16 with its mark"),
    ],
)
def test_a_file_is_read_whatever_its_encoding_and_separator(content, label):
    result = read_decree_file(content, "decrets.csv")
    assert result.errors == [], label
    assert [str(row.number) for row in result.rows] == ["41-2026", "50-2026", "70-2026"]
    first, second, third = result.rows
    assert first.title == "Règlement modifiant le Règlement sur les impôts"
    assert second.title.startswith("Concernant la nomination de madame Geneviève Auclair")
    assert [row.made_on for row in result.rows] == [D(2026, 1, 21)] * 3
    assert [row.category for row in result.rows] == [
        DecreeCategory.REGULATION,
        DecreeCategory.APPOINTMENT,
        DecreeCategory.ADMINISTRATIVE,
    ]
    assert third.ministries == ("FIN", "MSSS")
    assert (first.page, first.page_count, first.enabling_statute) == (403, 14, "Loi sur les impôts (chapitre I-3)")
    assert (third.page, third.page_count, third.enabling_statute) == (None, None, None)
    assert third.gazette.published_on == D(2026, 2, 4)
    assert (third.gazette.volume, third.gazette.number) == (158, 5)


def test_headers_are_read_with_accents_capitals_and_spaces():
    header = ["Numéro", "Date", "Titre", "Catégorie", "Ministères", "Loi habilitante", "Page", "Remarque"]
    content = csv_file([[*ROWS[0][:7], "à revoir"]], header=header)
    result = read_decree_file(content)
    assert result.errors == []
    assert result.rows[0].enabling_statute == "Loi sur les impôts (chapitre I-3)"
    assert result.ignored_columns == ["Remarque"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-04", D(2026, 2, 4)),
        ("04/02/2026", D(2026, 2, 4)),
        ("4.2.2026", D(2026, 2, 4)),
        ("4 février 2026", D(2026, 2, 4)),
        ("«\u00a04 février 2026\u00a0»", D(2026, 2, 4)),
        ("mercredi 4 fevrier 2026", D(2026, 2, 4)),
        ("1er août 2026", D(2026, 8, 1)),
        ("1 AOÛT 2026", D(2026, 8, 1)),
        ("2026-02-04 00:00:00", D(2026, 2, 4)),
    ],
)
def test_french_dates(text, expected):
    assert parse_french_date(text) == expected


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            with_cell(1, "numero", "13290-2026"),
            "ligne 3\u00a0: «\u00a013290-2026\u00a0»\u00a0: Le numéro d'un décret va de 1 à 9999.",
        ),
        (
            with_cell(1, "numero", "D-50"),
            "ligne 3\u00a0: «\u00a0D-50\u00a0» n'est pas un numéro de décret",
        ),
        (with_cell(0, "numero", ""), "ligne 2\u00a0: le numéro du décret manque."),
        (
            with_cell(2, "date", "31/02/2026"),
            "ligne 4\u00a0: «\u00a031/02/2026\u00a0» n'est pas une date\u00a0: "
            "écrivez-la 2026-02-04, 04/02/2026 ou 4 février 2026.",
        ),
        (with_cell(2, "date", "demain"), "ligne 4\u00a0: «\u00a0demain\u00a0» n'est pas une date"),
        (with_cell(0, "categorie", "Loi"), "ligne 2\u00a0: catégorie inconnue\u00a0: «\u00a0Loi\u00a0»"),
        (with_cell(0, "page", "quatre"), "ligne 2\u00a0: «\u00a0quatre\u00a0» n'est pas un nombre valide pour la page"),
        (with_cell(0, "ministeres", " ; "), "ligne 2\u00a0: indiquez au moins un ministère recommandant"),
        (with_cell(0, "titre", "  "), "ligne 2\u00a0: le titre manque."),
        (with_cell(0, "gazette_numero", ""), "ligne 2\u00a0: indiquez à la fois gazette_volume et gazette_numero"),
    ],
)
def test_bad_cells_are_reported_with_their_line_in_french(rows, message):
    result = read_decree_file(csv_file(rows))
    assert any(text.startswith(message) for text in messages(result)), messages(result)
    assert len(result.rows) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"numero;date\n1-2026;2026-01-01\n", "Colonnes obligatoires absentes\u00a0: titre, ministeres."),
        (csv_file([]), "Le fichier ne contient aucun décret."),
        (b"[{]", "JSON illisible"),
        (b'{"autre": 1}', "Le JSON doit être une liste d'objets"),
        (b"\x00\x01\x02\xff\xfe garbage", "Colonnes obligatoires absentes"),
        (b"\xff\xfe odd", "Colonnes obligatoires absentes"),
        (b"[" * 100_000, "JSON illisible"),
        (b'[{"numero": "1-2026"}, 3]', "Le JSON doit être une liste d'objets"),
    ],
)
def test_unreadable_files_say_why(content, message):
    result = read_decree_file(content, "")
    assert result.rows == []
    assert messages(result)[0].startswith(message)


def test_empty_spreadsheet_lines_are_skipped():
    result = read_decree_file(csv_file([*ROWS, [""] * len(HEADER)]))
    assert result.errors == []
    assert result.lines == 3


def test_a_category_left_empty_is_guessed_from_the_title():
    result = read_decree_file(csv_file(with_cell(1, "categorie", "")))
    assert result.rows[1].category == DecreeCategory.APPOINTMENT
    assert result.rows[1].category_guessed


# Saving ---------------------------------------------------------------------------------------


def test_a_valid_file_is_entered_with_its_gazette_issue(ministries, staff):
    rows = read_decree_file(csv_file(bom=True)).rows

    result = import_decrees(rows=rows, by=staff)

    assert (len(result.created), len(result.updated), result.unchanged) == (3, 0, 0)
    issue = GazetteIssue.objects.get()
    assert (issue.published_on, issue.volume, issue.number) == (D(2026, 2, 4), 158, 5)
    assert result.issues_created == [issue]
    regulation = Decree.objects.get(number=41, year=2026)
    assert regulation.gazette_issue == issue
    assert (regulation.page, regulation.page_count) == (403, 14)
    assert regulation.published_at is None
    shared = Decree.objects.get(number=70, year=2026)
    assert set(shared.ministries.values_list("acronym", flat=True)) == {"FIN", "MSSS"}


def test_importing_the_same_file_twice_changes_nothing(ministries, staff):
    content = csv_file(encoding="cp1252")
    import_decrees(rows=read_decree_file(content).rows, by=staff)
    before = list(Decree.objects.order_by("pk").values())

    again = import_decrees(rows=read_decree_file(content).rows, by=staff)

    assert (len(again.created), len(again.updated), again.unchanged, again.issues_created) == (0, 0, 3, [])
    assert not again.changed
    assert list(Decree.objects.order_by("pk").values()) == before
    assert GazetteIssue.objects.count() == 1


def test_an_existing_issue_is_reused(ministries, staff):
    issue = GazetteIssueFactory(published_on=D(2026, 2, 4), volume=158, number=5)
    result = import_decrees(rows=read_decree_file(csv_file()).rows, by=staff)
    assert result.issues_created == []
    assert set(Decree.objects.values_list("gazette_issue", flat=True)) == {issue.pk}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (with_cell(2, "ministeres", "FIN, SSS"), "ligne 4\u00a0: ministère inconnu\u00a0: «\u00a0SSS\u00a0»."),
        (with_cell(2, "numero", "41-2026"), "ligne 4\u00a0: le décret 41-2026 figure déjà à la ligne 2."),
        (
            with_cell(0, "date", "2025-12-30"),
            "ligne 2\u00a0: le décret 41-2026 est pris en 2026\u00a0: le 30 décembre 2025",
        ),
        (
            with_cell(0, "date", "2026-02-05"),
            "ligne 2\u00a0: le décret est pris le 5 février 2026, après la parution de la Gazette du 4 février 2026.",
        ),
        (
            with_cell(1, "gazette_date", "2026-02-11"),
            "ligne 3\u00a0: la Gazette du 11 février 2026 (158e année, n° 5) porte deux dates dans le fichier",
        ),
    ],
)
def test_a_file_with_one_bad_row_saves_nothing(ministries, staff, rows, message):
    rows = read_decree_file(csv_file(rows)).rows
    assert len(rows) == 3  # every cell readable: the register refuses the row

    with pytest.raises(IntakeRefused) as refusal:
        import_decrees(rows=rows, by=staff)

    assert any(str(error).startswith(message) for error in refusal.value.errors), refusal.value.errors
    assert Decree.objects.count() == 0
    assert GazetteIssue.objects.count() == 0


def test_a_decree_entered_with_other_data_is_refused_unless_updating(ministries, staff):
    issue = GazetteIssueFactory(published_on=D(2026, 2, 4), volume=158, number=5)
    DecreeFactory(
        number=41,
        year=2026,
        made_on=D(2026, 1, 21),
        title="Règlement modifiant le Règlement sur les impôts",
        category=DecreeCategory.REGULATION,
        ministries=[ministries["FIN"]],
        gazette_issue=issue,
        page=401,
        full_text="ATTENDU QUE …",
    )
    rows = read_decree_file(csv_file()).rows

    with pytest.raises(IntakeRefused) as refusal:
        import_decrees(rows=rows, by=staff)
    assert [str(error) for error in refusal.value.errors] == [
        "ligne 2\u00a0: le décret 41-2026 est déjà inscrit avec d'autres données (loi habilitante, page, nombre "
        "de pages). Cochez «\u00a0Mettre à jour les décrets déjà inscrits\u00a0» pour les remplacer."
    ]
    assert Decree.objects.count() == 1

    result = import_decrees(rows=rows, update=True, by=staff)

    assert (len(result.created), len(result.updated)) == (2, 1)
    decree = Decree.objects.get(number=41, year=2026)
    assert (decree.page, decree.page_count) == (403, 14)
    assert decree.full_text == "ATTENDU QUE …"  # no « texte » column: never erased


def test_rows_without_gazette_columns_go_to_the_chosen_issue(ministries, staff):
    issue = GazetteIssueFactory(published_on=D(2026, 2, 4), volume=158, number=5)
    rows = read_decree_file(csv_file([row[:7] for row in ROWS], header=HEADER[:7])).rows

    import_decrees(rows=rows, issue=issue, by=staff)

    assert set(Decree.objects.values_list("gazette_issue", flat=True)) == {issue.pk}


def test_a_page_needs_an_issue(ministries, staff):
    rows = read_decree_file(csv_file([row[:7] for row in ROWS], header=HEADER[:7])).rows
    with pytest.raises(IntakeRefused) as refusal:
        import_decrees(rows=rows, by=staff)
    assert str(refusal.value.errors[0]).startswith("ligne 2\u00a0: une page se rapporte à un numéro de la Gazette")


def test_a_gazette_issue_named_by_date_alone_must_be_entered(ministries, staff):
    header = [*HEADER[:6], "gazette_date"]
    rows = [[*row[:6], "2026-02-04"] for row in ROWS]
    content = csv_file(rows, header=header)

    with pytest.raises(IntakeRefused) as refusal:
        import_decrees(rows=read_decree_file(content).rows, by=staff)
    assert "aucun numéro de la Gazette du 4 février 2026 n'est au registre" in str(refusal.value.errors[0])

    issue = GazetteIssueFactory(published_on=D(2026, 2, 4), volume=158, number=5)
    import_decrees(rows=read_decree_file(content).rows, by=staff)
    assert Decree.objects.filter(gazette_issue=issue).count() == 3


def test_json_files(ministries, staff):
    data = {
        "decrets": [
            {
                "numero": "41-2026",
                "date": "2026-01-21",
                "titre": "Règlement modifiant le Règlement sur les impôts",
                "categorie": "regulation",
                "ministeres": ["FIN"],
                "page": 403,
                "section": "Règlements et autres actes",
                "gazette": {"date": "2026-02-04", "volume": 158, "numero": 5},
                "texte": "ATTENDU QUE …\n\nIL EST ORDONNÉ …",
                "sommaire": "Le règlement ajuste les taux de l'impôt minimum.",
            },
            {
                "numero": "n° 79-2026",
                "date": "28 janvier 2026",
                "titre": "Concernant la nomination de madame Catherine Dubé-Lessard",
                "ministeres": "MSSS",
                "pages": 2.0,
                "gazette_date": "2026-02-11",
                "gazette_volume": 158,
                "gazette_numero": 6,
            },
        ]
    }
    content = json.dumps(data, ensure_ascii=False).encode()
    result = read_decree_file(content, "export.json")
    assert result.errors == []

    import_decrees(rows=result.rows, by=staff)
    again = import_decrees(rows=read_decree_file(content, "export.json").rows, by=staff)

    assert again.unchanged == 2
    regulation = Decree.objects.get(number=41)
    assert regulation.section == PartTwoSection.REGULATIONS
    assert regulation.full_text.startswith("ATTENDU QUE")
    assert regulation.summary == "Le règlement ajuste les taux de l'impôt minimum."
    appointment = Decree.objects.get(number=79)
    assert (appointment.category, appointment.page_count) == (DecreeCategory.APPOINTMENT, 2)
    assert GazetteIssue.objects.count() == 2


def test_json_rows_are_placed_by_their_entry():
    content = json.dumps([{"numero": "1-2026", "date": "hier", "titre": "Titre", "ministeres": "FIN"}]).encode()
    assert messages(read_decree_file(content)) == [
        "entrée 1\u00a0: «\u00a0hier\u00a0» n'est pas une date\u00a0: écrivez-la 2026-02-04, 04/02/2026 ou "
        "4 février 2026."
    ]
