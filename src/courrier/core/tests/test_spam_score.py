"""What spam filters make of our emails: SpamAssassin's local rules score each of them under 2 (5 is spam).

Run where SpamAssassin is installed (`.ci/run` installs Debian's package); `-L` keeps to the local
tests, so nothing is asked of the network.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest
from django.core import mail

from courrier.accounts.tests.signup import sign_up
from courrier.core.mail import send_templated_mail
from courrier.editions import actions
from courrier.editions.email import reader_message
from courrier.editions.models import Publication
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory

SPAMASSASSIN = shutil.which("spamassassin")
pytestmark = pytest.mark.skipif(
    SPAMASSASSIN is None, reason="SpamAssassin is not installed (apt-get install spamassassin)"
)
BUDGET = 2.0
MAX_EMAIL_BYTES = 102 * 1024


def spam_score(raw: bytes) -> tuple[float, str]:
    assert SPAMASSASSIN is not None
    checked = subprocess.run([SPAMASSASSIN, "-L", "-t"], input=raw, capture_output=True, check=True, timeout=120)
    status = re.search(
        rb"X-Spam-Status: \w+, score=(-?[\d.]+) required=[\d.]+\s+tests=([^\n]*(?:\n\t[^\n]*)*)", checked.stdout
    )
    assert status, checked.stdout[-2000:]
    return float(status.group(1)), " ".join(status.group(2).decode().split())


def assert_clean(raw: bytes) -> None:
    assert len(raw) < MAX_EMAIL_BYTES
    score, rules = spam_score(raw)
    assert score < BUDGET, rules


@pytest.fixture
def reader(db):
    organization = make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")
    return ReaderFactory(organization=organization, first_name="Marie", last_name="Lapointe")


def test_an_edition(reader, section, category):
    articles = [
        ArticlePageFactory(parent=section, category=category, title=f"Article {n} sur le budget") for n in range(8)
    ]
    edition = actions.open_edition(
        publication=Publication.objects.get(key="lcp-lag"), date=datetime.date(2026, 12, 1), articles=articles
    )
    assert_clean(reader_message(edition, reader).message().as_bytes())


def test_the_verification_email(client, reader):
    sign_up(client)
    (message,) = mail.outbox
    assert_clean(message.message().as_bytes())


def test_an_invitation(db):
    send_templated_mail(
        template="licensing/email/invitation",
        to=["nadia.cote@mcn.gouv.qc.ca"],
        context={
            "organization": "Ministère de la Cybersécurité et du Numérique",
            "inviter": "Sophie Lavoie",
            "url": "http://127.0.0.1:8000/invitation/abc/",
            "expires_at": datetime.date(2026, 12, 21),
        },
    )
    (message,) = mail.outbox
    assert_clean(message.message().as_bytes())
