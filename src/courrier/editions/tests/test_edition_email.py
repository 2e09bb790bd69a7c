"""An edition's email: rendered once with placeholders, personalised by substitution, parsed back with `email`."""

from __future__ import annotations

import datetime
import email
import re
from email.message import EmailMessage
from email.policy import default as default_policy
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from courrier.core.mail import POSTAL_ADDRESS
from courrier.editions import actions
from courrier.editions.email import (
    campaign_fields,
    day_in_words,
    personalise,
    reader_message,
    render_edition,
)
from courrier.editions.models import Edition, Publication
from courrier.licensing.entitlements import reading_token_user_id
from courrier.licensing.factories import ReaderFactory
from courrier.mailing.actions import create_campaign
from courrier.mailing.message import PLACEHOLDER_RE, CampaignMessage, Placeholder, Recipient
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory

DAY = datetime.date(2026, 12, 1)
BODY_TEXT = "Texte réservé aux abonnés"
QUOTE = "Nous agissons maintenant."


class Links(HTMLParser):
    """Every href of a document, with the text of its link."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append([dict(attrs).get("href") or "", ""])

    def handle_data(self, data: str) -> None:
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, text))


def links_of(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def parse(message) -> EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=default_policy)


def parts(parsed: EmailMessage) -> tuple[str, str]:
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


@pytest.fixture
def lag(db):
    return Publication.objects.get(key="lcp-lag")


@pytest.fixture
def reader(db):
    return ReaderFactory(first_name="Marie", last_name="Lapointe", email="marie.lapointe@mcn.gouv.qc.ca")


@pytest.fixture
def edition(lag, section, category):
    decrees = SectionPageFactory(parent=section.get_parent(), title="Derrière les décrets", slug="derriere-les-decrets")
    articles = [
        ArticlePageFactory(parent=section, category=category, title="Le budget numérique augmente"),
        ArticlePageFactory(parent=decrees, category=CategoryFactory(name="Santé", slug="sante"), title="Décret 1234"),
        ArticlePageFactory(parent=section, category=category, title="Loi 15 <santé> & services", edition_tag="LAG"),
    ]
    edition = actions.open_edition(publication=lag, date=DAY, articles=articles)
    edition.introduction = "Bonne lecture.\n\nLe mot du rédacteur en chef."
    edition.save()
    return edition


def test_both_parts_carry_the_edition_heading_and_subject(edition, reader):
    parsed = parse(reader_message(edition, reader))
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["Subject"] == "LCP-LAG n° 1 — 1er décembre 2026"
    assert parsed["To"] == reader.email
    text, html = parts(parsed)
    for part in (text, html):
        assert "LCP-LAG — n° 1 — mardi 1er décembre 2026" in part
        assert "Le mot du rédacteur en chef." in part
        assert "Le budget numérique augmente" in part
        assert "Décret 1234" in part


def test_articles_are_grouped_by_rubrique_in_the_order_they_first_appear(edition, reader):
    text, _html = parts(parse(reader_message(edition, reader)))
    order = ["MESSAGE DU GOUVERNEMENT", "Le budget numérique augmente", "Loi 15 <santé> & services"]
    order += ["DERRIÈRE LES DÉCRETS", "Décret 1234"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    published = timezone.localtime(edition.items.get(position=1).article.published_at).date()
    assert f"{day_in_words(published)} · Cybersécurité-Numérique" in text  # each article's date and category
    assert "Cybersécurité-Numérique" in text and "Santé" in text  # and category
    assert "(LAG) Le gouvernement annonce une mesure" in text  # the lead, with its edition tag


def test_every_article_link_is_the_readers_own_reading_link(edition, reader):
    text, html = parts(parse(reader_message(edition, reader)))
    article_urls = {f"{settings.SITE_URL}{item.article.url}" for item in edition.items.select_related("article")}
    article_links = [href for href, _text in links_of(html) if href.split("?")[0] in article_urls]
    assert {href.split("?")[0] for href in article_links} == article_urls
    for href in article_links:
        (token,) = parse_qs(urlsplit(href).query)["lien"]
        assert reading_token_user_id(token) == reader.pk
    text_links = [
        line.split("\u00a0: ", 1)[1] for line in text.splitlines() if line.startswith("Lire l'article\u00a0: ")
    ]
    assert len(text_links) == 3
    assert all("?lien=" in link and reading_token_user_id(link.split("?lien=")[1]) == reader.pk for link in text_links)


def test_a_reading_link_opens_the_article_without_a_password(client, edition, reader):
    _text, html = parts(parse(reader_message(edition, reader)))
    href = next(href for href, text in links_of(html) if text == "Décret 1234")
    response = client.get(href.removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    assert BODY_TEXT in response.content.decode()


def test_the_footer_says_who_sends_it_where_and_why_and_how_to_leave(edition, reader):
    parsed = parse(reader_message(edition, reader))
    text, html = parts(parsed)
    unsubscribe = parsed["List-Unsubscribe"].split(",")[0].strip(" <>")
    assert unsubscribe.startswith(f"{settings.SITE_URL}/desinscription/")
    for part in (text, html):
        assert settings.PUBLISHER["name"] in part
        assert POSTAL_ADDRESS in part
        assert settings.PUBLISHER["phone"] in part
        assert settings.PUBLISHER["email"] in part
        assert "votre organisation détient une licence" in part
        assert "Marie Lapointe" in part and reader.email in part
    assert f"Se désabonner de LCP-LAG\u00a0: {unsubscribe}" in text
    links = {text: href for href, text in links_of(html)}
    assert links["Se désabonner de LCP-LAG"] == unsubscribe
    assert links["Mes publications"] == f"{settings.SITE_URL}/profil/publications/"
    assert f"Mes publications\u00a0: {settings.SITE_URL}/profil/publications/" in text


def test_the_email_never_carries_an_articles_body(edition, reader):
    rendered = render_edition(edition)
    text, html = parts(parse(reader_message(edition, reader, rendered=rendered)))
    for content in (rendered.html, rendered.text, text, html):
        assert BODY_TEXT not in content
        assert QUOTE not in content
        assert "Cabinet du ministre des Finances" not in content  # nor its source


def test_no_placeholder_is_left_after_substitution(edition, reader):
    rendered = render_edition(edition)
    assert PLACEHOLDER_RE.search(rendered.html) and PLACEHOLDER_RE.search(rendered.text)
    parsed = parse(reader_message(edition, reader, rendered=rendered))
    text, html = parts(parsed)
    for content in (parsed["Subject"], text, html):
        assert "__COURRIER_" not in content


def test_the_mailing_pipeline_personalises_the_rendered_edition(edition, reader):
    """What the sender does for each recipient: substitution into the campaign rendered once."""
    campaign = create_campaign(audience="staff", **campaign_fields(edition))
    assert campaign.list_key == "lcp-lag"
    parsed = parse(CampaignMessage(campaign).personalise(Recipient(email=reader.email, user=reader)))
    text, html = parts(parsed)
    assert parsed["Subject"] == "LCP-LAG n° 1 — 1er décembre 2026"
    for content in (text, html):
        assert "__COURRIER_" not in content
        assert "Marie Lapointe" in content
    tokens = re.findall(r"\?lien=([^\s\"&<]+)", html)
    assert len(tokens) == 4  # three articles and the edition on the site
    assert {reading_token_user_id(token) for token in tokens} == {reader.pk}


def test_titles_and_names_are_escaped_in_the_html_only(edition):
    reader = ReaderFactory(first_name="Zoé <b>", last_name="& fils")
    text, html = parts(parse(reader_message(edition, reader)))
    assert "Loi 15 &lt;santé&gt; &amp; services" in html
    assert "<santé>" not in html
    assert "Zoé &lt;b&gt; &amp; fils" in html
    assert "<b>" not in html
    assert "Loi 15 <santé> & services" in text
    assert "Zoé <b> & fils" in text


def test_the_layout_holds_in_outlook_and_on_a_phone(edition):
    html = render_edition(edition).html
    assert html.startswith("<!DOCTYPE html>")
    assert 'role="presentation"' in html
    assert 'width="600"' in html and "max-width: 600px" in html
    assert 'bgcolor="#ffffff"' in html
    assert "<!--[if mso]>" in html
    # Inlined: styles sit on the elements; only the phone's @media rules stay in a <style> block.
    assert re.search(r'<td class="article"[^>]* style="[^"]*padding', html)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S)
    assert any("@media only screen and (max-width: 620px)" in style for style in styles)
    assert not any(".article {" in style for style in styles if "@media" not in style)
    assert "flex" not in html and "grid" not in html


def test_unpublished_articles_stay_out(edition, reader):
    withdrawn = edition.items.get(position=2).article
    withdrawn.unpublish()
    text, html = parts(parse(reader_message(edition, reader)))
    assert "Décret 1234" not in text and "Décret 1234" not in html
    assert "DERRIÈRE LES DÉCRETS" not in text


def test_an_empty_edition_says_so(lag, reader, home):
    edition = actions.open_edition(publication=lag, date=DAY)
    text, html = parts(parse(reader_message(edition, reader)))
    assert "Cette édition ne contient aucun article." in text
    assert "Cette édition ne contient aucun article." in html


def test_a_large_edition_renders_in_a_constant_number_of_queries(lag, section, category, django_assert_max_num_queries):
    published = timezone.now() - datetime.timedelta(hours=2)
    articles = [
        ArticlePageFactory(parent=section, category=category, title=f"Nouvelle {n}", published_at=published)
        for n in range(300)
    ]
    opened = actions.open_edition(publication=lag, date=DAY, articles=articles)
    edition = Edition.objects.get(pk=opened.pk)  # nothing cached on it
    # The publication, the articles, and (until cached) the rubriques and the site's root paths.
    with django_assert_max_num_queries(4):
        rendered = render_edition(edition)
    assert rendered.html.count("?lien=") == 301
    values = {
        Placeholder.EMAIL: "marie@mcn.gouv.qc.ca",
        Placeholder.NAME: "Marie Lapointe",
        Placeholder.UNSUBSCRIBE_URL: "https://exemple.qc.ca/desinscription/jeton/",
        Placeholder.READING_TOKEN: "jeton",
    }
    assert "__COURRIER_" not in personalise(rendered, values).html


def test_the_markup_spam_filters_and_validators_look_for(edition):
    html = render_edition(edition).html

    assert '<meta name="x-apple-disable-message-reformatting" content="">' in html
    preheader = re.search(r'<div class="preheader" style="([^"]*)"', html).group(1)
    assert "display: none" in preheader
    assert "color" not in preheader  # text the colour of the background: SpamAssassin's HTML_FONT_LOW_CONTRAST
