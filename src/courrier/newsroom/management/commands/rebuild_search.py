"""`courrier rebuild_search`: rebuilds site search's read model from the live articles and published decrees."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from courrier.newsroom.actions import rebuild_search_documents


class Command(BaseCommand):
    help = "Reconstruit l'index de la recherche du site (articles en ligne et décrets publiés)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        written = rebuild_search_documents()
        self.stdout.write(self.style.SUCCESS(f"Documents indexés : {written} (en {time.monotonic() - started:.1f} s)."))
