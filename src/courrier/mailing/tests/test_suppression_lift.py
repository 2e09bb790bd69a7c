"""A reader sees on *Mes publications* that their address is blocked, and lifts it by proving the mailbox is theirs.

The button mails a link to the blocked address; only following it (a POST from the page it
opens) lifts the block. So nobody lifts a block on someone else's word: it takes that
mailbox, now, and working. A block staff added by hand is lifted only by staff.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courrier.accounts.factories import UserFactory
from courrier.mailing import actions
from courrier.mailing.models import Suppression, SuppressionReason

pytestmark = pytest.mark.django_db

MY_PUBLICATIONS = "/profil/publications/"
ASK = "/profil/adresse-bloquee/"


@pytest.fixture
def reader():
    return UserFactory(email="camille.tremblay@mcn.gouv.qc.ca")


@pytest.fixture
def blocked(reader):
    return actions.record_bounce(email=reader.email, source="anymail:postmark", detail="550 5.1.1 user unknown")


def link_in(message) -> str:
    found = re.search(r"https?://\S+/adresse-bloquee/(\S+)/", message.body)
    assert found, message.body
    return reverse("suppression_lift", args=[found.group(1)])


def test_the_reader_sees_that_their_address_is_blocked(client, reader, blocked):
    client.force_login(reader)

    page = client.get(MY_PUBLICATIONS).content.decode()

    assert "Vos envois sont suspendus" in page
    assert "adresse inexistante (rebond)" in page
    assert f'action="{ASK}"' in page


def test_no_notice_without_a_block_nor_for_a_report_waiting_for_staff(client, reader):
    actions.record_provider_event(
        email=reader.email, reason=SuppressionReason.HARD_BOUNCE, source="anymail:postmark", message_id="inconnu"
    )
    client.force_login(reader)

    page = client.get(MY_PUBLICATIONS).content.decode()

    assert "Vos envois sont suspendus" not in page
    assert ASK not in page


def test_the_reader_lifts_the_block_by_following_the_link_mailed_to_that_address(client, reader, blocked):
    client.force_login(reader)

    response = client.post(ASK, {"next": MY_PUBLICATIONS})

    assert response.status_code == 302
    assert response["Location"] == MY_PUBLICATIONS
    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert Suppression.objects.active().filter(pk=blocked.pk).exists()  # asking changes nothing
    link = link_in(mail.outbox[0])

    client.logout()  # the link is enough: it proves the mailbox; no session needed
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert Suppression.objects.active().filter(pk=blocked.pk).exists()  # a mail scanner following it neither
    done = client.post(link)

    assert done.status_code == 200
    assert "recevrez de nouveau" in done.content.decode()
    blocked.refresh_from_db()
    assert (blocked.is_active, blocked.lifted_by) == (False, reader)
    client.force_login(reader)
    assert "Vos envois sont suspendus" not in client.get(MY_PUBLICATIONS).content.decode()
    assert client.post(link).status_code == 400  # once


def test_nobody_lifts_a_block_without_the_link(client, reader, blocked):
    someone = UserFactory(email="quelquun@exemple.qc.ca")
    client.force_login(someone)

    response = client.post(ASK, {"email": reader.email, "next": "https://ailleurs.example/"})

    assert response["Location"] == "/profil/"  # the request only ever concerns one's own address, and stays here
    assert mail.outbox == []
    for token in ("x", "abc:def", blocked.pk, f"{blocked.pk}:{reader.email}"):
        assert client.post(reverse("suppression_lift", args=[token])).status_code == 400
    assert Suppression.objects.get(pk=blocked.pk).is_active


def test_a_link_lifts_only_the_block_it_was_sent_for(client, reader, blocked, staff):
    client.force_login(reader)
    client.post(ASK)
    link = link_in(mail.outbox[0])
    actions.lift_suppression(suppression=blocked, by=staff)
    again = actions.record_complaint(email=reader.email, source="anymail:postmark")

    assert client.post(link).status_code == 400

    assert Suppression.objects.get(pk=again.pk).is_active


def test_an_old_link_has_expired(client, reader, blocked):
    client.force_login(reader)
    client.post(ASK)
    link = link_in(mail.outbox[0])

    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        response = client.post(link)

    assert response.status_code == 400
    assert "expiré" in response.content.decode()
    assert Suppression.objects.get(pk=blocked.pk).is_active


def test_a_block_added_by_staff_is_lifted_by_staff_only(client, reader):
    actions.suppress_address(email=reader.email, reason=SuppressionReason.MANUAL, source="équipe:redaction")
    client.force_login(reader)

    page = client.get(MY_PUBLICATIONS).content.decode()
    assert "Vos envois sont suspendus" in page
    assert ASK not in page
    response = client.post(ASK, follow=True)

    assert mail.outbox == []
    assert "écrivez-nous" in response.content.decode()
    assert Suppression.objects.active().filter(email=reader.email).exists()


def test_asking_again_and_again_is_limited(client, reader, blocked):
    client.force_login(reader)

    for _ in range(5):
        client.post(ASK)

    assert len(mail.outbox) == 3


def test_asking_needs_an_account(client, blocked):
    response = client.post(ASK)

    assert response.status_code == 302
    assert "/connexion/" in response["Location"]
    assert mail.outbox == []
