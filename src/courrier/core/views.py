"""Site chrome pages: what we publish, how to subscribe, language, errors."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from courrier.core.middleware import SUPPORTED
from courrier.core.page_cache import shared_copy


def publications(request: HttpRequest) -> HttpResponse:
    return shared_copy(render(request, "core/publications.html"))


def subscribe(request: HttpRequest) -> HttpResponse:
    return shared_copy(render(request, "core/subscribe.html"))


def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /profil/
Disallow: /mon-organisation/
Disallow: /recherche/
Disallow: /compte/
Disallow: /desinscription/
"""


def robots(request: HttpRequest) -> HttpResponse:
    """Teasers are for search engines (the sitemap lists them); accounts, the admin and search results are not."""
    text = f"{ROBOTS}\nSitemap: {settings.SITE_URL}{reverse('sitemap')}\n"
    return shared_copy(HttpResponse(text, content_type="text/plain; charset=utf-8"))


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
def set_language(request: HttpRequest, language: str) -> HttpResponse:
    """Remember the reader's language in a cookie (a preference only, so a plain link)."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in SUPPORTED:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may come from the database they read.
    from django.template import loader

    # Its few styles are inline, so that it shows even without static files; the CSP nonce lets them apply.
    nonce = getattr(request, "csp_nonce", None)
    context = {"publisher": settings.PUBLISHER, "csp_nonce": str(nonce) if nonce is not None else ""}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
