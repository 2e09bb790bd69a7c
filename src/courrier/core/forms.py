"""Form fields shared by every app's forms and by the Wagtail admin."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime


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
