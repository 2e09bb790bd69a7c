"""Mon organisation: what an organisation's administrators see and do (built out below)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "licensing/organization.html", {})
