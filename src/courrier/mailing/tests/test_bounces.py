"""Bounces and complaints from the provider's webhooks about our messages feed the suppression list, once per event.

(Events about messages we did not send are only recorded for staff: test_webhook_matching.py.)"""

from __future__ import annotations

import pytest
from anymail.signals import AnymailTrackingEvent, EventType, RejectReason, tracking

from courrier.mailing import actions
from courrier.mailing.models import (
    ConsentAction,
    Delivery,
    DeliveryStatus,
    IllegalTransition,
    MailingError,
    Suppression,
    SuppressionReason,
)
from courrier.mailing.tests.conftest import make_campaign

pytestmark = pytest.mark.django_db

PROVIDER_ID = "0f3e1d2c-aaaa-bbbb-cccc-1234567890ab"


@pytest.fixture(autouse=True)
def delivery():
    """The message the provider reports on: one we sent to that reader."""
    return Delivery.objects.create(
        campaign=make_campaign(),
        email="lecteur@exemple.qc.ca",
        status=DeliveryStatus.SENT,
        provider_message_id=PROVIDER_ID,
    )


def report(event_type, recipient="Lecteur@Exemple.qc.ca", event_id="evt-1", **extra):
    event = AnymailTrackingEvent(
        event_type=event_type, recipient=recipient, event_id=event_id, message_id=PROVIDER_ID, **extra
    )
    tracking.send(sender=object, event=event, esp_name="Postmark")


@pytest.mark.parametrize(
    ("event_type", "extra", "reason"),
    [
        (EventType.BOUNCED, {"mta_response": "550 5.1.1 user unknown"}, SuppressionReason.HARD_BOUNCE),
        (EventType.COMPLAINED, {}, SuppressionReason.COMPLAINT),
        (EventType.UNSUBSCRIBED, {}, SuppressionReason.UNSUBSCRIBED),
        (EventType.REJECTED, {"reject_reason": RejectReason.BOUNCED}, SuppressionReason.HARD_BOUNCE),
        (EventType.REJECTED, {"reject_reason": RejectReason.SPAM}, SuppressionReason.COMPLAINT),
    ],
)
def test_events_that_mean_stop_suppress_the_address(event_type, extra, reason):
    report(event_type, **extra)

    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason, suppression.source) == (
        "lecteur@exemple.qc.ca",
        reason,
        "anymail:postmark",
    )
    assert suppression.event_id == "Postmark:evt-1"
    assert suppression.detail == extra.get("mta_response", "")


@pytest.mark.parametrize(
    ("event_type", "extra"),
    [
        (EventType.DEFERRED, {}),
        (EventType.DELIVERED, {}),
        (EventType.OPENED, {}),
        (EventType.REJECTED, {"reject_reason": RejectReason.BLOCKED}),
    ],
)
def test_other_events_change_nothing(event_type, extra):
    report(event_type, **extra)
    assert not Suppression.objects.exists()


def test_a_replayed_event_is_recorded_once_even_after_a_lift(staff):
    report(EventType.BOUNCED)
    report(EventType.BOUNCED)
    assert Suppression.objects.count() == 1

    actions.lift_suppression(suppression=Suppression.objects.get(), by=staff)
    report(EventType.BOUNCED)  # the provider retries an old delivery of its webhook

    assert Suppression.objects.active().count() == 0
    report(EventType.BOUNCED, event_id="evt-2")  # a new bounce, after the lift
    assert Suppression.objects.active().count() == 1
    assert Suppression.objects.count() == 2


def test_lifting_keeps_the_row_and_refuses_twice(staff):
    suppression = actions.record_bounce(email="a@exemple.qc.ca", source="smtp", detail="550 5.1.1")

    actions.lift_suppression(suppression=suppression, by=staff)

    suppression.refresh_from_db()
    assert (suppression.is_active, suppression.lifted_by) == (False, staff)
    with pytest.raises(MailingError):
        actions.lift_suppression(suppression=suppression, by=staff)


def test_an_address_already_blocked_stays_as_it_is():
    first = actions.record_complaint(email="a@exemple.qc.ca", source="anymail:postmark")
    assert actions.record_bounce(email="A@exemple.qc.ca", source="smtp") is None
    assert list(Suppression.objects.all()) == [first]


def test_consent_records_are_append_only():
    record = actions.record_consent(
        email="a@exemple.qc.ca", list_key="lcp-lag", action=ConsentAction.OPT_IN, source="inscription"
    )
    record.action = ConsentAction.OPT_OUT
    with pytest.raises(IllegalTransition):
        record.save()
    with pytest.raises(IllegalTransition):
        record.delete()
