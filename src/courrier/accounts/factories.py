"""Test factories for accounts (importable by every app's tests)."""

from __future__ import annotations

import factory

from courrier.accounts.models import User

DEFAULT_PASSWORD = "mot-de-passe-de-test"  # noqa: S105 - test fixture


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"lecteur{n}@exemple.qc.ca")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Tremblay{n}")
    password = factory.django.Password(DEFAULT_PASSWORD)

    class Params:
        staff = factory.Trait(
            is_staff=True,
            is_superuser=True,
            email=factory.Sequence(lambda n: f"redaction{n}@courrierparlementaire.com"),
        )
