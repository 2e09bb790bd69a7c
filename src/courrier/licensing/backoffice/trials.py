"""The queue of trial requests: pending ones first; staff approve (for a number of days) or decline.

Requests come from the public form and are never edited nor deleted here, only decided,
through `actions.approve_trial`, `actions.attach_trial` and `actions.decline_trial` (which email
on commit). A request whose name or email domain resembles an existing organisation is shown as a
conflict, in the queue and on its page: approving always creates a new organisation, and attaching
to the existing one is a distinct, confirmed choice that changes nothing there.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.urls import URLPattern, path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from courrier.core.wording import to_name
from courrier.licensing.actions import approve_trial, attach_trial, decline_trial
from courrier.licensing.backoffice.base import (
    ActionFormView,
    ActionRecordsViewSetMixin,
    format_day,
    format_moment,
    object_or_404,
)
from courrier.licensing.backoffice.forms import ApproveTrialForm
from courrier.licensing.backoffice.organizations import OrganizationViewSet
from courrier.licensing.models import Organization, Resemblance, TrialRequest, TrialRequestStatus


class TrialRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Statut"),
        choices=TrialRequestStatus.choices,
        empty_label=gettext_lazy("Toutes"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = TrialRequest
        fields: list[str] = []


def organization_url(organization: Organization) -> str:
    return reverse(f"{OrganizationViewSet.name}:inspect", args=[organization.pk])


def resemblances_of(trial: TrialRequest) -> list[Resemblance]:
    """The organisations a pending request could be taken for (a decided one is past that question)."""
    if trial.status != TrialRequestStatus.PENDING:
        return []
    (resemblances,) = Organization.objects.resemblances([(trial.organization_name, trial.domain)])
    return resemblances


class ConflictColumn(Column):
    """« Conflit : ressemble à … » for a pending request resembling existing organisations, else nothing."""

    cell_template_name = "licensing/admin/trial_conflict_cell.html"

    def __init__(self, name: str, *, conflicts: dict[int, list[Resemblance]], **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.conflicts = conflicts

    def get_value(self, instance: TrialRequest) -> list[Resemblance]:
        return self.conflicts.get(instance.pk, [])


class TrialRequestIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[TrialRequest]:
        pending_first = Case(
            When(status=TrialRequestStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return super().get_base_queryset().annotate(queue_order=pending_first)

    def get_table(self, object_list: Any) -> Any:
        # One query for the whole page, before the cells ask.
        pending = [trial for trial in object_list if trial.status == TrialRequestStatus.PENDING]
        found = Organization.objects.resemblances([(trial.organization_name, trial.domain) for trial in pending])
        self.conflicts.update({trial.pk: resemblances for trial, resemblances in zip(pending, found, strict=True)})
        return super().get_table(object_list)

    @cached_property
    def conflicts(self) -> dict[int, list[Resemblance]]:
        return {}

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "organization_name",
                label=_("Organisation"),
                sort_key="organization_name",
                get_url=self.get_inspect_url,
            ),
            Column("contact_name", label=_("Personne-ressource")),
            Column("email", label=_("Courriel")),
            DateColumn("created_at", label=_("Reçue"), sort_key="created_at"),
            StatusTagColumn(
                "status",
                label=_("Statut"),
                accessor="get_status_display",
                sort_key="queue_order",
                primary=lambda trial: trial.status == TrialRequestStatus.PENDING,
            ),
            ConflictColumn("conflict", label=_("Conflit"), conflicts=self.conflicts),
        ]


class TrialRequestInspectView(InspectView):
    template_name = "licensing/admin/trial_request_inspect.html"
    url_namespace = ""

    def get_object(self, queryset: QuerySet[TrialRequest] | None = None) -> TrialRequest:
        return object_or_404(TrialRequest.objects.select_related("organization", "licence", "decided_by"), self.pk)

    def get_page_title(self) -> str:
        return self.object.organization_name

    def get_page_subtitle(self) -> str:
        return ""

    def get_fields_context(self) -> list[dict[str, Any]]:
        undecided = {"decided_at", "decided_by"} if self.object.status == TrialRequestStatus.PENDING else set()
        return [self.get_context_for_field(name) for name in self.fields if name not in undecided]

    def get_field_label(self, field_name: str, field: Any) -> str:
        if field_name == "decided_by":
            return _("Traitée par")
        return super().get_field_label(field_name, field)

    def get_status_display_value(self) -> str:
        return capfirst(self.object.get_status_display())

    def get_created_at_display_value(self) -> str:
        return format_moment(self.object.created_at)

    def get_decided_at_display_value(self) -> str:
        return format_moment(self.object.decided_at)

    def get_decided_by_display_value(self) -> str:
        return str(self.object.decided_by or "—")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        trial: TrialRequest = self.object
        pending = trial.status == TrialRequestStatus.PENDING
        context.update(
            trial=trial,
            can_decide=pending and self.user_has_permission("change"),
            approve_form=ApproveTrialForm(initial={"organization_name": trial.organization_name}),
            approve_url=reverse(f"{self.url_namespace}:approve", args=[trial.pk]),
            decline_url=reverse(f"{self.url_namespace}:decline", args=[trial.pk]),
            conflicts=conflict_rows(trial, self.url_namespace),
            attached=trial.status == TrialRequestStatus.ATTACHED,
            organization_url=organization_url(trial.organization) if trial.organization else "",
        )
        return context


def conflict_rows(trial: TrialRequest, url_namespace: str) -> list[dict[str, Any]]:
    """Each resemblance of a pending request, with where to see the organisation and to attach to it."""
    return [conflict_row(trial, resemblance, url_namespace) for resemblance in resemblances_of(trial)]


def conflict_row(trial: TrialRequest, resemblance: Resemblance, url_namespace: str) -> dict[str, Any]:
    return {
        "resemblance": resemblance,
        "organization_url": organization_url(resemblance.organization),
        "attach_url": reverse(f"{url_namespace}:attach", args=[trial.pk, resemblance.organization.pk]),
    }


class TrialDecisionView(ActionFormView):
    model = TrialRequest
    header_icon = "mail"

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.trial = object_or_404(TrialRequest.objects.all(), kwargs["pk"])

    def get_success_url(self) -> str:
        return reverse(f"{self.url_namespace}:index")

    def get_page_subtitle(self) -> str:
        return self.trial.organization_name

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{self.url_namespace}:index"), "label": _("Demandes d'essai")},
            {"url": reverse(f"{self.url_namespace}:inspect", args=[self.trial.pk]), "label": str(self.trial)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_summary(self) -> list[tuple[str, Any]]:
        trial = self.trial
        return [
            (_("Organisation"), trial.organization_name),
            (_("Personne-ressource"), f"{trial.contact_name} <{trial.email}>"),
            (_("Statut"), capfirst(trial.get_status_display())),
        ]


class ApproveTrialView(TrialDecisionView):
    form_class = ApproveTrialForm
    template_name = "licensing/admin/trial_decision_form.html"
    page_title = gettext_lazy("Approuver la demande d'essai")
    submit_button_label = gettext_lazy("Approuver : créer une nouvelle organisation")
    explanation = gettext_lazy(
        "Une nouvelle organisation est créée, avec le domaine de l'adresse de la personne-ressource et une "
        "licence d'essai à partir d'aujourd'hui ; la personne-ressource reçoit une invitation à créer son compte "
        "d'administrateur de cette nouvelle organisation. Aucune organisation existante n'est modifiée."
    )

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "organization_name": self.trial.organization_name}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["conflicts"] = conflict_rows(self.trial, self.url_namespace)
        return context

    def perform(self, form: ApproveTrialForm) -> str:
        trial = approve_trial(
            trial=self.trial,
            by=self.staff_member,
            days=form.cleaned_data["days"],
            organization_name=form.cleaned_data["organization_name"],
        )
        self.approved = trial
        assert trial.licence is not None and trial.organization is not None
        return _("Essai accordé %(to_organization)s jusqu'au %(end)s ; invitation envoyée à %(email)s.") % {
            "to_organization": to_name(trial.organization.name),
            "end": format_day(trial.licence.ends_on),
            "email": trial.email,
        }

    def get_success_buttons(self) -> list[tuple[str, str, bool]]:
        assert self.approved.organization is not None
        return [(organization_url(self.approved.organization), _("Voir l'organisation"), False)]


class AttachTrialView(TrialDecisionView):
    """The explicit choice: this request is the existing organisation's. Nothing there changes."""

    template_name = "licensing/admin/trial_decision_form.html"
    page_title = gettext_lazy("Rattacher la demande à une organisation existante")
    destructive = True

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        # Only an organisation the request resembles: any other, existing or not, is not there to attach to.
        found = [r for r in resemblances_of(self.trial) if r.organization.pk == kwargs["organization_pk"]]
        if not found:
            raise Http404
        self.resemblance = found[0]
        self.organization = self.resemblance.organization

    @property
    def submit_button_label(self) -> str:  # type: ignore[override]
        return _("Rattacher à « %(organization)s »") % {"organization": self.organization.name}

    @property
    def explanation(self) -> str:  # type: ignore[override]
        return _(
            "La demande sera traitée comme venant de « %(organization)s », sans rien changer à cette organisation : "
            "aucun domaine, aucun administrateur, aucune licence et aucune place n'y est ajouté. Ne le faites que si "
            "vous savez que la personne-ressource en fait partie. Elle est invitée comme simple lecteur seulement si "
            "son adresse relève déjà d'un domaine de l'organisation (et que celle-ci n'exige pas l'approbation de ses "
            "membres) ; sinon, elle est priée de s'adresser au responsable de l'abonnement. Les administrateurs de "
            "l'organisation sont informés de la demande."
        ) % {"organization": self.organization.name}

    def get_summary(self) -> list[tuple[str, Any]]:
        domains = ", ".join(record.domain for record in self.organization.domains.all())  # prefetched
        return [
            *super().get_summary(),
            (_("Organisation existante"), f"{self.organization.name} ({domains or '—'})"),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(conflicts=[conflict_row(self.trial, self.resemblance, self.url_namespace)], attaching=True)
        return context

    def perform(self, form: forms.Form) -> str:
        attached = attach_trial(trial=self.trial, organization=self.organization, by=self.staff_member)
        if attached.invitation is not None:
            return _(
                "Demande rattachée à « %(organization)s », sans rien y changer ; %(email)s, dont l'adresse relève "
                "de l'organisation, est invité comme lecteur."
            ) % {"organization": self.organization.name, "email": self.trial.email}
        return _(
            "Demande rattachée à « %(organization)s », sans rien y changer ni inviter personne ; %(email)s et les "
            "administrateurs de l'organisation en sont informés."
        ) % {"organization": self.organization.name, "email": self.trial.email}

    def get_success_buttons(self) -> list[tuple[str, str, bool]]:
        return [(organization_url(self.organization), _("Voir l'organisation"), False)]


class DeclineTrialView(TrialDecisionView):
    page_title = gettext_lazy("Refuser la demande d'essai")
    submit_button_label = gettext_lazy("Refuser la demande")
    destructive = True
    explanation = gettext_lazy("La personne-ressource reçoit un courriel l'informant du refus.")

    def perform(self, form: forms.Form) -> str:
        decline_trial(trial=self.trial, by=self.staff_member)
        return _("Demande refusée ; %(email)s en est informé.") % {"email": self.trial.email}


class PendingCountMenuItem(MenuItem):
    """The menu item, with the number of requests waiting for a decision."""

    def render_component(self, request: Any) -> LinkMenuItem:
        pending = TrialRequest.objects.filter(status=TrialRequestStatus.PENDING).count()
        label = f"{self.label} ({pending})" if pending else self.label
        return LinkMenuItem(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class TrialRequestViewSet(ActionRecordsViewSetMixin, ModelViewSet):
    model = TrialRequest
    name = "trial_requests"
    url_prefix = "demandes-essai"
    icon = "mail"
    menu_label = gettext_lazy("Demandes d'essai")
    index_view_class = TrialRequestIndexView
    inspect_view_class = TrialRequestInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "organization_name",
        "contact_name",
        "email",
        "telephone",
        "message",
        "created_at",
        "status",
        "decided_at",
        "decided_by",
    ]
    copy_view_enabled = False
    filterset_class = TrialRequestFilterSet
    search_fields = ["organization_name", "contact_name", "email"]
    ordering = ["queue_order", "-created_at"]
    list_per_page = 50

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        return type("TrialRequestMenuItem", (PendingCountMenuItem, super().menu_item_class), {})

    @property
    def url_finder_class(self) -> type[ModelAdminURLFinder]:
        # Links to a request (from logs, search) open its page: there is no edit view.
        return type("TrialRequestURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("inspect")})

    def get_urlpatterns(self) -> list[URLPattern]:
        decision_kwargs = self.get_common_view_kwargs()
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("approve/<int:pk>/", self.construct_view(ApproveTrialView, **decision_kwargs), name="approve"),
            path("decline/<int:pk>/", self.construct_view(DeclineTrialView, **decision_kwargs), name="decline"),
            path(
                "attach/<int:pk>/<int:organization_pk>/",
                self.construct_view(AttachTrialView, **decision_kwargs),
                name="attach",
            ),
        ]
