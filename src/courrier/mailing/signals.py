"""Bounces and complaints reported by the email provider (django-anymail tracking webhooks).

`webhooks.py` answers only enabled providers whose requests anymail can authenticate; anymail
normalises their events and sends the `tracking` signal; this receiver only hands the few
events that matter to `actions.record_provider_event`, which decides (a message we sent:
suppressed; anything else: kept for staff) and is idempotent by event id (providers retry).
"""

from __future__ import annotations

from typing import Any

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason

from courrier.mailing import actions
from courrier.mailing.models import SuppressionReason

# A refusal by the provider for one of these reasons means the address is dead or unwilling.
REJECTIONS = {
    RejectReason.BOUNCED: SuppressionReason.HARD_BOUNCE,
    RejectReason.INVALID: SuppressionReason.HARD_BOUNCE,
    RejectReason.SPAM: SuppressionReason.COMPLAINT,
    RejectReason.UNSUBSCRIBED: SuppressionReason.UNSUBSCRIBED,
}
EVENTS = {
    EventType.BOUNCED: SuppressionReason.HARD_BOUNCE,
    EventType.COMPLAINED: SuppressionReason.COMPLAINT,
    EventType.UNSUBSCRIBED: SuppressionReason.UNSUBSCRIBED,
}


def suppression_reason(event: AnymailTrackingEvent) -> SuppressionReason | None:
    if event.event_type == EventType.REJECTED:
        return REJECTIONS.get(event.reject_reason)
    return EVENTS.get(event.event_type)


def on_tracking_event(sender: Any, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any) -> None:
    reason = suppression_reason(event)
    if reason is None or not event.recipient:
        return
    actions.record_provider_event(
        email=str(event.recipient),
        reason=reason,
        source=f"anymail:{esp_name}".lower(),
        message_id=str(event.message_id or ""),
        detail=str(event.mta_response or event.description or "")[:300],
        event_id=f"{esp_name}:{event.event_id}" if event.event_id else "",
    )
