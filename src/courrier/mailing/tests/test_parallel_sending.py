"""A worker sending over several connections at once: each lane claims, leases and records on its own."""

from __future__ import annotations

import collections

import pytest

from courrier.mailing import actions
from courrier.mailing.models import Delivery, DeliveryStatus, Suppression
from courrier.mailing.sender import Sender
from courrier.mailing.tests.conftest import make_campaign

# The lanes are threads with their own database connections: they need committed rows in a database
# several connections can open (SQLite's in-memory test database cannot take concurrent writers).
pytestmark = pytest.mark.usefixtures("shared_database")


def test_lanes_send_everyone_once_over_their_own_connections(people, smtp_sink, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    readers = people(60)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    report = Sender(worker="w", connections=4, batch_size=5).run(campaign.pk)

    counts = collections.Counter(smtp_sink.recipients())
    assert set(counts) == {reader.email for reader in readers}
    assert max(counts.values()) == 1
    assert report.sent == 60
    assert len(smtp_sink.sessions) == 4
    lanes = set(Delivery.objects.filter(campaign=campaign).values_list("leased_by", flat=True))
    assert lanes == {"w/0", "w/1", "w/2", "w/3"}
    assert actions.complete_campaign(campaign_id=campaign.pk)


def test_a_dead_address_fails_in_its_lane_while_the_others_deliver(people, smtp_sink, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    readers = people(30)
    dead = readers[7].email
    smtp_sink.rcpt_rule = lambda address, seen: "550 5.1.1 No such user" if address == dead else None
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    report = Sender(connections=3, batch_size=4).run(campaign.pk)

    assert (report.sent, report.failed) == (29, 1)
    assert sorted(smtp_sink.recipients()) == sorted(reader.email for reader in readers if reader.email != dead)
    assert Delivery.objects.get(campaign=campaign, email=dead).status == DeliveryStatus.FAILED
    assert Suppression.objects.active().filter(email=dead).exists()
