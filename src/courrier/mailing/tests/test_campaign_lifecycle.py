"""A campaign's life: draft → sending (recipients snapshotted in one statement) → sent, or cancelled."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courrier.mailing import actions
from courrier.mailing.models import (
    Campaign,
    CampaignStatus,
    ConsentAction,
    Delivery,
    DeliveryStatus,
    IllegalTransition,
    MailingError,
    SuppressionReason,
)
from courrier.mailing.sender import Sender, campaign_progress
from courrier.mailing.tests.conftest import make_campaign

pytestmark = pytest.mark.django_db


def test_the_snapshot_is_one_insert_select_and_leaves_out_suppressed_addresses(people):
    readers = people(30)
    make_people_staff = people(2, staff=True, prefix="redaction")
    actions.suppress_address(email=readers[0].email.upper(), reason=SuppressionReason.MANUAL, source="test")
    campaign = make_campaign()

    with CaptureQueriesContext(connection) as queries:
        total = actions.start_campaign(campaign=campaign)

    inserts = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1
    assert "SELECT" in inserts[0].upper()
    assert total == 29
    assert campaign.status == CampaignStatus.SENDING
    assert campaign.total == 29
    emails = set(Delivery.objects.filter(campaign=campaign).values_list("email", flat=True))
    assert emails == {reader.email for reader in readers[1:]}
    assert not emails & {member.email for member in make_people_staff}
    assert set(Delivery.objects.filter(campaign=campaign).values_list("status", "attempts").distinct()) == {
        (DeliveryStatus.PENDING, 0)
    }


def test_starting_enqueues_sending_tasks_after_commit(people, django_capture_on_commit_callbacks, mailoutbox):
    people(3)
    campaign = make_campaign()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.start_campaign(campaign=campaign)

    assert len(callbacks) == 1
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert campaign.sent_count == 3
    assert sorted(message.to[0] for message in mailoutbox) == [f"lecteur00{n}@exemple.qc.ca" for n in range(3)]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (CampaignStatus.SENDING, CampaignStatus.DRAFT),
        (CampaignStatus.SENT, CampaignStatus.SENDING),
        (CampaignStatus.SENT, CampaignStatus.CANCELLED),
        (CampaignStatus.CANCELLED, CampaignStatus.SENDING),
        (CampaignStatus.DRAFT, CampaignStatus.SENT),
    ],
)
def test_illegal_transitions_raise(start, to):
    campaign = Campaign(status=start)
    with pytest.raises(IllegalTransition):
        campaign.transition(to)


def test_a_campaign_starts_once(people):
    people(2)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    with pytest.raises(IllegalTransition):
        actions.start_campaign(campaign=campaign)
    assert Delivery.objects.filter(campaign=campaign).count() == 2


def test_an_empty_audience_is_sent_at_once():
    campaign = make_campaign()

    assert actions.start_campaign(campaign=campaign) == 0
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert campaign.finished_at is not None


def test_an_unknown_audience_is_refused():
    with pytest.raises(MailingError):
        make_campaign(audience="inconnu")


def test_cancelling_stops_what_is_not_sent(people, clock, mailoutbox):
    people(25)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    Sender(clock=clock, batch_size=10).run(campaign.pk, max_batches=1)

    cancelled = actions.cancel_campaign(campaign=campaign)

    assert cancelled == 15
    assert campaign.status == CampaignStatus.CANCELLED
    assert (campaign.sent_count, campaign.cancelled_count) == (10, 15)
    assert Sender(clock=clock).run(campaign.pk).sent == 0
    assert len(mailoutbox) == 10
    with pytest.raises(IllegalTransition):
        actions.cancel_campaign(campaign=campaign)


def test_progress_is_one_query(people, clock, django_assert_num_queries):
    people(30)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)
    Sender(clock=clock, batch_size=12).run(campaign.pk, max_batches=1)
    actions.record_consent(
        email="x@exemple.qc.ca", list_key="lcp-lag", action=ConsentAction.OPT_OUT, source="test"
    )  # unrelated writes do not count

    with django_assert_num_queries(1):
        progress = campaign_progress(campaign, now=clock.now())

    assert progress["total"] == 30
    assert progress["sent"] == 12
    assert progress["pending"] == 18
    assert progress["percent"] == 40.0
    assert progress["rate"] > 0
    assert progress["seconds_left"] is not None


def test_the_campaign_is_sent_when_nothing_is_left(people, clock):
    people(5)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    Sender(clock=clock).run(campaign.pk)

    assert actions.complete_campaign(campaign_id=campaign.pk)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.sent_count, campaign.failed_count) == (CampaignStatus.SENT, 5, 0)
    assert campaign_progress(campaign)["percent"] == 100.0
