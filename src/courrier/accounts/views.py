"""Account pages that are ours (signup with invitations, the profile); allauth serves the rest."""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courrier.accounts.forms import ProfileForm
from courrier.accounts.models import User
from courrier.core.wording import of_name
from courrier.licensing.actions import LicensingError, invitation_from_token, rejoin_organization
from courrier.licensing.admission import admission_for, refusal_message
from courrier.licensing.entitlements import entitlement
from courrier.licensing.models import Invitation, Membership, MembershipStatus


class ConfirmEmailView(AllauthConfirmEmailView):
    """allauth's, telling someone who opens their confirmation link a second time that the address is confirmed
    (allauth reads a used link as an invalid one)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        if context.get("confirmation") is None:
            context["already_confirmed"] = _confirmed_address(self.kwargs.get("key", ""))
        return context


def _confirmed_address(key: str) -> str:
    """The address a confirmation link names, if that address is confirmed already; else ""."""
    max_age = 60 * 60 * 24 * allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS
    try:
        pk = signing.loads(key, max_age=max_age, salt=allauth_settings.SALT)
    except signing.BadSignature:  # also an expired one
        return ""
    found = EmailAddress.objects.filter(pk=pk, verified=True).values_list("email", flat=True).first()
    return found or ""


confirm_email = ConfirmEmailView.as_view()


class SignupView(AllauthSignupView):
    """Demande d'inscription. An invitation link pre-fills the address and vouches for it."""

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        token = self.request.GET.get("invitation", "")
        invitation = invitation_from_token(token) if token else None
        if invitation is not None:
            initial.update(email=invitation.email, invitation=token)
            # The invitation reached this address: no need to verify it again.
            get_adapter(self.request).stash_verified_email(self.request, invitation.email)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        token = self.request.GET.get("invitation") or self.request.POST.get("invitation", "")
        context["invitation"] = invitation_from_token(token) if token else None
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except LicensingError:
            # A seat went to someone else between validation and saving.
            form.add_error("email", refusal_message(admission_for(form.cleaned_data["email"])))
            return self.form_invalid(form)


signup = SignupView.as_view()


@never_cache
@login_required
@require_POST
def rejoin(request: HttpRequest) -> HttpResponse:
    """Come back with an invitation, or after leaving of one's own accord; a removal by an administrator sticks."""
    user = request.user
    assert isinstance(user, User)  # login_required
    try:
        membership = rejoin_organization(user=user)
    except LicensingError as error:
        messages.error(request, str(error))
    else:
        if membership.status == MembershipStatus.ACTIVE:
            message = _("Vous êtes de nouveau membre %(of_organization)s.")
        else:
            message = _("Votre demande est transmise aux administrateurs %(of_organization)s.")
        messages.success(request, message % {"of_organization": of_name(membership.organization.name)})
    return redirect("profile")


@never_cache
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Mon profil: name, job title, language; links to email, password and two-factor settings."""
    user = request.user
    assert isinstance(user, User)  # login_required
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil est enregistré."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax", max_age=365 * 24 * 3600)
        return response
    membership = Membership.objects.current().filter(user=user).select_related("organization").first()
    organization = membership.organization if membership else None
    outside = membership is None and not user.is_staff
    invitation = Invitation.objects.latest_for(user.email) if outside else None
    removal = Membership.objects.last_removal(user.pk) if outside and invitation is None else None
    context = {
        "rejoin": admission_for(user.email) if outside and invitation is None and removal is None else None,
        "invitation": invitation,
        "removal": removal,
        "removal_contacts": Membership.objects.administrator_contacts(removal.organization_id) if removal else [],
        "form": form,
        "membership": membership,
        "organization": organization,
        "licence": organization.current_licence() if organization else None,
        "last_licence": organization.latest_licence() if organization else None,
        "access": entitlement(request),
    }
    return render(request, "accounts/profile.html", context)
