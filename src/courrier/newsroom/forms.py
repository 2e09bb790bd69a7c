from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courrier.core.dates import display_date
from courrier.core.fields import BoundedDateField, database_int
from courrier.newsroom.models import Category, folded, sections_by_path
from courrier.parliament.decree_numbers import DecreeNumberError, parse_decree_number
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue, Ministry

RECENT_ISSUES = 26  # the issue filter offers half a year of Wednesdays (and the one asked for, if older)


class SearchOrder:
    RELEVANCE = "pertinence"
    NEWEST = "recent"


class SearchKind:
    ARTICLES = "articles"
    DECREES = "decrets"


class SearchForm(forms.Form):
    """The search box and its filters; every field is optional."""

    q = forms.CharField(label=_("Rechercher"), max_length=200, required=False, strip=True)
    rubrique = forms.ChoiceField(label=_("Rubrique"), required=False)
    categorie = forms.ChoiceField(label=_("Catégorie"), required=False)
    du = BoundedDateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = BoundedDateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    contenu = forms.ChoiceField(
        label=_("Contenu"),
        required=False,
        choices=[
            ("", _("Articles et décrets")),
            (SearchKind.ARTICLES, _("Articles")),
            (SearchKind.DECREES, _("Décrets")),
        ],
    )
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[(SearchOrder.RELEVANCE, _("Pertinence")), (SearchOrder.NEWEST, _("Plus récents"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = {section.slug: section for section in sections_by_path().values()}
        self.categories = {category.slug: category for category in Category.objects.alphabetical()}
        self.fields["categorie"].choices = [("", _("Toutes les catégories"))] + [
            (slug, category.name) for slug, category in self.categories.items()
        ]
        self.fields["rubrique"].choices = [("", _("Toutes les rubriques"))] + [
            (slug, section.title) for slug, section in sorted(self.sections.items(), key=lambda item: item[1].title)
        ]

    def clean_q(self) -> str:
        """The query as typed, in the search language (`newsroom.search_language`), which reads any text.

        A decree number in any form (« décret no 1329-22 ») becomes the register's
        « 1329-2022 », as decrees are indexed and articles written.
        """
        text = " ".join(self.cleaned_data.get("q", "").split())
        try:
            number = parse_decree_number(text)
        except DecreeNumberError:
            return text
        return str(number)

    def clean_categorie(self) -> Category | None:
        return self.categories.get(self.cleaned_data.get("categorie", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and start > end:
            self.add_error("au", _("La date de fin doit suivre la date de début."))
        return cleaned

    @property
    def has_criteria(self) -> bool:
        return self.is_valid() and any(
            self.cleaned_data.get(name) for name in ("q", "rubrique", "categorie", "du", "au", "contenu")
        )

    @property
    def narrowed(self) -> bool:
        """Whether a filter beyond the words was chosen, or is wrong: the filters are then shown open."""
        names = ("rubrique", "categorie", "du", "au", "contenu", "tri")
        return self.is_bound and any(self.data.get(name) or name in self.errors for name in names)

    def date_range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The chosen days as an aware [start, end) range in the publisher's time zone."""
        zone = timezone.get_current_timezone()
        start, end = self.cleaned_data.get("du"), self.cleaned_data.get("au")
        return (
            dt.datetime.combine(start, dt.time.min, tzinfo=zone) if start else None,
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone) if end else None,
        )


class DecreeFilterForm(forms.Form):
    """The filters of the public list of decrees; every field is optional, and a wrong one is ignored."""

    ministere = forms.ChoiceField(label=_("Ministère"), required=False)
    categorie = forms.ChoiceField(
        label=_("Catégorie"), required=False, choices=[("", _("Toutes les catégories")), *DecreeCategory.choices]
    )
    gazette = forms.ChoiceField(label=_("Gazette officielle"), required=False)
    du = BoundedDateField(label=_("Pris du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = BoundedDateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ministries = {
            ministry.slug: ministry for ministry in sorted(Ministry.objects.all(), key=lambda m: folded(m.name))
        }
        cast(forms.ChoiceField, self.fields["ministere"]).choices = [("", _("Tous les ministères"))] + [
            (slug, ministry.name) for slug, ministry in self.ministries.items()
        ]
        self.issues = {str(issue.pk): issue for issue in self._issues()}
        cast(forms.ChoiceField, self.fields["gazette"]).choices = [("", _("Tous les numéros"))] + [
            (pk, _("%(date)s (n° %(number)d)") % {"date": display_date(issue.published_on), "number": issue.number})
            for pk, issue in self.issues.items()
        ]

    def _issues(self) -> list[GazetteIssue]:
        with_decrees = GazetteIssue.objects.filter(
            Exists(Decree.objects.published().filter(gazette_issue=OuterRef("pk")))
        ).order_by("-published_on", "-number")
        issues = list(with_decrees[:RECENT_ISSUES])
        asked = database_int(self.data.get("gazette"))
        if asked is not None and all(issue.pk != asked for issue in issues):
            issues += list(with_decrees.filter(pk=asked))
        return issues

    def clean_ministere(self) -> Ministry | None:
        return self.ministries.get(self.cleaned_data.get("ministere", ""))

    def clean_gazette(self) -> GazetteIssue | None:
        return self.issues.get(self.cleaned_data.get("gazette", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and start > end:
            self.add_error("au", _("La date de fin doit suivre la date de début."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid filters only: a wrong value is reported by the form and leaves the list unfiltered by it."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
