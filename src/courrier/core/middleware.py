"""Language selection, and the Content-Security-Policy's one exception for the admin.

Django's LocaleMiddleware would follow the browser's Accept-Language; Courrier
is French first, so only an explicit choice (the language cookie) changes it.
Inside the Wagtail admin, each editor's own preference then takes over.
"""

from collections.abc import Callable

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def chosen_language(request: HttpRequest) -> str:
    choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return choice if choice in SUPPORTED else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's one exception: inline styles.

    Draftail (draft-js) injects `<style>` elements for nested lists and email previews
    show an email's inline styles, so the admin's `style-src` allows 'unsafe-inline'.
    Its `script-src` stays as strict as the site's (core/admin_init.py).
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if in_admin(request):
            parts.replace = {**(parts.replace or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts


def in_admin(request: HttpRequest) -> bool:
    try:
        prefix = reverse("wagtailadmin_home")
    except NoReverseMatch:  # a URLconf without the admin
        return False
    return request.path_info.startswith(prefix)
