"""Parliament knobs, each overridable from Django settings (`COURRIER_PARLIAMENT = {...}`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def _get(name: str, default: Any) -> Any:
    return getattr(settings, "COURRIER_PARLIAMENT", {}).get(name, default)


def easter_monday_is_holiday() -> bool:
    """Whether Easter Monday counts as a statutory holiday besides Good Friday.

    Québec's Act respecting labour standards (s. 60) makes Good Friday *or* Easter
    Monday a holiday, at the employer's choice; the `holidays` package lists Good
    Friday. The Québec public service, where most readers work, is off both days.
    """
    return bool(_get("EASTER_MONDAY_IS_HOLIDAY", False))
