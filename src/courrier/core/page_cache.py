"""Shared copies of public pages for anonymous visitors.

Most traffic is anonymous visitors reading teasers, which are the same for all
of them. A view marks such a response with `shared_copy()`; this middleware
keeps it and serves it again to every visitor who could not see anything
else: no session, no personal cookie, nothing that `licensing.entitlements`
would grant. The key holds the path, the query, the language and the content
generation, which changes whenever the page tree does. The copies may live in
each process's memory (embedded default) but the generation is kept in the
shared cache (database or Redis), so a publication shows in every process
within `GENERATION_MEMO_SECONDS`.

The converse, for views whose response our code never holds (a Wagtail hook
deciding before Wagtail's view answers): `keep_private(request)` makes the
middleware give whatever that request gets back never-cache headers.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language

from courrier.core.generations import current_generation, start_new_generation
from courrier.core.middleware import chosen_language
from courrier.licensing.entitlements import Grounds, entitlement, sees_only_public_content

T = TypeVar("T")
CACHE_ALIAS = "pages"
# Derived data is keyed by the content generation: this only bounds how long unused copies stay.
DERIVED_SECONDS = 60
GENERATION_KEY = "pages:generation"  # in the default cache, which every process shares
GENERATION_MEMO_SECONDS = 1.0
_generation_memo: list[float | str] = []  # [monotonic expiry, generation] for this process
_here_memo: dict[str, tuple[Any, Any]] = {}  # name: (monotonic expiry, value); "": (generation, 0)
SHARED_ATTRIBUTE = "courrier_shared_copy"
PRIVATE_ATTRIBUTE = "courrier_private_response"
SUBSCRIBER_ATTRIBUTE = "courrier_subscriber_copy"
ACCOUNT_MENU = re.compile(r"<!--compte-->.*?<!--/compte-->", re.DOTALL)
ACCOUNT_SLOT = "<!--compte:personnel-->"
SITUATION = re.compile(r"<!--situation-->.*?<!--/situation-->", re.DOTALL)
SITUATION_SLOT = "<!--situation:personnelle-->"
NAME_MARK = "@@nom-du-lecteur@@"
TOKEN_MARK = "@@jeton-csrf@@"  # noqa: S105 - a placeholder, not a secret
MESSAGE_SESSION_KEY = "_messages"
CSRF_FIELD = 'name="csrfmiddlewaretoken"'
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control", "X-Frame-Options")


def shared_copy(response: HttpResponse) -> HttpResponse:
    """Mark a response as identical for every anonymous visitor."""
    setattr(response, SHARED_ATTRIBUTE, True)
    return response


def teasers_copy(response: HttpResponse) -> HttpResponse:
    """Mark a page of teasers and public records: the same for every anonymous visitor and, but for the
    account menu, for every subscriber reading under a licence (neither sees anything the other does not)."""
    return subscriber_copy(shared_copy(response))


def keep_private(request: HttpRequest) -> None:
    """Whatever this request gets back is for it alone: no cache, shared or not, may keep it."""
    setattr(request, PRIVATE_ATTRIBUTE, True)


def subscriber_copy(response: HttpResponse) -> HttpResponse:
    """Mark a response as identical for every subscriber reading under a licence, but for the account menu."""
    setattr(response, SUBSCRIBER_ATTRIBUTE, True)
    return response


def forget_shared_copies() -> None:
    """Start a new content generation: every shared copy kept so far, in any process, is stale.

    Once now and once more when the change is committed, in case a process read
    the new generation (Redis) and rendered the page before the change was visible.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    start_new_generation(GENERATION_KEY)
    _generation_memo.clear()


def content_generation() -> str:
    """Changes whenever pages are published, unpublished, moved or deleted.

    Every page request asks; the answer is kept in the process for a second, so
    the shared cache is asked once a second rather than once a request.
    """
    now = time.monotonic()
    if _generation_memo and float(_generation_memo[0]) > now:
        return str(_generation_memo[1])
    generation = current_generation(GENERATION_KEY)
    _generation_memo[:] = [now + GENERATION_MEMO_SECONDS, generation]
    return generation


def remembered(name: str, compute: Callable[[], T]) -> T:
    """Something derived from the content (a count, the rubriques), kept until the content changes."""
    store = caches[CACHE_ALIAS]
    key = f"derived:{content_generation()}:{name}"
    value = store.get(key)
    if value is None:
        value = compute()
        if value is not None:  # nothing found is not kept: made-up addresses would fill the cache
            store.set(key, value, DERIVED_SECONDS)
    return value


def remembered_here(name: str, compute: Callable[[], T]) -> T:
    """As `remembered`, and also kept in this process's memory: small values read several times by
    every page (the rubriques, the sites' root paths). The process's threads share the very object:
    it must never be changed."""
    generation, now = content_generation(), time.monotonic()
    if _here_memo.get("", (None,))[0] != generation:
        _here_memo.clear()
        _here_memo[""] = (generation, 0.0)
    found = _here_memo.get(name)
    if found is not None and found[0] > now:
        return found[1]  # type: ignore[no-any-return]
    value = remembered(name, compute)
    _here_memo[name] = (now + DERIVED_SECONDS, value)
    return value


def remembered_fragment(request: HttpRequest | None, name: str, render: Callable[[], str]) -> str:
    """A part of a page that is the same for everyone who is shown it, in the request's language,
    rendered once per content generation (`{% fragment %}` in templates).

    Whoever may not see a part must not reach it: the template decides, the key
    says nothing of who asks. A preview renders the draft, and a part that used
    something of the request's own (the CSP nonce, the CSRF token) is for it
    alone: neither is kept.
    """
    if request is None or getattr(request, "is_preview", False):
        return render()
    store = caches[CACHE_ALIAS]
    key = f"derived:{content_generation()}:fragment:{get_language()}:{name}"
    html = store.get(key)
    if html is None:
        html = render()
        if not _holds_personal_token(request, html):
            store.set(key, html, DERIVED_SECONDS)
    return html


def _holds_personal_token(request: HttpRequest, html: str) -> bool:
    nonce = getattr(request, "_csp_nonce", None)
    return CSRF_FIELD in html or (nonce is not None and str(nonce) in html)


def _key(request: HttpRequest) -> str:
    generation = content_generation()
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{generation}:{chosen_language(request)}:{request.get_host()}:{digest}"


def _storable(response: HttpResponse) -> bool:
    return (
        getattr(response, SHARED_ATTRIBUTE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
    )


class SharedPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._respond(request)
        if getattr(request, PRIVATE_ATTRIBUTE, False):
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if not sees_only_public_content(request):
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                # Personal (a name in the header, a message): for this browser only.
                patch_cache_control(response, private=True)
                patch_vary_headers(response, ["Cookie"])
            return response
        store = caches[CACHE_ALIAS]
        key = _key(request)
        kept = store.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_response(request)
        if request.method == "GET" and _storable(response) and not getattr(request, PRIVATE_ATTRIBUTE, False):
            headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
            store.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
        return response


class SubscriberPageCacheMiddleware:
    """Full articles for subscribers, rendered once per content generation rather than once per reader.

    A copy is served only after this very request's entitlement says it reads
    under a licence (the session, the membership and the licence are checked
    every time, so a removed member or an ended licence stops at once); the
    account menu, the one personal part, is rendered for the request. The copy
    never leaves the server: responses are `private, no-store`. Staff, visitors
    with pending messages and everyone else go through the page as usual.
    Entitlement is the same for every article today; if it ever depends on the
    article, the key must say so.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_use_subscriber_copy(request):
            return self.get_response(request)
        store = caches[CACHE_ALIAS]
        key = "subscriber:" + _key(request)
        kept = store.get(key)
        if kept is not None and entitlement(request).grounds == Grounds.LICENCE:
            return _personalised(request, *kept)
        response = self.get_response(request)
        if _storable_for_subscribers(response) and entitlement(request).grounds == Grounds.LICENCE:
            page = ACCOUNT_MENU.sub(ACCOUNT_SLOT, response.content.decode(), count=1)
            page = SITUATION.sub(SITUATION_SLOT, page, count=1)
            if ACCOUNT_SLOT in page and SITUATION_SLOT in page and not _holds_personal_token(request, page):
                headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
                store.set(key, (page, headers), settings.PAGE_CACHE_SECONDS)
        return response


@functools.cache
def _account_menu(language: str, manages_organization: bool) -> str:
    """A subscriber's account menu with marks where their name and CSRF token go (rendered once per process)."""
    someone = SimpleNamespace(is_authenticated=True, is_staff=False, email=NAME_MARK, get_full_name=lambda: NAME_MARK)
    access = SimpleNamespace(manages_organization=manages_organization)
    context = {"user": someone, "access": access, "csrf_token": TOKEN_MARK}
    return render_to_string("core/includes/account_nav.html", context)


def _situation(request: HttpRequest) -> str:
    """The banner a subscriber sees on every page: only a trial's end says anything to those reading under a licence."""
    access = entitlement(request)
    if not access.trial:
        return ""
    context = {"user": request.user, "access": access, "publisher": settings.PUBLISHER}
    return render_to_string("core/includes/situation.html", context)


def _may_use_subscriber_copy(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and user is not None
        and user.is_authenticated
        and not user.is_staff
        and CookieStorage.cookie_name not in request.COOKIES
        and MESSAGE_SESSION_KEY not in request.session
    )


def _storable_for_subscribers(response: HttpResponse) -> bool:
    return (
        getattr(response, SUBSCRIBER_ATTRIBUTE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
    )


def _personalised(request: HttpRequest, page: str, headers: dict[str, str]) -> HttpResponse:
    user = request.user
    name = user.get_full_name() or user.email  # type: ignore[union-attr]
    menu = (
        _account_menu(get_language(), entitlement(request).manages_organization)
        .replace(TOKEN_MARK, get_token(request))
        .replace(NAME_MARK, escape(name))
    )
    page = page.replace(ACCOUNT_SLOT, f"<!--compte-->{menu}<!--/compte-->", 1)
    response = HttpResponse(page.replace(SITUATION_SLOT, f"<!--situation-->{_situation(request)}<!--/situation-->", 1))
    for name, value in headers.items():
        response[name] = value
    return response
