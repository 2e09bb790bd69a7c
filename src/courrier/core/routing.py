"""What Wagtail looks up before serving any page, remembered until the content changes.

For every page it serves, Wagtail asks the database which site the request is
for, then (through the default cache, a database table in the embedded setup)
for every site's root path as soon as a page's URL is built, then whether any
view restriction covers the page. These answers change only when a site, a page
or a restriction changes, each of which starts a new content generation
(`core.page_cache.forget_shared_copies`); they are kept per generation like
everything else derived from the content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import DisallowedHost
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from courrier.core.middleware import in_admin
from courrier.core.page_cache import remembered, remembered_here

# Where Wagtail looks before asking the database (wagtail.models.sites / pages).
SITE_ATTRIBUTE = "_wagtail_site"
ROOT_PATHS_ATTRIBUTE = "_wagtail_cached_site_root_paths"


class KnownSiteMiddleware:
    """Hands Wagtail the request's site and the sites' root paths from memory, outside its admin."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if in_admin(request):
            return self.get_response(request)  # editors' pages: as Wagtail does, however they change
        try:
            hostname, port = split_domain_port(request.get_host())[0], request.get_port()
        except DisallowedHost:
            return self.get_response(request)  # Django answers it as usual, further down
        site = remembered(f"site:{hostname}:{port}", lambda: _site_with_its_root(hostname, port))
        if site is not None:
            setattr(request, SITE_ATTRIBUTE, site)
            with_site_root_paths(request)
        return self.get_response(request)


def with_site_root_paths(holder: Any) -> Any:
    """`holder` (a request, a page) with every site's root path, for Wagtail to build page URLs without asking
    the default cache (a database table in the embedded setup) each time."""
    setattr(holder, ROOT_PATHS_ATTRIBUTE, remembered_here("site-root-paths", Site.get_site_root_paths))
    return holder


def _site_with_its_root(hostname: str, port: str | int) -> Site | None:
    """The site, with its root page already in its specific form (Wagtail routes from it)."""
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    site.root_page = site.root_page.specific
    return site


def view_restrictions_exist() -> bool:
    return remembered_here("view-restrictions", PageViewRestriction.objects.exists)


class RememberedViewRestrictions:
    """A page mixin: Wagtail looks for view restrictions on the page and its ancestors
    (two queries per request); while no page of the site has any, there is nothing to find."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        parent: Any = super()
        restrictions: QuerySet[PageViewRestriction] = parent.get_view_restrictions()
        return restrictions
