"""Organisations, the licences they hold, and the people who read under them.

Validity is always derived from dates in the publisher's time zone
(`timezone.localdate()` is America/Montreal): a licence ends on its own,
no job and no flag involved. What changes on a licence is appended to
`LicenceChange`, never overwritten.
"""

from __future__ import annotations

import datetime
import ipaddress
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courrier.core.collation import French
from courrier.licensing import app_settings


def normalize_domain(value: str) -> str:
    return value.strip().strip(".").lower()


def email_domain(address: str) -> str:
    return normalize_domain(address.rpartition("@")[2])


def domain_and_parents(domain: str) -> list[str]:
    """`dgtic.mcn.gouv.qc.ca` → itself, `mcn.gouv.qc.ca`, `gouv.qc.ca`, `qc.ca` (never a bare top-level label)."""
    labels = normalize_domain(domain).split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


# Letters NFKD leaves whole although readers take them for two plain ones.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
NAME_KEY_LENGTH = 400


def organization_name_key(name: str) -> str:
    """What two organisation names share when they differ only by case, accents, spacing, punctuation or
    hyphens: their letters and digits, case-folded and unaccented (« Ministère de la Cyber-sécurité »
    and « ministere de la cybersecurite » have the same key)."""
    folded = unicodedata.normalize("NFKD", name.casefold()).translate(_LIGATURES)
    return "".join(character for character in folded if character.isalnum())[:NAME_KEY_LENGTH]


def is_webmail(domain: str) -> bool:
    domain = normalize_domain(domain)
    return any(domain == webmail or domain.endswith("." + webmail) for webmail in app_settings.WEBMAIL_DOMAINS)


def validate_organization_domain(value: str) -> None:
    domain = normalize_domain(value)
    labels = domain.split(".")
    if len(labels) < 2 or not all(label and len(label) <= 63 for label in labels) or "@" in domain:
        raise ValidationError(_("« %(domain)s » n'est pas un nom de domaine valide."), params={"domain": value})
    if is_webmail(domain):
        raise ValidationError(
            _("« %(domain)s » est un domaine de courriel public : il ne peut pas appartenir à une organisation."),
            params={"domain": value},
        )


def validate_cidr(value: str) -> None:
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError as error:
        raise ValidationError(
            _("« %(value)s » n'est pas une plage d'adresses IP valide."), params={"value": value}
        ) from error


@dataclass(frozen=True)
class Resemblance:
    """Why a request under some name, from some email domain, could be taken for an existing organisation."""

    organization: Organization
    same_name: bool  # equal up to case, accents, spacing and punctuation
    domain: str  # the requester's email domain, when it is one of the organisation's domains or under one
    held_domain: str  # that organisation's domain ("" when only the name resembles)

    @property
    def subdomain(self) -> bool:
        return bool(self.held_domain) and self.domain != self.held_domain


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def with_valid_licence(self, day: datetime.date | None = None) -> OrganizationQuerySet:
        return self.filter(Exists(Licence.objects.valid_on(day).filter(organization=OuterRef("pk"))))

    def resembling(self, *, name: str = "", domain: str = "") -> OrganizationQuerySet:
        """Organisations a request under `name` from an address at `domain` could be taken for: the same
        name up to case, accents, spacing and punctuation, or an email domain equal to `domain` or a
        parent of it (whether or not that domain admits subdomains for registration)."""
        return self._resembling_any([organization_name_key(name)], domain_and_parents(domain) if domain else [])

    def resemblances(self, requests: Sequence[tuple[str, str]]) -> list[list[Resemblance]]:
        """For each (name, email domain), the organisations it resembles and why: one query for a listing."""
        keys = [organization_name_key(name) for name, _domain in requests]
        parents = [domain_and_parents(domain) if domain else [] for _name, domain in requests]
        found = list(self._resembling_any(keys, [d for chain in parents for d in chain]).prefetch_related("domains"))
        answers = []
        for key, (_name, domain), chain in zip(keys, requests, parents, strict=True):
            answer = []
            for organization in found:
                own = {record.domain for record in organization.domains.all()}
                held = next((parent for parent in chain if parent in own), "")  # the most specific first
                same_name = bool(key) and organization.name_key == key
                if same_name or held:
                    answer.append(Resemblance(organization, same_name, normalize_domain(domain) if held else "", held))
            answers.append(answer)
        return answers

    def _resembling_any(self, keys: Sequence[str], domains: Sequence[str]) -> OrganizationQuerySet:
        condition = Q()
        if any(keys):
            condition |= Q(name_key__in=[key for key in keys if key])
        if domains:
            condition |= Q(Exists(EmailDomain.objects.filter(organization=OuterRef("pk"), domain__in=domains)))
        return self.filter(condition) if condition else self.none()


class Organization(models.Model):
    """A subscriber: its staff read under its licences."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    # The name as `organization_name_key` reduces it, kept by `save`: lookalike names are found by index.
    name_key = models.CharField(max_length=NAME_KEY_LENGTH, editable=False, db_index=True, default="")
    requires_approval = models.BooleanField(
        _("approbation des nouveaux membres"),
        default=False,
        help_text=_("Les nouvelles inscriptions attendent l'approbation d'un administrateur de l'organisation."),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [French("name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = organization_name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def current_licence(self, day: datetime.date | None = None) -> Licence | None:
        """The licence valid on that day that lasts longest, if any."""
        return self.licences.valid_on(day).order_by("-ends_on").first()

    def latest_licence(self) -> Licence | None:
        return self.licences.order_by("-ends_on").first()


class EmailDomainQuerySet(models.QuerySet["EmailDomain"]):
    def matching(self, address: str) -> EmailDomainQuerySet:
        """Domains an address belongs to: its own, or a parent that admits subdomains."""
        domain = email_domain(address)
        labels = domain.split(".")
        parents = [".".join(labels[i:]) for i in range(1, len(labels) - 1)]
        return self.filter(Q(domain=domain) | Q(domain__in=parents, include_subdomains=True))


class EmailDomain(models.Model):
    """A domain whose addresses belong to one organisation.

    Matching is exact; a parent domain matches its subdomains only when it
    says so (`gouv.qc.ca` is shared by every ministry and must never do so).
    """

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="domains")
    domain = models.CharField(_("domaine"), max_length=253, unique=True, validators=[validate_organization_domain])
    include_subdomains = models.BooleanField(_("inclut les sous-domaines"), default=False)

    objects = EmailDomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("domaine de courriel")
        verbose_name_plural = _("domaines de courriel")
        ordering = ["domain"]
        constraints = [models.UniqueConstraint(Lower("domain"), name="email_domain_ci_unique")]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.domain = normalize_domain(self.domain)
        super().save(*args, **kwargs)


class IpRange(models.Model):
    """Addresses (IPv4 or IPv6, CIDR) from which anonymous visitors read under the organisation's licence."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="ip_ranges")
    cidr = models.CharField(_("plage (CIDR)"), max_length=64, validators=[validate_cidr])
    label = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("plage d'adresses IP")
        verbose_name_plural = _("plages d'adresses IP")
        constraints = [models.UniqueConstraint(fields=["organization", "cidr"], name="ip_range_unique")]

    def __str__(self) -> str:
        return self.cidr

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.cidr = str(ipaddress.ip_network(self.cidr.strip(), strict=False))
        super().save(*args, **kwargs)

    @property
    def network(self) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
        return ipaddress.ip_network(self.cidr, strict=False)


class LicenceKind(models.TextChoices):
    PAID = "paid", _("payante")
    TRIAL = "trial", _("essai")
    COMPLIMENTARY = "complimentary", _("gracieuse")


class LicenceQuerySet(models.QuerySet["Licence"]):
    def valid_on(self, day: datetime.date | None = None) -> LicenceQuerySet:
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def ended_before(self, day: datetime.date | None = None) -> LicenceQuerySet:
        return self.filter(ends_on__lt=day or timezone.localdate())

    def ending_within(self, days: int, day: datetime.date | None = None) -> LicenceQuerySet:
        """Licences valid on `day` that end within `days`, and that no later licence of their organisation
        follows (a renewal already entered): those the publisher should be renewing now."""
        day = day or timezone.localdate()
        later = Licence.objects.filter(organization=OuterRef("organization"), ends_on__gt=OuterRef("ends_on"))
        return (
            self.valid_on(day)
            .filter(ends_on__lte=day + datetime.timedelta(days=days))
            .exclude(Exists(later))
            .order_by("ends_on")
        )

    def covering(self, publication_id: int) -> LicenceQuerySet:
        """Licences that name this publication, or name none (and so cover them all)."""
        chosen = Licence.publications.through.objects.filter(licence=OuterRef("pk"))
        return self.filter(~Exists(chosen) | Exists(chosen.filter(publication=publication_id)))


class Licence(models.Model):
    """A right to read from `starts_on` to `ends_on` inclusive, Montréal dates; `seats` empty = unlimited."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="licences")
    kind = models.CharField(_("type"), max_length=16, choices=LicenceKind.choices, default=LicenceKind.PAID)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    seats = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Vide : illimité."))
    publications = models.ManyToManyField(
        "editions.Publication",
        blank=True,
        related_name="licences",
        verbose_name=_("publications"),
        help_text=_("Aucune de cochée : la licence couvre toutes les publications."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = LicenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["-ends_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="licence_dates")]
        indexes = [models.Index(fields=["organization", "ends_on", "starts_on"], name="licence_validity")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_kind_display()} ({self.starts_on} → {self.ends_on})"

    def is_valid_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.starts_on <= day <= self.ends_on

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on()

    @property
    def is_unlimited(self) -> bool:
        return self.seats is None


class LicenceChangeKind(models.TextChoices):
    GRANTED = "granted", _("accordée")
    EXTENDED = "extended", _("prolongée")
    SUSPENDED = "suspended", _("suspendue")
    CONVERTED = "converted", _("convertie en licence payante")
    SEATS = "seats", _("places modifiées")


class LicenceChange(models.Model):
    """One line of a licence's history. Append-only: rows are never updated nor deleted."""

    licence = models.ForeignKey(Licence, models.CASCADE, related_name="changes")
    kind = models.CharField(_("changement"), max_length=16, choices=LicenceChangeKind.choices)
    changed_at = models.DateTimeField(_("le"), default=timezone.now, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("par")
    )
    licence_kind = models.CharField(_("type"), max_length=16, choices=LicenceKind.choices)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    seats = models.PositiveIntegerField(_("places"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("changement de licence")
        verbose_name_plural = _("historique des licences")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.changed_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("LicenceChange rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("LicenceChange rows are append-only.")


class MembershipRole(models.TextChoices):
    READER = "reader", _("lecteur")
    ADMIN = "admin", _("administrateur")


class MembershipStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("adresse non vérifiée")
    PENDING = "pending", _("en attente d'approbation")
    ACTIVE = "active", _("actif")
    REMOVED = "removed", _("retiré")


CURRENT_STATUSES = (MembershipStatus.UNVERIFIED, MembershipStatus.PENDING, MembershipStatus.ACTIVE)
SEAT_STATUSES = (MembershipStatus.PENDING, MembershipStatus.ACTIVE)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        """A person's place now, seat or not: a registration awaiting its address's verification counts."""
        return self.filter(status__in=CURRENT_STATUSES)

    def roster(self, organization_id: int, *, role: str = "", status: str = "", search: str = "") -> MembershipQuerySet:
        """An organisation's current members as its administrators list them: requests awaiting approval
        first, then by name; narrowed to a role, a status, and names or addresses holding every word."""
        members = self.current().filter(organization=organization_id)
        if role:
            members = members.filter(role=role)
        if status:
            members = members.filter(status=status)
        for word in search.split():
            name = Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
            members = members.filter(name | Q(user__email__icontains=word))
        awaiting_first = Case(
            When(status=MembershipStatus.PENDING, then=Value(0)),
            When(status=MembershipStatus.ACTIVE, then=Value(1)),
            default=Value(2),
            output_field=models.IntegerField(),
        )
        return members.select_related("user").order_by(
            awaiting_first, "user__last_name", "user__first_name", "user__email"
        )

    def holding_seats(self) -> MembershipQuerySet:
        """Pending requests hold a seat too, so approving one can never overfill a licence.
        An unverified registration holds none: anyone can type an address they do not own."""
        return self.filter(status__in=SEAT_STATUSES)

    def last_stint(self, user_id: int, organization_id: int) -> Membership | None:
        return self.filter(user=user_id, organization=organization_id).order_by("-joined_at", "-pk").first()

    def last_removal(self, user_id: int) -> Membership | None:
        """The person's latest stint, if an administrator or staff ended it (for the profile to explain)."""
        latest = self.filter(user=user_id).select_related("organization").order_by("-joined_at", "-pk").first()
        return latest if latest is not None and latest.ended_by_others else None

    def active(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.ACTIVE)

    def administrator_contacts(self, organization_id: int) -> list[tuple[str, str]]:
        """(name, address) of the organisation's administrators, longest-serving first: whom its members
        ask to renew, to be let back in, and whom the platform tells of what concerns the organisation."""
        administrators = self.administrators().filter(organization=organization_id).select_related("user")
        return [(person.user.get_full_name(), person.user.email) for person in administrators.order_by("joined_at")]

    def pending(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.PENDING)

    def administrators(self) -> MembershipQuerySet:
        return self.active().filter(role=MembershipRole.ADMIN)

    def access_of(self, user_id: int, email: str, day: datetime.date) -> MemberAccess | None:
        """The person's current membership, with what decides their access on `day`, in one statement.

        Raw SQL because this runs on every page a subscriber opens: the ORM spent longer compiling the
        equivalent query (annotations, subqueries) than the database did answering it.
        """
        membership, organization, licence = Membership._meta.db_table, Organization._meta.db_table, "licensing_licence"
        sql = (
            f"SELECT m.*, o.name AS organization_name,"  # noqa: S608 - table names are ours; values are parameters
            f" (SELECT MAX(l.ends_on) FROM {licence} l WHERE l.organization_id = m.organization_id"
            f"  AND l.starts_on <= %s AND l.ends_on >= %s) AS valid_until,"
            f" (SELECT MIN(CASE WHEN l.kind = %s THEN 1 ELSE 0 END) FROM {licence} l"
            f"  WHERE l.organization_id = m.organization_id AND l.starts_on <= %s AND l.ends_on >= %s) AS trial_only,"
            f" EXISTS (SELECT 1 FROM account_emailaddress e WHERE e.user_id = m.user_id"
            f"  AND e.email = %s AND e.verified = %s) AS verified"
            f" FROM {membership} m JOIN {organization} o ON o.id = m.organization_id"
            f" WHERE m.user_id = %s AND m.status IN (%s, %s, %s)"
        )
        params = [day, day, LicenceKind.TRIAL, day, day, email, True, user_id, *CURRENT_STATUSES]
        found: Any = next(iter(Membership.objects.raw(sql, params)), None)
        if found is None:
            return None
        until = found.valid_until
        return MemberAccess(
            membership=found,
            organization_name=found.organization_name,
            valid_until=datetime.date.fromisoformat(until) if isinstance(until, str) else until,
            trial=bool(found.trial_only),
            # A registration counts as verified only once it has taken its seat, whatever ticked the address.
            verified=bool(found.verified) and found.status != MembershipStatus.UNVERIFIED,
        )

    def mark_seen(self, day: datetime.date | None = None) -> int:
        """Record a visit: at most one write per member and day."""
        day = day or timezone.localdate()
        return self.exclude(last_seen_on=day).update(last_seen_on=day)


@dataclass(frozen=True)
class MemberAccess:
    membership: Membership
    organization_name: str
    valid_until: datetime.date | None  # latest end of a licence valid that day
    trial: bool  # every licence valid that day is a free trial
    verified: bool  # the person's address is


class Membership(models.Model):
    """One stint of a person in an organisation, dated from `joined_at` to `removed_at`.

    One current (unverified, pending or active) membership per person. A stint that ends is kept,
    with who ended it: coming back is a new stint, so the history is never overwritten, and a
    removal by an administrator or staff sticks until one of them invites the person again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.READER)
    status = models.CharField(
        _("statut"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    joined_at = models.DateTimeField(_("inscrit le"), default=timezone.now)
    approved_at = models.DateTimeField(_("approuvé le"), null=True, blank=True)
    removed_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("retiré par")
    )
    last_seen_on = models.DateField(_("dernière visite"), null=True, blank=True)

    objects: ClassVar[MembershipQuerySet] = MembershipQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["organization", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["unverified", "pending", "active"]),
                name="one_current_membership_per_user",
            )
        ]
        indexes = [models.Index(fields=["organization", "status"], name="membership_org_status")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization}"

    @property
    def is_admin(self) -> bool:
        return self.role == MembershipRole.ADMIN and self.status == MembershipStatus.ACTIVE

    @property
    def ended_by_others(self) -> bool:
        """Removed by an administrator or staff rather than by leaving: only they can let the person back in."""
        return self.status == MembershipStatus.REMOVED and self.removed_by_id != self.user_id


class NoticeKind(models.TextChoices):
    SEATS_FULL = "seats_full", _("inscription refusée faute de place")


class AdministratorNotice(models.Model):
    """One notice to an organisation's administrators per kind and Montréal day, claimed by inserting this row.

    The unique constraint makes the claim hold across every web process and worker: however many
    sign-ups are refused, the administrators hear of it once a day; later ones are counted here.
    """

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=32, choices=NoticeKind.choices)
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    occurrences = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("avis aux administrateurs")
        verbose_name_plural = _("avis aux administrateurs")
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "day"], name="one_notice_per_kind_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_kind_display()} ({self.day})"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def latest_for(self, email: str) -> Invitation | None:
        """The newest usable invitation to `email`: the one a person with an account accepts on their profile."""
        return self.usable().filter(email__iexact=email).select_related("organization").order_by("-created_at").first()


class Invitation(models.Model):
    """An invitation, sent by an organisation's administrator or by staff, to register under its licence."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse courriel"))
    role = models.CharField(_("rôle"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.READER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class TrialRequestStatus(models.TextChoices):
    PENDING = "pending", _("à traiter")
    APPROVED = "approved", _("approuvée")
    ATTACHED = "attached", _("rattachée à une organisation existante")
    DECLINED = "declined", _("refusée")


class TrialRequest(models.Model):
    """A request for a free trial, from the public form, until staff approve or decline it."""

    organization_name = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("nom de la personne-ressource"), max_length=200)
    email = models.EmailField(_("courriel professionnel"))
    telephone = models.CharField(_("téléphone"), max_length=40)
    message = models.TextField(_("message"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now, editable=False)
    status = models.CharField(
        _("statut"), max_length=16, choices=TrialRequestStatus.choices, default=TrialRequestStatus.PENDING
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    organization = models.ForeignKey(
        Organization, models.SET_NULL, null=True, blank=True, related_name="trial_requests"
    )
    licence = models.ForeignKey(Licence, models.SET_NULL, null=True, blank=True, related_name="+")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande d'essai")
        verbose_name_plural = _("demandes d'essai")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organization_name} ({self.email})"

    @property
    def domain(self) -> str:
        return email_domain(self.email)
