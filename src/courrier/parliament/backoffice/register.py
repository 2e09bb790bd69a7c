"""The register in the Wagtail admin: decrees (filters, search by number, import), Gazette issues (with
the entry of an issue's decrees), ministries, members with their roles, and parties.

Forms validate through the models' `clean()`, so editors get the same French messages as the actions.
"""

from __future__ import annotations

import logging
from typing import Any

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Count, Prefetch, ProtectedError, Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import ReferenceIndex
from wagtail.permission_policies import ModelPermissionPolicy

from courrier.core.collation import French
from courrier.core.dates import display_date
from courrier.core.fields import database_int
from courrier.parliament.backoffice.intake import DecreeEntryView, DecreeImportConfirmView, DecreeImportView
from courrier.parliament.decree_numbers import DecreeNumberError, parse_decree_number
from courrier.parliament.gazette import next_gazette_day, probable_issue_number, volume_of
from courrier.parliament.models import (
    HEAD_KINDS,
    Decree,
    DecreeCategory,
    DecreeQuerySet,
    GazetteIssue,
    Member,
    MemberRole,
    Ministry,
    Party,
)

logger = logging.getLogger(__name__)

NUMBER_ONLY_DIGITS = 4  # a bare number searched for is at most four digits; longer input is searched in titles
TITLE_WORDS = 18


class ProtectedDeleteView(DeleteView):
    """Deleting what decrees or members still point to is refused with a message, never a server error."""

    protected_message = gettext_lazy("Suppression impossible : des fiches du registre y renvoient encore.")

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            logger.info("Deletion of %s %s refused: still referenced", self.model.__name__, self.object.pk)
            messages.error(self.request, str(self.protected_message))
            return HttpResponseRedirect(self.get_success_url())


class MemberDeleteView(ProtectedDeleteView):
    """A Member an article still quotes is kept: the quote would lose its author.

    Quotes name their Member inside an article's body, where no foreign key can protect
    them; Wagtail's reference index knows every body that does. Roles go with the Member.
    """

    quoted_message = gettext_lazy(
        "Suppression impossible : des articles citent ce député. "
        "S'il ne siège plus, indiquez plutôt la fin de son mandat."
    )

    def form_valid(self, form: forms.Form) -> HttpResponse:
        if ReferenceIndex.get_references_to(self.object).exists():
            logger.info("Deletion of member %s refused: still quoted", self.object.pk)
            messages.error(self.request, str(self.quoted_message))
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


# Decrees -------------------------------------------------------------------------------------


def decree_years() -> list[tuple[str, str]]:
    years = Decree.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(year), str(year)) for year in years]


class DecreeFilterSet(WagtailFilterSet):
    ministere = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Ministère"),
        field_name="ministries",
        queryset=Ministry.objects.all(),
        empty_label=gettext_lazy("Tous"),
    )
    categorie = django_filters.ChoiceFilter(
        label=gettext_lazy("Catégorie"),
        field_name="category",
        choices=DecreeCategory.choices,
        empty_label=gettext_lazy("Toutes"),
    )
    annee = django_filters.ChoiceFilter(
        label=gettext_lazy("Année"), field_name="year", choices=decree_years, empty_label=gettext_lazy("Toutes")
    )
    gazette = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Numéro de la Gazette"),
        field_name="gazette_issue",
        queryset=GazetteIssue.objects.all(),
        empty_label=gettext_lazy("Tous"),
    )

    class Meta:
        model = Decree
        fields: list[str] = []


def ministry_acronyms(decree: Decree) -> str:
    return ", ".join(ministry.acronym for ministry in decree.ministries.all())


class DecreeIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Decree]:
        return super().get_base_queryset().select_related("gazette_issue").prefetch_related("ministries")

    def search_queryset(self, queryset: DecreeQuerySet) -> DecreeQuerySet:
        """A decree number (« 1329-2022 », « n° 812-95 ») finds that decree; digits alone, a number; words, titles."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        try:
            return queryset.numbered(parse_decree_number(query))
        except DecreeNumberError:
            pass
        if (number := database_int(query)) is not None and len(query) <= NUMBER_ONLY_DIGITS:
            return queryset.filter(Q(number=number) | Q(title__icontains=query))
        return queryset.filter(title__icontains=query)

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        buttons: list[HeaderButton] = list(super().header_buttons)
        if self.user_has_permission("add"):
            buttons.append(HeaderButton(_("Importer des décrets"), url=reverse("decrees:import"), icon_name="upload"))
        issue = database_int(self.request.GET.get("gazette"))
        if issue is not None and self.request.user.has_perm("alerts.add_decreealert"):
            # Once an issue's decrees are entered, the next step: its publication (the alerts app's page, by name).
            buttons.append(publish_button(issue))
        return buttons

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("number", label=_("Numéro"), accessor="formatted_number", get_url=self.get_edit_url),
            Column("made_on", label=_("Pris le"), accessor=lambda d: display_date(d.made_on), sort_key="made_on"),
            Column("title", label=_("Titre"), accessor=lambda d: Truncator(d.title).words(TITLE_WORDS)),
            Column("category", label=_("Catégorie"), accessor="get_category_display", sort_key="category"),
            Column("ministries", label=_("Ministères"), accessor=ministry_acronyms),
            Column(
                "gazette_issue",
                label=_("Gazette"),
                accessor=lambda d: display_date(d.gazette_issue.published_on) if d.gazette_issue else "—",
            ),
        ]


class DecreeViewSet(ModelViewSet):
    model = Decree
    name = "decrees"
    url_prefix = "decrets"
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Décrets")
    index_view_class = DecreeIndexView
    filterset_class = DecreeFilterSet
    search_fields = ["title"]
    ordering = ["-year", "-number"]
    list_per_page = 50
    copy_view_enabled = False
    panels = [
        FieldRowPanel(
            [FieldPanel("number"), FieldPanel("year"), FieldPanel("made_on")], heading=gettext_lazy("Décret")
        ),
        FieldPanel("title", widget=forms.Textarea(attrs={"rows": 2})),
        FieldPanel("category"),
        FieldPanel("ministries", widget=forms.CheckboxSelectMultiple),
        FieldPanel("enabling_statute"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("gazette_issue"), FieldPanel("page")]), FieldPanel("section")],
            heading=gettext_lazy("Publication dans la Gazette"),
        ),
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("page_count"), FieldPanel("full_text")],
            heading=gettext_lazy("Texte ou avis"),
        ),
    ]

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            *super().get_urlpatterns(),
            path("importer/", DecreeImportView.as_view(), name="import"),
            path("importer/confirmer/", DecreeImportConfirmView.as_view(), name="import_confirm"),
        ]


# Gazette issues ------------------------------------------------------------------------------


def issue_years() -> list[tuple[str, str]]:
    days = GazetteIssue.objects.dates("published_on", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in days]


class GazetteIssueFilterSet(WagtailFilterSet):
    annee = django_filters.ChoiceFilter(
        label=gettext_lazy("Année"),
        field_name="published_on__year",
        choices=issue_years,
        empty_label=gettext_lazy("Toutes"),
    )

    class Meta:
        model = GazetteIssue
        fields: list[str] = []


def entry_url(issue: GazetteIssue) -> str:
    return reverse("gazette_issues:enter_decrees", args=[issue.pk])


def publish_button(issue_id: int) -> HeaderButton:
    """To the alerts app's confirmation page (by URL name: parliament does not import the apps above it)."""
    return HeaderButton(
        _("Publier les décrets et envoyer l'Alerte Décrets"),
        url=reverse("alerts_publish", args=[issue_id]),
        icon_name="mail",
        priority=30,
    )


def can_add_decrees(request: object) -> bool:
    return bool(ModelPermissionPolicy(Decree).user_has_permission(getattr(request, "user", None), "add"))


class GazetteIssueIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[GazetteIssue]:
        return super().get_base_queryset().annotate(decree_count=Count("decrees"))

    def get_list_more_buttons(self, instance: GazetteIssue) -> list[Any]:
        buttons: list[Any] = super().get_list_more_buttons(instance)
        if can_add_decrees(self.request):
            buttons.append(
                MenuItem(_("Saisir les décrets"), url=entry_url(instance), icon_name="doc-full-inverse", priority=15)
            )
        return buttons

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "published_on",
                label=_("Publiée le"),
                accessor=lambda issue: display_date(issue.published_on, "l j F Y"),
                get_url=self.get_edit_url,
                sort_key="published_on",
            ),
            Column("part", label=_("Partie"), accessor="part"),
            Column("volume", label=_("Année (volume)"), accessor="volume"),
            Column("number", label=_("Numéro"), accessor="number"),
            Column("decree_count", label=_("Décrets"), accessor="decree_count", sort_key="decree_count"),
        ]


class GazetteIssueCreateView(CreateView):
    def get_initial_form_instance(self) -> GazetteIssue:
        """The next Gazette day, with the volume and number it usually prints, for the editor to check."""
        day = next_gazette_day(timezone.localdate())
        return GazetteIssue(published_on=day, volume=volume_of(day.year), number=probable_issue_number(day))

    def get_success_url(self) -> str:
        """The next step: entering the issue's decrees (for whoever may add them)."""
        return entry_url(self.object) if can_add_decrees(self.request) else super().get_success_url()


class GazetteIssueEditView(EditView):
    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        buttons: list[HeaderButton] = list(super().header_buttons)
        if can_add_decrees(self.request):
            buttons += [
                HeaderButton(
                    _("Saisir les décrets de ce numéro"),
                    url=entry_url(self.object),
                    icon_name="doc-full-inverse",
                    priority=10,
                ),
                HeaderButton(
                    _("Importer des décrets"),
                    url=f"{reverse('decrees:import')}?gazette={self.object.pk}",
                    icon_name="upload",
                    priority=20,
                ),
            ]
        if self.request.user.has_perm("alerts.add_decreealert"):
            buttons.append(publish_button(self.object.pk))
        return buttons


class GazetteIssueViewSet(ModelViewSet):
    model = GazetteIssue
    name = "gazette_issues"
    url_prefix = "gazette"
    icon = "doc-empty"
    menu_label = gettext_lazy("Numéros de la Gazette")
    index_view_class = GazetteIssueIndexView
    add_view_class = GazetteIssueCreateView
    edit_view_class = GazetteIssueEditView
    delete_view_class = ProtectedDeleteView
    filterset_class = GazetteIssueFilterSet
    form_fields = ["part", "published_on", "volume", "number", "pdf_url"]
    ordering = ["-published_on", "-number"]
    list_per_page = 50
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/decrets/", DecreeEntryView.as_view(), name="enter_decrees"),
        ]


# Ministries ----------------------------------------------------------------------------------


class MinistryFilterSet(WagtailFilterSet):
    active = django_filters.BooleanFilter(label=gettext_lazy("Actif"), widget=forms.NullBooleanSelect)

    class Meta:
        model = Ministry
        fields: list[str] = []


def current_minister(ministry: Ministry) -> str:
    heads = getattr(ministry, "current_heads", [])
    return heads[0].member.full_name if heads else "—"


class MinistryIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Ministry]:
        """The minister of the day comes in one more query, not one per ministry."""
        heads = (
            MemberRole.objects.current(on=timezone.localdate())
            .filter(kind__in=HEAD_KINDS)
            .select_related("member")
            .order_by("-started_on", "-pk")
        )
        return super().get_base_queryset().prefetch_related(Prefetch("roles", queryset=heads, to_attr="current_heads"))

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("name", label=_("Ministère"), get_url=self.get_edit_url, sort_key="name"),
            Column("acronym", label=_("Sigle"), sort_key="acronym"),
            Column("minister", label=_("Ministre aujourd'hui"), accessor=current_minister),
            Column("email_domain", label=_("Domaine de courriel")),
            BooleanColumn("active", label=_("Actif")),
        ]


class MinistryViewSet(ModelViewSet):
    model = Ministry
    name = "ministries"
    url_prefix = "ministeres"
    icon = "site"
    menu_label = gettext_lazy("Ministères")
    index_view_class = MinistryIndexView
    delete_view_class = ProtectedDeleteView
    filterset_class = MinistryFilterSet
    search_fields = ["name", "acronym"]
    form_fields = ["name", "acronym", "slug", "email_domain", "active"]
    ordering = [French("name")]
    list_per_page = 50
    copy_view_enabled = False


# Members -------------------------------------------------------------------------------------


class MemberFilterSet(WagtailFilterSet):
    parti = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Parti"), field_name="party", queryset=Party.objects.all(), empty_label=gettext_lazy("Tous")
    )
    en_fonction = django_filters.BooleanFilter(
        label=gettext_lazy("En fonction aujourd'hui"), method="filter_in_office", widget=forms.NullBooleanSelect
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def filter_in_office(self, queryset: QuerySet[Member], name: str, value: bool | None) -> QuerySet[Member]:
        if value is None:
            return queryset
        sitting = Member.objects.in_office(on=timezone.localdate())
        return queryset.filter(pk__in=sitting) if value else queryset.exclude(pk__in=sitting)


def current_roles(member: Member) -> str:
    return "; ".join(role.label for role in getattr(member, "current_roles", []))


class MemberIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Member]:
        roles = MemberRole.objects.current(on=timezone.localdate()).select_related("ministry")
        return (
            super()
            .get_base_queryset()
            .select_related("party")
            .prefetch_related(Prefetch("roles", queryset=roles, to_attr="current_roles"))
        )

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "last_name",
                label=_("Député"),
                accessor=lambda m: f"{m.last_name}, {m.first_name}",
                get_url=self.get_edit_url,
                sort_key="last_name",
            ),
            Column("party", label=_("Parti"), accessor="party_label"),
            Column("riding", label=_("Circonscription"), sort_key="riding"),
            Column("roles", label=_("Fonctions aujourd'hui"), accessor=current_roles),
        ]


class MemberViewSet(ModelViewSet):
    model = Member
    name = "members"
    url_prefix = "deputes"
    icon = "user"
    menu_label = gettext_lazy("Députés")
    index_view_class = MemberIndexView
    delete_view_class = MemberDeleteView
    filterset_class = MemberFilterSet
    search_fields = ["first_name", "last_name", "riding"]
    ordering = [French("last_name"), French("first_name")]
    list_per_page = 50
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")], heading=gettext_lazy("Nom")),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("party"), FieldPanel("riding")]),
        FieldRowPanel([FieldPanel("took_office_on"), FieldPanel("left_office_on")], heading=gettext_lazy("Mandat")),
        InlinePanel(
            "roles",
            heading=gettext_lazy("Fonctions"),
            label=gettext_lazy("Fonction"),
            panels=[
                FieldRowPanel([FieldPanel("kind"), FieldPanel("ministry")]),
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
            ],
        ),
    ]


# Parties -------------------------------------------------------------------------------------


class PartyIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Party]:
        return super().get_base_queryset().annotate(member_count=Count("members"))

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("name", label=_("Parti"), get_url=self.get_edit_url, sort_key="name"),
            Column("short_name", label=_("Sigle"), sort_key="short_name"),
            Column("member_count", label=_("Députés"), sort_key="member_count"),
        ]


class PartyViewSet(ModelViewSet):
    model = Party
    name = "parties"
    url_prefix = "partis"
    icon = "group"
    menu_label = gettext_lazy("Partis")
    index_view_class = PartyIndexView
    delete_view_class = ProtectedDeleteView
    form_fields = ["name", "short_name"]
    ordering = [French("name")]
    copy_view_enabled = False
