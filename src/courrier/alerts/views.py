"""Mon Alerte Décrets: the reader narrows the alert to ministries, categories and keywords."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from courrier.accounts.models import User
from courrier.alerts.actions import set_decree_alert_filter
from courrier.alerts.forms import DecreeAlertFilterForm
from courrier.alerts.models import DecreeAlertFilter
from courrier.alerts.sending import alert_publication
from courrier.editions.recipients import choices_of, publications_for


@never_cache
@login_required
def decree_alert_filters(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    current = DecreeAlertFilter.objects.filter(user=user).first()
    form = DecreeAlertFilterForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        set_decree_alert_filter(
            user=user,
            ministries=form.cleaned_data["ministries"],
            categories=form.cleaned_data["categories"],
            keywords=form.cleaned_data["keywords"],
        )
        messages.success(request, _("Vos choix pour l'Alerte Décrets sont enregistrés."))
        return redirect("decree_alert_filters")
    publication = alert_publication()
    covered = publication is not None and publication in publications_for(user)
    context = {
        "form": form,
        "publication": publication,
        "covered": covered,
        "receives": covered and publication is not None and choices_of(user, [publication])[publication],
    }
    return render(request, "alerts/filters.html", context)
