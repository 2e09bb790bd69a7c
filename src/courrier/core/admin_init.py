"""Wagtail's admin under our Content-Security-Policy: its widgets' inline scripts become data.

Wagtail 8 initialises choosers, date pickers and inline panels with inline `<script>`s
(`new SnippetChooser("id_category", {...});`), which a `script-src` without
'unsafe-inline' refuses. Here and in the templates under `core/templates/wagtailadmin/`
the same calls are written as JSON (`<script type="application/json" data-admin-init>`),
which no browser executes; `core/static/core/admin_init.js`, one static file loaded on
every admin page, makes each call, including for widgets Wagtail inserts later (the
publishing schedule dialog, a new inline panel child).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.widgets.chooser import BaseChooser

# Django's json_script escapes: the data can never close its element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def init_data(function: str, *args: Any, construct: bool = False) -> SafeString:
    """The call `function(*args)` (`new function(*args)` when `construct`), as inert JSON."""
    payload = json.dumps({"call": function, "args": list(args), "construct": construct}).translate(JSON_ESCAPES)
    return format_html('<script type="application/json" data-admin-init>{}</script>', mark_safe(payload))  # noqa: S308


_inline_render = BaseChooser.render


def _render_chooser(
    self: BaseChooser, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
) -> SafeString:
    if type(self).render_js_init is not BaseChooser.render_js_init:
        # A chooser with its own initialiser (Wagtail's workflow task chooser, unused here) stays as it was.
        return _inline_render(self, name, value, attrs, renderer)  # type: ignore[no-any-return]
    if not attrs or "id" not in attrs:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute")
    id_ = attrs["id"]
    value_data = self.get_value_data(value)
    options = self.get_js_init_options(id_, name, value_data)
    html = self.render_html(name, value_data, attrs)
    return mark_safe(f"{html}{init_data(self.js_constructor, id_, options, construct=True)}")  # noqa: S308


def install() -> None:
    BaseChooser.render = _render_chooser  # type: ignore[method-assign]
