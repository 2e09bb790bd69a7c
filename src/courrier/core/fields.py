"""Reading what visitors type into numbers, dates and rows without trusting its size.

A date field accepts 9999-12-31, on which "the next day" overflows; `str.isdigit()`
accepts « ² », which `int()` refuses, and `int()` refuses text past 4,300 digits;
SQLite refuses integers past 64 bits, PostgreSQL integers past a column's size.
These fields and helpers turn all of that into « not a valid value » before any
arithmetic or query runs, so a hostile request gets a French form error, not a 500.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

# Dates a visitor may ask for: the archive starts in the 1990s, decrees go back further.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
# Every integer column holds these (a signed 64-bit one holds up to 19 digits, not all of them).
_DATABASE_INT = re.compile(r"[0-9]{1,18}")


def database_int(text: Any) -> int | None:
    """The number `text` spells in ASCII digits when a database integer column can hold it, else None."""
    if isinstance(text, str) and _DATABASE_INT.fullmatch(text):
        return int(text)
    return None


class BoundedDateField(forms.DateField):
    """A date between FIRST_DAY and LAST_DAY: a day on which date arithmetic cannot overflow."""

    default_error_messages = {
        "out_of_range": _("Indiquez une date entre le 1er janvier %(first)d et le 31 décembre %(last)d."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(self.widget, forms.DateInput):
            self.widget.attrs.setdefault("min", FIRST_DAY.isoformat())
            self.widget.attrs.setdefault("max", LAST_DAY.isoformat())

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": FIRST_DAY.year, "last": LAST_DAY.year},
            )


def _in_key_range(field: forms.ModelChoiceField, value: Any) -> bool:
    """Whether `value` could be a key of the field's queryset: a query for one that cannot is never sent."""
    key = field.to_field_name or "pk"
    model_field = field.queryset.model._meta.pk if key == "pk" else field.queryset.model._meta.get_field(key)
    if not isinstance(model_field, models.IntegerField | models.AutoField):
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        number: int | None = value
    else:
        number = database_int(str(value).strip())
    if number is None:
        return False
    low, high = connection.ops.integer_field_range(model_field.get_internal_type())
    return (low is None or low <= number) and (high is None or number <= high)


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose impossible keys (« ² », 20 or 5,000 digits) are an invalid choice, not a crash."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if not _in_key_range(self, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose impossible keys are refused like any unknown one."""

    def _check_values(self, value: Any) -> Any:
        try:
            values = frozenset(value)
        except TypeError:
            return super()._check_values(value)
        for item in values:
            if not _in_key_range(self, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(item)[:40]}
                )
        return super()._check_values(value)


class WallClockDateTimeField(forms.DateTimeField):
    """A moment typed in the publisher's wall-clock time, read on the nights the clocks change too.

    Django refuses a time the clocks show twice (01:00-02:00 on the first Sunday of November) or
    skip (02:00-03:00 on the second Sunday of March), which kept editors from saving during that
    hour. Here an hour shown twice is its first occurrence, and a skipped one is read with the
    offset in force before the change (02:30 becomes 03:30).
    """

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            value = parsed or BaseTemporalField.to_python(self, value)
        elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            value = datetime.datetime(value.year, value.month, value.day)  # noqa: DTZ001 - made aware below
        if timezone.is_naive(value):
            value = value.replace(tzinfo=timezone.get_current_timezone())
        return value


class WebAddressField(models.URLField):
    """An address on the web; one typed without a scheme is taken as https://."""

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"assume_scheme": "https", **kwargs})
