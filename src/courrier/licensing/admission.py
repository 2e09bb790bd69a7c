"""May this email address register, and under which organisation? One answer for every entry point
(signup form, invitation, email change), so that the rules and their wording live in one place."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from courrier.core.dates import display_date
from courrier.licensing.models import EmailDomain, Licence, Membership, Organization, email_domain, is_webmail


class Verdict(models.TextChoices):
    ADMITTED = "admitted", _("admis")
    WEBMAIL = "webmail", _("adresse de courriel publique")
    UNKNOWN_DOMAIN = "unknown_domain", _("organisation non abonnée")
    LICENCE_ENDED = "licence_ended", _("licence terminée")
    SEATS_FULL = "seats_full", _("toutes les places sont prises")


@dataclass(frozen=True)
class Admission:
    verdict: Verdict
    organization: Organization | None = None
    licence: Licence | None = None
    ended_on: datetime.date | None = None

    @property
    def admitted(self) -> bool:
        return self.verdict == Verdict.ADMITTED


def organization_for_email(address: str) -> Organization | None:
    """The organisation an address belongs to by its domain (exact, or a parent admitting subdomains)."""
    if is_webmail(email_domain(address)):
        return None
    # The longest matching domain wins: a ministry's own domain over a parent that admits subdomains.
    candidates = sorted(
        EmailDomain.objects.matching(address).select_related("organization"), key=lambda d: -len(d.domain)
    )
    match = candidates[0] if candidates else None
    return match.organization if match else None


def admission_for(address: str, *, organization: Organization | None = None) -> Admission:
    """Whether `address` may join now; `organization` is given for invitations, found from the domain otherwise."""
    if is_webmail(email_domain(address)):
        return Admission(Verdict.WEBMAIL)
    organization = organization or organization_for_email(address)
    if organization is None:
        return Admission(Verdict.UNKNOWN_DOMAIN)
    licence = organization.current_licence()
    if licence is None:
        last = organization.licences.ended_before().order_by("-ends_on").first()
        return Admission(Verdict.LICENCE_ENDED, organization, ended_on=last.ends_on if last else None)
    if not has_free_seat(organization, licence):
        return Admission(Verdict.SEATS_FULL, organization, licence)
    return Admission(Verdict.ADMITTED, organization, licence)


def has_free_seat(organization: Organization, licence: Licence | None = None) -> bool:
    licence = licence or organization.current_licence()
    if licence is None:
        return False
    if licence.seats is None:
        return True
    return seats_used(organization) < licence.seats


def seats_used(organization: Organization) -> int:
    return Membership.objects.holding_seats().filter(organization=organization).count()


def refusal_message(admission: Admission) -> str:
    """Why an address may not register, in words its owner can act on."""
    if admission.verdict == Verdict.WEBMAIL:
        return str(
            _(
                "Utilisez l'adresse courriel attribuée par votre organisation : les adresses personnelles "
                "(Gmail, Outlook, Hotmail, Yahoo, Vidéotron…) ne permettent pas de s'inscrire."
            )
        )
    if admission.verdict == Verdict.UNKNOWN_DOMAIN:
        return format_html(
            '{} <a href="{}">{}</a> {}',
            _("Votre organisation n'est pas abonnée au Courrier parlementaire."),
            reverse("trial_request"),
            _("Demandez un essai gratuit"),
            _("pour elle : nous n'avons pas d'abonnés individuels."),
        )
    if admission.verdict == Verdict.LICENCE_ENDED:
        if admission.ended_on:
            return str(
                _("La licence de votre organisation a pris fin le %(date)s. Communiquez avec nous pour la renouveler.")
                % {"date": display_date(admission.ended_on)}
            )
        return str(_("Votre organisation n'a pas de licence en vigueur. Communiquez avec nous."))
    return str(
        _(
            "Toutes les places de la licence de votre organisation sont prises. "
            "Ses administrateurs en ont été avisés et peuvent libérer une place."
        )
    )
