"""The admin's page search, restricted to the pages the editor may explore without listing them all first.

Wagtail's search view keeps a page when its id is among the ids of every page
the editor may explore (`pk__in` over `explorable_instances`): SQLite builds
that list in full, the whole tree, on each of the view's three queries (the
slice, the count and the content-type facet). Here the view filters by the
explorable pages' own conditions (none for an administrator; tree paths for an
editor given a part of the tree), which keeps the same pages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from wagtail.admin.views.pages.search import SearchView, page_filter_search
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page


class PageSearchView(SearchView):
    def get_queryset(self) -> QuerySet[Any]:
        self.all_pages = Page.objects.all()
        if getattr(settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True):
            self.all_pages = self.all_pages & self.permission_policy.explorable_instances(self.request.user)
        pages = self.all_pages
        if self.show_locale_labels:
            pages = pages.select_related("locale")
        if self.ordering:
            pages = pages.order_by(self.ordering)
        if self.selected_content_type:
            pages = pages.filter(content_type=self.selected_content_type)
        pages = self.annotate_queryset(pages)
        pages, self.all_pages = page_filter_search(self.search_query, pages, self.all_pages, self.ordering)
        if pages.supports_facet:
            self.content_types = [
                (ContentType.objects.get_for_id(content_type_id), count)
                for content_type_id, count in self.all_pages.facet("content_type_id").items()
            ]
        return pages


class CourrierPageViewSet(PageViewSet):
    """Wagtail's viewset for every page type, with the search view above."""

    search_view_class = PageSearchView


page_viewset = CourrierPageViewSet()
