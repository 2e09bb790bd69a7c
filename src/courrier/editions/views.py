"""Mes publications: which emails the reader receives."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from courrier.accounts.models import User
from courrier.editions.actions import choose_publications
from courrier.editions.forms import PublicationChoiceForm
from courrier.editions.recipients import publications_for


@never_cache
@login_required
def my_publications(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    publications = publications_for(user)
    form = PublicationChoiceForm(request.POST or None, user=user, publications=publications)
    if request.method == "POST" and form.is_valid():
        choose_publications(user=user, choices=form.choices())
        messages.success(request, _("Vos choix de publications sont enregistrés."))
        return redirect("my_publications")
    return render(request, "editions/my_publications.html", {"form": form, "publications": publications})
