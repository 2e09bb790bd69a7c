"""Test factories for accounts (importable by every app's tests)."""

from __future__ import annotations

import factory

from courrier.accounts.models import User

DEFAULT_PASSWORD = "mot-de-passe-de-test"  # noqa: S105 - test fixture


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"lecteur{n}@exemple.qc.ca")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Tremblay{n}")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def email_verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Every account that can log in has a verified address (`email_verified=False`: one that has not)."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            # get_or_create: a subclass (ReaderFactory) may already have recorded the address as it wants it.
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    class Params:
        staff = factory.Trait(
            is_staff=True,
            is_superuser=True,
            email=factory.Sequence(lambda n: f"redaction{n}@courrierparlementaire.com"),
        )
