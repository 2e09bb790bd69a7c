from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courrier.core.page_cache import keep_private
from courrier.licensing.entitlements import entitlement, register_reading_carriers
from courrier.newsroom import actions
from courrier.newsroom.admin_search import CourrierPageViewSet, page_viewset
from courrier.newsroom.choosers import CategoryChooserViewSet, decree_chooser_viewset, member_chooser_viewset
from courrier.newsroom.models import ArticlePage, Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Catégories")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "slug"]
    search_fields = ["name"]
    chooser_viewset_class = CategoryChooserViewSet


register_snippet(CategoryViewSet)


@hooks.register("register_admin_viewset")
def register_decree_chooser() -> ChooserViewSet:
    """The modal the article editor picks explained decrees in."""
    return decree_chooser_viewset


@hooks.register("register_admin_viewset")
def register_member_chooser() -> ChooserViewSet:
    """The modal a quote block picks its Member in."""
    return member_chooser_viewset


# After Wagtail's own (order 0), which registers its viewset for every page type under the same key.
@hooks.register("register_admin_viewset", order=1)
def register_page_viewset() -> CourrierPageViewSet:
    """Wagtail's page views, whose search filters by the explorable pages' conditions (`admin_search`)."""
    return page_viewset


@hooks.register("before_serve_document")
def serve_documents_to_readers_only(document: AbstractDocument, request: HttpRequest) -> HttpResponse | None:
    """Documents are part of what subscribers pay for, drafts' attachments included.

    Whoever may not read gets the licence wall saying why; a reading link opens only the
    documents its email's articles link to. Either answer depends on who asks, so no cache
    may keep it (Wagtail's view sets no such header on the file).
    """
    keep_private(request)
    access = entitlement(request)
    if access.may_read(document):
        return None
    return render(request, "newsroom/includes/document_refused.html", {"access": access}, status=403)


def _articles_linking(documents: list[AbstractDocument]) -> list[tuple[AbstractDocument, ArticlePage]]:
    """(document, live article linking to it) pairs, from Wagtail's reference index (two queries)."""
    by_id = {str(document.pk): document for document in documents}
    references = ReferenceIndex.get_references_to_in_bulk(documents).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    pairs = list(references.values_list("to_object_id", "object_id").distinct())
    articles = ArticlePage.objects.live().in_bulk({int(article) for _, article in pairs})
    return [
        (by_id[document], articles[int(article)])
        for document, article in pairs
        if document in by_id and int(article) in articles
    ]


# A reading link opens a document only with an article its email carried that links to it.
register_reading_carriers(get_document_model(), _articles_linking)


def _by_autosave(request: HttpRequest) -> bool:
    """Wagtail's autosave asks for JSON; the editor's own Save and Publish buttons for a page."""
    return not request.accepts("text/html")


@hooks.register("after_create_page")
def note_an_autosaved_article(request: HttpRequest, page: Page) -> None:
    """A new article first saved by autosave is marked, to be removed if its editor never comes back."""
    if isinstance(page.specific, ArticlePage):
        if _by_autosave(request):
            actions.note_autosaved_draft(article=page.specific)
        else:
            actions.keep_draft(article_id=page.pk)


@hooks.register("after_edit_page")
def keep_an_article_its_editor_saved(request: HttpRequest, page: Page) -> None:
    if isinstance(page.specific, ArticlePage) and not _by_autosave(request):
        actions.keep_draft(article_id=page.pk)
