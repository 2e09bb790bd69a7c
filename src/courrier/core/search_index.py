"""What the search index keeps where: public text in one column, paywalled text in the other.

Wagtail's database search backend (modelsearch) keeps two full-text columns per
entry: `title`, filled by the search fields named "title", and `body`, filled by
every other one. Courrier puts in `title` all that a teaser shows (for an article:
title, lead, category, rubrique; for a decree: number, title, enabling statute,
ministries) and in `body` what only readers see. This index serves the Wagtail
admin; the site's search keeps its own read model on the same split
(`newsroom.search_documents`).
"""

from __future__ import annotations

from typing import Any

from wagtail.search import index


class TeaserSearchField(index.SearchField):
    """A search field holding everything a model's teaser shows, indexed in the public column."""

    def __init__(self, attribute: str, **kwargs: Any) -> None:
        super().__init__("title", **kwargs)
        self.attribute = attribute

    def get_value(self, obj: Any) -> Any:
        return getattr(obj, self.attribute)
