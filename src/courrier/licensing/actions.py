"""State changes of licensing: organisations, licences (with their ledger), memberships,
invitations and trial requests. Atomic; emails leave on commit."""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courrier.accounts.models import User
from courrier.core.mail import send_templated_mail
from courrier.core.wording import of_name
from courrier.licensing import app_settings
from courrier.licensing.admission import (
    Verdict,
    admission_for,
    has_free_seat,
    organization_for_email,
    refusal_message,
)
from courrier.licensing.entitlements import forget_ip_ranges
from courrier.licensing.models import (
    AdministratorNotice,
    EmailDomain,
    Invitation,
    IpRange,
    Licence,
    LicenceChange,
    LicenceChangeKind,
    LicenceKind,
    Membership,
    MembershipRole,
    MembershipStatus,
    NoticeKind,
    Organization,
    Resemblance,
    TrialRequest,
    TrialRequestStatus,
    normalize_domain,
    validate_cidr,
)

INVITATION_SALT = "courrier.licensing.invitation"


class LicensingError(Exception):
    """A change refused for a reason the user can read (the message is French, translatable)."""


class SeatsFull(LicensingError):
    pass


# Organisations -------------------------------------------------------------------------------


@transaction.atomic
def create_organization(
    *, name: str, domains: Sequence[str] = (), include_subdomains: bool = False, requires_approval: bool = False
) -> Organization:
    organization = Organization.objects.create(name=name.strip(), requires_approval=requires_approval)
    for domain in domains:
        add_email_domain(organization=organization, domain=domain, include_subdomains=include_subdomains)
    return organization


def add_email_domain(*, organization: Organization, domain: str, include_subdomains: bool = False) -> EmailDomain:
    """Raises ValidationError (French) for webmail, malformed or already-taken domains."""
    domain = normalize_domain(domain)
    record = EmailDomain(organization=organization, domain=domain, include_subdomains=include_subdomains)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def remove_email_domain(*, domain: EmailDomain) -> None:
    """New registrations stop matching the domain; people already registered keep their seat."""
    domain.delete()


def add_ip_range(*, organization: Organization, cidr: str, label: str = "") -> IpRange:
    """Raises ValidationError (French) for malformed or duplicate ranges."""
    validate_cidr(cidr)
    cidr = str(ipaddress.ip_network(cidr.strip(), strict=False))
    record = IpRange(organization=organization, cidr=cidr, label=label)
    record.full_clean()
    record.save()
    transaction.on_commit(forget_ip_ranges)
    return record


@transaction.atomic
def remove_ip_range(*, ip_range: IpRange) -> None:
    ip_range.delete()
    transaction.on_commit(forget_ip_ranges)


# Licences -------------------------------------------------------------------------------------


def _record(licence: Licence, kind: LicenceChangeKind, by: User | None, note: str) -> None:
    LicenceChange.objects.create(
        licence=licence,
        kind=kind,
        changed_by=by,
        licence_kind=licence.kind,
        starts_on=licence.starts_on,
        ends_on=licence.ends_on,
        seats=licence.seats,
        note=note,
    )
    transaction.on_commit(forget_ip_ranges)


@transaction.atomic
def grant_licence(
    *,
    organization: Organization,
    starts_on: datetime.date,
    ends_on: datetime.date,
    kind: LicenceKind = LicenceKind.PAID,
    seats: int | None = None,
    by: User | None = None,
    note: str = "",
) -> Licence:
    if ends_on < starts_on:
        raise LicensingError(_("La fin d'une licence ne peut précéder son début."))
    licence = Licence.objects.create(
        organization=organization, kind=kind, starts_on=starts_on, ends_on=ends_on, seats=seats
    )
    _record(licence, LicenceChangeKind.GRANTED, by, note)
    return licence


@transaction.atomic
def extend_licence(*, licence: Licence, ends_on: datetime.date, by: User | None = None, note: str = "") -> Licence:
    if ends_on < licence.starts_on:
        raise LicensingError(_("La fin d'une licence ne peut précéder son début."))
    licence.ends_on = ends_on
    licence.save(update_fields=["ends_on"])
    _record(licence, LicenceChangeKind.EXTENDED, by, note)
    return licence


@transaction.atomic
def suspend_licence(*, licence: Licence, by: User | None = None, note: str = "") -> Licence:
    """End the licence yesterday, Montréal time: reading stops at once. Extending it restores access."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    licence.ends_on = min(licence.ends_on, yesterday)
    licence.starts_on = min(licence.starts_on, licence.ends_on)
    licence.save(update_fields=["starts_on", "ends_on"])
    _record(licence, LicenceChangeKind.SUSPENDED, by, note)
    return licence


@transaction.atomic
def convert_trial(
    *, licence: Licence, ends_on: datetime.date, seats: int | None = None, by: User | None = None, note: str = ""
) -> Licence:
    if licence.kind != LicenceKind.TRIAL:
        raise LicensingError(_("Seule une licence d'essai peut être convertie."))
    licence.kind = LicenceKind.PAID
    licence.ends_on = max(ends_on, licence.starts_on)
    licence.seats = seats
    licence.save(update_fields=["kind", "ends_on", "seats"])
    _record(licence, LicenceChangeKind.CONVERTED, by, note)
    return licence


@transaction.atomic
def change_seats(*, licence: Licence, seats: int | None, by: User | None = None, note: str = "") -> Licence:
    licence.seats = seats
    licence.save(update_fields=["seats"])
    _record(licence, LicenceChangeKind.SEATS, by, note)
    return licence


# Memberships ----------------------------------------------------------------------------------


def _administrator_addresses(organization: Organization) -> list[str]:
    return [address for _name, address in Membership.objects.administrator_contacts(organization.pk)]


def _lock(organization: Organization) -> Organization:
    """Serialise seat counting per organisation (a row lock on PostgreSQL; SQLite writes are serial)."""
    return Organization.objects.select_for_update().get(pk=organization.pk)


class SeatOutcome(models.TextChoices):
    """What verifying an address did to the registration waiting for it."""

    TAKEN = "taken", gettext_lazy("place prise")
    AWAITING_APPROVAL = "awaiting_approval", gettext_lazy("en attente d'approbation")
    NO_SEAT = "no_seat", gettext_lazy("aucune place libre")
    NOTHING_WAITING = "nothing_waiting", gettext_lazy("aucune inscription en attente")


def _address_verified(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def removed_by_others(user: User, organization: Organization) -> bool:
    """Whether an administrator or staff ended the person's latest stint in `organization`: such a removal sticks."""
    last = Membership.objects.last_stint(user.pk, organization.pk)
    return last is not None and last.ended_by_others


def removal_message(organization: Organization) -> str:
    return _(
        "Vous avez été retiré %(of_organization)s par un administrateur de l'organisation : "
        "seul lui peut vous inviter de nouveau."
    ) % {"of_organization": of_name(organization.name)}


@transaction.atomic
def join_organization(
    *,
    user: User,
    organization: Organization,
    role: MembershipRole = MembershipRole.READER,
    invitation: Invitation | None = None,
) -> Membership:
    """Give `user` a place in `organization`.

    An address nobody has verified yet (and no invitation vouches for) gets a registration that holds
    no seat: it takes one when the address is verified (`take_seat`), or expires. A verified person
    is active at once, or pending where the organisation approves its members (an invitation counts
    as approval). Someone an administrator or staff removed comes back only with an invitation.
    Refuses when no seat is free."""
    organization = _lock(organization)
    current = Membership.objects.current().filter(user=user).first()
    if current is not None:
        if current.organization_id == organization.pk:
            return current
        raise LicensingError(_("Cette personne est déjà membre d'une autre organisation."))
    if invitation is not None and (
        invitation.organization_id != organization.pk or invitation.email.lower() != user.email.lower()
    ):
        raise LicensingError(_("Cette invitation a été envoyée à une autre adresse."))
    if invitation is None and removed_by_others(user, organization):
        raise LicensingError(removal_message(organization))
    if not has_free_seat(organization):
        raise SeatsFull(_("Toutes les places de la licence de votre organisation sont prises."))
    now = timezone.now()
    if invitation is None and not _address_verified(user):
        status = MembershipStatus.UNVERIFIED
    elif organization.requires_approval and invitation is None:
        status = MembershipStatus.PENDING
    else:
        status = MembershipStatus.ACTIVE
    membership = Membership.objects.create(
        user=user,
        organization=organization,
        role=invitation.role if invitation is not None else role,
        status=status,
        joined_at=now,
        approved_at=now if status == MembershipStatus.ACTIVE else None,
    )
    if invitation is not None:
        accepted = Invitation.objects.usable().filter(pk=invitation.pk).update(accepted_at=now)
        if not accepted:
            raise LicensingError(_("Cette invitation a expiré ou a déjà servi. Demandez-en une nouvelle."))
    if status == MembershipStatus.PENDING:
        _announce_pending(membership)
    return membership


def _announce_pending(membership: Membership) -> None:
    """Administrators hear of a request to approve only once its address is verified: typing addresses is free."""
    organization, user = membership.organization, membership.user
    transaction.on_commit(
        partial(
            send_templated_mail,
            template="licensing/email/membership_pending",
            to=_administrator_addresses(organization),
            context={"organization": organization.name, "member": str(user), "email": user.email},
        )
    )


@transaction.atomic
def take_seat(*, user: User) -> SeatOutcome:
    """The person's address is verified: their waiting registration takes its seat (pending where the
    organisation approves its members). If the last seat went meanwhile, the registration is withdrawn
    (it never held a seat), the administrators are told (once a day) and the person may rejoin from
    their profile when a seat is free."""
    waiting = Membership.objects.filter(user=user, status=MembershipStatus.UNVERIFIED).first()
    if waiting is None or not _address_verified(user):
        return SeatOutcome.NOTHING_WAITING
    organization = _lock(waiting.organization)
    waiting = Membership.objects.select_for_update().select_related("user", "organization").get(pk=waiting.pk)
    if waiting.status != MembershipStatus.UNVERIFIED:
        return SeatOutcome.NOTHING_WAITING
    if not has_free_seat(organization):
        waiting.delete()
        notify_seats_full(organization=organization, address=user.email)
        return SeatOutcome.NO_SEAT
    now = timezone.now()
    if organization.requires_approval:
        waiting.status = MembershipStatus.PENDING
    else:
        waiting.status, waiting.approved_at = MembershipStatus.ACTIVE, now
    waiting.save(update_fields=["status", "approved_at"])
    if waiting.status == MembershipStatus.PENDING:
        _announce_pending(waiting)
        return SeatOutcome.AWAITING_APPROVAL
    return SeatOutcome.TAKEN


@transaction.atomic
def rejoin_organization(*, user: User) -> Membership:
    """Mon profil → Rejoindre: with an invitation to the person's address, into its organisation; without
    one, into the organisation of the address's domain, unless an administrator or staff removed them."""
    invitation = Invitation.objects.latest_for(user.email)
    if invitation is not None:
        return join_organization(user=user, organization=invitation.organization, invitation=invitation)
    admission = admission_for(user.email)
    if admission.organization is not None and removed_by_others(user, admission.organization):
        raise LicensingError(removal_message(admission.organization))
    if not admission.admitted or admission.organization is None:
        raise LicensingError(refusal_message(admission))
    return join_organization(user=user, organization=admission.organization)


def notify_seats_full(*, organization: Organization, address: str) -> bool:
    """Tell the organisation's administrators that someone could not register for lack of seats: at most
    once a Montréal day per organisation, claimed in the database so that every process agrees.
    Later refusals of the day are only counted. True when this call sent the notice."""
    day = timezone.localdate()
    with transaction.atomic():
        try:
            with transaction.atomic():
                AdministratorNotice.objects.create(organization=organization, kind=NoticeKind.SEATS_FULL, day=day)
        except IntegrityError:
            AdministratorNotice.objects.filter(organization=organization, kind=NoticeKind.SEATS_FULL, day=day).update(
                occurrences=F("occurrences") + 1
            )
            return False
        transaction.on_commit(
            partial(
                send_templated_mail,
                template="licensing/email/seats_full",
                to=_administrator_addresses(organization),
                context={"organization": organization.name, "email": address},
            )
        )
    return True


def expire_unverified_registrations(*, now: datetime.datetime | None = None) -> int:
    """Delete, with their data, the accounts whose registration waited longer than
    `unverified_registration_days()` for its address to be verified. Idempotent; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=app_settings.unverified_registration_days())
    verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
    other_stints = Membership.objects.filter(user=OuterRef("user")).exclude(status=MembershipStatus.UNVERIFIED)
    expired = Membership.objects.filter(status=MembershipStatus.UNVERIFIED, joined_at__lt=cutoff).filter(
        ~Exists(verified), ~Exists(other_stints), user__is_staff=False
    )
    with transaction.atomic():
        # The delete evaluates the filter itself: no list drawn earlier can go stale (an address verified since).
        _total, deleted = User.objects.filter(pk__in=expired.values("user_id")).delete()
    return deleted.get(User._meta.label, 0)


def _membership_in(organization: Organization, membership_id: int) -> Membership:
    """A membership of `organization` only: administrators can never reach another organisation's."""
    return Membership.objects.current().select_related("user").get(pk=membership_id, organization=organization)


@transaction.atomic
def approve_membership(*, organization: Organization, membership_id: int, by: User | None = None) -> Membership:
    membership = _membership_in(organization, membership_id)
    if membership.status != MembershipStatus.PENDING:
        return membership
    membership.status = MembershipStatus.ACTIVE
    membership.approved_at = timezone.now()
    membership.save(update_fields=["status", "approved_at"])
    transaction.on_commit(
        partial(
            send_templated_mail,
            template="licensing/email/membership_approved",
            to=[membership.user.email],
            context={"organization": organization.name, "member": str(membership.user)},
        )
    )
    return membership


@transaction.atomic
def remove_membership(*, organization: Organization, membership_id: int, by: User | None = None) -> Membership:
    """Free the seat: the person stops reading and receiving at once (every check reads the status).
    The stint is kept, ended by `by`: unless `by` is the person leaving, only an invitation brings
    them back (`join_organization`). An organisation never loses its last administrator this way."""
    organization = _lock(organization)
    membership = _membership_in(organization, membership_id)
    if membership.is_admin and not is_replaceable_administrator(membership):
        raise LicensingError(
            _(
                "Vous êtes le seul administrateur de l'organisation : nommez d'abord un autre administrateur, "
                "puis vous pourrez vous retirer."
            )
        )
    membership.status = MembershipStatus.REMOVED
    membership.removed_at = timezone.now()
    membership.removed_by = by
    membership.save(update_fields=["status", "removed_at", "removed_by"])
    return membership


def is_replaceable_administrator(membership: Membership) -> bool:
    """Another active administrator of the same organisation remains."""
    others = Membership.objects.administrators().filter(organization=membership.organization_id)
    return others.exclude(pk=membership.pk).exists()


@transaction.atomic
def promote_membership(*, organization: Organization, membership_id: int, by: User | None = None) -> Membership:
    membership = _membership_in(organization, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise LicensingError(_("Seul un membre actif peut devenir administrateur."))
    membership.role = MembershipRole.ADMIN
    membership.save(update_fields=["role"])
    return membership


# Invitations ----------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The usable invitation a token designates (expired, accepted, revoked or forged: None)."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int):
        return None
    return (
        Invitation.objects.usable()
        .select_related("organization")
        .filter(pk=payload["i"], email=payload.get("e"))
        .first()
    )


def invitation_url(invitation: Invitation) -> str:
    return f"{settings.SITE_URL}{reverse('account_signup')}?invitation={invitation_token(invitation)}"


@transaction.atomic
def invite_colleague(*, organization: Organization, email: str, by: User | None = None) -> Invitation:
    email = email.strip().lower()
    verdict = admission_for(email, organization=organization).verdict
    if verdict == Verdict.WEBMAIL:
        raise LicensingError(
            _("Utilisez l'adresse courriel attribuée par l'organisation, pas une adresse personnelle.")
        )
    if organization_for_email(email) != organization:
        # A seat is for the organisation's own staff: its domains say who they are.
        domains = ", ".join(organization.domains.values_list("domain", flat=True))
        raise LicensingError(_("Invitez une adresse de l'organisation (%(domains)s).") % {"domains": domains or "—"})
    if verdict == Verdict.LICENCE_ENDED:
        raise LicensingError(_("La licence de l'organisation a pris fin : impossible d'inviter."))
    if verdict == Verdict.SEATS_FULL:
        raise SeatsFull(_("Toutes les places de la licence sont prises."))
    account = User.objects.filter(email__iexact=email).first()
    if account is not None and Membership.objects.current().filter(user=account).exists():
        raise LicensingError(_("Cette personne est déjà membre de l'organisation."))
    # Inviting again re-sends the same invitation with a fresh delay rather than piling them up.
    Invitation.objects.usable().filter(organization=organization, email=email).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        invited_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=app_settings.invitation_days()),
    )
    transaction.on_commit(partial(_send_invitation, invitation, by, has_account=account is not None))
    return invitation


def _usable_invitation_in(organization: Organization, invitation_id: int) -> Invitation:
    """A usable invitation of `organization` (another organisation's, or a spent one: DoesNotExist)."""
    return Invitation.objects.usable().get(pk=invitation_id, organization=organization)


def resend_invitation(*, organization: Organization, invitation_id: int, by: User | None = None) -> Invitation:
    """Send a pending invitation again, with a fresh delay: a new link, the old one revoked."""
    invitation = _usable_invitation_in(organization, invitation_id)
    return invite_colleague(organization=organization, email=invitation.email, by=by)


@transaction.atomic
def cancel_invitation(*, organization: Organization, invitation_id: int) -> Invitation:
    """The link stops working at once; a person already registered through it stays a member."""
    invitation = _usable_invitation_in(organization, invitation_id)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def _send_invitation(invitation: Invitation, by: User | None, *, has_account: bool = False) -> None:
    # Someone who has an account (a removed reader invited back) accepts on their profile.
    url = f"{settings.SITE_URL}{reverse('profile')}" if has_account else invitation_url(invitation)
    send_templated_mail(
        template="licensing/email/invitation",
        to=[invitation.email],
        context={
            "organization": invitation.organization.name,
            "inviter": str(by) if by else "",
            "url": url,
            "has_account": has_account,
            "expires_at": invitation.expires_at,
        },
    )


# Trial requests -------------------------------------------------------------------------------


@transaction.atomic
def request_trial(
    *, organization_name: str, contact_name: str, email: str, telephone: str, message: str = ""
) -> TrialRequest:
    trial = TrialRequest.objects.create(
        organization_name=organization_name.strip(),
        contact_name=contact_name.strip(),
        email=email.strip().lower(),
        telephone=telephone.strip(),
        message=message.strip(),
    )
    (resemblances,) = Organization.objects.resemblances([(trial.organization_name, trial.domain)])
    transaction.on_commit(
        partial(
            send_templated_mail,
            template="licensing/email/trial_requested",
            to=app_settings.staff_notification_emails(),
            context={"trial": trial, "resembles": [r.organization.name for r in resemblances]},
        )
    )
    transaction.on_commit(partial(_acknowledge_trial_request, trial))
    return trial


def _acknowledge_trial_request(trial: TrialRequest) -> None:
    """Tell the requester we have their request; someone whose organisation already subscribes can simply
    register (only the address's owner reads it: the page after the form says nothing of the kind)."""
    admitted = admission_for(trial.email).verdict == Verdict.ADMITTED
    send_templated_mail(
        template="licensing/email/trial_acknowledged",
        to=[trial.email],
        context={
            "trial": trial,
            "may_register": admitted,
            "signup_url": f"{settings.SITE_URL}{reverse('account_signup')}",
        },
    )


def _pending_trial(trial: TrialRequest) -> TrialRequest:
    trial = TrialRequest.objects.select_for_update().get(pk=trial.pk)
    if trial.status != TrialRequestStatus.PENDING:
        raise LicensingError(_("Cette demande a déjà été traitée."))
    return trial


def _conflict_refusal(resemblance: Resemblance, name: str) -> str:
    existing = resemblance.organization.name
    if resemblance.subdomain:
        return _(
            "Le domaine « %(domain)s » de la personne-ressource est un sous-domaine de « %(held)s », qui appartient "
            "déjà à l'organisation « %(organization)s » : une nouvelle organisation ne peut pas le recevoir. "
            "Rattachez la demande à l'organisation existante, ou refusez-la."
        ) % {"domain": resemblance.domain, "held": resemblance.held_domain, "organization": existing}
    if resemblance.held_domain:
        return _(
            "Le domaine « %(domain)s » de la personne-ressource appartient déjà à l'organisation "
            "« %(organization)s » : une nouvelle organisation ne peut pas le recevoir. "
            "Rattachez la demande à l'organisation existante, ou refusez-la."
        ) % {"domain": resemblance.domain, "organization": existing}
    return _(
        "« %(name)s » ressemble à l'organisation existante « %(organization)s » : donnez un autre nom à la "
        "nouvelle organisation, ou rattachez la demande à l'organisation existante."
    ) % {"name": name, "organization": existing}


def _trial_invitation(
    trial: TrialRequest, organization: Organization, role: MembershipRole, by: User | None
) -> Invitation:
    return Invitation.objects.create(
        organization=organization,
        email=trial.email,
        role=role,
        invited_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=app_settings.invitation_days()),
    )


@transaction.atomic
def approve_trial(
    *, trial: TrialRequest, by: User | None = None, days: int | None = None, organization_name: str = ""
) -> TrialRequest:
    """Create a NEW organisation (named `organization_name`, else as requested) with the contact's email
    domain and a trial licence, and invite the contact as its administrator.

    Never touches an existing organisation: a name or domain resembling one is refused (staff may choose
    another name, or `attach_trial`), so nobody takes over a subscriber by asking for a trial in its name.
    """
    trial = _pending_trial(trial)
    name = " ".join((organization_name or trial.organization_name).split())
    if not name:
        raise LicensingError(_("Indiquez le nom de la nouvelle organisation."))
    (resemblances,) = Organization.objects.resemblances([(name, trial.domain)])
    if resemblances:
        # A domain conflict first: another name would not solve it.
        raise LicensingError(_conflict_refusal(max(resemblances, key=lambda r: bool(r.held_domain)), name))
    organization = create_organization(name=name, domains=[trial.domain])
    today = timezone.localdate()
    licence = grant_licence(
        organization=organization,
        kind=LicenceKind.TRIAL,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=(days or app_settings.trial_days()) - 1),
        by=by,
        note=f"Essai gratuit demandé par {trial.contact_name}",
    )
    trial.status = TrialRequestStatus.APPROVED
    trial.decided_at = timezone.now()
    trial.decided_by = by
    trial.organization = organization
    trial.licence = licence
    trial.save()
    invitation = _trial_invitation(trial, organization, MembershipRole.ADMIN, by)
    transaction.on_commit(
        partial(
            send_templated_mail,
            template="licensing/email/trial_approved",
            to=[trial.email],
            context={"trial": trial, "licence": licence, "url": invitation_url(invitation)},
        )
    )
    return trial


@dataclass(frozen=True)
class AttachedTrial:
    trial: TrialRequest
    invitation: Invitation | None  # a reader's, when the contact could have joined unaided anyway


def _joins_unaided(email: str, organization: Organization) -> bool:
    """The address would get an active seat at `organization` by registering, without anyone's approval."""
    admission = admission_for(email)
    return (
        admission.admitted
        and admission.organization == organization
        and not organization.requires_approval
        and not User.objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def attach_trial(*, trial: TrialRequest, organization: Organization, by: User | None = None) -> AttachedTrial:
    """Staff's explicit answer to a request resembling an existing organisation: the request is handled
    as that organisation's, and NOTHING there changes on the requester's word (no domain, no
    administrator, no licence, no seat). The contact is invited as a plain reader only when their
    address already belongs to the organisation by its own domains (they could register unaided);
    otherwise they are told to ask the organisation's administrators, who are told of the request."""
    trial = _pending_trial(trial)
    organization = _lock(organization)
    (resemblances,) = Organization.objects.resemblances([(trial.organization_name, trial.domain)])
    if organization.pk not in {resemblance.organization.pk for resemblance in resemblances}:
        raise LicensingError(
            _("La demande ne ressemble pas à l'organisation « %(organization)s » : impossible de l'y rattacher.")
            % {"organization": organization.name}
        )
    trial.status = TrialRequestStatus.ATTACHED
    trial.decided_at = timezone.now()
    trial.decided_by = by
    trial.organization = organization
    trial.licence = None
    trial.save(update_fields=["status", "decided_at", "decided_by", "organization", "licence"])
    invitation = (
        _trial_invitation(trial, organization, MembershipRole.READER, by)
        if _joins_unaided(trial.email, organization)
        else None
    )
    context = {
        "trial": trial,
        "organization": organization.name,
        "invitation_url": invitation_url(invitation) if invitation else "",
        "expires_at": invitation.expires_at if invitation else None,
    }
    transaction.on_commit(
        partial(send_templated_mail, template="licensing/email/trial_attached", to=[trial.email], context=context)
    )
    transaction.on_commit(
        partial(
            send_templated_mail,
            template="licensing/email/trial_attached_administrators",
            to=_administrator_addresses(organization),
            context={**context, "organization_url": f"{settings.SITE_URL}{reverse('organization')}"},
        )
    )
    return AttachedTrial(trial=trial, invitation=invitation)


@transaction.atomic
def decline_trial(*, trial: TrialRequest, by: User | None = None) -> TrialRequest:
    trial = _pending_trial(trial)
    trial.status = TrialRequestStatus.DECLINED
    trial.decided_at = timezone.now()
    trial.decided_by = by
    trial.save(update_fields=["status", "decided_at", "decided_by"])
    transaction.on_commit(
        partial(
            send_templated_mail, template="licensing/email/trial_declined", to=[trial.email], context={"trial": trial}
        )
    )
    return trial


def remind_ending_trials(*, day: datetime.date | None = None) -> int:
    """Remind each approved trial's contact once, `trial_reminder_days()` before its end. Idempotent."""
    day = day or timezone.localdate()
    ending_on = day + datetime.timedelta(days=app_settings.trial_reminder_days())
    due = TrialRequest.objects.filter(
        status=TrialRequestStatus.APPROVED,
        reminder_sent_at__isnull=True,
        licence__kind=LicenceKind.TRIAL,
        licence__ends_on__gte=day,
        licence__ends_on__lte=ending_on,
    ).select_related("licence")
    sent = 0
    for trial in due:
        with transaction.atomic():
            claimed = TrialRequest.objects.filter(pk=trial.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if claimed:
                transaction.on_commit(
                    partial(
                        send_templated_mail,
                        template="licensing/email/trial_reminder",
                        to=[trial.email],
                        context={"trial": trial, "licence": trial.licence},
                    )
                )
                sent += 1
    return sent
