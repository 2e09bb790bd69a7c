"""Language selection, and the Content-Security-Policy's one exception for the admin.

Django's LocaleMiddleware would follow the browser's Accept-Language; Courrier
is French first, so only an explicit choice (the language cookie) changes it.
Inside the Wagtail admin, each editor's own preference then takes over.
"""

import functools
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}
ADMIN_STYLES = {"style-src": [SELF, UNSAFE_INLINE]}
# What django-csp's decorators leave on a response that sets its own policy.
OWN_POLICY_ATTRIBUTES = tuple(
    f"_csp_{kind}{suffix}" for kind in ("exempt", "config", "update", "replace") for suffix in ("", "_ro")
)


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

    A response that used no nonce and sets no policy of its own (every shared copy of
    a public page) gets a header built once per process rather than once per request.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        policy = None if getattr(request, "_csp_nonce", None) else _policy_without_nonce(admin=in_admin(request))
        if policy is None or any(hasattr(response, name) for name in OWN_POLICY_ATTRIBUTES):
            return super().process_response(request, response)
        response.setdefault(HEADER, policy)
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if in_admin(request):
            parts.replace = {**(parts.replace or {}), **ADMIN_STYLES}
        return parts


@functools.cache
def _policy_without_nonce(*, admin: bool) -> str | None:
    """The header for a response without a nonce; None where django-csp must decide per request
    (debug pages, a report-only policy, excluded prefixes: none of which Courrier's settings use)."""
    report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    if settings.DEBUG or report_only or policy.get("EXCLUDE_URL_PREFIXES"):
        return None
    return build_policy(replace=ADMIN_STYLES if admin else None) or None


def in_admin(request: HttpRequest) -> bool:
    prefix = _admin_prefix()
    return prefix is not None and request.path_info.startswith(prefix)


@functools.cache
def _admin_prefix() -> str | None:
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:  # a URLconf without the admin
        return None


def _forget_policy(**kwargs: Any) -> None:
    _policy_without_nonce.cache_clear()
    _admin_prefix.cache_clear()


setting_changed.connect(_forget_policy)
