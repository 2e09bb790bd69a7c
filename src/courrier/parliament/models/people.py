"""The people and institutions behind the news: ministries, parties, Members of the National Assembly and their roles.

Roles are dated records: who is minister of what on a given day is derived from
them (`Member.objects.minister_of(ministry, on=day)`), never stored as a flag.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from courrier.core.collation import French


# django-stubs cannot see through ClusterableModel (untyped) to `Member.party`'s reverse manager.
class Party(models.Model):  # type: ignore[django-manager-missing]
    """A political party Members sit for; its name and short name are unique.

    A Member with no party sits as an independent.
    """

    name = models.CharField(_("nom"), max_length=120, unique=True)
    short_name = models.CharField(_("sigle"), max_length=20, unique=True, help_text=_("P. ex. CAQ, PLQ, QS, PQ."))

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partis")
        ordering = [French("name")]

    def __str__(self) -> str:
        return self.short_name


class MinistryQuerySet(models.QuerySet["Ministry"]):
    def active(self) -> MinistryQuerySet:
        return self.filter(active=True)


class Ministry(models.Model):
    """A ministry or government body that recommends decrees; name, acronym and slug are unique.

    A ministry renamed, merged or abolished is never deleted while decrees name it:
    it becomes inactive, and its decrees keep pointing to it. Its minister is not
    stored here but derived from the roles of Members on a given day.
    """

    name = models.CharField(_("nom"), max_length=200, unique=True)
    acronym = models.CharField(_("sigle"), max_length=20, unique=True, help_text=_("P. ex. FIN, MSSS, MCN."))
    slug = models.SlugField(
        _("identifiant"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Pour les adresses des pages ; laissé vide, il est tiré du sigle."),
    )
    email_domain = models.CharField(
        _("domaine de courriel"),
        max_length=253,
        blank=True,
        validators=[DomainNameValidator(accept_idna=False)],
        help_text=_("Celui des adresses de son personnel, p. ex. finances.gouv.qc.ca."),
    )
    active = models.BooleanField(
        _("actif"), default=True, help_text=_("Décochez pour un ministère aboli ou renommé : ses décrets restent.")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = MinistryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ministère")
        verbose_name_plural = _("ministères")
        ordering = [French("name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.acronym = self.acronym.strip().upper()
        self.email_domain = self.email_domain.strip().lower()
        if not self.slug and self.acronym:
            self.slug = slugify(self.acronym)

    def minister_on(self, day: datetime.date) -> Member | None:
        return Member.objects.minister_of(self, on=day)


class MemberQuerySet(models.QuerySet["Member"]):
    def in_office(self, *, on: datetime.date) -> MemberQuerySet:
        """Members sitting on `on` (both ends of their term included)."""
        return self.filter(took_office_on__lte=on).filter(Q(left_office_on__isnull=True) | Q(left_office_on__gte=on))

    def named(self, text: str) -> MemberQuerySet:
        """Members whose first or last name holds every word of `text` (« bérubé », « nath bér »)."""
        found = self
        for word in text.split():
            found = found.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return found

    def minister_of(self, ministry: Ministry, *, on: datetime.date) -> Member | None:
        """Who heads `ministry` on `on`: the minister (or the premier, for the Conseil exécutif) in that role that day.

        On the day of a change both the outgoing and the incoming minister hold the
        role (both ends are included); the one who started last answers. A minister
        stays minister after losing their seat until replaced, so their term is not asked.
        """
        role = (
            MemberRole.objects.current(on=on)
            .heads_of(ministry)
            .filter(member__in=self)
            .select_related("member", "member__party")
            .order_by("-started_on", "-pk")
            .first()
        )
        return role.member if role else None


class Member(ClusterableModel):
    """A Member of the National Assembly (député); the slug is unique and a term never ends before it starts.

    One record per person: a Member re-elected keeps it, and `left_office_on` is the
    last day of the current or last term (empty while sitting).
    """

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(
        _("identifiant"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Pour les adresses des pages ; laissé vide, il est tiré du prénom et du nom."),
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("parti"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Laissez vide pour un député indépendant."),
    )
    riding = models.CharField(_("circonscription"), max_length=100)
    took_office_on = models.DateField(_("en fonction depuis le"))
    left_office_on = models.DateField(
        _("en fonction jusqu'au"), null=True, blank=True, help_text=_("Dernier jour, inclus. Vide s'il siège.")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("député")
        verbose_name_plural = _("députés")
        ordering = [French("last_name"), French("first_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_office_on__isnull=True) | Q(left_office_on__gte=F("took_office_on")),
                name="parliament_member_term_ends_after_start",
                violation_error_message=_("La fin du mandat ne peut pas précéder son début."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        """Their page for readers: roles over time and what they said in our articles."""
        return reverse("member", kwargs={"slug": self.slug})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def party_label(self) -> str:
        return self.party.short_name if self.party else str(_("Indépendant"))

    def clean(self) -> None:
        super().clean()
        if not self.slug and (self.first_name or self.last_name):
            self.slug = slugify(self.full_name)
        if self.took_office_on and self.left_office_on and self.left_office_on < self.took_office_on:
            raise ValidationError({"left_office_on": _("La fin du mandat ne peut pas précéder son début.")})

    def in_office_on(self, day: datetime.date) -> bool:
        return self.took_office_on <= day and (self.left_office_on is None or day <= self.left_office_on)


class MemberRoleKind(models.TextChoices):
    PREMIER = "premier", _("Premier ministre / première ministre")
    MINISTER = "minister", _("Ministre")
    DELEGATE_MINISTER = "delegate_minister", _("Ministre délégué(e)")
    PARLIAMENTARY_ASSISTANT = "parliamentary_assistant", _("Adjoint(e) parlementaire")
    HOUSE_LEADER = "house_leader", _("Leader parlementaire")
    WHIP = "whip", _("Whip")
    SPEAKER = "speaker", _("Président(e) de l'Assemblée")
    VICE_SPEAKER = "vice_speaker", _("Vice-président(e) de l'Assemblée")
    OPPOSITION_LEADER = "opposition_leader", _("Chef de l'opposition officielle")
    PARTY_LEADER = "party_leader", _("Chef de parti")
    OTHER = "other", _("Autre fonction")


# The roles that head a ministry: its minister, and the premier for the Conseil exécutif.
HEAD_KINDS = (MemberRoleKind.PREMIER, MemberRoleKind.MINISTER)


class MemberRoleQuerySet(models.QuerySet["MemberRole"]):
    def current(self, *, on: datetime.date) -> MemberRoleQuerySet:
        """Roles held on `on` (both ends included)."""
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))

    def heads_of(self, ministry: Ministry) -> MemberRoleQuerySet:
        return self.filter(ministry=ministry, kind__in=HEAD_KINDS)


class MemberRole(models.Model):
    """A role a Member holds from `started_on` to `ended_on` (both included, empty while held), never ending first.

    `title` is the title as the government prints it (« ministre de la Cybersécurité
    et du Numérique », « ministre responsable de la région de l'Estrie »); the
    ministry, when the role has one, is what filters and the minister of a
    ministry go by.
    """

    member = ParentalKey(Member, verbose_name=_("député"), on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("fonction"), max_length=32, choices=MemberRoleKind.choices)
    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("ministère"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
    )
    title = models.CharField(
        _("titre"),
        max_length=255,
        blank=True,
        help_text=_("Tel qu'imprimé, p. ex. « ministre des Finances »."),
    )
    started_on = models.DateField(_("depuis le"))
    ended_on = models.DateField(
        _("jusqu'au"), null=True, blank=True, help_text=_("Dernier jour, inclus. Vide s'il l'exerce.")
    )

    objects = MemberRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("fonction")
        verbose_name_plural = _("fonctions")
        ordering = ["-started_on", "kind"]
        indexes = [models.Index(fields=["ministry", "kind", "started_on"], name="parliament_role_ministry")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="parliament_role_ends_after_start",
                violation_error_message=_("La fin d'une fonction ne peut pas précéder son début."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        if self.ministry_id:
            return f"{self.get_kind_display()} — {self.ministry}"
        return str(self.get_kind_display())

    def clean(self) -> None:
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("La fin d'une fonction ne peut pas précéder son début.")})
