"""Alerte Décrets in the Wagtail admin: the Gazette issues with the state of their alert, and the page
that publishes an issue's decrees and sends its alert (through `actions.publish_gazette_issue`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from courrier.accounts.models import User
from courrier.alerts import actions
from courrier.alerts.email import AlertContent, groups_of
from courrier.alerts.models import DecreeAlert, DecreeAlertPart
from courrier.alerts.sending import alert_publication, reached_readers
from courrier.core.dates import display_date
from courrier.editions.email import moment_in_words
from courrier.editions.recipients import recipients
from courrier.licensing.backoffice.base import object_or_404
from courrier.mailing.models import CampaignStatus
from courrier.mailing.sender import NOT_STARTED, campaign_progress
from courrier.parliament.models import GazetteIssue

PUBLISH_PERMISSION = "alerts.add_decreealert"


def may_publish(user: Any) -> bool:
    """Staff holding the permission to send an alert (superusers hold every permission)."""
    return bool(user.is_active and user.is_staff and user.has_perm(PUBLISH_PERMISSION))


def check_access(request: HttpRequest) -> None:
    if not may_publish(request.user):
        raise PermissionDenied


class StaffOnlyMixin:
    """Both pages: staff who may send an alert, and nobody else."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        check_access(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def publish_url(issue: GazetteIssue) -> str:
    return reverse("alerts_publish", args=[issue.pk])


def issue_label(issue: GazetteIssue) -> str:
    return _("%(day)s — %(volume)de année, n° %(number)d") % {
        "day": display_date(issue.published_on, "l j F Y"),
        "volume": issue.volume,
        "number": issue.number,
    }


def alert_state(issue: Any) -> str:
    """« Envoyée le … à 1 234 personnes (14 versions) », or where it stands."""
    if issue.alert_at is None:
        if issue.decree_count == 0:
            return _("Aucun décret saisi")
        return _("Pas encore envoyée")
    if issue.alert_started_at is None:
        return _("En préparation depuis le %(moment)s") % {"moment": moment_in_words(issue.alert_at)}
    if issue.alert_status is None:
        return _("Aucun lecteur à qui l'envoyer (le %(moment)s)") % {"moment": moment_in_words(issue.alert_at)}
    if issue.alert_status == CampaignStatus.SENDING:
        return _("Envoi en cours : suivez-le sur la page du numéro")
    total, count = issue.alert_total or 0, issue.alert_parts or 0
    sent = ngettext(
        "Envoyée le %(moment)s à %(count)d personne", "Envoyée le %(moment)s à %(count)d personnes", total
    ) % {"moment": moment_in_words(issue.alert_at), "count": total}
    versions = ngettext("%(count)d version", "%(count)d versions", count) % {"count": count}
    return f"{sent} ({versions})"


def issues_with_alerts() -> QuerySet[GazetteIssue]:
    """Every issue with its decree counts and its alert's state: one query."""
    parts = DecreeAlertPart.objects.filter(alert__issue=OuterRef("pk")).order_by().values("alert")
    return GazetteIssue.objects.annotate(
        decree_count=Count("decrees", distinct=True),
        unpublished_count=Count("decrees", filter=Q(decrees__published_at__isnull=True), distinct=True),
        alert_at=F("decree_alert__created_at"),
        alert_started_at=F("decree_alert__started_at"),
        alert_status=F("decree_alert__campaign__status"),
        alert_total=F("decree_alert__campaign__total"),
        alert_parts=Subquery(parts.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
    ).order_by("-published_on", "-number")


class IssuePaginator(WagtailPaginator):
    verbose_name = gettext_lazy("numéro")
    verbose_name_plural = gettext_lazy("numéros")


class AlertIssuesView(StaffOnlyMixin, BaseListingView):
    """The Gazette issues, newest first, each with its decrees and the state of its alert."""

    page_title = gettext_lazy("Alerte Décrets")
    header_icon = "mail"
    index_url_name = "alerts_issues"
    paginate_by = 30
    paginator_class = IssuePaginator
    no_results_message = gettext_lazy("Aucun numéro de la Gazette n'est encore saisi (Registre → Numéros).")

    def get_queryset(self) -> QuerySet[GazetteIssue]:
        return issues_with_alerts()

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("issue", label=_("Numéro de la Gazette"), accessor=issue_label, get_url=publish_url),
            Column("decree_count", label=_("Décrets")),
            Column("unpublished_count", label=_("Pas encore publiés")),
            Column("alert", label=_("Alerte Décrets"), accessor=alert_state),
        ]


class PublishIssueView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: what publishing will do (the decrees by ministry, who receives the alert); POST: do it."""

    template_name = "alerts/admin/publish.html"
    header_icon = "mail"

    @cached_property
    def issue(self) -> GazetteIssue:
        return object_or_404(GazetteIssue.objects.all(), self.kwargs["pk"])

    def get_page_title(self) -> str:
        return _("Publier les décrets et envoyer l'Alerte Décrets")

    def get_page_subtitle(self) -> str:
        return issue_label(self.issue)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("alerts_issues"), "label": _("Alerte Décrets")},
            {"url": "", "label": issue_label(self.issue)},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        content = AlertContent.of(self.issue)
        alert = DecreeAlert.objects.select_related("campaign").filter(issue=self.issue).first()
        campaign = alert.campaign if alert is not None else None
        publication = alert_publication()
        readers = recipients(publication) if publication is not None and alert is None else None
        context.update(
            issue=self.issue,
            issue_label=issue_label(self.issue),
            groups=groups_of(content.decrees),
            decree_count=len(content.decrees),
            unpublished_count=sum(1 for decree in content.decrees if not decree.published),
            alert=alert,
            alert_moment=moment_in_words(alert.created_at) if alert else "",
            publication=publication,
            reader_count=readers.count() if readers is not None else 0,
            reached_count=reached_readers(content.index, readers) if readers is not None else 0,
            progress=campaign_progress(campaign) if campaign is not None else (NOT_STARTED if alert else None),
            progress_url=reverse("alerts_progress", args=[self.issue.pk]),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        editor = request.user
        assert isinstance(editor, User)  # check_access let only staff through
        try:
            result = actions.publish_gazette_issue(issue=self.issue, by=editor)
        except actions.AlertRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(publish_url(self.issue))
        published = ngettext(
            "%(count)d décret publié sur le site.", "%(count)d décrets publiés sur le site.", result.newly_published
        ) % {"count": result.newly_published}
        if result.alert_created:
            messages.success(request, f"{published} " + _("L'Alerte Décrets part : suivez son envoi ci-dessous."))
            return redirect(publish_url(self.issue))  # where the progress bar is
        elif result.alert is not None:
            messages.warning(
                request, f"{published} " + _("L'Alerte Décrets de ce numéro était déjà partie : aucun nouvel envoi.")
            )
        else:
            messages.warning(request, f"{published} " + _("L'Alerte Décrets est désactivée : aucun envoi."))
        return redirect("alerts_issues")


class ProgressView(StaffOnlyMixin, View):
    """Where the issue's alert stands, as JSON, for the publish page's progress bar (polled every few seconds)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        alert = DecreeAlert.objects.select_related("campaign").filter(issue_id=kwargs["pk"]).first()
        if alert is None or alert.campaign is None:
            raise Http404
        return JsonResponse(dict(campaign_progress(alert.campaign)))
