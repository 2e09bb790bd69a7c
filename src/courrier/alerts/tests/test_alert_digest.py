"""An issue too large for one email: a reader whose alert would pass what mail clients show (Gmail cuts at
102 kB) receives a digest, the first decrees of each ministry and a link to the others on the site."""

from __future__ import annotations

import re

import pytest

from courrier.alerts.email import HTML_BUDGET, AlertContent, AlertRendering
from courrier.alerts.tests.conftest import ISSUE_DAY, MADE_ON, composed
from courrier.mailing.message import Recipient
from courrier.mailing.raw import RawTemplate
from courrier.parliament.factories import GazetteIssueFactory, MinistryFactory
from courrier.parliament.models import Decree, DecreeCategory

GMAIL_CLIPS_AT = 102 * 1024
MINISTRIES = 6
PER_MINISTRY = 50


@pytest.fixture
def large_issue(db):
    """300 decrees, 50 for each of 6 ministries (created set-based: the test is about the email)."""
    issue = GazetteIssueFactory(published_on=ISSUE_DAY, volume=151, number=8)
    ministries = [MinistryFactory(name=f"Ministère numéro {number}") for number in range(MINISTRIES)]
    decrees = Decree.objects.bulk_create(
        Decree(
            number=300 + number,
            year=2019,
            made_on=MADE_ON,
            title=f"Règlement modifiant le Règlement sur les normes d'exploitation, article {number}, "
            "et diverses dispositions réglementaires",
            category=DecreeCategory.REGULATION,
            enabling_statute="Loi sur la qualité de l'environnement (chapitre Q-2)",
            gazette_issue=issue,
            page=1000 + number,
        )
        for number in range(MINISTRIES * PER_MINISTRY)
    )
    Decree.ministries.through.objects.bulk_create(
        Decree.ministries.through(decree_id=decree.pk, ministry_id=ministries[number % MINISTRIES].pk)
        for number, decree in enumerate(decrees)
    )
    return issue


def html_of(message, reader) -> bytes:
    """The HTML part as it goes out to `reader` (placeholders written in: reading links, addresses)."""
    data = RawTemplate(message).render(Recipient(email=reader.email, user=reader)).data
    return data.split(b'Content-Type: text/html; charset="utf-8"')[1]


def test_a_large_issue_is_sent_as_a_digest_under_the_clipping_size(large_issue, alerte, make_reader):
    reader = make_reader(email="tout@mcn.gouv.qc.ca")
    content = AlertContent.of(large_issue)
    rendering = AlertRendering(content, alerte)
    everything = [decree.pk for decree in content.decrees]
    assert len(rendering.html.encode()) > 2 * GMAIL_CLIPS_AT  # as one email, the whole issue would be cut off
    per_group = rendering.digest(everything)
    assert per_group is not None and 1 <= per_group < PER_MINISTRY

    message = composed(rendering, everything)
    assert HTML_BUDGET < GMAIL_CLIPS_AT and len(html_of(message, reader)) < GMAIL_CLIPS_AT
    assert message.subject.endswith("(300 décrets)")
    assert "Ce numéro de la Gazette officielle publie 300 décrets." in message.text
    assert f"voici les {per_group} premiers de chaque ministère, les autres sont sur le site" in message.text
    assert len(re.findall(r"/decrets/2019/\d+/\?lien=", message.text)) == MINISTRIES * per_group
    others = PER_MINISTRY - per_group
    assert message.text.count(f"Voir les {others} autres décrets de ce ministère sur le site") == MINISTRIES
    more = re.findall(r'href="([^"]+)"[^>]*>Voir les', message.html)
    assert len(more) == MINISTRIES and all(f"gazette={large_issue.pk}&amp;ministere=" in url for url in more)


def test_a_reader_whose_filters_keep_the_alert_short_gets_every_decree(large_issue, alerte):
    content = AlertContent.of(large_issue)
    rendering = AlertRendering(content, alerte)
    some = [decree.pk for decree in content.decrees[:40]]
    assert rendering.digest(some) is None
    message = composed(rendering, some)
    assert len(re.findall(r"/decrets/2019/\d+/\?lien=", message.text)) == 40
    assert "trop nombreux" not in message.text and "Voir les" not in message.html


def test_a_small_budget_still_shows_one_decree_per_ministry(large_issue, alerte, monkeypatch):
    from courrier.alerts import email

    monkeypatch.setattr(email, "HTML_BUDGET", 1_000)
    content = AlertContent.of(large_issue)
    rendering = AlertRendering(content, alerte)
    message = composed(rendering, [decree.pk for decree in content.decrees])
    assert len(re.findall(r"/decrets/2019/\d+/\?lien=", message.text)) == MINISTRIES
    assert "voici le premier de chaque ministère" in message.text
