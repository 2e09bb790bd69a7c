"""The blocks an article body is written with."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuoteBlock(blocks.StructBlock):
    """A *Citation*: what was said, by whom, in which capacity."""

    quote = blocks.TextBlock(label=_("Citation"))
    speaker = blocks.CharBlock(label=_("Auteur"), max_length=200)
    role = blocks.CharBlock(label=_("Fonction"), max_length=300, required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "newsroom/blocks/quote.html"


class HighlightsBlock(blocks.StructBlock):
    """*Faits saillants*: a short list of key facts."""

    title = blocks.CharBlock(label=_("Titre"), default="Faits saillants", max_length=200)
    items = blocks.ListBlock(blocks.TextBlock(label=_("Fait")), label=_("Faits"))

    class Meta:
        icon = "list-ul"
        label = _("Faits saillants")
        template = "newsroom/blocks/highlights.html"


class LinkBlock(blocks.StructBlock):
    """A link to read more, outside Courrier."""

    text = blocks.CharBlock(label=_("Texte"), max_length=300)
    url = blocks.URLBlock(label=_("Adresse"))

    class Meta:
        icon = "link"
        label = _("Lien")
        template = "newsroom/blocks/link.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraphe"), features=["bold", "italic", "link", "ol", "ul"])
    heading = blocks.CharBlock(
        label=_("Intertitre"), max_length=200, form_classname="title", template="newsroom/blocks/heading.html"
    )
    quote = QuoteBlock()
    highlights = HighlightsBlock()
    link = LinkBlock()
