"""Mon organisation: an organisation's administrators see its licence and seats, and manage its members.

The organisation is always the one the requesting user administers (their own active
administrator membership), never one named by the URL or the form: every membership id
received is looked up inside that organisation only, so another organisation's are 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from courrier.accounts.models import User
from courrier.core.dates import display_date
from courrier.core.wording import of_name
from courrier.licensing import app_settings
from courrier.licensing.actions import (
    LicensingError,
    approve_membership,
    cancel_invitation,
    invite_colleague,
    is_replaceable_administrator,
    promote_membership,
    remove_membership,
    resend_invitation,
)
from courrier.licensing.admission import seats_used
from courrier.licensing.forms import InvitationForm, MemberFilterForm
from courrier.licensing.models import Invitation, Membership, MembershipStatus, Organization

AdminView = Callable[..., HttpResponse]
MEMBERS_PER_PAGE = 50


def administered_membership(user: User) -> Membership | None:
    """The user's own active administrator membership, the only way to an organisation here."""
    return Membership.objects.administrators().filter(user=user).select_related("organization", "user").first()


def organization_admin_required(view: AdminView) -> Callable[..., HttpResponse]:
    """Log in first; then only an active administrator gets through, with their membership."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        administrator = administered_membership(user) if isinstance(user, User) else None
        if administrator is None:
            return render(request, "licensing/organization_forbidden.html", status=403)
        return view(request, administrator, *args, **kwargs)

    return never_cache(login_required(wrapper))


def _current_member(organization: Organization, membership_id: int) -> Membership:
    """A current (unverified, pending or active) membership of `organization`; anything else is 404."""
    try:
        return Membership.objects.current().select_related("user").get(pk=membership_id, organization=organization)
    except Membership.DoesNotExist as error:
        raise Http404 from error


def _is_last_administrator(membership: Membership) -> bool:
    return membership.is_admin and not is_replaceable_administrator(membership)


def _last_administrator_message() -> str:
    return _(
        "Vous êtes le seul administrateur de l'organisation : nommez d'abord un autre administrateur, "
        "puis vous pourrez vous retirer."
    )


def _overview_context(request: HttpRequest, administrator: Membership, invite_form: InvitationForm) -> dict[str, Any]:
    organization = administrator.organization
    licence = organization.current_licence()
    filters = MemberFilterForm(request.GET)
    members = Membership.objects.roster(organization.pk, **filters.roster_arguments())
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "organization": organization,
        "administrator": administrator,
        "licence": licence,
        "ended_licence": None if licence else organization.licences.ended_before().order_by("-ends_on").first(),
        "upcoming_licence": None
        if licence
        else organization.licences.filter(starts_on__gt=timezone.localdate()).order_by("starts_on").first(),
        "seats_used": seats_used(organization),
        "filters": filters,
        "members": page,
        "invitations": organization.invitations.usable().select_related("invited_by").order_by("expires_at"),
        "invite_form": invite_form,
        "unverified_days": app_settings.unverified_registration_days(),
    }


@organization_admin_required
def overview(request: HttpRequest, administrator: Membership) -> HttpResponse:
    return render(request, "licensing/organization.html", _overview_context(request, administrator, InvitationForm()))


@organization_admin_required
@require_POST
def invite(request: HttpRequest, administrator: Membership) -> HttpResponse:
    form = InvitationForm(request.POST)
    status = 200
    if form.is_valid():
        if not ratelimit.consume(request, action="invite"):
            form.add_error(None, _("Trop d'invitations envoyées depuis une heure. Réessayez plus tard."))
            status = 429
        else:
            try:
                invitation = invite_colleague(
                    organization=administrator.organization, email=form.cleaned_data["email"], by=administrator.user
                )
            except LicensingError as error:
                form.add_error("email", _refusal(error))
            else:
                messages.success(request, _invitation_sent(invitation))
                return redirect("organization")
    return render(
        request, "licensing/organization.html", _overview_context(request, administrator, form), status=status
    )


@organization_admin_required
@require_POST
def resend(request: HttpRequest, administrator: Membership, invitation_id: int) -> HttpResponse:
    if not ratelimit.consume(request, action="invite"):
        messages.error(request, _("Trop d'invitations envoyées depuis une heure. Réessayez plus tard."))
        return redirect("organization")
    try:
        invitation = resend_invitation(
            organization=administrator.organization, invitation_id=invitation_id, by=administrator.user
        )
    except Invitation.DoesNotExist as error:
        raise Http404 from error
    except LicensingError as error:  # the licence ended or filled up since
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _invitation_sent(invitation))
    return redirect("organization")


@organization_admin_required
@require_POST
def cancel(request: HttpRequest, administrator: Membership, invitation_id: int) -> HttpResponse:
    try:
        invitation = cancel_invitation(organization=administrator.organization, invitation_id=invitation_id)
    except Invitation.DoesNotExist as error:
        raise Http404 from error
    messages.success(
        request, _("L'invitation de %(email)s est annulée : son lien ne fonctionne plus.") % {"email": invitation.email}
    )
    return redirect("organization")


@organization_admin_required
@require_POST
def approve(request: HttpRequest, administrator: Membership, membership_id: int) -> HttpResponse:
    try:
        member = approve_membership(
            organization=administrator.organization, membership_id=membership_id, by=administrator.user
        )
    except Membership.DoesNotExist as error:
        raise Http404 from error
    messages.success(
        request, _("%(name)s peut maintenant lire le Courrier parlementaire.") % {"name": _person(member.user)}
    )
    return redirect("organization")


@organization_admin_required
@require_POST
def promote(request: HttpRequest, administrator: Membership, membership_id: int) -> HttpResponse:
    try:
        member = promote_membership(
            organization=administrator.organization, membership_id=membership_id, by=administrator.user
        )
    except Membership.DoesNotExist as error:
        raise Http404 from error
    except LicensingError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request, _("%(name)s administre maintenant l'organisation avec vous.") % {"name": _person(member.user)}
        )
    return redirect("organization")


@organization_admin_required
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, administrator: Membership, membership_id: int) -> HttpResponse:
    """GET asks for confirmation; POST removes (or refuses a pending request) and frees the seat."""
    member = _current_member(administrator.organization, membership_id)
    last_administrator = _is_last_administrator(member)
    if request.method == "GET":
        context = {
            "organization": administrator.organization,
            "member": member,
            "is_self": member.pk == administrator.pk,
            "last_administrator": last_administrator,
            "last_administrator_message": _last_administrator_message(),
        }
        return render(request, "licensing/organization_remove.html", context)
    try:
        remove_membership(organization=administrator.organization, membership_id=member.pk, by=administrator.user)
    except Membership.DoesNotExist as error:  # removed by someone else meanwhile
        raise Http404 from error
    except LicensingError as error:  # the last administrator
        messages.error(request, str(error))
        return redirect("organization")
    if member.pk == administrator.pk:
        messages.success(
            request,
            _("Vous n'êtes plus membre %(of_organization)s.")
            % {"of_organization": of_name(administrator.organization.name)},
        )
        return redirect("profile")
    if member.status == MembershipStatus.UNVERIFIED:
        message = _("L'inscription %(of_name)s, dont l'adresse n'était pas vérifiée, est retirée.")
    elif member.status == MembershipStatus.PENDING:
        message = _("La demande %(of_name)s est refusée ; sa place est libérée.")
    else:
        message = _("%(name)s n'a plus accès au Courrier parlementaire ; sa place est libérée.")
    person = _person(member.user)
    messages.success(request, message % {"name": person, "of_name": of_name(person)})
    return redirect("organization")


def _invitation_sent(invitation: Invitation) -> str:
    return _("Invitation envoyée à %(email)s ; le lien est valable jusqu'au %(date)s.") % {
        "email": invitation.email,
        "date": display_date(invitation.expires_at),
    }


def _refusal(error: LicensingError) -> str:
    """The action's own sentence, already in the reader's language (never a traceback)."""
    return str(error)


def _person(user: User) -> str:
    return user.get_full_name() or user.email
