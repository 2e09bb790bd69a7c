"""The demo reader follows two ministries in Alerte Décrets, once."""

from __future__ import annotations

from courrier.alerts.demo import READER_EMAIL, load_demo_alert_filters
from courrier.alerts.models import DecreeAlertFilter
from courrier.licensing.factories import ReaderFactory
from courrier.parliament.factories import MinistryFactory


def test_the_demo_reader_gets_two_ministries_once(db):
    reader = ReaderFactory(email=READER_EMAIL)
    mcn = MinistryFactory(name="Ministère de la Cybersécurité et du Numérique", acronym="MCN")
    sct = MinistryFactory(name="Secrétariat du Conseil du trésor", acronym="SCT")
    assert load_demo_alert_filters() is not None
    assert set(DecreeAlertFilter.objects.get(user=reader).ministries.all()) == {mcn, sct}
    assert load_demo_alert_filters() is None
    assert DecreeAlertFilter.objects.count() == 1


def test_nothing_without_the_demo_reader(db):
    assert load_demo_alert_filters() is None
