"""A URL that fails, to see the server-error page as a visitor would (test_security_headers.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", fail)]

handler500 = "courrier.core.views.server_error"
