"""Choosers of the article editor: the decrees an article explains, the Member a quote is from, its category.

Decrees and Members are managed in the register's admin (`ModelViewSet`s, not
snippets), so they have no chooser of their own; these give the editor a
searchable modal, the widget for `ArticleDecree.decree` and the StreamField
block for a quote's Member.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.snippets.views.chooser import ChooseResultsView as SnippetChooseResultsView
from wagtail.snippets.views.chooser import ChooseView as SnippetChooseView
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from courrier.core.collation import French
from courrier.parliament.models import Decree, Member


class _QueryFilterForm(BaseFilterForm):
    """A chooser's search box: `q`, looked up by `lookup`, a QuerySet method of the model."""

    lookup = ""

    def filter(self, objects: QuerySet[Any]) -> QuerySet[Any]:
        query = (self.cleaned_data.get("q") or "").strip()
        if not query:
            return objects
        self.is_searching = True
        self.search_query = query
        return getattr(objects, self.lookup)(query)


class DecreeSearchForm(_QueryFilterForm):
    lookup = "matching"
    q = forms.CharField(
        label=_("Numéro ou mots du titre"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("p. ex. 1329-2022 ou « assurance médicaments »")}),
    )


class CategorySearchForm(_QueryFilterForm):
    lookup = "named"
    q = forms.CharField(
        label=_("Nom"), required=False, widget=forms.TextInput(attrs={"placeholder": _("p. ex. santé")})
    )


class CategoryChooseView(SnippetChooseView):
    filter_form_class = CategorySearchForm


class CategoryChooseResultsView(SnippetChooseResultsView):
    filter_form_class = CategorySearchForm


class CategoryChooserViewSet(SnippetChooserViewSet):
    """The article editor's category modal: searchable by name, accents aside, in French order."""

    choose_view_class = CategoryChooseView
    choose_results_view_class = CategoryChooseResultsView


class MemberSearchForm(_QueryFilterForm):
    lookup = "named"
    q = forms.CharField(label=_("Nom"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Nom")}))


class DecreeColumnsMixin:
    filter_form_class = DecreeSearchForm
    ordering = ["-year", "-number"]

    def get_object_list(self) -> QuerySet[Decree]:
        return Decree.objects.defer("summary", "full_text")

    @property
    def columns(self) -> list[Column]:
        return [
            *super().columns,  # type: ignore[misc]
            Column("decree_title", label=_("Objet"), accessor="title"),
            Column("published", label=_("Publié"), accessor=lambda d: _("oui") if d.is_published else _("non")),
        ]


class DecreeChooseView(DecreeColumnsMixin, ChooseView):
    pass


class DecreeChooseResultsView(DecreeColumnsMixin, ChooseResultsView):
    pass


class MemberColumnsMixin:
    filter_form_class = MemberSearchForm
    ordering = [French("last_name"), French("first_name")]

    def get_object_list(self) -> QuerySet[Member]:
        return Member.objects.select_related("party")

    @property
    def columns(self) -> list[Column]:
        return [
            *super().columns,  # type: ignore[misc]
            Column("party", label=_("Parti"), accessor="party_label"),
            Column("riding", label=_("Circonscription"), accessor="riding"),
        ]


class MemberChooseView(MemberColumnsMixin, ChooseView):
    pass


class MemberChooseResultsView(MemberColumnsMixin, ChooseResultsView):
    pass


class DecreeChooserViewSet(ChooserViewSet):
    model = Decree
    icon = "doc-full-inverse"
    choose_one_text = _("Choisir un décret")
    choose_another_text = _("Choisir un autre décret")
    edit_item_text = _("Modifier le décret")
    choose_view_class = DecreeChooseView
    choose_results_view_class = DecreeChooseResultsView
    per_page = 20


class MemberChooserViewSet(ChooserViewSet):
    model = Member
    icon = "user"
    choose_one_text = _("Choisir un député")
    choose_another_text = _("Choisir un autre député")
    edit_item_text = _("Modifier le député")
    choose_view_class = MemberChooseView
    choose_results_view_class = MemberChooseResultsView
    per_page = 20


decree_chooser_viewset = DecreeChooserViewSet("decree_chooser", url_prefix="choisir-decret")
member_chooser_viewset = MemberChooserViewSet("member_chooser", url_prefix="choisir-depute")
