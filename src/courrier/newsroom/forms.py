from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courrier.newsroom.models import Category, sections_by_path

WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 12


class SearchOrder:
    RELEVANCE = "pertinence"
    NEWEST = "recent"


class SearchForm(forms.Form):
    """The search box and its filters; every field is optional."""

    q = forms.CharField(label=_("Rechercher"), max_length=200, required=False, strip=True)
    rubrique = forms.ChoiceField(label=_("Rubrique"), required=False)
    categorie = forms.ChoiceField(label=_("Catégorie"), required=False)
    du = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
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
        """Words only: operators and quotes would reach the search engine's syntax."""
        words = WORD.findall(self.cleaned_data.get("q", ""))
        return " ".join(words[:MAX_QUERY_WORDS])

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
            self.cleaned_data.get(name) for name in ("q", "rubrique", "categorie", "du", "au")
        )

    def date_range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The chosen days as an aware [start, end) range in the publisher's time zone."""
        zone = timezone.get_current_timezone()
        start, end = self.cleaned_data.get("du"), self.cleaned_data.get("au")
        return (
            dt.datetime.combine(start, dt.time.min, tzinfo=zone) if start else None,
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone) if end else None,
        )
