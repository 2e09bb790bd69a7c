"""An Alerte Décrets as an email: the decrees of one Gazette issue a part of the readers selected, grouped
by recommending ministry, in the frame every edition's email uses (`editions/email/base.html`).

Rendered once per issue (`AlertRendering`) and cut into each part's email (subject, responsive HTML,
plain text), with the mailing app's placeholders where each reader's data goes; mailing personalises
per reader by substitution. Each decree's title links to its page on the site with the reader's
reading link (`?lien=<token>`), which opens the decrees of that part (see `sending.decree_link_opens`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courrier.alerts.matching import IssueIndex, MatchableDecree, normalise
from courrier.editions.email import (
    INLINER,
    POSTAL_ADDRESS,
    PREHEADER_LENGTH,
    RenderedEdition,
    day_in_words,
    publisher,
    shorten,
    site_url,
    telephone_uri,
)
from courrier.editions.models import Publication
from courrier.licensing.entitlements import READING_LINK_DAYS, READING_LINK_PARAMETER
from courrier.mailing.message import placeholder_context
from courrier.parliament.models import Decree, GazetteIssue, Ministry

HTML_TEMPLATE = "alerts/email/alert.html"
TEXT_TEMPLATE = "alerts/email/alert.txt"
# The public decree pages name their route "decree" with (year, number): /decrets/<year>/<number>/.
DECREE_URL_NAME = "decree"
DECREE_LIST_URL_NAME = "decrees"
CAMPAIGN_NAME_LENGTH = 200

# Where a part's pieces begin (see `AlertRendering`): a comment in the HTML, a private-use character
# (which no title holds) around a name in the text; and what each part writes in for itself.
HTML_MARKER = re.compile(r"<!--alerte:(\w+)-->")
TEXT_MARK = "\ue000"
TEXT_MARKER = re.compile(f"{TEXT_MARK}(\\w+){TEXT_MARK}")
INTRODUCTION = "__ALERTE_INTRODUCTION__"
PREHEADER = "__ALERTE_PREHEADER__"

_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")


def decree_path(decree: Decree) -> str:
    """The decree's page on the site, `/decrets/2026/123/` (the path, should its route not exist yet)."""
    try:
        return reverse(DECREE_URL_NAME, args=[decree.year, decree.number])
    except NoReverseMatch:
        return f"/decrets/{decree.year}/{decree.number}/"


def decree_list_path() -> str:
    try:
        return reverse(DECREE_LIST_URL_NAME)
    except NoReverseMatch:
        return "/decrets/"


@dataclass(frozen=True)
class EmailDecree:
    pk: int
    heading: str  # its recommending ministries, the group it is listed under
    label: str  # « Décret 1329-2022 du 29 juin 2022 »
    category: str
    title: str
    statute: str
    url: str
    page: int | None
    published: bool = True


@dataclass
class MinistryGroup:
    heading: str
    decrees: list[EmailDecree] = field(default_factory=list)

    @property
    def underline(self) -> str:
        return "=" * len(self.heading)


def ministries_heading(ministries: list[Ministry]) -> str:
    """What a decree is listed under: its recommending ministry, or its ministries side by side."""
    return " · ".join(ministry.name for ministry in ministries) or _("Autres décrets")


@dataclass
class AlertContent:
    """An issue's decrees in the email's order (by ministry heading, then number), and their masks."""

    issue: GazetteIssue
    decrees: list[EmailDecree]
    index: IssueIndex

    @classmethod
    def of(cls, issue: GazetteIssue, *, published_by: datetime.datetime | None = None) -> AlertContent:
        """Every decree of the issue, or those published by a moment; two queries whatever the issue's size."""
        queryset = Decree.objects.in_issue(issue)
        if published_by is not None:
            queryset = queryset.filter(published_at__lte=published_by)
        by_name = Prefetch("ministries", queryset=Ministry.objects.order_by("name"))
        rows: list[tuple[tuple[str, int, int], EmailDecree, MatchableDecree]] = []
        with translation.override(settings.LANGUAGE_CODE):
            root = site_url()
            for decree in queryset.defer("full_text").prefetch_related(by_name):
                ministries = list(decree.ministries.all())
                heading = ministries_heading(ministries)
                email = EmailDecree(
                    pk=decree.pk,
                    heading=heading,
                    label=capfirst(decree.display),
                    category=decree.get_category_display(),
                    title=decree.title,
                    statute=decree.enabling_statute,
                    url=f"{root}{decree_path(decree)}",
                    page=decree.page,
                    published=decree.is_published,
                )
                matchable = MatchableDecree(
                    pk=decree.pk,
                    ministries=frozenset(ministry.pk for ministry in ministries),
                    category=decree.category,
                    title=decree.title,
                    statute=decree.enabling_statute,
                )
                rows.append(((normalise(heading), decree.year, decree.number), email, matchable))
        rows.sort(key=lambda row: row[0])
        return cls(
            issue=issue,
            decrees=[email for _key, email, _matchable in rows],
            index=IssueIndex([matchable for _key, _email, matchable in rows]),
        )

    def selected(self, decree_ids: list[int]) -> list[EmailDecree]:
        chosen = set(decree_ids)
        return [decree for decree in self.decrees if decree.pk in chosen]


def groups_of(decrees: list[EmailDecree]) -> list[MinistryGroup]:
    groups: list[MinistryGroup] = []
    for decree in decrees:
        if not groups or groups[-1].heading != decree.heading:
            groups.append(MinistryGroup(decree.heading))
        groups[-1].decrees.append(decree)
    return groups


def decree_count(count: int) -> str:
    return ngettext("%(count)d décret", "%(count)d décrets", count) % {"count": count}


def alert_subject(issue: GazetteIssue, count: int) -> str:
    """« Le mercredi 13 février 2019 — Partie 2 — Lois et règlements (11 décrets) »."""
    return _("Le %(day)s — %(part)s (%(count)s)") % {
        "day": day_in_words(issue.published_on, weekday=True),
        "part": issue.get_part_display(),
        "count": decree_count(count),
    }


def issue_line(issue: GazetteIssue) -> str:
    """« Gazette officielle du Québec, Partie 2 — 158e année, no 5 »."""
    return _("Gazette officielle du Québec, partie %(part)d — %(volume)de année, no %(number)d") % {
        "part": issue.part,
        "volume": issue.volume,
        "number": issue.number,
    }


def introduction(count: int, total: int) -> str:
    if count == total:
        return ngettext(
            "Ce numéro de la Gazette officielle publie %(count)d décret.",
            "Ce numéro de la Gazette officielle publie %(count)d décrets.",
            total,
        ) % {"count": total}
    return ngettext(
        "%(count)d des %(total)d décrets de ce numéro correspond à vos choix (ministères, catégories, mots clés).",
        "%(count)d des %(total)d décrets de ce numéro correspondent à vos choix (ministères, catégories, mots clés).",
        count,
    ) % {"count": count, "total": total}


class Pieces:
    """A rendering of the whole issue cut at its markers: what comes before the first, the named pieces
    (the introduction, each group's heading, each decree), and what follows the `end` marker."""

    def __init__(self, rendered: str, marker: re.Pattern[str]) -> None:
        head, *rest = marker.split(rendered)
        self.head = head
        self.named = dict(zip(rest[0::2], rest[1::2], strict=True))
        self.tail = self.named.pop("end")

    def join(self, names: list[str]) -> str:
        return "".join([self.head, *(self.named[name] for name in names), self.tail])


class AlertRendering:
    """The alert of one issue, rendered once for all its parts: `part(decree_ids)` is one part's email.

    Templates and CSS inlining, the costly steps, run once over the whole issue, with a marker
    before each piece a part keeps or leaves out (`<!--alerte:d12-->` before decree 12's row); a
    part's email is its pieces joined in order, then its counts written in. So an alert of many
    small parts costs little more than one email.
    """

    def __init__(self, content: AlertContent, publication: Publication) -> None:
        self.content = content
        groups = groups_of(content.decrees)
        self.group_of = {decree.pk: number for number, group in enumerate(groups) for decree in group.decrees}
        with translation.override(settings.LANGUAGE_CODE):
            root = site_url()
            day = day_in_words(content.issue.published_on, weekday=True)
            context = {
                **placeholder_context(),
                "publication": publication,
                "heading": f"{publication.name} — {day}",
                "day": day,
                "issue_line": issue_line(content.issue),
                "introduction": INTRODUCTION,
                "preheader": PREHEADER,
                "groups": groups,
                "mark": TEXT_MARK,
                "reading_parameter": READING_LINK_PARAMETER,
                "reading_days": READING_LINK_DAYS,
                "web_url": f"{root}{decree_list_path()}",
                "filters_url": f"{root}{reverse('decree_alert_filters')}",
                "publications_url": f"{root}{reverse('my_publications')}",
                "site_url": root,
                "publisher": settings.PUBLISHER,
                "telephone_uri": telephone_uri(publisher("phone")),
                "postal_address": POSTAL_ADDRESS,
            }
            self.html = Pieces(INLINER.inline(render_to_string(HTML_TEMPLATE, context)), HTML_MARKER)
            self.text = Pieces(str(render_to_string(TEXT_TEMPLATE, context)), TEXT_MARKER)

    def part(self, decree_ids: list[int]) -> RenderedEdition:
        """The email of the part holding `decree_ids`, with the mailing placeholders for each reader."""
        decrees = self.content.selected(decree_ids)
        names, group = ["intro"], -1
        for decree in decrees:
            if self.group_of[decree.pk] != group:
                group = self.group_of[decree.pk]
                names.append(f"g{group}")
            names.append(f"d{decree.pk}")
        with translation.override(settings.LANGUAGE_CODE):
            intro = introduction(len(decrees), len(self.content.decrees))
            subject = alert_subject(self.content.issue, len(decrees))
        preheader = shorten(" · ".join(decree.title for decree in decrees[:3]), PREHEADER_LENGTH)
        html = self.html.join(names)
        html = html.replace(INTRODUCTION, escape(intro, quote=False)).replace(PREHEADER, escape(preheader))
        text = self.text.join(names).replace(INTRODUCTION, intro)
        text = _BLANK_LINES.sub("\n\n", _TRAILING_SPACES.sub("\n", text)).strip() + "\n"
        return RenderedEdition(subject=subject, html=html, text=text)


def campaign_name(issue: GazetteIssue, part: int, parts: int, count: int) -> str:
    """« Alerte Décrets — Gazette du 4 février 2026 (158e année, no 5) — envoi 2 sur 14 : 3 décrets »."""
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Alerte Décrets — %(issue)s — envoi %(part)d sur %(parts)d : %(count)s") % {
            "issue": issue,
            "part": part,
            "parts": parts,
            "count": decree_count(count),
        }
    return shorten(name, CAMPAIGN_NAME_LENGTH)
