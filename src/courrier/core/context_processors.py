"""What every page's chrome needs: the publisher's contact, the rubriques, the visitor's access."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from courrier.licensing.entitlements import entitlement
from courrier.newsroom.models import menu_sections


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    return {
        "publisher": settings.PUBLISHER,
        "rubriques": menu_sections,
        # Lazy: computed only by templates that look (the account menu, for people logged in).
        "access": SimpleLazyObject(lambda: entitlement(request)),
        "canonical_url": canonical_url(request),
    }


def canonical_url(request: HttpRequest) -> str:
    """The page's address for search engines and shares: the site's public origin, the path, and the listing
    page number (the one query parameter that names another page); never a personal link's token."""
    page = request.GET.get("page", "")
    query = f"?{urlencode({'page': page})}" if page.isdigit() and page != "1" else ""
    return f"{settings.SITE_URL}{request.path}{query}"
