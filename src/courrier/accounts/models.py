"""Readers' and staff accounts: one person, one email address, which is the login."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager["User"]):
    use_in_migrations = True

    def _create_user_object(self, username: Any, email: str | None, password: str | None, **extra: Any) -> User:
        email = self.normalize_email(email or username or "").lower()
        user = self.model(email=email, **extra)
        user.password = ""
        user.set_password(password)
        return user

    def _create_user(self, username: Any, email: str | None, password: str | None, **extra: Any) -> User:
        user = self._create_user_object(username, email, password, **extra)
        user.save(using=self._db)
        return user

    def create_user(self, email: str | None = None, password: str | None = None, **extra: Any) -> User:  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra)

    def create_superuser(self, email: str | None = None, password: str | None = None, **extra: Any) -> User:  # type: ignore[override]
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self._create_user(None, email, password, **extra)
        # Created by the operator on the server: the address is vouched for, and login requires a verified one.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who logs in with their email address (stored lower-case, unique)."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse courriel"), unique=True)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    language = models.CharField(_("langue"), max_length=10, choices=settings.LANGUAGES, default="fr-ca")

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
