"""What every page's chrome needs: the publisher's contact and the rubriques."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from courrier.newsroom.models import menu_sections


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    return {
        "publisher": settings.PUBLISHER,
        "rubriques": menu_sections,
    }
