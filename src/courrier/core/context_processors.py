"""What every page's chrome needs: the publisher's contact, the rubriques, the visitor's access."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from courrier.licensing.entitlements import entitlement
from courrier.newsroom.models import menu_sections


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    return {
        "publisher": settings.PUBLISHER,
        "rubriques": menu_sections,
        # Lazy: computed only by templates that look (the account menu, for people logged in).
        "access": SimpleLazyObject(lambda: entitlement(request)),
    }
