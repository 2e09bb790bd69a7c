"""Essai gratuit: the public request form."""

from __future__ import annotations

from allauth.core import ratelimit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from courrier.licensing.actions import request_trial as record_trial_request
from courrier.licensing.forms import TrialRequestForm


@never_cache
def request_trial(request: HttpRequest) -> HttpResponse:
    form = TrialRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="trial_request"):
            form.add_error(None, _("Trop de demandes depuis votre adresse. Réessayez dans une heure ou appelez-nous."))
        else:
            if not form.is_robot():
                record_trial_request(**form.action_arguments())
            return redirect("trial_requested")
    return render(
        request, "licensing/trial_request.html", {"form": form}, status=429 if form.non_field_errors() else 200
    )


def trial_requested(request: HttpRequest) -> HttpResponse:
    return render(request, "licensing/trial_requested.html")
