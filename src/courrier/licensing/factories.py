"""Test factories for licensing (importable by every app's tests).

`ReaderFactory` makes the common case in one line: a verified person with an
active seat in an organisation whose paid licence is valid today.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from courrier.accounts.factories import UserFactory
from courrier.accounts.models import User
from courrier.licensing.models import (
    EmailDomain,
    IpRange,
    Licence,
    LicenceKind,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    TrialRequest,
)


def _today() -> datetime.date:
    return timezone.localdate()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ministère numéro {n}")


class EmailDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailDomain

    organization = factory.SubFactory(OrganizationFactory)
    domain = factory.Sequence(lambda n: f"ministere{n}.gouv.qc.ca")


class IpRangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IpRange

    organization = factory.SubFactory(OrganizationFactory)
    cidr = "198.51.100.0/24"


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    organization = factory.SubFactory(OrganizationFactory)
    kind = LicenceKind.PAID
    starts_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=335))
    seats = 50

    class Params:
        expired = factory.Trait(
            starts_on=factory.LazyFunction(lambda: _today() - datetime.timedelta(days=395)),
            ends_on=factory.LazyFunction(lambda: _today() - datetime.timedelta(days=30)),
        )
        future = factory.Trait(
            starts_on=factory.LazyFunction(lambda: _today() + datetime.timedelta(days=10)),
            ends_on=factory.LazyFunction(lambda: _today() + datetime.timedelta(days=375)),
        )
        trial = factory.Trait(
            kind=LicenceKind.TRIAL,
            seats=None,
            starts_on=factory.LazyFunction(lambda: _today() - datetime.timedelta(days=4)),
            ends_on=factory.LazyFunction(lambda: _today() + datetime.timedelta(days=2)),
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.READER
    status = MembershipStatus.ACTIVE

    class Params:
        admin = factory.Trait(role=MembershipRole.ADMIN)
        pending = factory.Trait(status=MembershipStatus.PENDING)
        removed = factory.Trait(status=MembershipStatus.REMOVED)


def verify_email(user: User, verified: bool = True) -> EmailAddress:
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": verified, "primary": True}
    )
    return address


def make_subscriber(
    *, name: str = "Ministère de la Cybersécurité et du Numérique", domain: str = "mcn.gouv.qc.ca", **licence: Any
) -> Organization:
    """An organisation with its email domain and a licence (valid today unless traits say otherwise)."""
    organization: Organization = OrganizationFactory.create(name=name)
    EmailDomain.objects.get_or_create(domain=domain, defaults={"organization": organization})
    LicenceFactory(organization=organization, **licence)
    return organization


class ReaderFactory(UserFactory):
    """A reader with a seat: `ReaderFactory(organization=o, status=..., role=..., verified=False)`
    (unverified: a registration waiting for its address's verification, without a seat).

    Without an organisation, the reader joins the MCN (created with a valid licence if need be).
    """

    email = factory.Sequence(lambda n: f"lecteur{n}@mcn.gouv.qc.ca")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> User:
        organization = kwargs.pop("organization", None) or make_subscriber()
        role = kwargs.pop("role", MembershipRole.READER)
        verified = kwargs.pop("verified", True)
        # A registration nobody verified holds no seat (it takes one when the address is verified).
        status = kwargs.pop("status", MembershipStatus.ACTIVE if verified else MembershipStatus.UNVERIFIED)
        user = super()._create(model_class, *args, **kwargs)
        MembershipFactory(user=user, organization=organization, role=role, status=status)
        verify_email(user, verified=verified)
        return user


class TrialRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialRequest

    organization_name = factory.Sequence(lambda n: f"Fédération numéro {n}")
    contact_name = "Julie Gagnon"
    email = factory.Sequence(lambda n: f"julie.gagnon@federation{n}.ca")
    telephone = "418 555-0134"
    message = "Nous aimerions essayer le Courrier parlementaire."
