"""The sitemap (`/sitemap.xml`): every public teaser a search engine may index, never a body.

Articles come in pages of 10,000 read as (path, date) pairs, not as pages: the archive holds a
million. A part's addresses are on the site's public origin (`SITE_URL`), as the canonical links
say; the index names its parts on the host the request came to (one `ALLOWED_HOSTS` admits).
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.models import Site

from courrier.newsroom.models import ArticlePage, SectionPage
from courrier.parliament.models import Decree, Member


class PublicSitemap(Sitemap):
    """Addresses on the public origin, whatever host the request came on."""

    limit = 10_000

    @property
    def protocol(self) -> str:  # type: ignore[override]
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


def _root_path() -> str:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


class ArticleSitemap(PublicSitemap):
    changefreq = "never"

    def items(self) -> QuerySet[Any]:
        self.root = _root_path()
        live = ArticlePage.objects.live().filter(url_path__startswith=self.root)
        return live.order_by("pk").values_list("url_path", Coalesce("last_published_at", "published_at"))

    def location(self, item: tuple[str, datetime.datetime | None]) -> str:
        return "/" + item[0][len(self.root) :]

    def lastmod(self, item: tuple[str, datetime.datetime | None]) -> datetime.datetime | None:
        return item[1]

    def get_latest_lastmod(self) -> datetime.datetime | None:
        """One aggregate, where Django's default reads every article."""
        live = ArticlePage.objects.live()
        return live.aggregate(latest=Max(Coalesce("last_published_at", "published_at")))["latest"]


class SectionSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self) -> list[Any]:
        root = _root_path()
        sections = SectionPage.objects.live().filter(url_path__startswith=root).order_by("path")
        return ["/", *("/" + path[len(root) :] for path in sections.values_list("url_path", flat=True))]

    def location(self, item: str) -> str:
        return item


class RecordSitemap(PublicSitemap):
    """The public records: the decree list, the Members, the calendar, the editions, what we publish."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["decrees", "members", "archive", "parliament_calendar", "edition_index", "publications", "subscribe"]

    def location(self, item: str) -> str:
        return reverse(item)


class DecreeSitemap(PublicSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Any]:
        return Decree.objects.published().order_by("pk").values_list("year", "number", "updated_at")

    def location(self, item: tuple[int, int, datetime.datetime]) -> str:
        return reverse("decree", kwargs={"year": item[0], "number": item[1]})

    def lastmod(self, item: tuple[int, int, datetime.datetime]) -> datetime.datetime:
        return item[2]

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return Decree.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class MemberSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Any]:
        return Member.objects.order_by("pk").values_list("slug", flat=True)

    def location(self, item: str) -> str:
        return reverse("member", kwargs={"slug": item})


SITEMAPS: dict[str, type[Sitemap]] = {
    "rubriques": SectionSitemap,
    "registres": RecordSitemap,
    "articles": ArticleSitemap,
    "decrets": DecreeSitemap,
    "deputes": MemberSitemap,
}
