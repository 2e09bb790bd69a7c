"""The embedded default's next morning edition, ready to compose: the latest articles in a draft."""

from __future__ import annotations

import datetime

from django.utils import timezone

from courrier.editions.actions import open_edition
from courrier.editions.models import Edition, Publication
from courrier.editions.schedule import publication_dates
from courrier.newsroom.models import ArticlePage

DEMO_ARTICLES = 8


def load_demo_edition() -> Edition | None:
    """A draft of LCP-LAG's next edition with the latest articles (nothing if one exists already)."""
    lag = Publication.objects.filter(key="lcp-lag").first()
    if lag is None:
        return None
    today = timezone.localdate()
    upcoming = publication_dates(lag, today + datetime.timedelta(days=1), today + datetime.timedelta(days=120))
    if not upcoming or Edition.objects.filter(publication=lag, date=upcoming[0]).exists():
        return None
    latest = list(ArticlePage.objects.live().order_by("-published_at")[:DEMO_ARTICLES])
    return open_edition(publication=lag, date=upcoming[0], articles=list(reversed(latest)))
