"""The register of government decrees and of the Gazette issues that publish them.

A decree (*décret*) is made by the government on the recommendation of one or
more ministers, numbered in sequence within its calendar year, and published in
French in the *Gazette officielle du Québec*, Partie 2 — Lois et règlements.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from courrier.core.dates import display_date
from courrier.core.fields import WebAddressField, database_int
from courrier.core.search_index import TeaserSearchField
from courrier.parliament.decree_numbers import (
    DecreeNumber,
    DecreeNumberError,
    format_decree_number,
    parse_decree_number,
    validate_decree_number,
    validate_decree_year,
)
from courrier.parliament.models.people import Ministry


class GazettePart(models.IntegerChoices):
    LEGAL_NOTICES = 1, _("Partie 1 — Avis juridiques")
    LAWS_AND_REGULATIONS = 2, _("Partie 2 — Lois et règlements")


class PartTwoSection(models.TextChoices):
    """The sections of Partie 2, in the order an issue prints them."""

    ACTS = "acts", _("Lois")
    COMMENCEMENT_OF_ACTS = "commencement", _("Entrée en vigueur de lois")
    REGULATIONS = "regulations", _("Règlements et autres actes")
    DRAFT_REGULATIONS = "draft_regulations", _("Projets de règlement")
    TREASURY_BOARD = "treasury_board", _("Conseil du trésor")
    DECISIONS = "decisions", _("Décisions")
    ADMINISTRATIVE_DECREES = "administrative", _("Décrets administratifs")
    MINISTERIAL_ORDERS = "ministerial_orders", _("Arrêtés ministériels")
    NOTICES = "notices", _("Avis")
    ERRATUM = "erratum", _("Erratum")


class GazetteIssue(models.Model):
    """One issue of the Gazette as printed: (part, volume, number) is unique.

    Volume and number are what the issue prints (« 158e année, n° 5 »), never
    recomputed from the date: special issues and holidays make any rule wrong
    some weeks.
    """

    part = models.PositiveSmallIntegerField(
        _("partie"), choices=GazettePart.choices, default=GazettePart.LAWS_AND_REGULATIONS
    )
    published_on = models.DateField(_("publiée le"), help_text=_("Le mercredi, ou la veille d'un mercredi férié."))
    volume = models.PositiveSmallIntegerField(
        _("année (volume)"),
        validators=[MinValueValidator(1, _("Le volume commence à 1."))],
        help_text=_("Telle qu'imprimée : « 158e année » s'écrit 158 (en 2026)."),
    )
    number = models.PositiveSmallIntegerField(
        _("numéro"),
        validators=[MinValueValidator(1, _("Le numéro commence à 1."))],
        help_text=_("Tel qu'imprimé : « n° 5 » s'écrit 5."),
    )
    pdf_url = WebAddressField(
        _("PDF officiel"),
        max_length=500,
        blank=True,
        help_text=_("L'adresse du numéro sur le site des Publications du Québec, quand elle est connue."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("numéro de la Gazette")
        verbose_name_plural = _("numéros de la Gazette")
        ordering = ["-published_on", "-number"]
        indexes = [models.Index(fields=["published_on"], name="parliament_issue_published")]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "volume", "number"],
                name="parliament_issue_unique_number",
                violation_error_message=_("Ce numéro de la Gazette est déjà inscrit au registre."),
            ),
        ]

    def __str__(self) -> str:
        return _("Gazette du %(date)s (%(volume)de année, n° %(number)d)") % {
            "date": display_date(self.published_on),
            "volume": self.volume,
            "number": self.number,
        }

    @property
    def citation(self) -> str:
        """As references print it: « Gazette officielle du Québec, Partie 2, 4 février 2026, 158e année, n° 5 »."""
        return _("Gazette officielle du Québec, Partie %(part)d, %(date)s, %(volume)de année, n° %(number)d") % {
            "part": self.part,
            "date": display_date(self.published_on),
            "volume": self.volume,
            "number": self.number,
        }


class DecreeCategory(models.TextChoices):
    REGULATION = "regulation", _("Règlement")
    COMMENCEMENT = "commencement", _("Entrée en vigueur")
    APPOINTMENT = "appointment", _("Nomination")
    AGREEMENT = "agreement", _("Entente")
    FINANCIAL_AID = "financial_aid", _("Aide financière")
    ADMINISTRATIVE = "administrative", _("Décret administratif")
    OTHER = "other", _("Autre")


class DecreeQuerySet(models.QuerySet["Decree"]):
    def published(self) -> DecreeQuerySet:
        return self.filter(published_at__isnull=False)

    def unpublished(self) -> DecreeQuerySet:
        return self.filter(published_at__isnull=True)

    def numbered(self, number: DecreeNumber) -> DecreeQuerySet:
        return self.filter(number=number.number, year=number.year)

    def recommended_by(self, ministry: Ministry) -> DecreeQuerySet:
        return self.filter(ministries=ministry)

    def in_issue(self, issue: GazetteIssue) -> DecreeQuerySet:
        return self.filter(gazette_issue=issue)

    # Reading: the public list, search results and the pages that name decrees.

    def in_category(self, category: str) -> DecreeQuerySet:
        return self.filter(category=category)

    def made_between(self, first: datetime.date | None = None, last: datetime.date | None = None) -> DecreeQuerySet:
        """Made from `first` to `last`, both included; a missing end leaves that side open."""
        found = self
        if first is not None:
            found = found.filter(made_on__gte=first)
        if last is not None:
            found = found.filter(made_on__lte=last)
        return found

    def matching(self, text: str) -> DecreeQuerySet:
        """A decree number (« 1329-2022 », « no 812-95 ») finds that decree; a bare number, decrees so numbered;
        words, titles holding every one of them."""
        text = text.strip()
        try:
            return self.numbered(parse_decree_number(text))
        except DecreeNumberError:
            pass
        if (number := database_int(text)) is not None:
            return self.filter(number=number)
        found = self
        for word in text.split():
            found = found.filter(title__icontains=word)
        return found

    def newest_first(self) -> DecreeQuerySet:
        return self.order_by("-made_on", "-number")

    def teasers(self) -> DecreeQuerySet:
        """With what a listing prints (issue, ministries) in two queries, and never the full text."""
        return self.select_related("gazette_issue").prefetch_related("ministries").defer("summary", "full_text")


# django-stubs cannot see through wagtail's Orderable (untyped) to `ArticleDecree.decree`'s reverse manager.
class Decree(index.Indexed, models.Model):  # type: ignore[django-manager-missing]
    """A decree of the government; (number, year) is unique and `made_on` falls in `year`.

    Its Gazette issue, when known, is not dated before `made_on`, and a page
    number needs an issue. The full text is optional: some decrees are published
    only as a notice (title, date, number and page count). A decree reaches
    readers once `published_at` is set by the publishing step; forms never set it.
    """

    number = models.PositiveSmallIntegerField(
        _("numéro"), validators=[validate_decree_number], help_text=_("Le rang du décret dans l'année, p. ex. 1329.")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[validate_decree_year], help_text=_("L'année où il est pris, p. ex. 2022.")
    )
    made_on = models.DateField(_("pris le"))
    title = models.CharField(
        _("titre"), max_length=1000, help_text=_("Tel qu'imprimé, p. ex. « Concernant la nomination de … ».")
    )
    category = models.CharField(_("catégorie"), max_length=32, choices=DecreeCategory.choices)
    ministries = models.ManyToManyField(
        Ministry,
        through="DecreeMinistry",
        verbose_name=_("ministères recommandants"),
        related_name="decrees",
        help_text=_("Le ou les ministères sur la recommandation desquels le décret est pris."),
    )
    enabling_statute = models.CharField(
        _("loi habilitante"),
        max_length=500,
        blank=True,
        help_text=_("P. ex. « Loi sur la qualité de l'environnement (chapitre Q-2) »."),
    )
    summary = models.TextField(
        _("sommaire"),
        blank=True,
        help_text=_("Quelques phrases de la rédaction : ce que fait le décret, pour qui, combien (abonnés seulement)."),
    )
    full_text = models.TextField(
        _("texte intégral"), blank=True, help_text=_("Vide quand la Gazette ne publie qu'un avis.")
    )
    page_count = models.PositiveSmallIntegerField(
        _("nombre de pages"), null=True, blank=True, help_text=_("Pour un décret publié sous forme d'avis.")
    )
    gazette_issue = models.ForeignKey(
        GazetteIssue,
        verbose_name=_("numéro de la Gazette"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decrees",
    )
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    section = models.CharField(_("section"), max_length=32, choices=PartTwoSection.choices, blank=True)
    published_at = models.DateTimeField(_("publié aux lecteurs le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = DecreeQuerySet.as_manager()

    # Searched with articles at /recherche/, which shows teasers only. The public column holds the
    # public facts (courrier.core.search_index), the other the text. The number is indexed in the
    # forms readers type (« 1329-2022 », « 1329 2022 », « 1329-22 »).
    search_fields = [
        TeaserSearchField("teaser_text"),
        index.SearchField("summary"),
        index.SearchField("full_text"),
        index.FilterField("published_at"),
    ]

    class Meta:
        verbose_name = _("décret")
        verbose_name_plural = _("décrets")
        ordering = ["-year", "-number"]
        indexes = [
            models.Index(fields=["made_on"], name="parliament_decree_made_on"),
            models.Index(fields=["published_at"], name="parliament_decree_published"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "year"],
                name="parliament_decree_unique_number",
                violation_error_message=_("Ce numéro de décret est déjà inscrit au registre pour cette année."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="parliament_decree_number_positive",
                violation_error_message=_("Le numéro d'un décret commence à 1."),
            ),
            models.CheckConstraint(
                condition=Q(made_on__year=F("year")),
                name="parliament_decree_made_in_its_year",
                violation_error_message=_("Un décret est pris dans l'année de son numéro."),
            ),
        ]

    def __str__(self) -> str:
        return self.display

    def get_absolute_url(self) -> str:
        """Its page for readers (found once the decree is published)."""
        return reverse("decree", kwargs={"year": self.year, "number": self.number})

    @property
    def decree_number(self) -> DecreeNumber:
        return DecreeNumber(self.number, self.year)

    @property
    def formatted_number(self) -> str:
        return format_decree_number(self.number, self.year)

    @property
    def display(self) -> str:
        """« décret 1329-2022 du 29 juin 2022 »."""
        return _("décret %(number)s du %(date)s") % {
            "number": self.formatted_number,
            "date": display_date(self.made_on),
        }

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.number and self.year:
            taken = Decree.objects.numbered(self.decree_number).exclude(pk=self.pk)
            if taken.exists():
                errors["number"] = gettext("Le décret %(number)s est déjà inscrit au registre.") % {
                    "number": self.formatted_number
                }
        if self.made_on and self.year and self.made_on.year != self.year:
            errors["made_on"] = gettext(
                "Un décret numéroté en %(year)d est pris en %(year)d : le %(date)s tombe en %(other)d."
            ) % {"year": self.year, "date": display_date(self.made_on), "other": self.made_on.year}
        issue = self.gazette_issue if self.gazette_issue_id else None
        if issue is not None and self.made_on and issue.published_on < self.made_on:
            errors["gazette_issue"] = gettext(
                "Cette Gazette (%(issue)s) paraît avant que le décret soit pris (%(made)s) : choisissez un numéro "
                "publié le jour même ou après."
            ) % {"issue": display_date(issue.published_on), "made": display_date(self.made_on)}
        if self.page is not None and issue is None:
            errors["page"] = gettext("Une page se rapporte à un numéro de la Gazette : choisissez-le aussi.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def has_paywalled_text(self) -> bool:
        """Whether it holds more than its public facts: a summary or the full text, for subscribers."""
        return bool(self.summary or self.full_text)

    @property
    def private_text(self) -> str:
        """What subscribers read of it, and what search matches for them only."""
        return "\n\n".join(text for text in (self.summary, self.full_text) if text)

    @property
    def searchable_number(self) -> str:
        """How a decree is named and cited: « Décret 1329-2022 », its number and year apart, « 1329-22 »."""
        short = f"{self.number}-{self.year % 100:02d}"
        return f"Décret Decree {self.formatted_number} {self.number} {self.year} {short}"

    @property
    def teaser_text(self) -> str:
        """The public facts, for search: number, title, enabling statute, recommending ministries."""
        ministries = [f"{ministry.name} {ministry.acronym}" for ministry in self.ministries.all()] if self.pk else []
        return " ".join([self.searchable_number, self.title, self.enabling_statute, *ministries])


class DecreeMinistry(models.Model):
    """A ministry recommending a decree; a ministry that decrees name cannot be deleted (make it inactive)."""

    decree = models.ForeignKey(Decree, on_delete=models.CASCADE, related_name="recommendations")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="recommendations")

    class Meta:
        verbose_name = _("ministère recommandant")
        verbose_name_plural = _("ministères recommandants")
        constraints = [
            models.UniqueConstraint(fields=["decree", "ministry"], name="parliament_decree_ministry_once"),
        ]

    def __str__(self) -> str:
        return f"{self.decree} — {self.ministry}"
