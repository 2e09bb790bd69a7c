"""The alert as a reader receives it: subject with the issue's date and their count, decrees grouped by
ministry, reading links that open their decrees (and only those), the headers of every publication."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client, RequestFactory

from courrier.alerts.actions import publish_gazette_issue, set_decree_alert_filter
from courrier.alerts.tests.conftest import composed, parsed
from courrier.editions.models import Publication
from courrier.editions.recipients import recipients
from courrier.licensing.entitlements import READING_LINK_PARAMETER, entitlement, reading_token_payload

SUBJECT = "Le mercredi 13 février 2019 — Partie 2 — Lois et règlements (3 décrets)"
LINK = re.compile(r'href="(http[^"]+/decrets/2019/(\d+)/\?lien=[^"]+)"')


@pytest.fixture
def delivered(issue, decrees, ministries, make_reader, staff, django_capture_on_commit_callbacks):
    reader = make_reader(email="camille@mcn.gouv.qc.ca", first_name="Camille", last_name="Tremblay")
    set_decree_alert_filter(user=reader, ministries=[ministries["finances"]], categories=[], keywords="")
    with django_capture_on_commit_callbacks(execute=True):
        result = publish_gazette_issue(issue=issue, by=staff)
    (message,) = mail.outbox
    result.alert.refresh_from_db()
    return reader, result.alert.campaign, parsed(message)


def test_the_subject_gives_the_day_the_part_and_the_reader_s_count(delivered):
    _reader, _campaign, message = delivered
    # Python folds a long encoded Subject after the colon: unfolded, it starts with a space.
    assert message["Subject"].strip() == SUBJECT
    assert message["To"] == "camille@mcn.gouv.qc.ca"


def test_the_decrees_are_grouped_by_ministry(delivered):
    _reader, _campaign, message = delivered
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    body = html[html.index("</h1>") :]  # past the preheader, which repeats the first titles
    joint = body.index("Ministère de la Santé et des Services sociaux · Ministère des Finances")
    finances = body.index(">Ministère des Finances</h2>")
    assert joint < body.index("Hôpital de l") < finances < body.index("Investissement Québec") < body.index("emploi")
    assert "Règlement sur la santé" not in html  # not one of the reader's ministries
    assert "Décret 102-2019 du 30 janvier 2019 · Nomination · page 202" in text
    assert "Ministère des Finances\n======================" in text
    shouted = [line for line in text.splitlines() if line.isupper() and len(line) > 12]
    assert shouted == []  # headings in capitals scored +1.0 with SpamAssassin
    assert "3 des 5 décrets de ce numéro correspondent à vos choix" in text
    assert "Camille Tremblay" in text and "__COURRIER_" not in html + text


def test_reading_links_open_the_reader_s_decrees_and_no_other(delivered, decrees):
    reader, campaign, message = delivered
    html = message.get_body(preferencelist=("html",)).get_content()
    links = LINK.findall(html)
    assert sorted(int(number) for _url, number in links) == [102, 104, 105]
    token = parse_qs(urlsplit(links[0][0].replace("&amp;", "&")).query)[READING_LINK_PARAMETER][0]
    assert reading_token_payload(token) == (reader.pk, f"campaign:{campaign.pk}/1")
    request = RequestFactory().get(f"/decrets/2019/102/?{READING_LINK_PARAMETER}={token}")
    request.user = AnonymousUser()
    access = entitlement(request)
    assert access.may_read(decrees["nomination"])
    assert access.may_read(decrees["hopital"])
    assert not access.may_read(decrees["travail"])  # in the issue, not in this reader's alert


def test_the_headers_and_footer_are_those_of_every_publication(delivered):
    reader, _campaign, message = delivered
    assert "alerte-decrets" in message["List-Id"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.search(r"<(http[^>]+/desinscription/[^>]+/)>", message["List-Unsubscribe"]).group(1)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"Se désabonner d'Alerte Décrets\u00a0: {unsubscribe}" in text
    assert "/profil/alerte-decrets/" in text
    # One click leaves Alerte Décrets, and nothing else.
    response = Client().post(
        urlsplit(unsubscribe).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert reader not in recipients(Publication.objects.get(key="alerte-decrets"))
    assert reader in recipients(Publication.objects.get(key="lcp-lag"))


def test_every_variant_is_cut_from_one_rendering_of_the_issue(issue, decrees, alerte):
    from courrier.alerts.email import AlertContent, AlertRendering

    content = AlertContent.of(issue)
    rendering = AlertRendering(content, alerte)
    everything = composed(rendering, [decree.pk for decree in content.decrees])
    one = composed(rendering, [decrees["atmosphere"].pk])
    for rendered in (everything, one):
        for leftover in ("<!--section:", "\ue000", "__ALERTE_", "<style>\n.decree"):
            assert leftover not in rendered.html + rendered.text
    assert everything.html.count("/decrets/2019/") == 5 and everything.text.count("/decrets/2019/") == 5
    assert everything.subject.endswith("(5 décrets)") and one.subject.endswith("(1 décret)")
    assert "Ce numéro de la Gazette officielle publie 5 décrets." in everything.text
    assert "1 des 5 décrets de ce numéro correspond à vos choix" in one.text
    assert one.html.count("/decrets/2019/103/") == 1 and one.html.count("/decrets/2019/") == 1
    assert "Ministère de l&#x27;Environnement" in one.html or "Ministère de l'Environnement" in one.html
    assert "Ministère des Finances" not in one.html + one.text
    assert "Assainissement" not in one.text and "assainissement de l'atmosphère" in one.text
    assert "\n\n\n" not in one.text and "\n\n\n" not in everything.text
    assert "sur le site" not in one.html.split("</h1>")[1].split("Choisir")[0]  # not a digest
