"""Alerte Décrets in the Wagtail admin menu: the Gazette issues and their alert, publishing one (staff)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courrier.alerts.backoffice import AlertIssuesView, ProgressView, PublishIssueView, may_publish


class AlertMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_publish(request.user)


@hooks.register("register_admin_urls")
def register_alert_urls() -> list[URLPattern]:
    return [
        path("alertes/", AlertIssuesView.as_view(), name="alerts_issues"),
        path("alertes/numero/<str:pk>/publier/", PublishIssueView.as_view(), name="alerts_publish"),
        path("alertes/numero/<int:pk>/envoi/", ProgressView.as_view(), name="alerts_progress"),
    ]


@hooks.register("register_admin_menu_item")
def register_alert_menu_item() -> MenuItem:
    # After Registre (270), where the issue's decrees are entered.
    return AlertMenuItem(_("Alerte Décrets"), reverse("alerts_issues"), icon_name="mail", order=275)
