"""What every back-office change page shares: a form, an action call, a French refusal."""

from __future__ import annotations

import datetime
import logging
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin

from courrier.accounts.models import User
from courrier.core.dates import display_date
from courrier.licensing.actions import LicensingError
from courrier.licensing.backoffice.forms import ConfirmForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

# Ids beyond a 64-bit integer cannot exist; some databases raise instead of finding nothing.
LARGEST_ID = 2**63 - 1

M = TypeVar("M", bound=Model)


def object_or_404(queryset: QuerySet[M], pk: Any) -> M:
    try:
        pk = int(pk)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if not 0 < pk <= LARGEST_ID:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a model's validation error on the form: on its field when the form has it, on top otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def format_day(day: datetime.date) -> str:
    return display_date(day)


def format_moment(moment: datetime.datetime | None) -> str:
    return display_date(moment, "j F Y, H:i") if moment else "—"


class ActionFormView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView, ABC):
    """GET shows the form; a valid POST calls the action through `perform` and redirects.

    A refusal (`LicensingError`, or a model's `ValidationError`) comes back on the form,
    in French; the actions are atomic, so nothing has changed.
    """

    template_name = "licensing/admin/action_form.html"
    form_class: type[forms.Form] = ConfirmForm
    permission_required = "change"
    url_namespace = ""
    index_url_name: str | None = None
    submit_button_label: StrOrPromise = gettext_lazy("Enregistrer")
    destructive = False
    explanation: StrOrPromise = ""

    @property
    def staff_member(self) -> User:
        """Who acts, for the ledger (the admin lets nobody else this far)."""
        user = self.request.user
        assert isinstance(user, User)
        return user

    @abstractmethod
    def perform(self, form: Any) -> str:
        """Call the action; return the success message."""

    @abstractmethod
    def get_success_url(self) -> str:
        """Where the staff member lands after the change (and the cancel button leads)."""

    def get_success_buttons(self) -> list[tuple[str, str, bool]]:
        return []

    def get_summary(self) -> list[tuple[str, Any]]:
        """(label, value) pairs shown above the form: what the change applies to."""
        return []

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            message = self.perform(form)
        except LicensingError as error:
            logger.info("Back-office change refused (%s): %s", self.request.path, error)
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message, buttons=self.get_success_buttons())
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            cancel_url=self.get_success_url(),
            submit_button_label=self.submit_button_label,
            destructive=self.destructive,
            explanation=self.explanation,
            summary=self.get_summary(),
            media=context["form"].media,
        )
        return context


class ActionRecordsViewSetMixin:
    """A viewset over records that actions create: nothing is edited, deleted or versioned here,
    and staff add records only where `allows_adding` says so."""

    allows_adding = False
    url_namespace: str

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        hidden: dict[str, Any] = {
            "edit_url_name": None,
            "delete_url_name": None,
            "history_url_name": None,
            "usage_url_name": None,
        }
        if not self.allows_adding:
            hidden["add_url_name"] = None
        return super().get_common_view_kwargs(url_namespace=self.url_namespace, **hidden, **kwargs)  # type: ignore[misc]
