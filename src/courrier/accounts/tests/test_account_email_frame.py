"""Account and licence emails come in the frame of every email we send: an HTML part beside the text, same words."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import translation

from courrier.accounts.tests.signup import sign_up
from courrier.core.mail import framed_html, send_templated_mail, text_as_html
from courrier.licensing.factories import make_subscriber

MAX_EMAIL_BYTES = 102 * 1024  # Gmail clips messages past 102 KB


def html_part(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


def test_the_verification_email_has_its_html_part_in_the_frame(client, mcn):
    sign_up(client)
    (message,) = mail.outbox
    html = html_part(message)
    link = re.search(r"https?://\S+/compte/confirmer-courriel/\S+|https?://\S+confirm\S+", message.body).group(0)
    assert f'href="{link}"' in html
    assert 'class="masthead"' in html and "Courrier parlementaire" in html
    assert message.subject in html  # the subject is the masthead's title
    assert "camille.roy@mcn.gouv.qc.ca" in html  # whom it was sent to, in the footer
    assert 'lang="fr"' in html
    assert "{%" not in html and "{{" not in html
    assert len(message.message().as_bytes()) < MAX_EMAIL_BYTES


def test_a_licence_email_has_its_html_part_too(db):
    send_templated_mail(
        template="licensing/email/invitation",
        to=["nadia.cote@mcn.gouv.qc.ca"],
        context={
            "organization": "Ministère de la Cybersécurité et du Numérique",
            "inviter": "Sophie Lavoie",
            "url": "https://courrier.example/invitation/abc/",
            "expires_at": None,
        },
    )
    (message,) = mail.outbox
    html = html_part(message)
    assert "Sophie Lavoie" in html
    assert "du\u00a0Ministère" in html or "du Ministère de la Cybersécurité" in html


def test_english_messages_are_framed_in_english():
    with translation.override("en"):
        html = framed_html(subject="Confirm your address", text="Hello,\n\nFollow this link.", recipient="a@b.c")
    assert 'lang="en"' in html
    assert "Recipient" in html


def test_the_text_is_escaped_never_run():
    html = text_as_html('Bonjour <script>alert("x")</script>,\n\nVoir https://courrier.example/profil/ ou écrire.')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://courrier.example/profil/">https://courrier.example/profil/</a>' in html
    assert html.count("<p>") == 2


def test_the_texts_signature_gives_way_to_the_frames_footer():
    text = "Bonjour,\n\nLe message.\n\n-- \nCourrier parlementaire · 418"
    html = framed_html(subject="Objet", text=text, recipient="a@b.c")
    assert "Le message." in html
    assert "-- " not in html.split('class="footer"')[0]
