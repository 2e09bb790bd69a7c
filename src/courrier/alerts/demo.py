"""Demo Alerte Décrets filters for the embedded default: the MCN's demo reader follows two ministries."""

from __future__ import annotations

from courrier.accounts.models import User
from courrier.alerts.actions import set_decree_alert_filter
from courrier.alerts.models import DecreeAlertFilter
from courrier.parliament.models import Ministry

READER_EMAIL = "lecteur@mcn.gouv.qc.ca"
MINISTRY_ACRONYMS = ("MCN", "SCT")


def load_demo_alert_filters() -> DecreeAlertFilter | None:
    """Once: the demo reader narrows Alerte Décrets to the MCN and the Secrétariat du Conseil du trésor.
    Needs the demo subscribers and register; a choice the reader made since is left alone."""
    reader = User.objects.filter(email=READER_EMAIL).first()
    if reader is None or DecreeAlertFilter.objects.filter(user=reader).exists():
        return None
    ministries = list(Ministry.objects.filter(acronym__in=MINISTRY_ACRONYMS))
    if not ministries:
        return None
    return set_decree_alert_filter(user=reader, ministries=ministries, categories=[], keywords="")
