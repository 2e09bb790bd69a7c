"""Unsubscribing over HTTP: one-click (RFC 8058), the confirmation page an email links to, the address form;
and a reader lifting the block on their own address.

`/desinscription/<token>/` answers three ways. A POST of `List-Unsubscribe=One-Click`
is a mail client acting for its user: no cookie, no CSRF token, done at once. A GET
only shows the choice (mail scanners follow links), and the choice is a POST with
CSRF like any form. Every answer is personal: never cached.

A blocked reader asks from *Mes publications* (`ask_to_lift`, their own address only);
the link mailed to that address opens `lift`, where a POST lifts the block.
"""

from __future__ import annotations

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from courrier.accounts.models import User
from courrier.core.wording import of_name
from courrier.mailing import actions
from courrier.mailing.lists import all_lists, get_list
from courrier.mailing.models import MailingError
from courrier.mailing.tokens import LIFT_MAX_AGE, read_lift_token
from courrier.mailing.unsubscribe import (
    ONE_CLICK_WORDING,
    REQUEST_MAX_AGE,
    Ask,
    Source,
    TokenProblem,
    leave_lists,
    list_name,
    lists_asked,
    read_token,
    send_unsubscribe_link,
)

ONE_CLICK_BODY = "One-Click"
EVERYTHING = "toutes"
TEXT_PLAIN = "text/plain; charset=utf-8"


class AddressForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse courriel"), max_length=254)


@csrf_exempt  # only the one-click branch goes without a CSRF token: the form branch is csrf_protect'ed below
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK_BODY:
        return _one_click(token)
    return _confirm(request, token)


def _one_click(token: str) -> HttpResponse:
    ask = read_token(token)
    if isinstance(ask, TokenProblem):
        return HttpResponse(_("Ce lien de désinscription n'est pas valide."), status=400, content_type=TEXT_PLAIN)
    leave_lists(
        email=ask.email,
        list_keys=lists_asked(ask, everything=False),
        source=Source.ONE_CLICK,
        wording=ONE_CLICK_WORDING,
    )
    return HttpResponse(
        _("Désinscription enregistrée : %(email)s ne recevra plus %(what)s.")
        % {"email": ask.email, "what": _what(ask, everything=ask.everything)},
        content_type=TEXT_PLAIN,
    )


@csrf_protect
def _confirm(request: HttpRequest, token: str) -> HttpResponse:
    ask = read_token(token)
    if isinstance(ask, TokenProblem):
        return render(
            request,
            "mailing/unsubscribe/invalid.html",
            {"expired": ask is TokenProblem.EXPIRED, "days": REQUEST_MAX_AGE.days},
            status=400,
        )
    labels = _labels(ask)
    if request.method == "POST":
        everything = ask.everything or request.POST.get("listes") == EVERYTHING
        wording = "\n".join([_intro(ask), f"[{labels[EVERYTHING] if everything else labels['une']}]"])
        leave_lists(
            email=ask.email, list_keys=lists_asked(ask, everything=everything), source=ask.source, wording=wording
        )
        return render(
            request,
            "mailing/unsubscribe/done.html",
            {"email": ask.email, "what": _what(ask, everything=everything), "choose_url": _choose_url(ask)},
        )
    return render(request, "mailing/unsubscribe/confirm.html", {"ask": ask, "intro": _intro(ask), "labels": labels})


def _labels(ask: Ask) -> dict[str, str]:
    labels = {EVERYTHING: _("Me désinscrire de toutes les publications")}
    if not ask.everything:
        labels["une"] = _("Me désinscrire %(of_name)s") % {"of_name": of_name(list_name(ask.list_key))}
    return labels


def _intro(ask: Ask) -> str:
    if ask.everything:
        return _("Vous ne voulez plus rien recevoir du Courrier parlementaire à l'adresse %(email)s ?") % {
            "email": ask.email
        }
    return _("Vous recevez %(name)s à l'adresse %(email)s. Que voulez-vous ne plus recevoir ?") % {
        "name": list_name(ask.list_key),
        "email": ask.email,
    }


def _what(ask: Ask, *, everything: bool) -> str:
    if everything:
        return _("aucune de nos publications")
    return list_name(ask.list_key)


def _choose_url(ask: Ask) -> str:
    candidates = [get_list(ask.list_key)] if not ask.everything else []
    candidates += all_lists()
    return next((found.choose_url for found in candidates if found is not None and found.choose_url), "")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request: HttpRequest) -> HttpResponse:
    """Anyone may ask for a link; the answer is the same whether or not we write to that address."""
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not ratelimit.consume(request, action="unsubscribe_request", key=email.lower()):
            form.add_error(None, _("Trop de demandes de lien. Réessayez dans une heure."))
            return render(request, "mailing/unsubscribe/request.html", {"form": form}, status=429)
        send_unsubscribe_link(email=email)
        return render(request, "mailing/unsubscribe/link_sent.html", {"email": email, "days": REQUEST_MAX_AGE.days})
    return render(request, "mailing/unsubscribe/request.html", {"form": form})


# Lifting the block on one's own address --------------------------------------------------------


@never_cache
@login_required
@require_POST
def ask_to_lift(request: HttpRequest) -> HttpResponse:
    """Mail the signed-in reader, at their own blocked address, the link that lifts it; back to Mes publications."""
    user = request.user
    assert isinstance(user, User)  # login_required
    back = redirect(_back(request))
    if not ratelimit.consume(request, action="suppression_lift", user=user):
        messages.error(request, _("Trop de demandes. Réessayez dans une heure."))
        return back
    try:
        suppression = actions.request_suppression_lift(user=user)
    except MailingError as error:
        messages.error(request, str(error))
        return back
    if suppression is None:
        messages.info(
            request, _("Votre adresse n'est pas bloquée : vous recevez les publications que vous avez choisies.")
        )
    else:
        messages.success(
            request,
            _(
                "Nous avons envoyé un lien à %(email)s. Suivez-le dans les %(days)s jours pour recevoir de nouveau nos "
                "envois."
            )
            % {"email": suppression.email, "days": LIFT_MAX_AGE.days},
        )
    return back


def _back(request: HttpRequest) -> str:
    """The page the form was on (Mes publications), if it is one of ours; the profile otherwise."""
    asked = request.POST.get("next", "")
    if asked and url_has_allowed_host_and_scheme(asked, allowed_hosts={request.get_host()}, require_https=False):
        return asked
    return reverse("profile")


def _choose_url_of_user() -> str:
    found = next((mailing_list.choose_url for mailing_list in all_lists() if mailing_list.choose_url), "")
    return found or reverse("profile")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lift(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a blocked address: a GET only asks (mail scanners follow links), a POST lifts."""
    asked = read_lift_token(token)
    if isinstance(asked, TokenProblem):
        return render(
            request,
            "mailing/suppression/invalid.html",
            {"expired": asked is TokenProblem.EXPIRED, "days": LIFT_MAX_AGE.days},
            status=400,
        )
    if request.method != "POST":
        return render(request, "mailing/suppression/confirm.html", {"email": asked.email})
    try:
        actions.lift_own_suppression(suppression_id=asked.suppression_id, email=asked.email)
    except MailingError as error:
        return render(request, "mailing/suppression/invalid.html", {"problem": str(error)}, status=400)
    return render(
        request, "mailing/suppression/lifted.html", {"email": asked.email, "choose_url": _choose_url_of_user()}
    )
