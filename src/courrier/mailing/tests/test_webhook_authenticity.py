"""Only the email provider can report a bounce or a complaint: a forged webhook changes nothing.

The attack of issue 11 (point 1): anyone on the web POSTs a bounce for a victim's address to
`/anymail/<provider>/tracking/` and the victim is cut off from every campaign. A provider's
webhook is answered only when it is enabled (`ANYMAIL_WEBHOOK_PROVIDERS`) and its secret is set;
a request without that secret is refused; a payload we cannot read is a 400, never a 500.
"""

from __future__ import annotations

import base64
import json

import pytest

from courrier.mailing.models import Suppression, SuppressionReport
from courrier.mailing.tests.conftest import MAILGUN_KEY
from courrier.mailing.tests.conftest import WEBHOOK_SECRET as SECRET
from courrier.mailing.tests.conftest import mailgun_bounce as signed_mailgun_bounce

pytestmark = pytest.mark.django_db

VICTIM = "victime@mcn.gouv.qc.ca"

# A hard bounce for the victim, as each provider would post it (a message id we never sent).
FORGED = {
    # The very request of the issue.
    "postmark": {"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1, "Email": VICTIM, "MessageID": "x"},
    "sendgrid": [{"event": "bounce", "type": "bounce", "email": VICTIM, "sg_event_id": "e1", "reason": "550 5.1.1"}],
    "brevo": {"event": "hard_bounce", "email": VICTIM, "id": 1, "message-id": "<x@relay>", "reason": "550"},
    "resend": {
        "type": "email.bounced",
        "created_at": "2026-01-05T11:00:00Z",
        "data": {"email_id": "x", "to": [VICTIM], "bounce": {"message": "sent a hard bounce message"}},
    },
    "mailjet": [{"event": "bounce", "email": VICTIM, "hard_bounce": True, "error": "user unknown", "MessageID": 1}],
    "sparkpost": [
        {
            "msys": {
                "message_event": {
                    "type": "bounce",
                    "bounce_class": "10",
                    "rcpt_to": VICTIM,
                    "raw_rcpt_to": VICTIM,
                    "event_id": "1",
                    "transmission_id": "x",
                    "raw_reason": "550 5.1.1 user unknown",
                }
            }
        }
    ],
}
PROVIDERS = sorted(FORGED)


def mailgun_bounce(key: str = MAILGUN_KEY) -> dict:
    return signed_mailgun_bounce(email=VICTIM, message_id="x@mg", key=key)


def post(client, provider: str, payload, *, auth: str | None = None, raw: bytes | None = None):
    headers = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(auth.encode()).decode()} if auth else {}
    body = raw if raw is not None else json.dumps(payload)
    return client.post(f"/anymail/{provider}/tracking/", body, content_type="application/json", **headers)


@pytest.fixture
def enabled(settings):
    """Enable the given providers' webhooks, with the shared secret set (or not)."""

    def enable(*providers: str, secret: str = "", **signing_keys: str) -> None:
        settings.COURRIER_MAILING = {**settings.COURRIER_MAILING, "WEBHOOK_PROVIDERS": list(providers)}
        settings.ANYMAIL = {**({"WEBHOOK_SECRET": secret} if secret else {}), **signing_keys}
        settings.ANYMAIL_WEBHOOK_SECRET = secret

    return enable


def assert_nothing_changed() -> None:
    assert not Suppression.objects.exists()
    assert not SuppressionReport.objects.exists()


def test_the_forged_postmark_bounce_of_the_issue_is_refused(client):
    response = post(client, "postmark", FORGED["postmark"])

    assert response.status_code in (401, 403, 404)
    assert_nothing_changed()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_provider_that_is_not_enabled_is_not_there(client, provider):
    response = post(client, provider, FORGED[provider])

    assert response.status_code == 404
    assert_nothing_changed()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_enabled_provider_without_its_secret_refuses_everyone(client, enabled, provider):
    enabled(provider)

    response = post(client, provider, FORGED[provider])

    assert response.status_code == 403
    assert_nothing_changed()


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("auth", [None, "courrier:mauvais", "autre:un-secret-bien-long", "n'importe quoi"])
def test_a_request_without_the_secret_is_refused(client, enabled, provider, auth):
    enabled(provider, secret=SECRET)

    response = post(client, provider, FORGED[provider], auth=auth)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert_nothing_changed()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_secret_of_one_provider_does_not_open_another(client, enabled, provider):
    enabled(*(other for other in PROVIDERS if other != provider), secret=SECRET)

    response = post(client, provider, FORGED[provider], auth=SECRET)

    assert response.status_code == 404
    assert_nothing_changed()


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "raw", [b"", b"{", b"null", b"[]]", b'"texte"', b"42", b"[null]", b'{"RecordType": 3}', b"\xff\xfe", b"[[[]]]"]
)
def test_a_malformed_payload_with_the_secret_is_a_400_and_changes_nothing(client, enabled, provider, raw):
    enabled(provider, secret=SECRET)

    response = post(client, provider, None, auth=SECRET, raw=raw)

    assert response.status_code in (200, 400)  # 200: a well-formed payload that reports nothing, e.g. `[]`
    assert_nothing_changed()


def test_mailgun_without_its_signing_key_is_refused_not_a_500(client, enabled):
    assert post(client, "mailgun", mailgun_bounce()).status_code == 404

    enabled("mailgun", secret=SECRET)  # the shared secret is not enough: Mailgun signs its webhooks
    response = post(client, "mailgun", mailgun_bounce(), auth=SECRET)

    assert response.status_code == 403
    assert_nothing_changed()


@pytest.mark.parametrize(
    "payload",
    [
        mailgun_bounce(key="une-autre-cle"),
        {**mailgun_bounce(), "signature": {"token": "t", "timestamp": "é", "signature": "s"}},
        {**mailgun_bounce(), "signature": None},
        {"event-data": mailgun_bounce()["event-data"]},
        [],
        "texte",
    ],
)
def test_mailgun_refuses_what_it_did_not_sign(client, enabled, payload):
    enabled("mailgun", MAILGUN_WEBHOOK_SIGNING_KEY=MAILGUN_KEY)

    response = post(client, "mailgun", payload)

    assert response.status_code in (400, 403)
    assert_nothing_changed()


def test_mailgun_with_a_bad_body_and_a_good_signature_is_a_400(client, enabled):
    enabled("mailgun", MAILGUN_WEBHOOK_SIGNING_KEY=MAILGUN_KEY)
    payload = mailgun_bounce()
    payload["event-data"] = {"event": ["pas", "une", "chaîne"], "timestamp": "hier"}

    response = post(client, "mailgun", payload)

    assert response.status_code == 400
    assert_nothing_changed()


def test_the_provider_still_reaches_an_enabled_webhook(client, enabled):
    """The provider checks the URL with a HEAD when the webhook is set up (anymail answers it)."""
    enabled("postmark", secret=SECRET)

    assert client.head("/anymail/postmark/tracking/").status_code == 200
    assert client.get("/anymail/postmark/tracking/").status_code == 405
