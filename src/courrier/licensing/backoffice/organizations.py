"""Organisations in the back office: the listing (licence state as of today, Montréal time),
an organisation's page, and the changes staff make to its domains, IP ranges and licences.

Every change goes through `licensing.actions`, which keeps the licence ledger; these
views collect, check and explain. A refusal (`LicensingError` or a validation error)
comes back on the form, in French, and nothing changes.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from typing import Any

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import (
    CreateView,
    EditView,
    IndexView,
    InspectView,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import policy_registry

from courrier.licensing.actions import (
    add_email_domain,
    add_ip_range,
    change_seats,
    convert_trial,
    create_organization,
    extend_licence,
    grant_licence,
    invite_colleague,
    remove_email_domain,
    remove_ip_range,
    suspend_licence,
)
from courrier.licensing.admission import seats_used
from courrier.licensing.backoffice.base import (
    ActionFormView,
    add_validation_error,
    format_day,
    format_moment,
    object_or_404,
)
from courrier.licensing.backoffice.forms import (
    ChangeSeatsForm,
    ConfirmForm,
    ConvertTrialForm,
    EmailDomainForm,
    ExtendLicenceForm,
    GrantLicenceForm,
    IpRangeForm,
    LicenceForm,
    NoteForm,
    OrganizationCreateForm,
    OrganizationEditForm,
)
from courrier.licensing.forms import InvitationForm
from courrier.licensing.models import (
    EmailDomain,
    Licence,
    LicenceChange,
    LicenceKind,
    Membership,
    MembershipStatus,
    Organization,
)

# Missing actions ------------------------------------------------------------------------------
# Thin, and meant for `licensing.actions`: nothing there removes a domain or an IP range yet.


# Listing --------------------------------------------------------------------------------------


class LicenceState(models.TextChoices):
    """The listing's licence filter, as of a day."""

    TRIAL = "essai", gettext_lazy("Essai en cours")
    VALID = "valide", gettext_lazy("Licence valide")
    ENDS_WITHIN_30 = "30-jours", gettext_lazy("Expire d'ici 30 jours")
    ENDS_WITHIN_60 = "60-jours", gettext_lazy("Expire d'ici 60 jours")
    ENDS_WITHIN_90 = "90-jours", gettext_lazy("Expire d'ici 90 jours")
    EXPIRED = "expiree", gettext_lazy("Expirée (aucune licence valide)")


ENDING_WITHIN_DAYS = {
    LicenceState.ENDS_WITHIN_30: 30,
    LicenceState.ENDS_WITHIN_60: 60,
    LicenceState.ENDS_WITHIN_90: 90,
}


def in_licence_state(
    queryset: QuerySet[Organization], state: LicenceState, day: datetime.date
) -> QuerySet[Organization]:
    """Organisations in `state` on `day`. "Expire d'ici N jours" means renewal time: readable
    on `day`, and no licence, current or already booked, lasts beyond N days."""
    valid = Licence.objects.valid_on(day).filter(organization=OuterRef("pk"))
    if state == LicenceState.TRIAL:
        return queryset.filter(Exists(valid.filter(kind=LicenceKind.TRIAL)))
    if state == LicenceState.VALID:
        return queryset.filter(Exists(valid))
    if state == LicenceState.EXPIRED:
        return queryset.filter(~Exists(valid))
    horizon = day + datetime.timedelta(days=ENDING_WITHIN_DAYS[state])
    lasting = Licence.objects.filter(organization=OuterRef("pk"), ends_on__gt=horizon)
    return queryset.filter(Exists(valid)).filter(~Exists(lasting))


def with_licence_summary(queryset: QuerySet[Organization], day: datetime.date) -> QuerySet[Organization]:
    """One row per organisation, whatever their number: current licence (the valid one lasting
    longest, as `Organization.current_licence`), last ended or next licence, seats held, domains."""
    valid = Licence.objects.valid_on(day).filter(organization=OuterRef("pk")).order_by("-ends_on")
    ended = Licence.objects.ended_before(day).filter(organization=OuterRef("pk")).order_by("-ends_on")
    upcoming = Licence.objects.filter(organization=OuterRef("pk"), starts_on__gt=day).order_by("starts_on")
    holding = (
        Membership.objects.holding_seats()
        .filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        queryset.annotate(
            licence_kind=Subquery(valid.values("kind")[:1]),
            licence_ends_on=Subquery(valid.values("ends_on")[:1]),
            licence_seats=Subquery(valid.values("seats")[:1]),
            last_ended_on=Subquery(ended.values("ends_on")[:1]),
            next_starts_on=Subquery(upcoming.values("starts_on")[:1]),
            seats_taken=Coalesce(Subquery(holding, output_field=IntegerField()), Value(0)),
        )
        # The end shown: the current licence's, or when it ended.
        .annotate(ends_on=Coalesce("licence_ends_on", "last_ended_on"))
        .prefetch_related("domains")
    )


# Rows of the listing carry the annotations above.
def licence_label(row: Any) -> str:
    if row.licence_kind:
        return str(LicenceKind(row.licence_kind).label).capitalize()
    if row.next_starts_on:
        return _("À venir")
    if row.last_ended_on:
        return _("Expirée")
    return _("Aucune")


def seats_label(row: Any) -> str:
    if row.licence_ends_on is None:
        return str(row.seats_taken)
    total = _("illimité") if row.licence_seats is None else row.licence_seats
    return f"{row.seats_taken} / {total}"


def domain_names(row: Any) -> list[str]:
    return [domain.domain for domain in row.domains.all()]


class OrganizationFilterSet(WagtailFilterSet):
    licence = django_filters.ChoiceFilter(
        label=gettext_lazy("Licence"),
        choices=LicenceState.choices,
        method="filter_licence",
        empty_label=gettext_lazy("Toutes"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_licence(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        return in_licence_state(queryset, LicenceState(value), timezone.localdate())


class OrganizationIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Organization]:
        return with_licence_summary(super().get_base_queryset(), timezone.localdate())

    def search_queryset(self, queryset: QuerySet[Organization]) -> QuerySet[Organization]:
        if not self.is_searching:
            return queryset
        query = self.search_query
        domains = EmailDomain.objects.filter(organization=OuterRef("pk"), domain__icontains=query)
        return queryset.filter(Q(name__icontains=query) | Q(Exists(domains)))

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("name", label=_("Nom"), sort_key="name", get_url=self.get_inspect_url),
            Column("licence", label=_("Licence"), accessor=licence_label),
            Column("ends_on", label=_("Fin"), sort_key="ends_on"),
            Column("seats", label=_("Places"), accessor=seats_label),
            Column("domains", label=_("Domaines"), accessor=lambda row: ", ".join(domain_names(row))),
        ]

    def to_row_dict(self, item: Any) -> OrderedDict[str, Any]:
        current = item.licence_ends_on is not None
        seats = (item.licence_seats if item.licence_seats is not None else _("illimité")) if current else ""
        return OrderedDict(
            [
                ("name", item.name),
                ("licence", licence_label(item)),
                ("ends_on", item.ends_on),
                ("seats_used", item.seats_taken),
                ("seats", seats),
                ("domains", domain_names(item)),
            ]
        )


# Create, edit, inspect ------------------------------------------------------------------------


class OrganizationCreateView(CreateView):
    inspect_url_name: str | None = None

    def save_instance(self) -> Organization:
        data = self.form.cleaned_data
        organization = create_organization(
            name=data["name"],
            requires_approval=data["requires_approval"],
            domains=[data["domain"]] if data["domain"] else [],
        )
        log(instance=organization, action="wagtail.create", user=self.request.user)
        return organization

    def form_valid(self, form: OrganizationCreateForm) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ValidationError as error:  # a domain claimed meanwhile
            add_validation_error(form, error)
            return self.form_invalid(form)

    def get_success_url(self) -> str:
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])


class OrganizationEditView(EditView):
    def get_success_url(self) -> str:
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])


def licence_policy() -> BasePermissionPolicy:
    return policy_registry.get_by_type(Licence)


def licence_state_label(licence: Licence, day: datetime.date) -> str:
    if licence.is_valid_on(day):
        return _("En cours")
    if licence.starts_on > day:
        return _("À venir")
    return _("Terminée")


class OrganizationInspectView(InspectView):
    """An organisation's page: domains, IP ranges, licences, members and the licence ledger."""

    template_name = "licensing/admin/organization_inspect.html"
    url_namespace = ""

    def get_object(self, queryset: QuerySet[Organization] | None = None) -> Organization:
        return object_or_404(Organization.objects.all(), self.pk)

    def get_page_title(self) -> str:
        return self.object.name

    def get_page_subtitle(self) -> str:
        return ""

    def get_requires_approval_display_value(self) -> str:
        return _("Oui") if self.object.requires_approval else _("Non")

    def get_created_at_display_value(self) -> str:
        return format_moment(self.object.created_at)

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"{self.url_namespace}:{name}", args=[self.object.pk, *args])

    @cached_property
    def can_change(self) -> bool:
        return bool(self.user_has_permission("change"))

    @cached_property
    def can_grant(self) -> bool:
        return bool(licence_policy().user_has_permission(self.request.user, "add"))

    @cached_property
    def can_change_licences(self) -> bool:
        return bool(licence_policy().user_has_permission(self.request.user, "change"))

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        if not self.can_grant:
            return []
        return [HeaderButton(_("Accorder une licence"), url=self.url("grant_licence"), icon_name="plus")]

    def licence_rows(self, licences: list[Licence], day: datetime.date) -> list[dict[str, Any]]:
        rows = []
        for licence in licences:
            actions: list[tuple[str, str]] = []
            if self.can_change_licences:
                actions.append((_("Prolonger"), self.url("extend_licence", licence.pk)))
                if licence.kind == LicenceKind.TRIAL:
                    actions.append((_("Convertir en licence payante"), self.url("convert_trial", licence.pk)))
                if licence.ends_on >= day:
                    actions.append((_("Places"), self.url("change_seats", licence.pk)))
                    actions.append((_("Suspendre"), self.url("suspend_licence", licence.pk)))
            rows.append({"licence": licence, "state": licence_state_label(licence, day), "actions": actions})
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        organization: Organization = self.object
        day = timezone.localdate()
        licences = list(organization.licences.order_by("-ends_on", "-pk"))
        current = max(
            (licence for licence in licences if licence.is_valid_on(day)), key=lambda x: x.ends_on, default=None
        )
        status_order = Case(
            When(status=MembershipStatus.PENDING, then=Value(0)),
            When(status=MembershipStatus.ACTIVE, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        context.update(
            today=day,
            current_licence=current,
            seats_used=seats_used(organization),
            licence_rows=self.licence_rows(licences, day),
            domains=organization.domains.all(),
            ip_ranges=organization.ip_ranges.order_by("cidr"),
            members=organization.memberships.select_related("user", "removed_by").order_by(
                status_order, "user__last_name", "user__first_name", "user__email"
            ),
            history=LicenceChange.objects.filter(licence__organization=organization).select_related("changed_by"),
            can_change=self.can_change,
            domain_form=EmailDomainForm(auto_id="domain_%s"),
            ip_range_form=IpRangeForm(organization=organization, auto_id="ip_%s"),
            add_domain_url=self.url("add_domain"),
            add_ip_range_url=self.url("add_ip_range"),
            invite_person_url=self.url("invite_person"),
            remove_domain_url_name=f"{self.url_namespace}:remove_domain",
            remove_ip_range_url_name=f"{self.url_namespace}:remove_ip_range",
        )
        return context


# Changes --------------------------------------------------------------------------------------


class OrganizationActionView(ActionFormView):
    """A change to one organisation, named by the URL; back to its page afterwards."""

    model = Organization
    header_icon = "group"

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.organization = object_or_404(Organization.objects.all(), kwargs["pk"])

    def get_success_url(self) -> str:
        return reverse(f"{self.url_namespace}:inspect", args=[self.organization.pk])

    def get_page_subtitle(self) -> str:
        return self.organization.name

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Organisations")},
            {"url": self.get_success_url(), "label": self.organization.name},
            {"url": "", "label": self.get_page_title()},
        ]


class AddEmailDomainView(OrganizationActionView):
    form_class = EmailDomainForm
    page_title = gettext_lazy("Ajouter un domaine de courriel")
    submit_button_label = gettext_lazy("Ajouter le domaine")

    def perform(self, form: EmailDomainForm) -> str:
        domain = add_email_domain(
            organization=self.organization,
            domain=form.cleaned_data["domain"],
            include_subdomains=form.cleaned_data["include_subdomains"],
        )
        return _("Domaine « %(domain)s » ajouté.") % {"domain": domain.domain}


class RemoveEmailDomainView(OrganizationActionView):
    page_title = gettext_lazy("Retirer un domaine de courriel")
    submit_button_label = gettext_lazy("Retirer le domaine")
    destructive = True
    explanation = gettext_lazy(
        "Les nouvelles inscriptions avec ce domaine seront refusées. Les personnes déjà inscrites gardent leur place."
    )

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.domain = object_or_404(self.organization.domains.all(), kwargs["domain_id"])

    def get_summary(self) -> list[tuple[str, Any]]:
        return [(_("Domaine"), self.domain.domain)]

    def perform(self, form: ConfirmForm) -> str:
        remove_email_domain(domain=self.domain)
        return _("Domaine « %(domain)s » retiré.") % {"domain": self.domain.domain}


class InvitePersonView(OrganizationActionView):
    """Staff invite someone at the organisation's domains, including a person its administrator removed
    (who accepts on their profile): the one way back besides the administrator's own invitation."""

    form_class = InvitationForm
    page_title = gettext_lazy("Inviter une personne")
    submit_button_label = gettext_lazy("Envoyer l'invitation")

    def perform(self, form: InvitationForm) -> str:
        invitation = invite_colleague(
            organization=self.organization, email=form.cleaned_data["email"], by=self.staff_member
        )
        return _("Invitation envoyée à %(email)s.") % {"email": invitation.email}


class AddIpRangeView(OrganizationActionView):
    form_class = IpRangeForm
    page_title = gettext_lazy("Ajouter une plage d'adresses IP")
    submit_button_label = gettext_lazy("Ajouter la plage")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "organization": self.organization}

    def perform(self, form: IpRangeForm) -> str:
        ip_range = add_ip_range(
            organization=self.organization, cidr=form.cleaned_data["cidr"], label=form.cleaned_data["label"]
        )
        return _("Plage « %(cidr)s » ajoutée.") % {"cidr": ip_range.cidr}


class RemoveIpRangeView(OrganizationActionView):
    page_title = gettext_lazy("Retirer une plage d'adresses IP")
    submit_button_label = gettext_lazy("Retirer la plage")
    destructive = True
    explanation = gettext_lazy("Les visiteurs venant de ces adresses ne liront plus sous la licence de l'organisation.")

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.ip_range = object_or_404(self.organization.ip_ranges.all(), kwargs["range_id"])

    def get_summary(self) -> list[tuple[str, Any]]:
        return [(_("Plage (CIDR)"), self.ip_range.cidr), (_("Description"), self.ip_range.label)]

    def perform(self, form: ConfirmForm) -> str:
        remove_ip_range(ip_range=self.ip_range)
        return _("Plage « %(cidr)s » retirée.") % {"cidr": self.ip_range.cidr}


class LicenceActionView(OrganizationActionView):
    """A change to one of the organisation's licences (another organisation's is 404)."""

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.licence = object_or_404(self.organization.licences.all(), kwargs["licence_id"])

    @cached_property
    def permission_policy(self) -> BasePermissionPolicy:
        return licence_policy()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()
        if issubclass(self.get_form_class(), LicenceForm):
            kwargs["licence"] = self.licence
        return kwargs

    def get_summary(self) -> list[tuple[str, Any]]:
        licence = self.licence
        seats = _("illimité") if licence.seats is None else licence.seats
        return [
            (_("Type"), str(licence.get_kind_display()).capitalize()),
            (_("Période"), f"{format_day(licence.starts_on)} → {format_day(licence.ends_on)}"),
            (_("État"), licence_state_label(licence, timezone.localdate())),
            (_("Places"), f"{seats_used(self.organization)} / {seats}"),
        ]


class GrantLicenceView(OrganizationActionView):
    form_class = GrantLicenceForm
    page_title = gettext_lazy("Accorder une licence")
    submit_button_label = gettext_lazy("Accorder la licence")
    permission_required = "add"

    @cached_property
    def permission_policy(self) -> BasePermissionPolicy:
        return licence_policy()

    def perform(self, form: GrantLicenceForm) -> str:
        data = form.cleaned_data
        licence = grant_licence(
            organization=self.organization,
            kind=LicenceKind(data["kind"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            seats=data["seats"],
            by=self.staff_member,
            note=data["note"],
        )
        return _("Licence accordée du %(start)s au %(end)s.") % {
            "start": format_day(licence.starts_on),
            "end": format_day(licence.ends_on),
        }


class ExtendLicenceView(LicenceActionView):
    form_class = ExtendLicenceForm
    page_title = gettext_lazy("Prolonger la licence")
    submit_button_label = gettext_lazy("Prolonger")
    explanation = gettext_lazy("Une licence terminée ou suspendue redevient valide si sa nouvelle fin est à venir.")

    def perform(self, form: ExtendLicenceForm) -> str:
        licence = extend_licence(
            licence=self.licence,
            ends_on=form.cleaned_data["ends_on"],
            by=self.staff_member,
            note=form.cleaned_data["note"],
        )
        return _("Licence prolongée jusqu'au %(end)s.") % {"end": format_day(licence.ends_on)}


class SuspendLicenceView(LicenceActionView):
    form_class = NoteForm
    page_title = gettext_lazy("Suspendre la licence")
    submit_button_label = gettext_lazy("Suspendre la licence")
    destructive = True
    explanation = gettext_lazy(
        "La licence prend fin hier : ses lecteurs perdent l'accès immédiatement. La prolonger le leur rend."
    )

    def perform(self, form: NoteForm) -> str:
        suspend_licence(licence=self.licence, by=self.staff_member, note=form.cleaned_data["note"])
        return _("Licence suspendue.")


class ConvertTrialView(LicenceActionView):
    form_class = ConvertTrialForm
    page_title = gettext_lazy("Convertir l'essai en licence payante")
    submit_button_label = gettext_lazy("Convertir")

    def perform(self, form: ConvertTrialForm) -> str:
        data = form.cleaned_data
        licence = convert_trial(
            licence=self.licence, ends_on=data["ends_on"], seats=data["seats"], by=self.staff_member, note=data["note"]
        )
        return _("Essai converti en licence payante jusqu'au %(end)s.") % {"end": format_day(licence.ends_on)}


class ChangeSeatsView(LicenceActionView):
    form_class = ChangeSeatsForm
    page_title = gettext_lazy("Modifier le nombre de places")
    explanation = gettext_lazy(
        "Personne n'est retiré si les places occupées dépassent le nouveau nombre : "
        "les nouvelles inscriptions attendront qu'une place se libère."
    )

    def perform(self, form: ChangeSeatsForm) -> str:
        seats = form.cleaned_data["seats"]
        change_seats(licence=self.licence, seats=seats, by=self.staff_member, note=form.cleaned_data["note"])
        taken = seats_used(self.organization)
        if seats is not None and taken > seats:
            messages.warning(
                self.request,
                _("%(taken)s personnes occupent déjà une place sur %(seats)s : aucune nouvelle inscription possible.")
                % {"taken": taken, "seats": seats},
            )
        if seats is None:
            return _("Places illimitées.")
        return _("Nombre de places : %(seats)s.") % {"seats": seats}


# Viewset --------------------------------------------------------------------------------------


class OrganizationViewSet(ModelViewSet):
    model = Organization
    name = "organizations"
    url_prefix = "organisations"
    icon = "group"
    menu_label = gettext_lazy("Organisations")
    index_view_class = OrganizationIndexView
    add_view_class = OrganizationCreateView
    edit_view_class = OrganizationEditView
    inspect_view_class = OrganizationInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["name", "requires_approval", "created_at"]
    copy_view_enabled = False
    filterset_class = OrganizationFilterSet
    search_fields = ["name"]
    ordering = "name"
    list_per_page = 50
    list_export = ["name", "licence", "ends_on", "seats_used", "seats", "domains"]
    export_headings = {
        "name": gettext_lazy("Organisation"),
        "licence": gettext_lazy("Licence"),
        "ends_on": gettext_lazy("Fin"),
        "seats_used": gettext_lazy("Places occupées"),
        "seats": gettext_lazy("Places"),
        "domains": gettext_lazy("Domaines"),
    }
    export_filename = "organisations"

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return OrganizationEditForm if for_update else OrganizationCreateForm

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_common_view_kwargs(url_namespace=self.url_namespace, **kwargs)

    def get_add_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_add_view_kwargs(inspect_url_name=self.get_url_name("inspect"), **kwargs)

    def action_view(self, view_class: type[OrganizationActionView]) -> Any:
        return self.construct_view(view_class, **self.get_common_view_kwargs())

    def get_urlpatterns(self) -> list[URLPattern]:
        licence = "<int:pk>/licences/<int:licence_id>"
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/domains/add/", self.action_view(AddEmailDomainView), name="add_domain"),
            path(
                "<int:pk>/domains/<int:domain_id>/remove/",
                self.action_view(RemoveEmailDomainView),
                name="remove_domain",
            ),
            path("<int:pk>/ip-ranges/add/", self.action_view(AddIpRangeView), name="add_ip_range"),
            path("<int:pk>/invite/", self.action_view(InvitePersonView), name="invite_person"),
            path(
                "<int:pk>/ip-ranges/<int:range_id>/remove/",
                self.action_view(RemoveIpRangeView),
                name="remove_ip_range",
            ),
            path("<int:pk>/licences/grant/", self.action_view(GrantLicenceView), name="grant_licence"),
            path(f"{licence}/extend/", self.action_view(ExtendLicenceView), name="extend_licence"),
            path(f"{licence}/suspend/", self.action_view(SuspendLicenceView), name="suspend_licence"),
            path(f"{licence}/convert/", self.action_view(ConvertTrialView), name="convert_trial"),
            path(f"{licence}/seats/", self.action_view(ChangeSeatsView), name="change_seats"),
        ]
