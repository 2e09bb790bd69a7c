"""The one place allauth is customised: who joins which organisation on signup, and where people land."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from courrier.accounts.models import User
from courrier.licensing.actions import join_organization
from courrier.licensing.entitlements import client_ip
from courrier.licensing.models import Membership


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> User:
        """Create the account and its membership together, or neither (a seat may have gone meanwhile)."""
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            form.signup(request, user)
            user.save()
            admission = form.admission
            join_organization(user=user, organization=admission.organization, invitation=form.invitation_record)
        return user

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """Until the address is verified nothing is readable: say so rather than show closed articles."""
        user = request.user
        if user.is_authenticated and not EmailAddress.objects.filter(user=user, verified=True).exists():
            return reverse("account_email_verification_sent")
        return super().get_signup_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {"publisher": settings.PUBLISHER, "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        Membership.objects.holding_seats().filter(user=user).mark_seen()

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_ip(request)
        return str(address) if address else "0.0.0.0"  # noqa: S104 - a rate-limit bucket, not a bind address
