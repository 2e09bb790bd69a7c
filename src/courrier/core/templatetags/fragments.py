"""`{% fragment "article-body" page.pk %}…{% endfragment %}`: a part of a page rendered once per content generation.

The name and the values after it make the key, with the content generation and
the language (`core.page_cache.remembered_fragment` says what is never kept). A
value that is None means the part has no key for this request: it is rendered,
not kept (a listing filtered by a form that did not validate, say).
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context

from courrier.core.page_cache import remembered_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, parts: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context: Context) -> str:
        parts = [part.resolve(context) for part in self.parts]
        if any(part is None for part in parts):
            return self.nodelist.render(context)
        name = ":".join(str(part) for part in parts)
        return remembered_fragment(context.get("request"), name, lambda: self.nodelist.render(context))


@register.tag
def fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])
