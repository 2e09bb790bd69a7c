"""An edition as an email: rendered once (subject, responsive HTML, plain text) with the mailing app's
placeholders where each reader's data goes, then personalised per reader by substitution. An update of a
weekly edition is emailed the same way, in the same frame (`email/base.html`), about the update only.

The articles appear as teasers (title, date, category, lead), never their body; each title links to
the article with the reader's personal reading link (`?lien=<token>`, see `licensing.entitlements`).
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field
from email.utils import make_msgid
from types import SimpleNamespace
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courrier.accounts.models import User
from courrier.core.dates import display_date
from courrier.core.mail import INLINER, PREHEADER_LENGTH
from courrier.core.mail import frame_context as frame_context_of_every_email
from courrier.editions.composition import MONTREAL
from courrier.editions.models import Edition, EditionArticle, EditionUpdate, Publication
from courrier.licensing.entitlements import READING_LINK_DAYS, READING_LINK_PARAMETER, make_reading_token
from courrier.mailing import app_settings as mailing_settings
from courrier.mailing.message import Placeholder, Recipient, placeholder_context, substitute
from courrier.mailing.tokens import make_unsubscribe_token, unsubscribe_url
from courrier.newsroom.models import ArticlePage, ArticlePageQuerySet

# The sender's postal address, required in every commercial email by Canada's anti-spam law.
# Demo data: the publisher replaces it with their own.

HTML_TEMPLATE = "editions/email/edition.html"
TEXT_TEMPLATE = "editions/email/edition.txt"
UPDATE_HTML_TEMPLATE = "editions/email/update.html"
UPDATE_TEXT_TEMPLATE = "editions/email/update.txt"
# The lengths of Campaign.name and Campaign.subject: an update's title could push them past.
CAMPAIGN_NAME_LENGTH = 200
SUBJECT_LENGTH = 255
TEST_PREFIX = "[TEST]"


_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")


@dataclass(frozen=True)
class RenderedEdition:
    """Subject, HTML and text of an edition: with placeholders, or personalised for one reader."""

    subject: str
    html: str
    text: str


@dataclass(frozen=True)
class EmailArticle:
    title: str
    url: str
    published: str
    category: str
    tag: str
    lead: str


@dataclass
class EmailRubrique:
    title: str
    articles: list[EmailArticle] = field(default_factory=list)

    @property
    def underline(self) -> str:
        return "=" * len(self.title)


def day_in_words(day: datetime.date, *, weekday: bool = False, year: bool = True) -> str:
    """`1er décembre 2026`, `mardi 1er décembre 2026` or `mardi 1er décembre`, in the active language."""
    return display_date(day, ("l " if weekday else "") + ("j F Y" if year else "j F"))


def moment_in_words(moment: datetime.datetime) -> str:
    """`mardi 1er décembre 2026 à 14 h 05`, in Montréal time and the active language."""
    local = timezone.localtime(moment, MONTREAL)
    return _("%(day)s à %(time)s") % {
        "day": day_in_words(local.date(), weekday=True),
        "time": date_format(local, _("G \\h i")),
    }


def shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def edition_heading(edition: Edition) -> str:
    """`LCP-LAG — n° 123 — mardi 1er décembre 2026`."""
    return f"{edition.publication.name} — n° {edition.number} — {day_in_words(edition.date, weekday=True)}"


def edition_subject(edition: Edition) -> str:
    """`LCP-LAG n° 123 — 1er décembre 2026`."""
    return f"{edition.publication.name} n° {edition.number} — {day_in_words(edition.date)}"


def publisher(key: str) -> str:
    """One of the publisher's details (`PUBLISHER` setting): name, phone, email."""
    return str(settings.PUBLISHER[key])


def site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def email_article(article: ArticlePage, root: str, paths: SimpleNamespace) -> EmailArticle | None:
    """An article's teaser for the email (None when it has no URL on the site)."""
    parts = article.get_url_parts(paths)
    if parts is None or parts[2] is None:
        return None
    return EmailArticle(
        title=article.title,
        url=f"{root}{parts[2]}",
        published=day_in_words(timezone.localtime(article.published_at, MONTREAL).date()),
        category=article.category.name,
        tag=article.edition_tag,
        lead=article.lead,
    )


def email_rubriques(edition: Edition) -> list[EmailRubrique]:
    """The edition's live articles as teasers, grouped by rubrique in order of first appearance.

    One query for the articles (the body is never loaded), the rubriques and the site's root paths
    from their caches: the cost does not grow with the number of articles.
    """
    items = (
        EditionArticle.objects.filter(edition=edition, article__live=True)
        .select_related("article", "article__category")
        .defer("article__body")
        .order_by("position")
    )
    root = site_url()
    paths = SimpleNamespace()  # Wagtail keeps the site root paths on it: looked up once for all articles
    groups: dict[str, EmailRubrique] = {}
    for item in items:
        teaser = email_article(item.article, root, paths)
        if teaser is None:
            continue
        section = item.article.section
        title = section.title if section else ""
        groups.setdefault(title, EmailRubrique(title)).articles.append(teaser)
    return list(groups.values())


def update_articles(update: EditionUpdate) -> list[EmailArticle]:
    """The update's live articles as teasers, oldest first (one query; never the body)."""
    teasers: ArticlePageQuerySet = ArticlePage.objects.teasers()
    articles = teasers.filter(pk__in=update.articles.values("pk")).order_by("published_at", "pk")
    root, paths = site_url(), SimpleNamespace()
    return [teaser for article in articles if (teaser := email_article(article, root, paths)) is not None]


def preheader(edition: Edition, rubriques: list[EmailRubrique]) -> str:
    """The line mail clients show after the subject: the introduction's start, or the first titles."""
    text = " ".join(edition.introduction.split()) or " · ".join(
        article.title for rubrique in rubriques for article in rubrique.articles[:1]
    )
    return shorten(text, PREHEADER_LENGTH)


def frame_context(
    publication: Publication, *, heading: str, day: str, preheader: str, web_path: str
) -> dict[str, object]:
    """What the frame of every emailed publication (`editions/email/base.html` and `.txt`) needs: masthead,
    web link, reader's placeholders, footer. Called with the site's language active."""
    root = site_url()
    return {
        **placeholder_context(),
        "publication": publication,
        "heading": heading,
        "day": day,
        "preheader": preheader,
        "reading_parameter": READING_LINK_PARAMETER,
        "reading_days": READING_LINK_DAYS,
        "web_url": f"{root}{web_path}",
        "publications_url": f"{root}{reverse('my_publications')}",
        **frame_context_of_every_email(),
        "site_url": root,
    }


def _render(
    edition: Edition, *, subject: str, templates: tuple[str, str], preheader: str, **specific: object
) -> RenderedEdition:
    """The frame every email of an edition shares (masthead, web link, footer), around `templates`' content.
    Called with the site's language active."""
    context = {
        **frame_context(
            edition.publication,
            heading=edition_heading(edition),
            day=day_in_words(edition.date, weekday=True),
            preheader=preheader,
            web_path=edition.get_absolute_url(),
        ),
        "edition": edition,
        **specific,
    }
    html_template, text_template = templates
    body = INLINER.inline(render_to_string(html_template, context))
    text = str(render_to_string(text_template, context))
    text = _BLANK_LINES.sub("\n\n", _TRAILING_SPACES.sub("\n", text)).strip() + "\n"
    return RenderedEdition(subject=subject, html=body, text=text)


def render_edition(edition: Edition) -> RenderedEdition:
    """The edition's email, once for all readers: placeholders stand for each reader's data."""
    with translation.override(settings.LANGUAGE_CODE):
        rubriques = email_rubriques(edition)
        return _render(
            edition,
            subject=edition_subject(edition),
            templates=(HTML_TEMPLATE, TEXT_TEMPLATE),
            preheader=preheader(edition, rubriques),
            rubriques=rubriques,
            article_count=sum(len(rubrique.articles) for rubrique in rubriques),
        )


def update_subject(update: EditionUpdate) -> str:
    """`Cette semaine au Parlement — mise à jour du mardi 1er décembre : <titre>`."""
    day = timezone.localtime(update.published_at, MONTREAL).date()
    subject = _("%(publication)s — mise à jour du %(day)s : %(title)s") % {
        "publication": update.edition.publication.name,
        "day": day_in_words(day, weekday=True, year=False),
        "title": update.title,
    }
    return shorten(subject, SUBJECT_LENGTH)


def render_update(update: EditionUpdate) -> RenderedEdition:
    """The email about an update, once for all readers: the update, its articles, a link to the week's page."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render(
            update.edition,
            subject=update_subject(update),
            templates=(UPDATE_HTML_TEMPLATE, UPDATE_TEXT_TEMPLATE),
            preheader=shorten(" ".join(update.text.split()), PREHEADER_LENGTH),
            update=update,
            moment=moment_in_words(update.published_at),
            articles=update_articles(update),
        )


# Personalised for one reader (preview, test message) -----------------------------------------


def reading_scope(edition: Edition) -> str:
    return f"edition:{edition.pk}"


def list_id(edition: Edition) -> str:
    """`List-Id` of the publication (RFC 2919): the same for all its editions, as mailing builds it."""
    return f"<{edition.publication.key}.{mailing_settings.message_id_domain()}>"


def _unsubscribe_token(edition: Edition, user: User) -> str:
    return make_unsubscribe_token(list_key=edition.publication.key, email=user.email)


def _reader_values(edition: Edition, user: User, unsubscribe_token: str) -> dict[str, str]:
    """The placeholders' values for `user`: their address and name, their unsubscribe link for this
    publication, and a reading token of their own for this edition."""
    return {
        Placeholder.EMAIL: user.email,
        Placeholder.NAME: Recipient(email=user.email, user=user).name,
        Placeholder.UNSUBSCRIBE_URL: unsubscribe_url(unsubscribe_token),
        Placeholder.READING_TOKEN: make_reading_token(user, reading_scope(edition)),
    }


def personalise(rendered: RenderedEdition, values: dict[str, str]) -> RenderedEdition:
    """Substitute one reader's values (escaped in the HTML), as the mailing app does for each recipient."""
    escaped = {placeholder: html.escape(value) for placeholder, value in values.items()}
    return RenderedEdition(
        subject=substitute(rendered.subject, values),
        html=substitute(rendered.html, escaped),
        text=substitute(rendered.text, values),
    )


def reader_message(
    edition: Edition, user: User, *, rendered: RenderedEdition | None = None, test: bool = False
) -> EmailMultiAlternatives:
    """The message `user` receives, with the headers a campaign carries; `test` marks the subject."""
    token = _unsubscribe_token(edition, user)
    values = _reader_values(edition, user, token)
    personal = personalise(rendered or render_edition(edition), values)
    unsubscribe = values[Placeholder.UNSUBSCRIBE_URL]
    mailto = mailing_settings.unsubscribe_mailto() or publisher("email")
    subject = f"{TEST_PREFIX} {personal.subject}" if test else personal.subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=personal.text,
        from_email=mailing_settings.default_from_email(),
        to=[user.email],
        reply_to=[publisher("email")],
        headers={
            "List-Id": list_id(edition),
            "List-Unsubscribe": f"<{unsubscribe}>, <mailto:{mailto}?subject={quote('unsubscribe ' + token)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": make_msgid(domain=mailing_settings.message_id_domain()),
        },
    )
    message.attach_alternative(personal.html, "text/html")
    return message


def campaign_fields(edition: Edition, rendered: RenderedEdition | None = None) -> dict[str, str]:
    """What `mailing.actions.create_campaign` needs of an edition, besides its audience."""
    rendered = rendered or render_edition(edition)
    with translation.override(settings.LANGUAGE_CODE):
        name = edition_heading(edition)
    return _campaign_fields(edition, name, rendered)


def update_campaign_fields(update: EditionUpdate) -> dict[str, str]:
    """What `mailing.actions.create_campaign` needs of an update, besides its audience (the edition's)."""
    rendered = render_update(update)
    with translation.override(settings.LANGUAGE_CODE):
        name = _("%(edition)s — mise à jour : %(title)s") % {
            "edition": edition_heading(update.edition),
            "title": update.title,
        }
    return _campaign_fields(update.edition, shorten(name, CAMPAIGN_NAME_LENGTH), rendered)


def _campaign_fields(edition: Edition, name: str, rendered: RenderedEdition) -> dict[str, str]:
    return {
        "name": name,
        "list_key": edition.publication.key,
        "subject": rendered.subject,
        "html": rendered.html,
        "text": rendered.text,
        "reply_to": publisher("email"),
    }
