"""Every email Courrier sends carries a Message-ID on the site's own domain (the host of SITE_URL).

Django's default right-hand side is the machine's host name (`localhost` in a container),
which leaks an internal name and makes our messages look forged to spam filters.
"""

from __future__ import annotations

import datetime
import email
from email import policy

import pytest
from django.core import mail

from courrier.accounts.tests.signup import sign_up
from courrier.alerts.actions import publish_gazette_issue
from courrier.editions import actions as edition_actions
from courrier.editions import sending
from courrier.editions.models import Publication
from courrier.licensing.actions import invite_colleague
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory

SITE_HOST = "courrier.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = f"https://{SITE_HOST}"


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


def message_ids(messages) -> list[str]:
    """The Message-ID of each message as it goes on the wire."""
    return [
        str(email.message_from_bytes(message.message().as_bytes(), policy=policy.default)["Message-ID"])
        for message in messages
    ]


def assert_on_site_domain(messages) -> None:
    ids = message_ids(messages)
    assert ids, "no email was sent"
    for message_id in ids:
        assert message_id.startswith("<") and message_id.endswith(f"@{SITE_HOST}>"), message_id


def test_the_address_verification_email(client, mcn):
    response = sign_up(client)
    assert response.status_code == 302
    assert_on_site_domain(mail.outbox)


def test_the_password_reset_email(client, mcn):
    ReaderFactory(organization=mcn, email="camille.roy@mcn.gouv.qc.ca")
    client.post("/mot-de-passe-oublie/", {"email": "camille.roy@mcn.gouv.qc.ca"})
    assert_on_site_domain(mail.outbox)


def test_the_edition_email(section, category, mcn, django_capture_on_commit_callbacks):
    ReaderFactory(organization=mcn, email="camille.roy@mcn.gouv.qc.ca")
    lag = Publication.objects.get(key="lcp-lag")
    article = ArticlePageFactory(parent=section, category=category)
    edition = edition_actions.open_edition(publication=lag, date=datetime.date(2026, 12, 1), articles=[article])
    edition = edition_actions.mark_ready(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        sending.send_edition(edition=edition)
    assert_on_site_domain(mail.outbox)


def test_the_decree_alert_email(mcn, staff, django_capture_on_commit_callbacks):
    ReaderFactory(organization=mcn, email="camille.roy@mcn.gouv.qc.ca")
    issue = GazetteIssueFactory(published_on=datetime.date(2019, 2, 13), volume=151, number=7)
    DecreeFactory(
        number=101,
        year=2019,
        made_on=datetime.date(2019, 1, 30),
        gazette_issue=issue,
        ministries=[MinistryFactory(name="Ministère des Finances", acronym="FIN")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_gazette_issue(issue=issue, by=staff)
    assert_on_site_domain(mail.outbox)


def test_the_invitation_email(mcn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite_colleague(organization=mcn, email="nouvelle@mcn.gouv.qc.ca")
    assert_on_site_domain(mail.outbox)


def test_the_trial_request_email(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/essai-gratuit/",
            {
                "organization_name": "Fédération des chambres de commerce du Québec",
                "contact_name": "Isabelle Morin",
                "email": "isabelle.morin@fccq.ca",
                "telephone": "514 555-0199",
                "message": "",
            },
        )
    assert response.status_code == 302
    assert_on_site_domain(mail.outbox)


def test_an_email_wagtail_builds_on_its_own(client, staff):
    """The admin's own password reset: Django builds the message, we never touch it."""
    response = client.post("/admin/password_reset/", {"email": staff.email})
    assert response.status_code == 302
    assert_on_site_domain(mail.outbox)
