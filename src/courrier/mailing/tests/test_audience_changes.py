"""The audience is asked again before each batch: who left it mid-send is cancelled, not sent."""

from __future__ import annotations

import pytest
from anymail.signals import AnymailTrackingEvent, EventType, tracking

from courrier.licensing.factories import ReaderFactory
from courrier.licensing.models import Membership, MembershipStatus
from courrier.mailing import actions
from courrier.mailing.models import CampaignStatus, ConsentAction, Delivery, DeliveryStatus
from courrier.mailing.sender import NOT_IN_AUDIENCE, SUPPRESSED, Sender
from courrier.mailing.tests.conftest import make_campaign

pytestmark = pytest.mark.django_db


def test_an_unsubscribe_mid_send_cancels_that_readers_delivery(people, smtp_sink, clock):
    readers = people(30)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    Sender(clock=clock, batch_size=10).run(campaign.pk, max_batches=1)
    sent = set(smtp_sink.recipients())
    leaving = [reader for reader in readers if reader.email not in sent][:3]
    already_served = next(reader for reader in readers if reader.email in sent)
    for reader in [*leaving, already_served]:
        actions.record_consent(
            email=reader.email, user=reader, list_key="lcp-lag", action=ConsentAction.OPT_OUT, source="lien"
        )

    report = Sender(clock=clock, batch_size=10).run_until_done(campaign.pk)

    assert report.cancelled == 3
    received = smtp_sink.recipients()
    assert len(received) == 27
    assert not {reader.email for reader in leaving} & set(received)
    for reader in leaving:
        delivery = Delivery.objects.get(campaign=campaign, email=reader.email)
        assert (delivery.status, delivery.last_error, delivery.attempts) == (
            DeliveryStatus.CANCELLED,
            NOT_IN_AUDIENCE,
            0,
        )
    assert Delivery.objects.get(campaign=campaign, email=already_served.email).status == DeliveryStatus.SENT
    campaign.refresh_from_db()
    assert (campaign.status, campaign.sent_count, campaign.cancelled_count) == (CampaignStatus.SENT, 27, 3)


def test_a_licence_ending_mid_send_stops_the_rest(smtp_sink, clock):
    readers = [ReaderFactory() for _ in range(4)]
    campaign = make_campaign(audience="entitled")
    assert actions.start_campaign(campaign=campaign) == 4
    Membership.objects.filter(user=readers[3]).update(status=MembershipStatus.REMOVED)

    Sender(clock=clock).run_until_done(campaign.pk)

    assert sorted(smtp_sink.recipients()) == sorted(reader.email for reader in readers[:3])
    assert Delivery.objects.get(email=readers[3].email).status == DeliveryStatus.CANCELLED


def test_a_complaint_mid_send_stops_mail_to_that_address(people, smtp_sink, clock):
    readers = people(20)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    Sender(clock=clock, batch_size=5).run(campaign.pk, max_batches=1)
    complaining = next(reader for reader in readers if reader.email not in smtp_sink.recipients())
    # The complaint is about yesterday's message, which we sent them.
    Delivery.objects.create(
        campaign=make_campaign(), email=complaining.email, status=DeliveryStatus.SENT, provider_message_id="hier-1"
    )
    event = AnymailTrackingEvent(
        event_type=EventType.COMPLAINED, recipient=complaining.email, event_id="plainte-1", message_id="hier-1"
    )
    tracking.send(sender=object, event=event, esp_name="Postmark")

    Sender(clock=clock, batch_size=5).run_until_done(campaign.pk)

    assert complaining.email not in smtp_sink.recipients()
    delivery = Delivery.objects.get(campaign=campaign, email=complaining.email)
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.CANCELLED, SUPPRESSED)
