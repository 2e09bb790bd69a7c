"""The one place allauth is customised: who joins which organisation on signup, and where people land."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from courrier.accounts.models import User
from courrier.core.mail import with_html_part
from courrier.licensing.actions import SeatOutcome, join_organization, take_seat
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

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """Verifying the address is what lets a registration take its seat (an unverified one holds none)."""
        confirmed = bool(super().confirm_email(request, email_address))
        if confirmed:
            outcome = take_seat(user=email_address.user)
            if outcome == SeatOutcome.NO_SEAT:
                messages.error(
                    request,
                    _(
                        "Votre adresse est confirmée, mais toutes les places de la licence de votre organisation "
                        "sont maintenant prises. Ses administrateurs en ont été avisés ; vous pourrez la rejoindre "
                        "depuis votre profil dès qu'une place se libère."
                    ),
                )
            elif outcome == SeatOutcome.AWAITING_APPROVAL:
                messages.info(
                    request,
                    _(
                        "Votre adresse est confirmée ; un administrateur de votre organisation doit "
                        "maintenant approuver votre inscription."
                    ),
                )
        return confirmed

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """Until the address is verified nothing is readable: say so rather than show closed articles."""
        user = request.user
        if user.is_authenticated and not EmailAddress.objects.filter(user=user, verified=True).exists():
            return reverse("account_email_verification_sent")
        return super().get_signup_redirect_url(request)

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # After a sign-up, "confirmation sent to <address>" appears only when the address was new (allauth
        # sends it from one path and not the other): the page that follows says the same for everyone.
        if message_template == "account/messages/email_confirmation_sent.txt" and (message_context or {}).get("signup"):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """allauth's message, with an HTML part in the frame of every email we send."""
        return with_html_part(super().render_mail(template_prefix, email, context, headers))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {"publisher": settings.PUBLISHER, "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        Membership.objects.holding_seats().filter(user=user).mark_seen()

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_ip(request)
        return str(address) if address else "0.0.0.0"  # noqa: S104 - a rate-limit bucket, not a bind address
