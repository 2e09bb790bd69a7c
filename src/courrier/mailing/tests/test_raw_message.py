"""The raw path: a campaign serialised once to bytes and personalised by substitution, read back with `email`."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from django.conf import settings

from courrier.licensing.entitlements import reading_token_user_id
from courrier.mailing.message import CampaignMessage, Recipient, placeholder_context
from courrier.mailing.raw import LINE_LIMIT, RawTemplate
from courrier.mailing.tests.conftest import make_campaign
from courrier.mailing.tokens import read_unsubscribe_token

pytestmark = pytest.mark.django_db

PLACEHOLDERS = placeholder_context()


def parse(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    assert part is not None
    return str(part.get_content())


def test_headers_and_both_parts_survive_substitution_with_french_text_intact(people):
    reader = people(1)[0]
    reader.first_name, reader.last_name = "Éloïse", "Côté-Bérubé"
    campaign = make_campaign(subject="LCP-LAG — édition du jour pour {recipient_name}".format(**PLACEHOLDERS))
    raw = RawTemplate(CampaignMessage(campaign)).render(Recipient(email=reader.email, user=reader))

    assert b"__COURRIER_" not in raw.data
    assert all(len(line) <= LINE_LIMIT for line in raw.data.split(b"\r\n"))
    message = parse(raw.data)
    assert raw.envelope_from == "editeur@courrierparlementaire.com"
    assert message["Subject"] == "LCP-LAG — édition du jour pour Éloïse Côté-Bérubé"
    assert message["From"] == "Courrier parlementaire <editeur@courrierparlementaire.com>"
    assert message["To"] == reader.email
    assert message["Reply-To"] == "redaction@courrierparlementaire.com"
    assert message["Message-ID"] == raw.message_id
    assert message["Date"] is not None
    assert message["List-Id"] == "LCP-LAG <lcp-lag.courrierparlementaire.com>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]

    text, html = body(message, "plain"), body(message, "html")
    assert "Bonjour Éloïse Côté-Bérubé," in text
    assert "Bonjour Éloïse Côté-Bérubé," in html
    assert f"Envoyé à {reader.email}. Se désabonner" in text
    web, _mailto = re.findall(r"<([^>]+)>", str(message["List-Unsubscribe"]))
    assert web in text and web in html
    unsubscribe = read_unsubscribe_token(web.rstrip("/").rsplit("/", 1)[-1])
    assert unsubscribe is not None and unsubscribe.email == reader.email
    token = re.search(r"\?lien=([^\s\"]+)", text)
    assert token is not None and reading_token_user_id(token.group(1)) == reader.pk


def test_the_raw_message_reads_like_the_django_one(people):
    reader = people(1)[0]
    message = CampaignMessage(make_campaign())
    recipient = Recipient(email=reader.email, user=reader)
    raw = parse(RawTemplate(message).render(recipient).data)
    django = parse(message.personalise(recipient).message().as_bytes(linesep="\r\n"))

    for name in ("Subject", "From", "To", "Reply-To", "List-Id", "List-Unsubscribe-Post", "MIME-Version"):
        assert raw[name] == django[name], name
    assert body(raw, "plain") == body(django, "plain")
    assert body(raw, "html") == body(django, "html")


def test_values_are_escaped_in_the_html_part_only(people):
    reader = people(1)[0]
    reader.first_name, reader.last_name = "Zoé", "O'Brien & <Fils>"
    raw = RawTemplate(CampaignMessage(make_campaign())).render(Recipient(email=reader.email, user=reader))

    message = parse(raw.data)
    assert "Bonjour Zoé O'Brien & <Fils>," in body(message, "plain")
    assert "Bonjour Zoé O&#x27;Brien &amp; &lt;Fils&gt;," in body(message, "html")


def test_a_body_with_lines_too_long_for_8bit_goes_quoted_printable(people):
    reader = people(1)[0]
    cells = "".join(f'<td style="padding:4px">Élément {number}</td>' for number in range(60))
    html = f"<table><tr>{cells}</tr></table><p>{PLACEHOLDERS['recipient_name']}</p>"
    raw = RawTemplate(CampaignMessage(make_campaign(html=html))).render(Recipient(email=reader.email, user=reader))

    assert b"Content-Transfer-Encoding: quoted-printable" in raw.data
    assert all(len(line) <= LINE_LIMIT for line in raw.data.split(b"\r\n"))
    html_part = parse(raw.data).get_body(preferencelist=("html",))
    assert html_part is not None and html_part["Content-Transfer-Encoding"] == "quoted-printable"
    content = body(parse(raw.data), "html")
    assert cells in content
    assert f"<p>{reader.get_full_name()}</p>" in content


def test_a_text_only_campaign_is_a_single_part(people):
    reader = people(1)[0]
    raw = RawTemplate(CampaignMessage(make_campaign(html=""))).render(Recipient(email=reader.email, user=reader))

    message = parse(raw.data)
    assert message.get_content_type() == "text/plain"
    assert not message.is_multipart()
    assert f"Envoyé à {reader.email}." in str(message.get_content())
    assert settings.SITE_URL + "/desinscription/" in str(message.get_content())
