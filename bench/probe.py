"""What the archive holds: `python -m bench.probe` prints it as JSON.

Run in a subprocess with the benchmark's environment, so the parent process
never imports Django with the wrong database.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

SEED_ARTICLE_SLUG = "gouvernement-ouvert-lancement-du-plan-daction-2021-2023"


def _path_of(page: Any) -> str | None:
    url = page.url if page is not None else None
    return urlsplit(url).path if url else None


def describe_archive() -> dict[str, Any]:
    from django.db import connection

    from courrier.newsroom.models import ArticlePage
    from courrier.operations.demo import demo_is_loaded

    live = ArticlePage.objects.live()
    article = live.filter(slug=SEED_ARTICLE_SLUG).first() or live.order_by("-published_at").first()
    section = article.get_parent() if article is not None else None
    return {
        "database": connection.vendor,
        "demo_loaded": demo_is_loaded(),
        "articles": ArticlePage.objects.count(),
        "live_articles": live.count(),
        "article_path": _path_of(article),
        "section_path": _path_of(section),
    }


def main() -> None:
    import django

    django.setup()
    print(json.dumps(describe_archive()))


if __name__ == "__main__":
    main()
