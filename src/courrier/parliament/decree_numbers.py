"""Decree numbers as the government writes them: « 1329-2022 », and « 812-95 » for older decrees.

A decree is numbered in sequence within the calendar year it is made in, so a
number is the pair (number, year). The register always writes the year with
four digits (« 812-1995 »), so that sorting, search and links agree; older
decrees printed with two (« 812-95 ») are read as such.

Two-digit years pivot at 68: 68 to 99 are 1968 to 1999, 00 to 67 are 2000 to
2067. The register holds no decree made before 1968, and none dated after next
year: a two-digit year from 28 to 67 is therefore refused until the calendar
catches up, never silently read as the 1900s.

Parsing is tolerant of the ways a number is typed or pasted: surrounding
spaces, « décret », « D. », « no », « n° », « numéro », any dash (hyphen,
en dash, em dash, minus sign, non-breaking hyphen), spaces around the dash and
leading zeros. Anything else is refused with a message for the editor, in French.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_DECREE_YEAR = 1968
TWO_DIGIT_PIVOT = 68
MAX_DECREE_NUMBER = 9999
_ECHO_LENGTH = 40  # characters of a refused input quoted back to the editor

_DASHES = "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_NUMBER = re.compile(
    rf"""
    (?:d[ée]cret\b\.?|d\.)?\s*                       # « décret », « D. »
    (?:(?:n\s*[o°º\u1d52]\.?|num[ée]ro)(?![a-z])\s*)?  # « no », « n° », « nº », « numéro »
    (?P<number>\d{{1,9}})
    \s*[{_DASHES}]\s*
    (?P<year>\d{{4}}|\d{{2}})
    """,
    re.IGNORECASE | re.VERBOSE,
)


class DecreeNumberError(ValueError):
    """A text that is not a decree number; the message is for the editor, in French."""


class DecreeNumber(NamedTuple):
    number: int
    year: int

    def __str__(self) -> str:
        return format_decree_number(self.number, self.year)


def last_decree_year(today: datetime.date | None = None) -> int:
    """The latest year a decree may carry: next year (a decree dated ahead is a typing error beyond that)."""
    return (today or timezone.localdate()).year + 1


def expand_year(two_digits: int) -> int:
    """The four-digit year of a two-digit one, pivoting at 68 (see the module docstring)."""
    if not 0 <= two_digits <= 99:
        raise ValueError(f"not a two-digit year: {two_digits}")
    return (1900 if two_digits >= TWO_DIGIT_PIVOT else 2000) + two_digits


def format_decree_number(number: int, year: int) -> str:
    """The number as the register writes it: « 1329-2022 » (four-digit year, no leading zeros)."""
    return f"{number}-{year}"


def echo(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _ECHO_LENGTH else f"{text[: _ECHO_LENGTH - 1]}…"


def year_error(year: int, today: datetime.date | None = None) -> str | None:
    """Why `year` cannot be a decree's year, in French; None when it can."""
    last = last_decree_year(today)
    if FIRST_DECREE_YEAR <= year <= last:
        return None
    return _("L'année d'un décret doit être comprise entre %(first)d et %(last)d.") % {
        "first": FIRST_DECREE_YEAR,
        "last": last,
    }


def number_error(number: int) -> str | None:
    """Why `number` cannot be a decree's number within its year, in French; None when it can."""
    if 1 <= number <= MAX_DECREE_NUMBER:
        return None
    return _("Le numéro d'un décret va de 1 à %(max)d.") % {"max": MAX_DECREE_NUMBER}


def parse_decree_number(text: str, *, today: datetime.date | None = None) -> DecreeNumber:
    """Reads « 1329-2022 », « no 812-95 », « Décret n° 0042 - 2026 »…; raises `DecreeNumberError` otherwise."""
    stripped = (text or "").strip()
    if not stripped:
        raise DecreeNumberError(_("Indiquez un numéro de décret, p. ex. 1329-2022."))
    match = _NUMBER.fullmatch(stripped)
    if match is None:
        raise DecreeNumberError(
            _(
                "« %(text)s » n'est pas un numéro de décret : écrivez le numéro, un trait d'union "
                "et l'année, p. ex. 1329-2022."
            )
            % {"text": echo(stripped)}
        )
    digits = match["year"]
    year = expand_year(int(digits)) if len(digits) == 2 else int(digits)
    number = int(match["number"])
    for problem in (number_error(number), year_error(year, today)):
        if problem:
            raise DecreeNumberError(_("« %(text)s » : %(problem)s") % {"text": echo(stripped), "problem": problem})
    return DecreeNumber(number, year)


# Model field validators (referenced by migrations: keep their names and module).


def validate_decree_year(value: int) -> None:
    problem = year_error(value)
    if problem:
        raise ValidationError(problem, code="decree_year")


def validate_decree_number(value: int) -> None:
    problem = number_error(value)
    if problem:
        raise ValidationError(problem, code="decree_number")
