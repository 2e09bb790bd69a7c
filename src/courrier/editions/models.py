"""Publications (LCP-LAG, LCP InfoMidi, Cette semaine au Parlement, Alerte Décrets), readers' choices,
editions and the dated updates of a weekly edition.

A reader receives a publication when their organisation's licence covers it
(every publication when the licence names none) and they have not opted out;
new members are opted in to the publications marked `default_opt_in`, with no
row needed: a `Subscription` row records a choice the reader made.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    WEEKDAYS = "weekdays", _("chaque jour de semaine de la saison")
    SITTING_DAYS = "sitting_days", _("les jours de séance, quand l'édition est prête")
    WEEKLY = "weekly", _("chaque semaine parlementaire")
    GAZETTE = "gazette", _("à chaque parution de la Gazette officielle")


class PublicationQuerySet(models.QuerySet["Publication"]):
    def active(self) -> PublicationQuerySet:
        return self.filter(active=True)

    def composed(self) -> PublicationQuerySet:
        """Those an editor composes as editions (Alerte Décrets is sent from the Gazette's decrees instead)."""
        return self.active().exclude(cadence=Cadence.GAZETTE)


# The descriptions migration 0002 seeds, here for the translation catalogues: a description reads in the
# reader's language while it is still the seeded one.
SEEDED_DESCRIPTIONS = (
    gettext_noop("Notre édition de tous les matins de la semaine, de septembre à juin."),
    gettext_noop("Quand l'activité parlementaire le mérite (quand le Salon bleu est en action)."),
    gettext_noop("L'activité de la semaine, avec des mises à jour fréquentes durant la semaine."),
    gettext_noop("Les décrets du gouvernement, à chaque parution de la Gazette officielle."),
)


class Publication(models.Model):
    """Something readers receive by email, on a schedule. The key is stable (URLs, List-Id, consent records)."""

    key = models.SlugField(_("clé"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    cadence = models.CharField(_("rythme"), max_length=20, choices=Cadence.choices)
    send_time = models.TimeField(_("heure d'envoi"), null=True, blank=True)
    season_start = models.PositiveSmallIntegerField(
        _("premier mois de la saison"), default=9, help_text=_("9 = septembre.")
    )
    season_end = models.PositiveSmallIntegerField(_("dernier mois de la saison"), default=6, help_text=_("6 = juin."))
    default_opt_in = models.BooleanField(_("abonnement par défaut des nouveaux membres"), default=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def translated_description(self) -> str:
        """The description in the active language when it is a seeded one, else as written."""
        return gettext(self.description) if self.description else ""

    def in_season(self, day: datetime.date) -> bool:
        """Whether `day` falls in the season (which may wrap the new year: September → June)."""
        if self.season_start <= self.season_end:
            return self.season_start <= day.month <= self.season_end
        return day.month >= self.season_start or day.month <= self.season_end


class Subscription(models.Model):
    """A reader's own choice for one publication (opted in or out), the latest one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="subscriptions")
    publication = models.ForeignKey(Publication, models.CASCADE, related_name="subscriptions")
    subscribed = models.BooleanField(_("abonné"))
    changed_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("abonnement à une publication")
        verbose_name_plural = _("abonnements aux publications")
        constraints = [models.UniqueConstraint(fields=["user", "publication"], name="one_choice_per_publication")]

    def __str__(self) -> str:
        return f"{self.user} — {self.publication} ({self.subscribed})"


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    READY = "ready", _("prête")
    SCHEDULED = "scheduled", _("programmée")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyée")
    CANCELLED = "cancelled", _("annulée")


# Which status may follow which: anything else is refused (editions.actions raises IllegalTransition).
TRANSITIONS: dict[str, frozenset[str]] = {
    EditionStatus.DRAFT: frozenset({EditionStatus.READY, EditionStatus.CANCELLED}),
    EditionStatus.READY: frozenset(
        {EditionStatus.DRAFT, EditionStatus.SCHEDULED, EditionStatus.SENDING, EditionStatus.CANCELLED}
    ),
    EditionStatus.SCHEDULED: frozenset({EditionStatus.READY, EditionStatus.SENDING, EditionStatus.CANCELLED}),
    EditionStatus.SENDING: frozenset({EditionStatus.SENT}),
    EditionStatus.SENT: frozenset(),
    EditionStatus.CANCELLED: frozenset(),
}


class EditionQuerySet(models.QuerySet["Edition"]):
    def published(self) -> EditionQuerySet:
        """Editions readers can find on the site: those that went out."""
        return self.filter(status__in=[EditionStatus.SENDING, EditionStatus.SENT])

    def due(self, now: datetime.datetime | None = None) -> EditionQuerySet:
        """Scheduled editions whose time has come."""
        return self.filter(status=EditionStatus.SCHEDULED, scheduled_for__lte=now or timezone.now())


class Edition(models.Model):
    """One issue of a publication for one date: numbered, introduced, its articles in order."""

    publication = models.ForeignKey(Publication, models.PROTECT, related_name="editions")
    date = models.DateField(_("date"))
    number = models.PositiveIntegerField(_("numéro"))
    introduction = models.TextField(_("mot de l'éditeur"), blank=True)
    status = models.CharField(_("statut"), max_length=16, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    scheduled_for = models.DateTimeField(_("envoi programmé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    campaign = models.OneToOneField(
        "mailing.Campaign", models.PROTECT, null=True, blank=True, related_name="edition", verbose_name=_("envoi")
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        ordering = ["-date", "publication"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "date"], name="one_edition_per_publication_and_day"),
            models.UniqueConstraint(fields=["publication", "number"], name="edition_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.publication} n° {self.number} — {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("edition", args=[self.publication.key, self.date.isoformat()])

    def may_become(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def articles_by_rubrique(self) -> list[tuple[str, list[Any]]]:
        """The edition's articles in order, grouped by rubrique in the order they first appear."""
        groups: dict[str, list[Any]] = {}
        items = self.items.select_related("article", "article__category").order_by("position")
        for item in items:
            section = item.article.section
            groups.setdefault(section.title if section else "", []).append(item.article)
        return list(groups.items())


class EditionArticle(models.Model):
    """An article in an edition, at a position; rubriques group them when the edition is shown."""

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="items")
    article = models.ForeignKey("newsroom.ArticlePage", models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("article de l'édition")
        verbose_name_plural = _("articles de l'édition")
        ordering = ["edition", "position"]
        constraints = [models.UniqueConstraint(fields=["edition", "article"], name="article_once_per_edition")]

    def __str__(self) -> str:
        return f"{self.position}. {self.article}"


UPDATE_TITLE_LENGTH = 200


class EditionUpdateQuerySet(models.QuerySet["EditionUpdate"]):
    def newest_first(self) -> EditionUpdateQuerySet:
        return self.order_by("-published_at", "-pk")


class EditionUpdate(models.Model):
    """A dated update of a weekly edition that went out (Cette semaine au Parlement), shown on its page
    above the edition; `campaign` is the email about it, when the editor chose to send one."""

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="updates")
    published_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    title = models.CharField(_("titre"), max_length=UPDATE_TITLE_LENGTH)
    text = models.TextField(_("texte"), help_text=_("Une ligne vide sépare les paragraphes."))
    articles = models.ManyToManyField("newsroom.ArticlePage", blank=True, related_name="+", verbose_name=_("articles"))
    notify = models.BooleanField(_("envoyer par courriel aux abonnés"), default=False)
    campaign = models.OneToOneField(
        "mailing.Campaign",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="edition_update",
        verbose_name=_("envoi"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("auteur")
    )

    objects = EditionUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mise à jour de l'édition")
        verbose_name_plural = _("mises à jour de l'édition")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.edition} — {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.edition.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"maj-{self.pk}"
