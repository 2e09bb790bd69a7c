"""A campaign sent to a real SMTP server on loopback: every message, personalised, with its list headers."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courrier.licensing.entitlements import reading_token_user_id
from courrier.mailing import actions
from courrier.mailing.models import CampaignStatus, Delivery, DeliveryStatus
from courrier.mailing.sender import RateLimiter, Sender
from courrier.mailing.tests.conftest import make_campaign
from courrier.mailing.tokens import read_unsubscribe_token

pytestmark = pytest.mark.django_db


def test_every_reader_receives_one_personalised_message_with_list_headers(
    people, smtp_sink, django_capture_on_commit_callbacks
):
    readers = people(40)
    campaign = make_campaign()

    with django_capture_on_commit_callbacks(execute=True):
        actions.start_campaign(campaign=campaign)

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert sorted(smtp_sink.recipients()) == [reader.email for reader in readers]
    domain = urlsplit(settings.SITE_URL).hostname
    by_address = {str(message["To"]): message for message in smtp_sink.messages}
    for reader in readers:
        message = by_address[reader.email]
        delivery = Delivery.objects.get(campaign=campaign, email=reader.email)
        assert delivery.status == DeliveryStatus.SENT
        assert delivery.attempts == 1
        assert message["Message-ID"] == delivery.message_id
        assert delivery.message_id.endswith(f"@{domain}>")
        assert message["From"] == "Courrier parlementaire <editeur@courrierparlementaire.com>"
        assert message["Reply-To"] == "redaction@courrierparlementaire.com"
        assert message["Subject"] == f"LCP-LAG — {reader.get_full_name()}"
        assert message["List-Id"] == "LCP-LAG <lcp-lag.courrierparlementaire.com>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        web, mailto = re.findall(r"<([^>]+)>", str(message["List-Unsubscribe"]))
        assert web.startswith(settings.SITE_URL + "/desinscription/")
        unsubscribe = read_unsubscribe_token(web.rstrip("/").rsplit("/", 1)[-1])
        assert unsubscribe is not None
        assert (unsubscribe.list_key, unsubscribe.email) == ("lcp-lag", reader.email)
        assert mailto.startswith("mailto:redaction@courrierparlementaire.com?subject=unsubscribe%20")

        html = message.get_body(preferencelist=("html",)).get_content()
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert f"Bonjour {reader.get_full_name()}," in html
        assert f"Bonjour {reader.get_full_name()}," in text
        assert f"Envoyé à {reader.email}." in text
        assert web in html and web in text
        assert "__COURRIER_" not in html + text + str(message["Subject"])
        link = re.search(r'href="(http://testserver/article/1/\?[^"]+)"', html).group(1)
        token = parse_qs(urlsplit(link).query)["lien"][0]
        assert reading_token_user_id(token) == reader.pk


def test_names_are_escaped_in_html_only(people, smtp_sink, clock):
    reader = people(1)[0]
    reader.first_name, reader.last_name = "Zoé", "<Ouellet & fils>"
    reader.save()
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    Sender(clock=clock).run(campaign.pk)

    (message,) = smtp_sink.messages
    assert "Bonjour Zoé &lt;Ouellet &amp; fils&gt;," in message.get_body(preferencelist=("html",)).get_content()
    assert "Bonjour Zoé <Ouellet & fils>," in message.get_body(preferencelist=("plain",)).get_content()


def test_one_connection_carries_every_batch_of_a_run(people, smtp_sink, clock):
    people(35)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    report = Sender(clock=clock, batch_size=10).run(campaign.pk)

    assert (report.sent, report.batches) == (35, 4)
    assert len(smtp_sink.sessions) == 1


def test_the_rate_is_limited_per_worker(people, smtp_sink, clock):
    people(11)
    campaign = make_campaign(messages_per_second=5)
    actions.start_campaign(campaign=campaign)

    Sender(clock=clock).run(campaign.pk)

    assert len(smtp_sink.messages) == 11
    assert sum(clock.slept) == pytest.approx(2.0)  # 10 intervals of 0.2 s


def test_the_rate_limiter_does_not_wait_when_the_worker_is_slow_anyway(clock):
    limiter = RateLimiter(10, clock)
    limiter.wait()
    clock.advance(0.5)
    limiter.wait()
    limiter.wait()
    assert clock.slept == [pytest.approx(0.1)]


def test_a_test_message_goes_to_its_editor_only(people, smtp_sink):
    editor = people(1, staff=True, prefix="redaction")[0]
    campaign = make_campaign()

    message_id = actions.send_test_message(campaign=campaign, user=editor)

    (message,) = smtp_sink.messages
    assert message["To"] == editor.email
    assert message["Message-ID"] == message_id
    assert message["Subject"].startswith("[Essai] LCP-LAG")
    assert not Delivery.objects.exists()


def test_lines_starting_with_a_dot_arrive_as_written(people, smtp_sink, clock):
    people(1)
    text = ".Première ligne : un point en tête\n.\n..deux points\nFin."
    campaign = make_campaign(text=text, html="")
    actions.start_campaign(campaign=campaign)

    Sender(clock=clock).run(campaign.pk)

    (message,) = smtp_sink.messages
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == text


def test_a_batch_costs_one_statement_per_message_and_a_few_per_claim(people, smtp_sink, clock):
    people(30)
    campaign = make_campaign()
    actions.start_campaign(campaign=campaign)

    with CaptureQueriesContext(connection) as queries:
        report = Sender(clock=clock, batch_size=10).run(campaign.pk)

    assert report.sent == 30
    marked_sent = [query for query in queries if '"message_id" = %s' in query["sql"]]
    assert len(marked_sent) == 30, "\n".join(query["sql"][:150] for query in queries)
    # 4 claims (the last finds nothing), each a handful of statements; no query per recipient besides its "sent".
    assert len(queries) <= 30 + 4 * 8, "\n".join(query["sql"][:120] for query in queries)
