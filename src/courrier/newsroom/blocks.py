"""The blocks an article body is written with."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from courrier.newsroom.choosers import member_chooser_viewset

MemberChooserBlock = member_chooser_viewset.get_block_class(
    name="MemberChooserBlock", module_path="courrier.newsroom.blocks"
)


class QuoteBlock(blocks.StructBlock):
    """A *Citation*: what was said, by a Member of the Assembly or by someone named, in which capacity.

    A quote from a Member is listed on the Member's page (see `MemberQuote`).
    """

    quote = blocks.TextBlock(label=_("Citation"))
    member = MemberChooserBlock(
        label=_("Député"),
        required=False,
        help_text=_("Si la personne citée siège à l'Assemblée nationale : la citation paraîtra sur sa page."),
    )
    speaker = blocks.CharBlock(
        label=_("Auteur"),
        max_length=200,
        required=False,
        help_text=_("Le nom tel qu'imprimé ; obligatoire pour une personne qui n'est pas députée."),
    )
    role = blocks.CharBlock(label=_("Fonction"), max_length=300, required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "newsroom/blocks/quote.html"

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value.get("member") and not value.get("speaker"):
            raise StructBlockValidationError(
                block_errors={"speaker": ValidationError(_("Choisissez un député ou indiquez le nom de l'auteur."))}
            )
        return value

    def get_searchable_content(self, value: Any) -> list[str]:
        content = super().get_searchable_content(value)
        member = value.get("member")
        if member is not None and not value.get("speaker"):
            content.append(member.full_name)
        return content


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
