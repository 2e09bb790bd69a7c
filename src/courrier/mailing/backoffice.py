"""Envois in the Wagtail admin: blocked addresses (see, add, lift), the provider reports that match
nothing we sent (confirm or dismiss) and the consent log (see, export).

Changes go through `courrier.mailing.actions`; nothing here is deleted or edited in
place: a suppression is lifted (the row stays), a report is decided once, a consent
record is append-only.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Case, QuerySet, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import CreateView, IndexView, PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from courrier.accounts.models import User
from courrier.licensing.backoffice.base import ActionRecordsViewSetMixin
from courrier.mailing import actions
from courrier.mailing.models import (
    ConsentAction,
    ConsentRecord,
    MailingError,
    Suppression,
    SuppressionReason,
    SuppressionReport,
    SuppressionReportStatus,
)


class SuppressionFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("État"),
        choices=[("active", gettext_lazy("bloquées")), ("lifted", gettext_lazy("levées"))],
        empty_label=gettext_lazy("Toutes"),
        method="filter_state",
        widget=forms.RadioSelect,
    )
    reason = django_filters.ChoiceFilter(
        label=gettext_lazy("Motif"), choices=SuppressionReason.choices, empty_label=gettext_lazy("Tous")
    )

    class Meta:
        model = Suppression
        fields: list[str] = []

    def filter_state(self, queryset: QuerySet[Suppression], name: str, value: str) -> QuerySet[Suppression]:
        return queryset.filter(lifted_at__isnull=value == "active")


class SuppressionForm(WagtailAdminModelForm):
    class Meta:
        model = Suppression
        fields = ["email", "detail"]
        labels = {"detail": gettext_lazy("Raison")}

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if Suppression.objects.active().filter(email=email).exists():
            raise forms.ValidationError(_("Cette adresse est déjà bloquée."))
        return email


class SuppressionIndexView(IndexView):
    url_namespace = ""

    @cached_property
    def columns(self) -> list[Column]:
        return [
            # Wagtail's title column, which also carries the row's buttons ("Lever").
            self._get_title_column("email"),
            Column("reason", label=_("Motif"), accessor="get_reason_display"),
            Column("source", label=_("Source")),
            DateColumn("created_at", label=_("Ajoutée le"), sort_key="created_at"),
            StatusTagColumn(
                "lifted_at",
                label=_("État"),
                accessor=lambda row: _("bloquée") if row.is_active else _("levée"),
                primary=lambda row: row.is_active,
            ),
        ]

    def get_list_more_buttons(self, instance: Suppression) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        if instance.is_active and self.user_has_permission("change"):
            buttons.append(
                ListingButton(
                    _("Lever"),
                    url=reverse(f"{self.url_namespace}:lift", args=[instance.pk]),
                    icon_name="undo",
                    priority=10,
                )
            )
        return buttons


class SuppressionCreateView(CreateView):
    url_namespace = ""

    def get_edit_url(self) -> str:
        # No edit view: a suppression is never changed, only lifted.
        return reverse(f"{self.url_namespace}:inspect", args=[self.object.pk])

    def save_instance(self) -> Suppression:
        user = self.request.user
        suppression = actions.suppress_address(
            email=self.form.cleaned_data["email"],
            reason=SuppressionReason.MANUAL,
            source=f"équipe:{getattr(user, 'email', '')}",
            detail=self.form.cleaned_data.get("detail", ""),
        )
        # None: blocked by someone else since the form was checked; show that row.
        return suppression or Suppression.objects.active().get(email=self.form.cleaned_data["email"])


class RowDecisionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One row of a listing and a decision about it: GET shows it and asks, POST applies `decide` (an action)
    and returns to the listing with what was done, or why nothing was."""

    permission_required = "change"
    url_namespace = ""
    model: type[Suppression | SuppressionReport]
    object: Suppression | SuppressionReport
    index_label: Any = ""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])  # type: ignore[assignment]

    def get_page_subtitle(self) -> str:
        return self.object.email

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{self.url_namespace}:index"), "label": self.index_label},
            {"url": "", "label": self.object.email},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(cancel_url=reverse(f"{self.url_namespace}:index"))
        return context

    def decide(self, by: User | None) -> str:
        """Apply the decision through `actions`; what to tell staff."""
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        try:
            done = self.decide(user if isinstance(user, User) else None)
        except MailingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect(f"{self.url_namespace}:index")


class LiftSuppressionView(RowDecisionView):
    """GET asks to confirm; POST lifts through `actions.lift_suppression` and returns to the list."""

    template_name = "mailing/admin/lift_suppression.html"
    header_icon = "undo"
    page_title = gettext_lazy("Lever le blocage")
    model = Suppression
    index_label = gettext_lazy("Adresses bloquées")
    object: Suppression

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "suppression": self.object}

    def decide(self, by: User | None) -> str:
        actions.lift_suppression(suppression=self.object, by=by)
        return _("%(email)s peut de nouveau recevoir les envois.") % {"email": self.object.email}


class SuppressionViewSet(ActionRecordsViewSetMixin, ModelViewSet):
    allows_adding = True  # blocking an address by hand
    model = Suppression
    name = "suppressions"
    url_prefix = "adresses-bloquees"
    icon = "warning"
    menu_label = gettext_lazy("Adresses bloquées")
    add_to_admin_menu = False
    index_view_class = SuppressionIndexView
    add_view_class = SuppressionCreateView
    inspect_view_enabled = True
    inspect_view_fields = ["email", "reason", "source", "detail", "created_at", "lifted_at", "lifted_by"]
    copy_view_enabled = False
    filterset_class = SuppressionFilterSet
    search_fields = ["email"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return SuppressionForm

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path(
                "lever/<int:pk>/",
                self.construct_view(LiftSuppressionView, **self.get_common_view_kwargs()),
                name="lift",
            ),
        ]


# Reports to check ---------------------------------------------------------------------------


class SuppressionReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("État"),
        choices=SuppressionReportStatus.choices,
        empty_label=gettext_lazy("Tous"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SuppressionReport
        fields: list[str] = []


class SuppressionReportIndexView(IndexView):
    url_namespace = ""

    @cached_property
    def columns(self) -> list[Column]:
        return [
            self._get_title_column("email"),
            Column("reason", label=_("Motif"), accessor="get_reason_display"),
            Column("source", label=_("Source")),
            DateColumn("received_at", label=_("Reçu le"), sort_key="received_at"),
            StatusTagColumn(
                "status", label=_("État"), accessor="get_status_display", primary=lambda row: row.is_pending
            ),
        ]

    def get_base_queryset(self) -> QuerySet[SuppressionReport]:
        # Those still to check first; then the decided ones, newest first.
        queryset: QuerySet[SuppressionReport] = super().get_base_queryset()
        return queryset.order_by(Case(When(status=SuppressionReportStatus.PENDING, then=0), default=1), "-received_at")

    def get_list_more_buttons(self, instance: SuppressionReport) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        if instance.is_pending and self.user_has_permission("change"):
            buttons += [
                ListingButton(
                    _("Confirmer : bloquer l'adresse"),
                    url=reverse(f"{self.url_namespace}:confirm", args=[instance.pk]),
                    icon_name="warning",
                    priority=10,
                ),
                ListingButton(
                    _("Écarter"),
                    url=reverse(f"{self.url_namespace}:dismiss", args=[instance.pk]),
                    icon_name="cross",
                    priority=20,
                ),
            ]
        return buttons


class DecideReportView(RowDecisionView):
    """GET shows the report and asks to confirm the decision; POST applies it through `actions`."""

    template_name = "mailing/admin/decide_report.html"
    header_icon = "warning"
    model = SuppressionReport
    index_label = gettext_lazy("Signalements à vérifier")
    object: SuppressionReport
    decision = ""  # "confirm" or "dismiss"

    def get_page_title(self) -> str:
        if self.decision == "confirm":
            return _("Confirmer le signalement et bloquer l'adresse")
        return _("Écarter le signalement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "report": self.object,
            "decision": self.decision,
            "blocked": Suppression.objects.active().filter(email=self.object.email).exists(),
        }

    def decide(self, by: User | None) -> str:
        if self.decision == "confirm":
            actions.confirm_suppression_report(report=self.object, by=by)
            return _("%(email)s est bloquée : aucun envoi ne l'atteindra plus.") % {"email": self.object.email}
        actions.dismiss_suppression_report(report=self.object, by=by)
        return _("Signalement écarté : %(email)s continue de recevoir les envois.") % {"email": self.object.email}


class SuppressionReportViewSet(ActionRecordsViewSetMixin, ModelViewSet):
    model = SuppressionReport
    name = "suppression_reports"
    url_prefix = "signalements"
    icon = "warning"
    menu_label = gettext_lazy("Signalements à vérifier")
    add_to_admin_menu = False
    index_view_class = SuppressionReportIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "reason",
        "source",
        "detail",
        "provider_message_id",
        "event_id",
        "received_at",
        "status",
        "decided_at",
        "decided_by",
        "suppression",
    ]
    copy_view_enabled = False
    filterset_class = SuppressionReportFilterSet
    search_fields = ["email"]
    search_backend_name = None
    list_per_page = 50

    def get_urlpatterns(self) -> list[URLPattern]:
        decide = self.get_common_view_kwargs()
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path(
                "confirmer/<int:pk>/",
                self.construct_view(DecideReportView, decision="confirm", **decide),
                name="confirm",
            ),
            path(
                "ecarter/<int:pk>/",
                self.construct_view(DecideReportView, decision="dismiss", **decide),
                name="dismiss",
            ),
        ]


# Consent -------------------------------------------------------------------------------------


class ConsentFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Choix"), choices=ConsentAction.choices, empty_label=gettext_lazy("Tous")
    )
    list_key = django_filters.CharFilter(label=gettext_lazy("Liste"))

    class Meta:
        model = ConsentRecord
        fields: list[str] = []


class ConsentIndexView(IndexView):
    @cached_property
    def header_more_buttons(self) -> list[Any]:
        # CSV only: the XLSX export needs a library we do not ship.
        return [button for button in super().header_more_buttons if "export=xlsx" not in (button.url or "")]


class ConsentRecordViewSet(ActionRecordsViewSetMixin, ModelViewSet):
    model = ConsentRecord
    name = "consents"
    url_prefix = "consentements"
    icon = "tasks"
    menu_label = gettext_lazy("Consentements")
    add_to_admin_menu = False
    index_view_class = ConsentIndexView
    list_display = ["email", "list_key", "action", "source", "created_at"]
    list_export = ["created_at", "email", "list_key", "action", "source", "wording", "user_id"]
    export_filename = "consentements"
    inspect_view_enabled = True
    inspect_view_fields = ["email", "user", "list_key", "action", "source", "wording", "created_at"]
    copy_view_enabled = False
    filterset_class = ConsentFilterSet
    search_fields = ["email"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    list_per_page = 50

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
