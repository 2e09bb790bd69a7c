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
        "reader_pages": reader_pages(article, section),
        "reader_cookie": reader_session_cookie(),
    }


def reader_pages(article: Any, section: Any) -> dict[str, str]:
    """Every kind of page a logged-in reader opens, the archive's most crowded where there is a choice."""
    from django.db.models import Count
    from django.utils import timezone

    from courrier.newsroom.models import MemberQuote
    from courrier.parliament.models import Decree

    if article is None or section is None:
        return {}
    month = timezone.localtime(article.published_at)
    pages = {
        "home": "/",
        "rubrique": _path_of(section) or "/",
        "rubrique-p500": f"{_path_of(section)}?page=500",
        "category": f"/categories/{article.category.slug}/",
        "month": f"/archives/{month.year}/{month.month}/",
        "article": _path_of(article) or "/",
        "decrees": "/decrets/",
        "search": "/recherche/?q=d%C3%A9cret",
    }
    decree = Decree.objects.published().order_by("-published_at").first()
    if decree is not None:
        pages["decree"] = decree.get_absolute_url()
    quoted = MemberQuote.objects.values("member__slug").annotate(quotes=Count("id")).order_by("-quotes").first() or {}
    if quoted.get("member__slug"):
        pages["member"] = f"/deputes/{quoted['member__slug']}/"
    return pages


def reader_session_cookie() -> str | None:
    """A logged-in session for the demo reader (verified, active seat, valid licence), as a Cookie value,
    with the CSRF cookie a browser keeps from its first page (else every request would make a new one)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.http import HttpRequest
    from django.middleware.csrf import get_token

    from courrier.accounts.models import User
    from courrier.operations.demo import READER_EMAIL, ensure_demo_accounts

    if not User.objects.filter(email=READER_EMAIL).exists():
        ensure_demo_accounts()  # an archive made before the demo had subscribers
    reader = User.objects.get(email=READER_EMAIL)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(reader.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    session.create()
    first_page = HttpRequest()
    get_token(first_page)
    csrf_secret = first_page.META["CSRF_COOKIE"]
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"


def main() -> None:
    import django

    django.setup()
    print(json.dumps(describe_archive()))


if __name__ == "__main__":
    main()
