"""Demo subscribers for the embedded default: one organisation per case a newcomer should see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from courrier.accounts.models import User
from courrier.licensing import actions
from courrier.licensing.models import LicenceKind, Membership, MembershipRole, Organization, TrialRequest


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    job_title: str
    role: MembershipRole = MembershipRole.READER


MCN_PEOPLE = [
    DemoPerson("responsable@mcn.gouv.qc.ca", "Sophie", "Lavoie", "Directrice des communications", MembershipRole.ADMIN),
    DemoPerson("lecteur@mcn.gouv.qc.ca", "Camille", "Tremblay", "Conseillère en affaires parlementaires"),
    DemoPerson("jean.bouchard@mcn.gouv.qc.ca", "Jean", "Bouchard", "Analyste en politiques publiques"),
    DemoPerson("nadia.cote@mcn.gouv.qc.ca", "Nadia", "Côté", "Attachée politique"),
    DemoPerson("marc.gagnon@mcn.gouv.qc.ca", "Marc", "Gagnon", "Conseiller en sécurité de l'information"),
]
FCCQ_PEOPLE = [
    DemoPerson("essai@fccq.ca", "Isabelle", "Morin", "Vice-présidente, affaires publiques", MembershipRole.ADMIN)
]
EXEMPLE_PEOPLE = [
    DemoPerson("gestion@exemple.com", "Louis", "Pelletier", "Directeur général", MembershipRole.ADMIN),
    DemoPerson("ancien@exemple.com", "Chantal", "Roy", "Analyste"),
]
MCN_NAME = "Ministère de la Cybersécurité et du Numérique"
MCN_IP_RANGE = "198.51.100.0/24"


def load_demo_subscribers(*, password: str, staff: User | None = None) -> list[Organization]:
    """Creates the demo organisations once; existing ones are left alone."""
    if Organization.objects.filter(name=MCN_NAME).exists():
        return list(Organization.objects.all())
    today = timezone.localdate()
    with transaction.atomic():
        mcn = actions.create_organization(
            name="Ministère de la Cybersécurité et du Numérique", domains=["mcn.gouv.qc.ca"]
        )
        actions.grant_licence(
            organization=mcn,
            starts_on=datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1),
            ends_on=datetime.date(today.year + 1, 8, 31),
            seats=50,
            by=staff,
            note="Renouvellement annuel",
        )
        actions.add_ip_range(organization=mcn, cidr=MCN_IP_RANGE, label="Édifice Marie-Guyart")
        fccq = actions.create_organization(name="Fédération des chambres de commerce du Québec", domains=["fccq.ca"])
        actions.grant_licence(
            organization=fccq,
            kind=LicenceKind.TRIAL,
            starts_on=today - datetime.timedelta(days=4),
            ends_on=today + datetime.timedelta(days=3),
            by=staff,
            note="Essai gratuit",
        )
        exemple = actions.create_organization(name="Exemple inc.", domains=["exemple.com"])
        actions.grant_licence(
            organization=exemple,
            starts_on=today - datetime.timedelta(days=395),
            ends_on=today - datetime.timedelta(days=30),
            seats=10,
            by=staff,
        )
        for organization, people in ((mcn, MCN_PEOPLE), (fccq, FCCQ_PEOPLE), (exemple, EXEMPLE_PEOPLE)):
            for person in people:
                _seat(organization, person, password)
        TrialRequest.objects.create(
            organization_name="Syndicat de la fonction publique et parapublique du Québec",
            contact_name="Geneviève Fortin",
            email="g.fortin@sfpq.qc.ca",
            telephone="418 555-0172",
            message="Nous suivons de près les travaux de la commission des finances publiques.",
        )
    return [mcn, fccq, exemple]


def _seat(organization: Organization, person: DemoPerson, password: str) -> None:
    user = User.objects.filter(email=person.email).first() or User.objects.create_user(
        email=person.email,
        password=password,
        first_name=person.first_name,
        last_name=person.last_name,
        job_title=person.job_title,
    )
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if organization.current_licence() is None:
        # Joined back when the licence was valid (join_organization would rightly refuse today).
        joined = timezone.now() - datetime.timedelta(days=300)
        membership = Membership.objects.create(
            user=user, organization=organization, joined_at=joined, approved_at=joined
        )
    else:
        membership = actions.join_organization(user=user, organization=organization)
    if person.role == MembershipRole.ADMIN:
        membership.role = MembershipRole.ADMIN
        membership.save(update_fields=["role"])
