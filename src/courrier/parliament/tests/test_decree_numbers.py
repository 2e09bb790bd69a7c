"""Decree numbers: the modern form, the legacy two-digit years and their pivot, tolerant typing, garbage refused."""

from __future__ import annotations

import datetime

import pytest

from courrier.parliament.decree_numbers import (
    DecreeNumber,
    DecreeNumberError,
    expand_year,
    format_decree_number,
    parse_decree_number,
)

TODAY = datetime.date(2026, 11, 30)


def parse(text: str) -> DecreeNumber:
    return parse_decree_number(text, today=TODAY)


def test_the_modern_form():
    assert parse("1329-2022") == DecreeNumber(1329, 2022)
    assert parse("1-2026") == (1, 2026)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("812-95", (812, 1995)),
        ("3333-81", (3333, 1981)),
        ("1-68", (1, 1968)),  # the pivot: 68 is the first year of the 1900s
        ("2856-99", (2856, 1999)),
        ("812-05", (812, 2005)),
        ("100-00", (100, 2000)),
        ("1774-27", (1774, 2027)),  # next year, still accepted
    ],
)
def test_legacy_two_digit_years_pivot_at_68(text, expected):
    assert parse(text) == expected


def test_the_pivot_itself():
    assert [expand_year(y) for y in (0, 5, 67, 68, 95, 99)] == [2000, 2005, 2067, 1968, 1995, 1999]


@pytest.mark.parametrize(
    "text",
    [
        "  1329-2022 ",
        "1329 - 2022",
        "1329–2022",  # noqa: RUF001 - en dash, as pasted from the Gazette
        "1329—2022",
        "1329\u22122022",  # minus sign
        "1329\u20112022",  # non-breaking hyphen
        "01329-2022",
        "no 1329-2022",
        "No 1329-2022",
        "n° 1329-2022",
        "nº 1329-2022",
        "n°1329-2022",
        "no. 1329-2022",
        "numéro 1329-2022",
        "décret 1329-2022",
        "Décret no 1329-2022",
        "DÉCRET N° 1329-2022",
        "decret 1329-2022",
        "D. 1329-2022",
        "décret\u00a0n\u00a0o\u00a01329-2022",  # non-breaking spaces
        "1329-22",
    ],
)
def test_tolerant_of_how_numbers_are_typed(text):
    assert parse(text) == (1329, 2022)


def test_leading_zeros_are_dropped():
    assert parse("0042-2026") == (42, 2026)
    assert parse("décret 0001-26") == (1, 2026)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Indiquez un numéro de décret"),
        ("   ", "Indiquez un numéro de décret"),
        ("abc", "«\u00a0abc\u00a0» n'est pas un numéro de décret"),
        ("1329", "n'est pas un numéro de décret"),
        ("1329-", "n'est pas un numéro de décret"),
        ("-2022", "n'est pas un numéro de décret"),
        ("1329-202", "n'est pas un numéro de décret"),
        ("1329-20222", "n'est pas un numéro de décret"),
        ("1329/2022", "n'est pas un numéro de décret"),
        ("1329-2022-3", "n'est pas un numéro de décret"),
        ("arrêté 1329-2022", "n'est pas un numéro de décret"),
        ("1329-2022 et 1330-2022", "n'est pas un numéro de décret"),
        ("0-2022", "Le numéro d'un décret va de 1 à 9999."),
        ("10000-2022", "Le numéro d'un décret va de 1 à 9999."),
        ("1329-1967", "L'année d'un décret doit être comprise entre 1968 et 2027."),
        ("1329-2028", "entre 1968 et 2027"),
        ("1329-28", "entre 1968 et 2027"),  # 2028: not yet, and never read as 1928
        ("1329-67", "entre 1968 et 2027"),
    ],
)
def test_garbage_is_refused_with_a_french_message(text, message):
    with pytest.raises(DecreeNumberError) as refused:
        parse(text)
    assert message in str(refused.value)
    assert isinstance(refused.value, ValueError)


def test_a_long_input_is_quoted_back_shortened():
    with pytest.raises(DecreeNumberError) as refused:
        parse("x" * 500)
    assert len(str(refused.value)) < 200


def test_format_writes_four_digit_years():
    assert format_decree_number(1329, 2022) == "1329-2022"
    assert str(parse("812-95")) == "812-1995"
    assert str(parse("0042-2026")) == "42-2026"


def test_the_latest_year_follows_the_clock():
    assert parse_decree_number("5-2028", today=datetime.date(2027, 1, 4)) == (5, 2028)
