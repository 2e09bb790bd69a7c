"""The outbox in the Wagtail admin: "Courriels envoyés", a list, one message, its raw `.eml`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.urls import URLPattern, path, re_path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from courrier.operations.outbox import NAME_PATTERN, Outbox, OutboxMessage, outbox_dir, read_message

OUTBOX_BACKEND = "courrier.operations.outbox.OutboxEmailBackend"


def can_read_outbox(user: Any) -> bool:
    # The outbox holds every reader's verification and password-reset links: reading it
    # is logging in as anyone, so only those who may already do everything can read it.
    return bool(user.is_active and user.is_superuser)


def check_outbox_access(request: HttpRequest) -> None:
    if not can_read_outbox(request.user):
        raise PermissionDenied


def message_url(message: OutboxMessage) -> str:
    return reverse("operations_outbox_message", args=[message.name])


def find_message(name: str) -> OutboxMessage:
    try:
        return read_message(outbox_dir(), name)
    except FileNotFoundError as missing:
        raise Http404 from missing


class OutboxPaginator(WagtailPaginator):
    verbose_name = _("courriel")
    verbose_name_plural = _("courriels")


class OutboxIndexView(BaseListingView):
    page_title = _("Courriels envoyés")
    header_icon = "mail"
    index_url_name = "operations_outbox"
    paginate_by = 50
    paginator_class = OutboxPaginator
    no_results_message = _("Aucun courriel dans la boîte d'envoi.")
    columns = [
        TitleColumn("subject", label=_("Objet"), get_url=message_url),
        Column("to", label=_("Destinataire")),
        DateColumn("written_at", label=_("Date")),
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        check_outbox_access(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> Outbox:
        return Outbox(outbox_dir())


class OutboxMessageView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "operations/outbox_message.html"
    header_icon = "mail"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        check_outbox_access(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def message(self) -> OutboxMessage:
        return find_message(self.kwargs["name"])

    def get_page_title(self) -> str:
        return self.message.subject or str(_("(sans objet)"))

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("operations_outbox"), "label": _("Courriels envoyés")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_header_buttons(self) -> list[Any]:
        download = HeaderButton(
            _("Télécharger le .eml"),
            url=reverse("operations_outbox_download", args=[self.message.name]),
            icon_name="download",
        )
        return [download, *super().get_header_buttons()]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        text = self.message.text
        context.update(
            outbox_message=self.message,
            text=text,
            # Only when there is no text part: shown in a sandboxed frame, never inline.
            html=self.message.html if text is None else None,
        )
        return context


def download_message(request: HttpRequest, name: str) -> FileResponse:
    check_outbox_access(request)
    message = find_message(name)
    return FileResponse(
        (outbox_dir() / message.name).open("rb"),
        as_attachment=True,
        filename=message.name,
        content_type="message/rfc822",
    )


class OutboxMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        # Production sends through a real backend: the menu would only show an empty box.
        return settings.EMAIL_BACKEND == OUTBOX_BACKEND and can_read_outbox(request.user)


@hooks.register("register_admin_urls")
def register_outbox_urls() -> list[URLPattern]:
    message = rf"^courriels/(?P<name>{NAME_PATTERN})/"
    return [
        path("courriels/", OutboxIndexView.as_view(), name="operations_outbox"),
        re_path(rf"{message}$", OutboxMessageView.as_view(), name="operations_outbox_message"),
        re_path(rf"{message}eml/$", download_message, name="operations_outbox_download"),
    ]


@hooks.register("register_admin_menu_item")
def register_outbox_menu_item() -> MenuItem:
    return OutboxMenuItem(_("Courriels envoyés"), reverse("operations_outbox"), icon_name="mail", order=9500)
