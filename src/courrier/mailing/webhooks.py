"""The providers' tracking webhooks, at /anymail/<provider>/tracking/ (which providers: `webhook_providers.py`).

Each request is answered in this order:

- 404 unless the provider is enabled (`ANYMAIL_WEBHOOK_PROVIDERS`): nothing else is mounted;
- 403 when it is enabled without its secret (production refuses to start then; see `checks.py`);
- then django-anymail's own view checks the request (basic auth, the provider's signature) and
  reads its events, with two answers changed: a request that fails the check is 401 (basic auth,
  with its challenge) or 403 (signature) rather than anymail's 400, and a payload it cannot read
  is 400 rather than a 500. A 500 is left only for our own failures (the provider retries).

What a verified event means is decided by `actions.record_provider_event` (through `signals.py`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.utils import get_anymail_setting, get_request_basic_auth
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from courrier.mailing import app_settings
from courrier.mailing.webhook_providers import PROVIDERS, WebhookProvider

logger = logging.getLogger(__name__)

TEXT_PLAIN = "text/plain; charset=utf-8"


class Refused(Exception):
    """The request does not prove it comes from the provider."""

    def __init__(self, *, challenge: bool) -> None:
        super().__init__()
        self.challenge = challenge


class Unreadable(Exception):
    """The request's payload is not what the provider sends."""


def anymail_setting(key: str) -> object:
    """A key of `settings.ANYMAIL` as anymail reads it (the dict first, then `ANYMAIL_<key>`); None when unset."""
    return get_anymail_setting(key.lower(), default=None)


def _wrong_basic_auth(request: HttpRequest, allowed: list[str]) -> bool:
    given = get_request_basic_auth(request) or ""
    return not any(constant_time_compare(given, secret) for secret in allowed)


@functools.cache
def _view(provider: WebhookProvider) -> Callable[..., HttpResponse]:
    """anymail's tracking view for `provider`, made to raise `Refused` and `Unreadable` instead of answering."""
    anymail_view: type[Any] = import_string(provider.view)

    class CheckedWebhookView(anymail_view):
        def run_validators(self, request: HttpRequest) -> None:
            try:
                super().run_validators(request)
            except AnymailWebhookValidationFailure as failure:
                logger.warning("%s webhook refused: %s", self.esp_name, failure)
                basic_auth = list(getattr(self, "basic_auth", None) or [])
                raise Refused(challenge=bool(basic_auth) and _wrong_basic_auth(request, basic_auth)) from None
            except Exception as error:
                # A signature check tripping over a malformed body (anymail expects well-formed ones).
                logger.warning("%s webhook refused, unreadable: %r", self.esp_name, error)
                raise Unreadable from None

        def parse_events(self, request: HttpRequest) -> list[Any]:
            try:
                return list(super().parse_events(request))
            except Exception as error:
                logger.warning("%s webhook with a payload we cannot read: %r", self.esp_name, error)
                raise Unreadable from None

    CheckedWebhookView.__name__ = f"Checked{anymail_view.__name__}"
    return CheckedWebhookView.as_view()


@csrf_exempt  # the provider has no CSRF token; it proves itself with its secret
@login_not_required
@never_cache
def tracking_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    found = PROVIDERS.get(provider)
    if found is None or provider not in app_settings.webhook_providers():
        raise Http404
    if not found.secured(anymail_setting):
        logger.error("%s webhook refused: enabled without %s", provider, found.requirement())
        return HttpResponse(_("Ce webhook n'est pas configuré."), status=403, content_type=TEXT_PLAIN)
    try:
        return _view(found)(request)
    except Refused as refusal:
        response = HttpResponse(
            _("Authentification refusée."), status=401 if refusal.challenge else 403, content_type=TEXT_PLAIN
        )
        if refusal.challenge:
            response["WWW-Authenticate"] = 'Basic realm="Courrier webhooks"'
        return response
    except Unreadable:
        return HttpResponse(_("Contenu illisible."), status=400, content_type=TEXT_PLAIN)
