"""Who may read what, now: the one module every surface asks.

For now only staff read article bodies; the licensing issue adds
organisations, licences, IP ranges and signed reading links here, and every
caller (pages, search, feeds, editions) follows without change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

REQUEST_ATTRIBUTE = "_courrier_entitlement"
PUBLIC_COOKIES = frozenset({settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME})


class Grounds(models.TextChoices):
    """Why a request may or may not read."""

    STAFF = "staff", _("membre de l'équipe éditoriale")
    ANONYMOUS = "anonymous", _("visiteur non connecté")
    NO_LICENCE = "no_licence", _("aucune licence")


@dataclass(frozen=True)
class Entitlement:
    """The answer for one request: may it read bodies, and on what grounds."""

    grounds: Grounds

    @property
    def reads_everything(self) -> bool:
        return self.grounds == Grounds.STAFF

    def may_read(self, article: Any) -> bool:
        return self.reads_everything


def sees_only_public_content(request: HttpRequest) -> bool:
    """True when nothing about this request could grant more than teasers.

    Decided from cookies alone, before any session is loaded, so that shared
    copies of public pages can be served cheaply. Any cookie we do not know
    (a session, flash messages) means the visitor may see something personal.
    """
    return set(request.COOKIES) <= PUBLIC_COOKIES


def entitlement(request: HttpRequest) -> Entitlement:
    """The entitlement of this request, computed once and kept on it."""
    cached = getattr(request, REQUEST_ATTRIBUTE, None)
    if cached is None:
        cached = _decide(request)
        setattr(request, REQUEST_ATTRIBUTE, cached)
    return cached


def _decide(request: HttpRequest) -> Entitlement:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Entitlement(Grounds.ANONYMOUS)
    if user.is_active and user.is_staff:
        return Entitlement(Grounds.STAFF)
    return Entitlement(Grounds.NO_LICENCE)
