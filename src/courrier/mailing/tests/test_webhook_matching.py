"""An authenticated provider event blocks an address only when it is about a message we sent to it.

A bounce or complaint that names one of our deliveries (by the provider's id for the message,
stored when it was sent, or by our Message-ID) suppresses the address as before. One that names
nothing we sent is recorded for staff (*Envois*, *Signalements à vérifier*), who confirm or dismiss
it; until then the reader keeps receiving every campaign.
"""

from __future__ import annotations

import base64
import json

import pytest
from django.core import mail
from django.urls import reverse

from courrier.mailing import actions
from courrier.mailing.models import (
    Delivery,
    DeliveryStatus,
    Suppression,
    SuppressionReason,
    SuppressionReport,
    SuppressionReportStatus,
)
from courrier.mailing.sender import Sender
from courrier.mailing.tests.conftest import MAILGUN_KEY, mailgun_bounce, make_campaign
from courrier.mailing.tests.conftest import WEBHOOK_SECRET as SECRET

pytestmark = pytest.mark.django_db

READER = "lecteur000@exemple.qc.ca"


def postmark(email: str, message_id: str) -> dict:
    return {"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1, "Email": email, "MessageID": message_id}


def sendgrid(email: str, message_id: str) -> list:
    return [{"event": "bounce", "type": "bounce", "email": email, "anymail_id": message_id, "sg_event_id": "sg-1"}]


def brevo(email: str, message_id: str) -> dict:
    return {"event": "hard_bounce", "email": email, "id": 1, "message-id": message_id, "reason": "550 5.1.1"}


def resend(email: str, message_id: str) -> dict:
    bounce = {"message": "The recipient's email provider sent a hard bounce message."}
    return {
        "type": "email.bounced",
        "created_at": "2026-01-05T11:00:00Z",
        "data": {"email_id": message_id, "to": [email], "bounce": bounce},
    }


def mailjet(email: str, message_id: str) -> list:
    return [
        {"event": "bounce", "email": email, "hard_bounce": True, "error": "user unknown", "MessageID": int(message_id)}
    ]


def sparkpost(email: str, message_id: str) -> list:
    event = {
        "type": "bounce",
        "bounce_class": "10",
        "raw_rcpt_to": email,
        "event_id": "sp-1",
        "transmission_id": message_id,
    }
    return [{"msys": {"message_event": event}}]


def mailgun(email: str, message_id: str, token: str = "jeton-1") -> dict:  # noqa: S107 - a test token
    return mailgun_bounce(email=email, message_id=message_id.strip("<>"), token=token)


# provider → (payload, the id its webhook names the message by, as its backend returned it at sending)
PAYLOADS = {
    "postmark": (postmark, "0f3e1d2c-aaaa-bbbb-cccc-1234567890ab"),
    "sendgrid": (sendgrid, "5a0e8c8e-1111-2222-3333-444455556666"),
    "brevo": (brevo, "<202601051100.123456@smtp-relay.mailin.fr>"),
    "resend": (resend, "4ef9a417-02e9-4d39-ad75-9611e0fcc33c"),
    "mailjet": (mailjet, "1152921500000000001"),
    "sparkpost": (sparkpost, "84320004379876543"),
    "mailgun": (mailgun, "<20260105110000.1.ABCDEF@mg.courrierparlementaire.com>"),
}


@pytest.fixture
def webhooks(settings):
    settings.COURRIER_MAILING = {**settings.COURRIER_MAILING, "WEBHOOK_PROVIDERS": sorted(PAYLOADS)}
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}


def post(client, provider: str, payload) -> int:
    auth = "Basic " + base64.b64encode(SECRET.encode()).decode()
    response = client.post(
        f"/anymail/{provider}/tracking/", json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth
    )
    return response.status_code


def sent(email: str = READER, *, provider_message_id: str = "", message_id: str = "<a.1@courrier.test>") -> Delivery:
    return Delivery.objects.create(
        campaign=make_campaign(),
        email=email,
        status=DeliveryStatus.SENT,
        message_id=message_id,
        provider_message_id=provider_message_id,
    )


@pytest.mark.parametrize("provider", sorted(PAYLOADS))
def test_a_bounce_for_a_message_we_sent_suppresses_the_address(client, webhooks, provider):
    payload, message_id = PAYLOADS[provider]
    sent(provider_message_id=message_id)

    assert post(client, provider, payload(READER, message_id)) == 200

    suppression = Suppression.objects.active().get()
    assert (suppression.email, suppression.reason, suppression.source) == (
        READER,
        SuppressionReason.HARD_BOUNCE,
        f"anymail:{provider}",
    )
    assert not SuppressionReport.objects.exists()


def test_a_provider_naming_our_own_message_id_is_matched_too(client, webhooks):
    """Mailgun (and Brevo) report the Message-ID header: ours, when we sent through their SMTP relay."""
    sent(message_id="<a.1@courrier.test>")

    assert post(client, "mailgun", mailgun(READER, "a.1@courrier.test")) == 200

    assert Suppression.objects.active().filter(email=READER).exists()


@pytest.mark.parametrize("provider", sorted(PAYLOADS))
def test_a_bounce_for_a_message_we_never_sent_is_kept_for_staff_not_applied(client, webhooks, provider):
    payload, message_id = PAYLOADS[provider]
    sent(provider_message_id="un-autre-message")

    assert post(client, provider, payload(READER, message_id)) == 200

    assert not Suppression.objects.exists()
    report = SuppressionReport.objects.get()
    assert (report.email, report.reason, report.status, report.source, report.provider_message_id) == (
        READER,
        SuppressionReason.HARD_BOUNCE,
        SuppressionReportStatus.PENDING,
        f"anymail:{provider}",
        message_id,
    )


def test_our_message_to_someone_else_does_not_block_this_address(client, webhooks):
    payload, message_id = PAYLOADS["postmark"]
    sent("autre@exemple.qc.ca", provider_message_id=message_id)

    assert post(client, "postmark", payload(READER, message_id)) == 200

    assert not Suppression.objects.exists()
    assert SuppressionReport.objects.get().email == READER


def test_a_replayed_report_is_kept_once(client, webhooks):
    for _ in range(3):
        assert post(client, "mailgun", mailgun(READER, "<inconnu@ailleurs>")) == 200
    assert post(client, "mailgun", mailgun(READER, "<inconnu@ailleurs>", token="jeton-2")) == 200

    assert SuppressionReport.objects.count() == 1


def test_an_unmatched_report_does_not_stop_deliveries(client, webhooks, people, smtp_sink, clock):
    readers = people(3)
    assert post(client, "postmark", postmark(readers[0].email, "jamais-envoye")) == 200
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    Sender(clock=clock).run_until_done(campaign.pk)

    assert sorted(smtp_sink.recipients()) == sorted(reader.email for reader in readers)


def test_the_provider_id_is_kept_when_a_message_is_sent_through_an_anymail_backend(people, settings, clock):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    people(2)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    Sender(clock=clock).run_until_done(campaign.pk)

    ids = {message.to[0]: str(message.anymail_status.message_id) for message in mail.outbox}
    deliveries = Delivery.objects.filter(campaign=campaign)
    assert {delivery.email: delivery.provider_message_id for delivery in deliveries} == ids
    assert len(set(ids.values()) - {""}) == 2


# Staff ---------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_see_the_report_and_confirm_it(client, webhooks, staff_client, staff):
    assert post(client, "postmark", postmark(READER, "jamais-envoye")) == 200
    report = SuppressionReport.objects.get()

    listing = staff_client.get(reverse("suppression_reports:index"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert READER in page
    assert "à vérifier" in page
    confirm_url = reverse("suppression_reports:confirm", args=[report.pk])
    assert confirm_url in page
    assert staff_client.get(confirm_url).status_code == 200

    response = staff_client.post(confirm_url)

    assert response.status_code == 302
    report.refresh_from_db()
    suppression = Suppression.objects.active().get(email=READER)
    assert (report.status, report.decided_by, report.suppression) == (
        SuppressionReportStatus.CONFIRMED,
        staff,
        suppression,
    )
    assert suppression.source == "anymail:postmark"
    assert staff_client.post(confirm_url).status_code == 302  # twice: refused with a message, nothing more
    assert Suppression.objects.count() == 1


def test_staff_dismiss_a_report(client, webhooks, staff_client, staff):
    assert post(client, "postmark", postmark(READER, "jamais-envoye")) == 200
    report = SuppressionReport.objects.get()
    dismiss_url = reverse("suppression_reports:dismiss", args=[report.pk])

    response = staff_client.post(dismiss_url)

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (SuppressionReportStatus.DISMISSED, staff)
    assert not Suppression.objects.exists()
    pending = staff_client.get(reverse("suppression_reports:index")).content.decode()
    assert dismiss_url not in pending


def test_readers_cannot_reach_the_reports(client, webhooks, reader):
    actions.record_provider_event(
        email=READER, reason=SuppressionReason.COMPLAINT, source="anymail:postmark", message_id="x"
    )
    report = SuppressionReport.objects.get()
    client.force_login(reader)

    for url in (
        reverse("suppression_reports:index"),
        reverse("suppression_reports:confirm", args=[report.pk]),
        reverse("suppression_reports:dismiss", args=[report.pk]),
    ):
        assert client.post(url).status_code in (302, 403)
    report.refresh_from_db()
    assert report.is_pending
