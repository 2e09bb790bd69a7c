"""The article editor's form: a new article whose address is taken gets the next free one rather than an error.

Wagtail saves a new article as a draft as soon as its autosave runs; an editor who
abandons it leaves that draft, and its address (slug), behind. The next article
with the same title would then be refused with an error shown on the *Promotion*
tab, out of the editor's sight. A new article takes « titre-2 », « titre-3 »… instead;
an existing article keeps the address the editor typed, or is told it is taken.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.models import Page

MAX_SUFFIX = 1000


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self) -> dict[str, Any]:
        slug = self.cleaned_data.get("slug")
        if slug and self.instance.pk is None and self.parent_page is not None:
            self.cleaned_data["slug"] = self._free_slug(slug)
        cleaned: dict[str, Any] = super().clean()
        return cleaned

    def _free_slug(self, slug: str) -> str:
        if Page._slug_is_available(slug, self.parent_page, self.instance):
            return slug
        max_length = self.fields["slug"].max_length or 255
        for suffix in range(2, MAX_SUFFIX):
            candidate = f"{slug[: max_length - len(str(suffix)) - 1]}-{suffix}"
            if Page._slug_is_available(candidate, self.parent_page, self.instance):
                return candidate
        return slug  # the form then says the address is taken
