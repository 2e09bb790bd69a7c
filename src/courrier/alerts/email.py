"""An Alerte Décrets as an email: the decrees of one Gazette issue a reader's filters selected, grouped
by recommending ministry, in the frame every edition's email uses (`editions/email/base.html`).

Rendered once per issue (`AlertRendering`) as one campaign's bodies, with a mailing variant per set of
decrees some readers' filters select (subject, sections kept, counts), and the mailing app's
placeholders where each reader's data goes; mailing personalises per reader by substitution. Each
decree's title links to its page on the site with the reader's reading link (`?lien=<token>`), which
opens the decrees of that reader's variant (see `sending.decrees_link_opens`).
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courrier.alerts.matching import IssueIndex, MatchableDecree, normalise
from courrier.core.collation import French
from courrier.core.mail import INLINER, PREHEADER_LENGTH
from courrier.editions.email import day_in_words, frame_context, shorten, site_url
from courrier.editions.models import Publication
from courrier.mailing import actions as mailing
from courrier.mailing.message import END_SECTION, HTML_SECTION, PLACEHOLDER_RE, SECTION_MARK, section_context
from courrier.parliament.models import Decree, GazetteIssue, Ministry

HTML_TEMPLATE = "alerts/email/alert.html"
TEXT_TEMPLATE = "alerts/email/alert.txt"
# The public decree pages name their route "decree" with (year, number): /decrets/<year>/<number>/.
DECREE_URL_NAME = "decree"
DECREE_LIST_URL_NAME = "decrees"
CAMPAIGN_NAME_LENGTH = 200

# What each variant writes in for itself (see `AlertRendering`).
INTRODUCTION = "__ALERTE_INTRODUCTION__"
PREHEADER = "__ALERTE_PREHEADER__"
MORE = "__ALERTE_MORE_{}__"
# Past this many bytes of HTML a reader's alert becomes a digest: Gmail cuts messages at 102 kB.
HTML_BUDGET = 90_000
PLACEHOLDER_GROWTH = 100
END_TEXT = f"{SECTION_MARK}{END_SECTION}{SECTION_MARK}"

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
    list_url: str  # the issue's decrees of the same ministry on the site
    published: bool = True


@dataclass
class MinistryGroup:
    number: int
    heading: str
    decrees: list[EmailDecree] = field(default_factory=list)

    @property
    def more(self) -> str:
        """Where a digest writes how many of the group's decrees it leaves out."""
        return more_key(self.number)

    @property
    def more_url(self) -> str:
        return self.decrees[0].list_url

    @property
    def underline(self) -> str:
        return "=" * len(self.heading)


def more_key(group: int) -> str:
    return MORE.format(group)


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
        by_name = Prefetch("ministries", queryset=Ministry.objects.order_by(French("name")))
        rows: list[tuple[tuple[str, int, int], EmailDecree, MatchableDecree]] = []
        with translation.override(settings.LANGUAGE_CODE):
            root = site_url()
            issue_list = f"{root}{decree_list_path()}?{urlencode({'gazette': issue.pk})}"
            for decree in queryset.defer("summary", "full_text").prefetch_related(by_name):
                ministries = list(decree.ministries.all())
                heading = ministries_heading(ministries)
                same_ministry = f"&{urlencode({'ministere': ministries[0].slug})}" if len(ministries) == 1 else ""
                email = EmailDecree(
                    pk=decree.pk,
                    heading=heading,
                    label=capfirst(decree.display),
                    category=decree.get_category_display(),
                    title=decree.title,
                    statute=decree.enabling_statute,
                    url=f"{root}{decree_path(decree)}",
                    page=decree.page,
                    list_url=f"{issue_list}{same_ministry}",
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
            groups.append(MinistryGroup(len(groups), decree.heading))
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
    """« Gazette officielle du Québec, Partie 2 — 158e année, n° 5 »."""
    return _("Gazette officielle du Québec, partie %(part)d — %(volume)de année, n° %(number)d") % {
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


def digest_note(shown: int) -> str:
    return ngettext(
        "Ils sont trop nombreux pour un courriel : voici le premier de chaque ministère, les autres sont sur le site.",
        "Ils sont trop nombreux pour un courriel : voici les %(count)d premiers de chaque ministère, "
        "les autres sont sur le site.",
        shown,
    ) % {"count": shown}


def more_line(count: int) -> str:
    return ngettext(
        "Voir l'autre décret de ce ministère sur le site",
        "Voir les %(count)d autres décrets de ce ministère sur le site",
        count,
    ) % {"count": count}


def html_size(text: str) -> int:
    """Bytes once sent: UTF-8, each reader's placeholders written in (a reading token is some 100 characters)."""
    return len(text.encode("utf-8")) + PLACEHOLDER_GROWTH * len(PLACEHOLDER_RE.findall(text))


class AlertRendering:
    """The alert of one issue, rendered once for every reader: the campaign's bodies, and `variant(...)` for
    each set of decrees some readers' filters select.

    Templates and CSS inlining, the costly steps, run once over the whole issue, each piece a
    reader may be sent or not in its own mailing section (`<!--section:d12-->` before decree
    12's row, `g3` before the third ministry's heading, `m3` for the link to the rest of it);
    a variant names its sections and writes in its counts. A variant whose HTML would pass
    `HTML_BUDGET` (mail clients cut long messages: Gmail past 102 kB) becomes a digest: the
    first decrees of each ministry, as many as fit, and a link to the others on the site.
    """

    def __init__(self, content: AlertContent, publication: Publication) -> None:
        self.content = content
        self.groups = groups_of(content.decrees)
        self.group_of = {decree.pk: number for number, group in enumerate(self.groups) for decree in group.decrees}
        with translation.override(settings.LANGUAGE_CODE):
            day = day_in_words(content.issue.published_on, weekday=True)
            context = {
                **frame_context(
                    publication,
                    heading=f"{publication.name} — {day}",
                    day=day,
                    preheader=PREHEADER,
                    web_path=decree_list_path(),
                ),
                **section_context(),
                "issue_line": issue_line(content.issue),
                "introduction": INTRODUCTION,
                "groups": self.groups,
                "more": MORE,
                "filters_url": f"{site_url()}{reverse('decree_alert_filters')}",
            }
            self.html = INLINER.inline(render_to_string(HTML_TEMPLATE, context))
            text = str(render_to_string(TEXT_TEMPLATE, context))
            text = _BLANK_LINES.sub("\n\n", _TRAILING_SPACES.sub("\n", text)).strip() + "\n"
            # Every decree's piece ends its line: the footer's blank line is already there.
            self.text = text.replace(f"{END_TEXT}\n\n", f"{END_TEXT}\n")
        self.subject = alert_subject(content.issue, len(content.decrees))
        head, *rest = HTML_SECTION.split(self.html)
        self.sizes = {name: html_size(piece) for name, piece in zip(rest[0::2], rest[1::2], strict=True)}
        self.frame_size = html_size(head) + self.sizes.pop(END_SECTION, 0)

    def sections(self, decree_ids: list[int], *, per_group: int | None = None) -> list[str]:
        """The sections of these decrees: each group's heading, its first `per_group` decrees, and the link to
        the rest when some are left out."""
        return self._sections(self._grouped(decree_ids), per_group)

    def digest(self, decree_ids: list[int]) -> int | None:
        """How many decrees of each ministry fit under the budget, or None when all of them do."""
        return self._per_group(self._grouped(decree_ids))

    def variant(self, number: int, decree_ids: list[int]) -> mailing.Variant:
        """The email of the readers whose filters select `decree_ids`, as a variant of the alert's campaign."""
        decrees = self.content.selected(decree_ids)
        grouped = self._grouped(decree_ids)
        per_group = self._per_group(grouped)
        with translation.override(settings.LANGUAGE_CODE):
            intro = introduction(len(decrees), len(self.content.decrees))
            replacements = {}
            if per_group is not None:
                intro = f"{intro} {digest_note(per_group)}"
                replacements = {
                    more_key(group): more_line(len(pks) - per_group)
                    for group, pks in grouped.items()
                    if len(pks) > per_group
                }
            subject = alert_subject(self.content.issue, len(decrees))
        replacements[INTRODUCTION] = intro
        replacements[PREHEADER] = shorten(" · ".join(decree.title for decree in decrees[:3]), PREHEADER_LENGTH)
        sections = self._sections(grouped, per_group)
        return mailing.Variant(number=number, subject=subject, sections=sections, replacements=replacements)

    def _grouped(self, decree_ids: list[int]) -> dict[int, list[int]]:
        """The chosen decrees by group, in the email's order."""
        grouped: dict[int, list[int]] = {}
        for decree in self.content.selected(decree_ids):
            grouped.setdefault(self.group_of[decree.pk], []).append(decree.pk)
        return grouped

    def _sections(self, grouped: dict[int, list[int]], per_group: int | None) -> list[str]:
        names = ["intro"]
        for group, pks in grouped.items():
            names.append(f"g{group}")
            names += [f"d{pk}" for pk in pks[:per_group]]
            if per_group is not None and len(pks) > per_group:
                names.append(f"m{group}")
        return names

    def _size(self, grouped: dict[int, list[int]], per_group: int | None) -> int:
        return self.frame_size + sum(self.sizes[name] for name in self._sections(grouped, per_group))

    def _per_group(self, grouped: dict[int, list[int]]) -> int | None:
        if self._size(grouped, None) <= HTML_BUDGET:
            return None
        largest = max(len(pks) for pks in grouped.values())
        # The size grows with `per_group`: how many values, from 1 up, stay under the budget (at least one).
        fitting = bisect_right(
            range(1, largest + 1), False, key=lambda per_group: self._size(grouped, per_group) > HTML_BUDGET
        )
        return max(1, fitting)


def campaign_name(issue: GazetteIssue, variants: int) -> str:
    """« Alerte Décrets — Gazette du 4 février 2026 (158e année, n° 5) — 14 versions »."""
    with translation.override(settings.LANGUAGE_CODE):
        versions = ngettext("%(count)d version", "%(count)d versions", variants) % {"count": variants}
        name = _("Alerte Décrets — %(issue)s — %(versions)s") % {"issue": issue, "versions": versions}
    return shorten(name, CAMPAIGN_NAME_LENGTH)
