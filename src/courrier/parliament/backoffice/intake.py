"""Decrees in bulk, in the Wagtail admin: an issue's decrees entered on one screen (typed, or proposed from
its pasted table of contents), and CSV or JSON files imported after a preview.

Both go through the actions (`enter_issue_decrees`, `import_decrees`): all rows are saved or none, and
every refusal is shown on its row, in French. The rows of a previewed file travel to the confirmation
signed in the page (bound to the editor, for an hour): nothing is kept on disk, and the file is not
uploaded twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.forms.formsets import BaseFormSet, formset_factory
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from courrier.accounts.models import User
from courrier.core.dates import display_date
from courrier.core.fields import BoundedModelChoiceField, database_int
from courrier.parliament.actions import IntakeRefused, IntakeResult, enter_issue_decrees, import_decrees
from courrier.parliament.decree_numbers import DecreeNumber, DecreeNumberError, number_error, parse_decree_number
from courrier.parliament.imports import (
    MAX_FILE_BYTES,
    MAX_PAGE,
    DecreeFile,
    DecreeRow,
    Existing,
    ImportPlan,
    IntakeError,
    Outcome,
    RowError,
    parse_french_date,
    plan_import,
    read_decree_file,
    split_acronyms,
)
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue, GazettePart, Ministry, PartTwoSection
from courrier.parliament.toc import TableOfContents, parse_table_of_contents

logger = logging.getLogger(__name__)

BLANK_ROWS = 10  # rows offered on an empty screen
SPARE_ROWS = 3  # blank rows after those proposed from a table of contents
MAX_ENTRY_ROWS = 400
MAX_TOC_CHARACTERS = 200_000
MAX_DATE_TEXT = 60
PAYLOAD_SALT = "courrier.parliament.import"
PAYLOAD_MAX_AGE = 60 * 60  # seconds an import preview can be confirmed
DECREES_INDEX = "decrees:index"
IMPORT_URL_NAME = "decrees:import"


def _where(line: int) -> str:
    return _("ligne %(line)d") % {"line": line}


def _editor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the admin lets nobody else this far
    return user


# Entry ----------------------------------------------------------------------------------------


class FrenchDateField(forms.Field):
    """A date typed as « 2026-01-21 », « 21/01/2026 » or « 21 janvier 2026 »."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        text = str(value or "").strip()[:MAX_DATE_TEXT]
        if not text:
            return None
        try:
            return parse_french_date(text)
        except IntakeError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value


class DecreeEntryForm(forms.Form):
    """One row of the entry screen. A row left blank is skipped; `row()` is the decree it gives once valid."""

    # The row's cells, two fields stacked in each, in the order Tab goes through them: the grid fits a laptop.
    CELLS = (("number", "made_on"), ("title", "enabling_statute"), ("category", "ministries"), ("page", "section"))

    number = forms.CharField(
        label=gettext_lazy("Numéro"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    made_on = FrenchDateField(
        label=gettext_lazy("Pris le"), required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    title = forms.CharField(label=gettext_lazy("Titre"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=gettext_lazy("Catégorie"), choices=[("", "—"), *DecreeCategory.choices])
    ministries = forms.CharField(
        label=gettext_lazy("Ministères"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    page = forms.IntegerField(
        label=gettext_lazy("Page"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    section = forms.ChoiceField(
        label=gettext_lazy("Section"), required=False, choices=[("", "—"), *PartTwoSection.choices]
    )
    enabling_statute = forms.CharField(label=gettext_lazy("Loi habilitante"), required=False, max_length=500)

    def __init__(self, *args: Any, default_made_on: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_made_on = default_made_on
        self.use_required_attribute = False  # blank rows are allowed; the server says what a started row lacks
        for bound in self.fields.values():
            bound.widget.attrs["aria-label"] = str(bound.label)

    def cells(self) -> list[list[forms.BoundField]]:
        return [[self[name] for name in names] for names in self.CELLS]

    def has_changed(self) -> bool:
        """A row counts as soon as anything is typed in it (pre-filled rows included)."""
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.fields)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        made_on = cleaned.get("made_on") or self.default_made_on
        if made_on is None and "made_on" not in self.errors:
            self.add_error("made_on", _("Indiquez la date où le décret est pris, ou une date pour toutes les lignes."))
        cleaned["made_on"] = made_on
        text = cleaned.get("number", "").strip()
        if (bare := database_int(text)) is not None:
            # A bare number is in the year the decree is made.
            if made_on is not None:
                problem = number_error(bare)
                if problem:
                    self.add_error("number", problem)
                else:
                    cleaned["decree_number"] = DecreeNumber(bare, made_on.year)
        elif text:
            try:
                cleaned["decree_number"] = parse_decree_number(text)
            except DecreeNumberError as error:
                self.add_error("number", str(error))
        if "ministries" in cleaned and not split_acronyms(cleaned["ministries"]):
            self.add_error("ministries", _("Indiquez au moins un sigle de ministère, p. ex. FIN."))
        return cleaned

    def row(self, where: str, order: int) -> DecreeRow:
        data = self.cleaned_data
        return DecreeRow(
            where=where,
            number=data["decree_number"],
            made_on=data["made_on"],
            title=" ".join(data["title"].split()),
            category=DecreeCategory(data["category"]),
            ministries=split_acronyms(data["ministries"]),
            enabling_statute=" ".join(data["enabling_statute"].split()),
            page=data["page"],
            section=PartTwoSection(data["section"]) if data["section"] else None,
            order=order,
        )


class BaseDecreeEntryFormSet(BaseFormSet[DecreeEntryForm]):
    def initial_form_count(self) -> int:
        """Rows are never « initial »: a pre-filled row is new data the editor confirms, like a typed one."""
        return 0


def entry_formset(
    *,
    data: Any = None,
    initial: Sequence[dict[str, Any]] = (),
    default_made_on: datetime.date | None = None,
) -> BaseDecreeEntryFormSet:
    formset_class = formset_factory(
        DecreeEntryForm,
        formset=BaseDecreeEntryFormSet,
        extra=len(initial) + SPARE_ROWS if initial else BLANK_ROWS,
        max_num=MAX_ENTRY_ROWS,
        absolute_max=MAX_ENTRY_ROWS,
        validate_max=True,
    )
    formset = formset_class(
        data=data, initial=list(initial) or None, prefix="decrets", form_kwargs={"default_made_on": default_made_on}
    )
    assert isinstance(formset, BaseDecreeEntryFormSet)
    return formset


class EntryDefaultsForm(forms.Form):
    made_on = FrenchDateField(
        label=gettext_lazy("Pris le (toutes les lignes sans date)"),
        required=False,
        help_text=gettext_lazy("Les décrets d'un numéro sont souvent pris le même jour : indiquez-le une fois ici."),
        widget=forms.TextInput(attrs={"placeholder": "2026-01-21", "autocomplete": "off", "size": 12}),
    )


class TocForm(forms.Form):
    """The issue's table of contents, pasted to propose its decrees: optional on the page (the grid alone
    works), needed only by its own button."""

    toc = forms.CharField(
        label=gettext_lazy("Table des matières"),
        required=False,
        max_length=MAX_TOC_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Copiez la table des matières du numéro (PDF de la Gazette) et collez-la ici, en-têtes de page compris."
        ),
    )

    def clean_toc(self) -> str:
        toc: str = self.cleaned_data["toc"]
        if not toc.strip():
            raise forms.ValidationError(_("Collez d'abord la table des matières du numéro."))
        return toc


def proposals_as_rows(toc: TableOfContents) -> list[dict[str, Any]]:
    return [
        {
            "number": str(proposal.number),
            "made_on": proposal.made_on,
            "title": proposal.title,
            "category": proposal.category,
            "page": proposal.page,
            "section": proposal.section or "",
        }
        for proposal in toc.proposals
    ]


class DecreeEntryView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """An issue's decrees on one screen: rows typed or proposed from the table of contents, saved all or none."""

    template_name = "parliament/admin/decree_entry.html"
    header_icon = "doc-full-inverse"
    permission_required = "add"
    page_title = gettext_lazy("Saisir les décrets de ce numéro")

    @cached_property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ModelPermissionPolicy(Decree)

    @cached_property
    def issue(self) -> GazetteIssue:
        return get_object_or_404(GazetteIssue, pk=self.kwargs["pk"])

    def get_page_subtitle(self) -> str:
        return str(self.issue)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("gazette_issues:index"), "label": _("Numéros de la Gazette")},
            {"url": reverse("gazette_issues:edit", args=[self.issue.pk]), "label": str(self.issue)},
            {"url": "", "label": str(self.page_title)},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.setdefault("formset", entry_formset())
        context.setdefault("defaults_form", EntryDefaultsForm(prefix="defaut"))
        context.setdefault("toc_form", TocForm())
        entered = self.issue.decrees.count()
        context.update(
            # The table of contents comes first on a fresh screen, and stays open while it is being worked on.
            show_toc=bool(
                context["toc_form"].errors or "toc" in context or not (entered or context["formset"].is_bound)
            ),
            issue=self.issue,
            issue_date=display_date(self.issue.published_on, "l j F Y"),
            entered=entered,
            decrees_url=f"{reverse(DECREES_INDEX)}?gazette={self.issue.pk}",
            ministries=Ministry.objects.active().order_by("acronym").values_list("acronym", "name"),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("intake") == "toc":
            return self.propose_from_toc()
        return self.save_rows()

    def propose_from_toc(self) -> HttpResponse:
        toc_form = TocForm(self.request.POST)
        if not toc_form.is_valid():
            return self.render_to_response(self.get_context_data(toc_form=toc_form))
        toc = parse_table_of_contents(toc_form.cleaned_data["toc"])
        numbers = [proposal.number for proposal in toc.proposals]
        entered = {
            decree.decree_number
            for decree in Decree.objects.filter(
                year__in={n.year for n in numbers}, number__in={n.number for n in numbers}
            )
        } & set(numbers)
        toc.proposals = [proposal for proposal in toc.proposals if proposal.number not in entered]
        header = toc.header
        if header is not None and header.published_on and header.published_on != self.issue.published_on:
            messages.warning(
                self.request,
                _("Cette table des matières est celle de la Gazette du %(toc)s, pas du %(issue)s : vérifiez.")
                % {"toc": display_date(header.published_on), "issue": display_date(self.issue.published_on)},
            )
        if toc.proposals:
            messages.info(
                self.request,
                ngettext(
                    "%(count)d décret proposé : vérifiez-le, complétez la date et les ministères, puis enregistrez.",
                    "%(count)d décrets proposés : vérifiez-les, complétez les dates et les ministères, "
                    "puis enregistrez.",
                    len(toc.proposals),
                )
                % {"count": len(toc.proposals)},
            )
        else:
            messages.warning(self.request, _("Aucun décret nouveau n'a été reconnu dans ce texte."))
        return self.render_to_response(
            self.get_context_data(
                formset=entry_formset(initial=proposals_as_rows(toc)),
                toc_form=toc_form,
                toc=toc,
                already_entered=sorted(entered, key=lambda n: (n.year, n.number)),
            )
        )

    def save_rows(self) -> HttpResponse:
        defaults_form = EntryDefaultsForm(self.request.POST, prefix="defaut")
        default_made_on = defaults_form.cleaned_data["made_on"] if defaults_form.is_valid() else None
        formset = entry_formset(data=self.request.POST, default_made_on=default_made_on)

        def refuse(message: str) -> HttpResponse:
            messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(formset=formset, defaults_form=defaults_form))

        formset_valid = formset.is_valid() and defaults_form.is_valid()
        started = [
            (position, form) for position, form in enumerate(formset.forms) if form.has_changed() and not form.errors
        ]
        if formset_valid and not started:
            return refuse(_("Aucune ligne à enregistrer."))
        rows = [form.row(_where(position + 1), position + 1) for position, form in started]

        def show(errors: Sequence[RowError]) -> HttpResponse:
            for error in errors:
                form = started[error.index][1] if error.index is not None else None
                if form is not None:
                    form.add_error(error.field if error.field in form.fields else None, error.message)
            return refuse(_("Rien n'a été enregistré : corrigez les lignes signalées."))

        if not formset_valid:
            # The register's refusals of the rows that are complete are shown at once, with the others'.
            return show(plan_import(rows, issue=self.issue, existing=Existing.REFUSE).errors)
        try:
            created = enter_issue_decrees(issue=self.issue, rows=rows, by=_editor(self.request))
        except IntakeRefused as refusal:
            logger.info("Decree entry for issue %s refused: %d problem(s)", self.issue.pk, len(refusal.errors))
            return show(refusal.errors)
        messages.success(
            self.request,
            ngettext(
                "%(count)d décret inscrit dans la Gazette du %(date)s.",
                "%(count)d décrets inscrits dans la Gazette du %(date)s.",
                len(created),
            )
            % {"count": len(created), "date": display_date(self.issue.published_on)},
        )
        return redirect(f"{reverse(DECREES_INDEX)}?gazette={self.issue.pk}")


# Import ---------------------------------------------------------------------------------------


class DecreeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou JSON"),
        help_text=gettext_lazy(
            "Colonnes numero, date, titre, categorie, ministeres, loi_habilitante, page, section, gazette_date, "
            "gazette_volume, gazette_numero, texte, pages. CSV en UTF-8 ou Windows-1252, séparé par « ; » ou « , »."
        ),
    )
    gazette = BoundedModelChoiceField(
        label=gettext_lazy("Numéro de la Gazette"),
        queryset=GazetteIssue.objects.filter(part=GazettePart.LAWS_AND_REGULATIONS),
        required=False,
        help_text=gettext_lazy("Celui des lignes qui n'en nomment aucun (sans colonnes gazette_…)."),
    )
    update = forms.BooleanField(
        label=gettext_lazy("Mettre à jour les décrets déjà inscrits"),
        required=False,
        help_text=gettext_lazy(
            "Sans cette case, un décret déjà inscrit avec d'autres données est refusé. Avec elle, ses données "
            "sont remplacées par celles du fichier (les cellules vides ne les effacent jamais)."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse %(size)d Mo.") % {"size": MAX_FILE_BYTES // (1024 * 1024)}, code="too_big"
            )
        return upload


def sign_rows(rows: Sequence[DecreeRow], *, issue: GazetteIssue | None, update: bool, name: str, user: User) -> str:
    payload = {
        "rows": [row.to_payload() for row in rows],
        "issue": issue.pk if issue else None,
        "update": update,
        "name": name,
    }
    return signing.dumps(payload, salt=f"{PAYLOAD_SALT}:{user.pk}", compress=True)


def unsign_rows(token: str, *, user: User) -> dict[str, Any]:
    """The payload a preview signed for this editor; raises `signing.BadSignature` (or expired) otherwise."""
    payload: dict[str, Any] = signing.loads(token, salt=f"{PAYLOAD_SALT}:{user.pk}", max_age=PAYLOAD_MAX_AGE)
    return payload


def preview_rows(plan: ImportPlan, rows: Sequence[DecreeRow], errors: Sequence[RowError]) -> list[dict[str, Any]]:
    """Each row read, in file order, with what the import would do or why it is refused."""
    refused = {error.index for error in errors if error.index is not None}
    planned = {id(item.row): item for item in plan.rows}
    outcomes = {
        Outcome.CREATE: _("à créer"),
        Outcome.UNCHANGED: _("déjà inscrit, inchangé"),
        Outcome.UPDATE: _("à mettre à jour"),
    }
    lines = []
    for index, row in enumerate(rows):
        item = planned.get(id(row))
        lines.append(
            {
                "where": row.where,
                "number": str(row.number),
                "made_on": display_date(row.made_on),
                "title": row.title,
                "category": row.category.label,
                "ministries": ", ".join(row.ministries),
                "outcome": item.outcome if item else "error",
                "label": outcomes[item.outcome] if item else _("refusé"),
                "changes": ", ".join(item.changed_labels) if item and item.outcome == Outcome.UPDATE else "",
                "refused": index in refused,
            }
        )
    return lines


class ImportViewMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = Decree
    permission_required = "add"
    header_icon = "upload"
    page_title = gettext_lazy("Importer des décrets")
    request: HttpRequest

    @cached_property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ModelPermissionPolicy(Decree)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(DECREES_INDEX), "label": _("Décrets")},
            {"url": "", "label": str(self.page_title)},
        ]


class DecreeImportView(ImportViewMixin, TemplateView):
    """Upload → preview (a dry run: nothing is saved) → the confirmation posts the signed rows."""

    template_name = "parliament/admin/decree_import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        if "form" not in context:
            initial = {}
            if (issue := database_int(self.request.GET.get("gazette"))) is not None:
                initial["gazette"] = issue
            context["form"] = DecreeImportForm(initial=initial)
        context.update(confirm_url=reverse("decrees:import_confirm"), cancel_url=reverse(DECREES_INDEX))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DecreeImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        update: bool = form.cleaned_data["update"]
        issue: GazetteIssue | None = form.cleaned_data["gazette"]
        if update and not self.user_has_permission("change"):
            form.add_error("update", _("Vous n'avez pas la permission de modifier les décrets inscrits."))
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        content = b"".join(upload.chunks())
        parsed: DecreeFile = read_decree_file(content, upload.name or "")
        plan = plan_import(parsed.rows, issue=issue, existing=Existing.UPDATE if update else Existing.KEEP_IDENTICAL)
        file_errors = [error for error in parsed.errors if not error.where]
        row_errors = sorted(
            [error for error in parsed.errors if error.where] + plan.errors, key=lambda error: error.order
        )
        if plan.new_issues and not ModelPermissionPolicy(GazetteIssue).user_has_permission(request.user, "add"):
            file_errors.append(
                RowError(
                    "", _("Ce fichier crée des numéros de la Gazette : vous n'avez pas la permission d'en ajouter.")
                )
            )
        valid = not file_errors and not row_errors
        to_change = plan.count(Outcome.CREATE) + plan.count(Outcome.UPDATE) + len(plan.new_issues)
        logger.info(
            "Decree import preview by user %s: %d rows, %d errors", request.user.pk, parsed.lines, len(row_errors)
        )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                previewed=True,
                name=upload.name,
                file_errors=file_errors,
                row_errors=row_errors,
                lines=preview_rows(plan, parsed.rows, plan.errors),
                counts={
                    "read": parsed.lines,
                    "create": plan.count(Outcome.CREATE),
                    "unchanged": plan.count(Outcome.UNCHANGED),
                    "update": plan.count(Outcome.UPDATE),
                    "refused": parsed.lines - len(plan.rows),
                },
                new_issues=[ref.describe() for ref in plan.new_issues],
                ignored_columns=parsed.ignored_columns,
                valid=valid,
                nothing_to_do=valid and not to_change,
                payload=(
                    sign_rows(parsed.rows, issue=issue, update=update, name=upload.name or "", user=_editor(request))
                    if valid and to_change
                    else ""
                ),
            )
        )


class DecreeImportConfirmView(ImportViewMixin, TemplateView):
    """POST only: enter the rows a preview signed, all or none."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        editor = _editor(request)
        try:
            payload = unsign_rows(request.POST.get("payload", ""), user=editor)
            rows = [DecreeRow.from_payload(data) for data in payload["rows"]]
        except signing.SignatureExpired:
            messages.error(request, _("L'aperçu a expiré : importez le fichier de nouveau."))
            return redirect(IMPORT_URL_NAME)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            logger.warning("Decree import confirmation with an invalid payload by user %s", editor.pk)
            messages.error(request, _("Cet aperçu n'est pas valide : importez le fichier de nouveau."))
            return redirect(IMPORT_URL_NAME)
        update = bool(payload.get("update"))
        if update and not self.user_has_permission("change"):
            raise PermissionDenied
        issue = None
        if payload.get("issue") is not None:
            issue = GazetteIssue.objects.filter(pk=payload["issue"]).first()
            if issue is None:
                messages.error(request, _("Le numéro de la Gazette choisi n'existe plus : rien n'a été importé."))
                return redirect(IMPORT_URL_NAME)
        try:
            result = import_decrees(rows=rows, issue=issue, update=update, by=editor)
        except IntakeRefused as refusal:
            logger.info("Decree import refused at confirmation: %s", refusal)
            messages.error(
                request,
                _("Rien n'a été importé : le registre a changé depuis l'aperçu. %(errors)s")
                % {"errors": " ".join(str(error) for error in refusal.errors[:5])},
            )
            return redirect(IMPORT_URL_NAME)
        messages.success(request, import_summary(result, payload.get("name", "")))
        url = reverse(DECREES_INDEX)
        return redirect(f"{url}?gazette={issue.pk}" if issue else url)


def import_summary(result: IntakeResult, name: str) -> str:
    parts = [
        ngettext("%(count)d décret créé", "%(count)d décrets créés", len(result.created))
        % {"count": len(result.created)},
        ngettext("%(count)d mis à jour", "%(count)d mis à jour", len(result.updated)) % {"count": len(result.updated)},
        ngettext("%(count)d inchangé", "%(count)d inchangés", result.unchanged) % {"count": result.unchanged},
    ]
    if result.issues_created:
        parts.append(
            ngettext(
                "%(count)d numéro de la Gazette créé",
                "%(count)d numéros de la Gazette créés",
                len(result.issues_created),
            )
            % {"count": len(result.issues_created)}
        )
    return _("Import de « %(name)s » terminé : %(summary)s.") % {"name": name, "summary": ", ".join(parts)}
