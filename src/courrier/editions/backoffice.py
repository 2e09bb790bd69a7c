"""Éditions in the Wagtail admin: the list, a new edition, the composing page, the email's preview and test,
and the dated updates of a weekly edition that went out (each one emailed or not).

Every change goes through `editions.actions` (and `editions.composition`, which calls them); a change
the state machine refuses (`IllegalTransition`) comes back as a French message and nothing changes.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db import IntegrityError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, AdminPageChooser
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from courrier.accounts.models import User
from courrier.core.fields import (
    BoundedDateField,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    WallClockDateTimeField,
)
from courrier.editions import actions, composition, sending
from courrier.editions.actions import EmptyEdition, IllegalTransition
from courrier.editions.composition import MONTREAL
from courrier.editions.email import (
    day_in_words,
    edition_heading,
    edition_subject,
    moment_in_words,
    reader_message,
    render_edition,
)
from courrier.editions.models import UPDATE_TITLE_LENGTH, Cadence, Edition, EditionStatus, EditionUpdate, Publication
from courrier.editions.recipients import recipients
from courrier.licensing.backoffice.base import object_or_404
from courrier.mailing.message import CampaignMessage, Recipient
from courrier.mailing.models import Delivery, DeliveryStatus
from courrier.mailing.sender import campaign_progress
from courrier.newsroom.models import ArticlePage, ArticlePageQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

PREVIEW_SUGGESTIONS = 50
SUGGESTED_ARTICLES = 20
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


def status_label(edition: Edition) -> str:
    return str(capfirst(edition.get_status_display()))


def refusal(edition: Edition) -> str:
    """What an editor reads when the state machine refuses a change (the edition as it is now)."""
    current = Edition.objects.filter(pk=edition.pk).first() or edition
    return _("Action impossible : cette édition est maintenant « %(status)s ». Rien n'a été modifié.") % {
        "status": current.get_status_display()
    }


# Forms ---------------------------------------------------------------------------------------


class NewEditionForm(forms.Form):
    publication = BoundedModelChoiceField(
        label=gettext_lazy("Publication"),
        queryset=Publication.objects.composed(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    date = BoundedDateField(label=gettext_lazy("Date de l'édition"), widget=AdminDateInput())


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label=gettext_lazy("Mot de l'éditeur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("En tête du courriel, avant les articles. Une ligne vide sépare les paragraphes."),
    )


class ChooseArticleForm(forms.Form):
    article = BoundedModelChoiceField(
        label=gettext_lazy("Article"),
        queryset=ArticlePage.objects.live(),
        widget=AdminPageChooser(target_models=[ArticlePage], can_choose_root=False),
        error_messages={
            "required": gettext_lazy("Choisissez un article."),
            "invalid_choice": gettext_lazy("Cet article n'existe pas ou n'est pas publié."),
        },
    )


class ArticleForm(forms.Form):
    """The article a move or removal applies to (any id: one not in the edition changes nothing)."""

    article = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class ScheduleForm(forms.Form):
    at = WallClockDateTimeField(
        label=gettext_lazy("Envoi le (heure de Montréal)"),
        input_formats=[DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT_FORMAT),
        error_messages={"required": gettext_lazy("Indiquez le jour et l'heure de l'envoi.")},
    )

    def clean_at(self) -> datetime.datetime:
        at: datetime.datetime = self.cleaned_data["at"]
        if at <= timezone.now():
            raise forms.ValidationError(_("Choisissez un moment à venir."))
        return at


class WeekArticleChoices(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        published = timezone.localtime(obj.published_at, MONTREAL).date()
        return f"{obj.title} ({day_in_words(published)})"


class UpdateForm(forms.Form):
    """An update of a weekly edition: its articles are chosen among those of the edition's week."""

    title = forms.CharField(label=gettext_lazy("Titre"), max_length=UPDATE_TITLE_LENGTH)
    text = forms.CharField(
        label=gettext_lazy("Texte"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Une ligne vide sépare les paragraphes."),
    )
    articles = WeekArticleChoices(
        label=gettext_lazy("Articles de la semaine (facultatif)"),
        queryset=ArticlePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notify = forms.BooleanField(label=gettext_lazy("Envoyer par courriel aux abonnés"), required=False)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        monday = datetime.datetime.combine(edition.date, datetime.time(), tzinfo=MONTREAL)
        teasers: ArticlePageQuerySet = ArticlePage.objects.teasers()
        articles = self.fields["articles"]
        assert isinstance(articles, WeekArticleChoices)
        articles.queryset = teasers.published_between(monday, monday + datetime.timedelta(days=7)).newest_first()


def takes_updates(edition: Edition) -> bool:
    """A weekly edition that went out (publish_update refuses any other)."""
    return edition.publication.cadence == Cadence.WEEKLY and edition.status in (
        EditionStatus.SENDING,
        EditionStatus.SENT,
    )


@dataclass(frozen=True)
class UpdateRow:
    """An update in the composing page's list: when, and how far its email went."""

    update: EditionUpdate
    moment: str
    total: int = 0
    sent: int = 0
    failed: int = 0

    @property
    def percent(self) -> float:
        return round(100.0 * (self.sent + self.failed) / self.total, 1) if self.total else 100.0


def update_rows(edition: Edition) -> list[UpdateRow]:
    """The edition's updates, newest first, with their sending counts: two queries, however many updates."""
    updates = list(
        EditionUpdate.objects.filter(edition=edition)
        .newest_first()
        .select_related("campaign", "author")
        .annotate(article_count=Count("articles"))
    )
    deliveries = (
        Delivery.objects.filter(campaign_id__in=[update.campaign_id for update in updates if update.campaign_id])
        .order_by()
        .values("campaign_id")
        .annotate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
            failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        )
    )
    counts = {row["campaign_id"]: (row["total"], row["sent"], row["failed"]) for row in deliveries}
    rows = []
    for update in updates:
        total, sent, failed = counts.get(update.campaign_id or 0, (0, 0, 0))
        rows.append(UpdateRow(update, moment_in_words(update.published_at), total=total, sent=sent, failed=failed))
    return rows


class PreviewForm(forms.Form):
    courriel = forms.EmailField(label=gettext_lazy("Lecteur (adresse courriel)"), required=False)


# Status changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusChange:
    """A button of the composing page: shown only when the state machine allows it."""

    key: str
    label: StrOrPromise
    done: StrOrPromise
    shown: Callable[[Edition], bool]
    perform: Callable[[Edition], Edition] | None = None  # None: the view asks for more (a time)
    destructive: bool = False
    confirmed_on: str = ""  # the page that says what will happen and does it (not the status buttons)


STATUS_CHANGES = (
    StatusChange(
        "ready",
        gettext_lazy("Prête"),
        gettext_lazy("L'édition est prête."),
        lambda edition: edition.status == EditionStatus.DRAFT and edition.may_become(EditionStatus.READY),
        lambda edition: actions.mark_ready(edition=edition),
    ),
    StatusChange(
        "draft",
        gettext_lazy("Retour au brouillon"),
        gettext_lazy("L'édition est revenue au brouillon."),
        lambda edition: edition.may_become(EditionStatus.DRAFT),
        lambda edition: actions.back_to_draft(edition=edition),
    ),
    StatusChange(
        "schedule",
        gettext_lazy("Programmer"),
        gettext_lazy("L'envoi est programmé le %(at)s."),
        lambda edition: edition.may_become(EditionStatus.SCHEDULED),
    ),
    StatusChange(
        "unschedule",
        gettext_lazy("Annuler la programmation"),
        gettext_lazy("La programmation est annulée : l'édition est prête."),
        lambda edition: edition.status == EditionStatus.SCHEDULED and edition.may_become(EditionStatus.READY),
        lambda edition: actions.unschedule_edition(edition=edition),
    ),
    StatusChange(
        "send",
        gettext_lazy("Envoyer maintenant"),
        gettext_lazy("L'envoi a commencé."),
        lambda edition: edition.may_become(EditionStatus.SENDING),
        confirmed_on="send",
    ),
    StatusChange(
        "cancel",
        gettext_lazy("Annuler l'édition"),
        gettext_lazy("L'édition est annulée."),
        lambda edition: edition.may_become(EditionStatus.CANCELLED),
        lambda edition: actions.cancel_edition(edition=edition),
        destructive=True,
    ),
)
STATUS_CHANGES_BY_KEY = {change.key: change for change in STATUS_CHANGES}


def format_moment(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment, MONTREAL)
    return _("%(day)s à %(time)s") % {"day": day_in_words(local.date(), weekday=True), "time": local.strftime("%H:%M")}


def default_schedule(edition: Edition) -> datetime.datetime:
    """The publication's sending time on the edition's date (Montréal), or the next hour when past."""
    at = composition.sending_moment(edition.publication, edition.date)
    if at <= timezone.now():
        at = timezone.localtime(timezone=MONTREAL).replace(minute=0, second=0, microsecond=0)
        at += datetime.timedelta(hours=1)
    return at


# Listing -------------------------------------------------------------------------------------


class EditionFilterSet(WagtailFilterSet):
    publication = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Publication"),
        queryset=Publication.objects.all(),
        empty_label=gettext_lazy("Toutes"),
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Statut"),
        choices=EditionStatus.choices,
        empty_label=gettext_lazy("Tous"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Edition
        fields: list[str] = []


class EditionIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Edition]:
        queryset: QuerySet[Edition] = super().get_base_queryset()
        return queryset.select_related("publication").annotate(article_count=Count("items"))

    def order_queryset(self, queryset: QuerySet[Edition]) -> QuerySet[Edition]:
        ordered: QuerySet[Edition] = super().order_queryset(queryset)
        return ordered.order_by(*ordered.query.order_by, "publication__position", "-pk")

    @cached_property
    def add_item_label(self) -> str:
        return _("Nouvelle édition")

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Édition"), accessor=edition_heading, get_url=self.get_edit_url),
            Column("date", label=_("Date"), accessor=lambda edition: day_in_words(edition.date), sort_key="date"),
            Column("article_count", label=_("Articles"), sort_key="article_count"),
            Column(
                "scheduled_for",
                label=_("Envoi programmé"),
                accessor=lambda edition: format_moment(edition.scheduled_for) if edition.scheduled_for else "",
            ),
            StatusTagColumn(
                "status",
                label=_("Statut"),
                accessor=status_label,
                sort_key="status",
                primary=lambda edition: edition.status in composition.OPEN_FOR_COMPOSITION,
            ),
        ]


# A new edition ---------------------------------------------------------------------------------


class EditionViewMixin(PermissionCheckedMixin):
    """Views of one edition: the `pk` in the URL (404 otherwise), the Django permission to change it."""

    model = Edition
    permission_required = "change"
    index_url_name = "editions:index"
    edit_url_name = "editions:edit"
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def edition(self) -> Edition:
        return object_or_404(Edition.objects.select_related("publication"), self.kwargs["pk"])

    @property
    def editor(self) -> User:
        user = self.request.user
        assert isinstance(user, User)  # the admin lets nobody else this far
        return user

    def compose_url(self, edition: Edition | None = None) -> str:
        return reverse(self.edit_url_name, args=[quote((edition or self.edition).pk)])

    def url(self, name: str) -> str:
        return reverse(f"editions:{name}", args=[quote(self.edition.pk)])


class NewEditionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Publication and date → `open_edition`, pre-filled with the articles since the previous edition."""

    model = Edition
    permission_required = "add"
    template_name = "editions/admin/new_edition.html"
    form_class = NewEditionForm
    header_icon = "mail"
    index_url_name = "editions:index"
    edit_url_name = "editions:edit"
    page_title = gettext_lazy("Nouvelle édition")

    def get_initial(self) -> dict[str, Any]:
        """Tomorrow, unless a link (the admin home page's panel) names the publication and the day."""
        initial: dict[str, Any] = {"date": timezone.localdate() + datetime.timedelta(days=1)}
        with contextlib.suppress(ValueError):
            initial["date"] = datetime.date.fromisoformat(self.request.GET.get("date", ""))
        publication = self.request.GET.get("publication", "")
        if publication.isdigit():
            initial["publication"] = int(publication)
        return initial

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Éditions")},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form: NewEditionForm) -> HttpResponse:
        publication: Publication = form.cleaned_data["publication"]
        day: datetime.date = form.cleaned_data["date"]
        existing = Edition.objects.filter(publication=publication, date=day).first()
        if existing is not None:
            messages.info(self.request, _("Cette édition existe déjà : la voici."))
            return redirect(self.edit_url_name, quote(existing.pk))
        articles = list(composition.articles_since_previous_edition(publication, day))
        try:
            edition = actions.open_edition(publication=publication, date=day, articles=articles)
        except IntegrityError:  # another editor opened it (or took the number) at the same moment
            messages.error(self.request, _("Cette édition vient d'être ouverte par quelqu'un d'autre : réessayez."))
            return redirect(self.index_url_name)
        log(instance=edition, action="wagtail.create", user=self.request.user)
        messages.success(
            self.request,
            _("%(edition)s ouverte avec %(count)s article(s) parus depuis l'édition précédente.")
            % {"edition": edition_heading(edition), "count": len(articles)},
        )
        return redirect(self.edit_url_name, quote(edition.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(action_url=self.request.path, cancel_url=reverse(self.index_url_name))
        context["media"] = context["form"].media
        return context


# The composing page --------------------------------------------------------------------------


class ComposeView(EditionViewMixin, WagtailAdminTemplateMixin, TemplateView):
    """The edition: status and its buttons, introduction, articles in order, adding one."""

    template_name = "editions/admin/compose.html"
    header_icon = "mail"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A finished sending shows as sent at once, without waiting for the scheduler's next round.
        sending.close_sent_editions(edition=self.edition)
        self.__dict__.pop("edition", None)
        return super().get(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return edition_heading(self.edition)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Éditions")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        buttons = [HeaderButton(_("Aperçu du courriel"), url=self.url("preview"), icon_name="view")]
        if self.edition.status in (EditionStatus.SENDING, EditionStatus.SENT):
            buttons.append(HeaderButton(_("Voir sur le site"), url=self.edition.get_absolute_url(), icon_name="link"))
        return buttons

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        edition = self.edition
        articles = composition.articles_of(edition)
        ids = [article.pk for article in articles]
        query = self.request.GET.get("q", "").strip()
        open_for_composition = edition.status in composition.OPEN_FOR_COMPOSITION
        updatable = takes_updates(edition)
        choose_form = ChooseArticleForm()
        context.update(
            edition=edition,
            status=status_label(edition),
            scheduled_for=format_moment(edition.scheduled_for) if edition.scheduled_for else "",
            open_for_composition=open_for_composition,
            articles=articles,
            status_changes=[change for change in STATUS_CHANGES if change.shown(edition)],
            schedule_form=ScheduleForm(initial={"at": timezone.localtime(default_schedule(edition), MONTREAL)}),
            introduction_form=IntroductionForm(initial={"introduction": edition.introduction}),
            choose_form=choose_form,
            query=query,
            found=composition.search_articles(query, exclude=ids) if open_for_composition and query else [],
            suggestions=(
                list(
                    composition.articles_since_previous_edition(edition.publication, edition.date)
                    .exclude(pk__in=ids)
                    .select_related("category")[:SUGGESTED_ARTICLES]
                )
                if open_for_composition
                else []
            ),
            urls={
                name: self.url(name)
                for name in (
                    "introduction",
                    "move",
                    "remove",
                    "add_article",
                    "status",
                    "send",
                    "preview",
                    "send_test",
                    "progress",
                )
            },
            progress=campaign_progress(edition.campaign) if edition.campaign is not None else None,
            takes_updates=updatable,
            update_form=UpdateForm(edition=edition) if updatable else None,
            updates=update_rows(edition),
            add_update_url=self.url("add_update"),
            media=choose_form.media,
        )
        return context


class EditionChangeView(EditionViewMixin, View, ABC):
    """POST only: one change, then back to the composing page with a message (a refusal changes nothing)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            message = self.change()
        except EmptyEdition as error:
            messages.error(request, str(error))
        except IllegalTransition as error:
            logger.info("Edition %s: change refused (%s): %s", self.edition.pk, request.path, error)
            messages.error(request, refusal(self.edition))
        else:
            if message:
                messages.success(request, message)
        return self.redirect_after()

    @abstractmethod
    def change(self) -> str:
        """Make the change through the actions; return the message for the editor ("" for none)."""

    def redirect_after(self) -> HttpResponseRedirect:
        return redirect(self.compose_url())

    def article_id(self) -> int | None:
        form = ArticleForm(self.request.POST)
        return form.cleaned_data["article"] if form.is_valid() else None


class IntroductionView(EditionChangeView):
    def change(self) -> str:
        form = IntroductionForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Le mot de l'éditeur n'a pas été enregistré."))
            return ""
        composition.write_introduction(edition=self.edition, introduction=form.cleaned_data["introduction"])
        return _("Mot de l'éditeur enregistré.")


class MoveArticleView(EditionChangeView):
    OFFSETS = {"monter": -1, "descendre": 1}

    def change(self) -> str:
        article_id = self.article_id()
        offset = self.OFFSETS.get(self.request.POST.get("sens", ""))
        if article_id is None or offset is None:
            messages.error(self.request, _("Déplacement impossible : article ou sens inconnu."))
            return ""
        composition.move_article(edition=self.edition, article_id=article_id, offset=offset)
        return ""

    def redirect_after(self) -> HttpResponseRedirect:
        # Back to the moved article's row, so that the keyboard focus can follow it.
        article_id = self.article_id()
        anchor = f"#article-{article_id}" if article_id else "#articles"
        return redirect(self.compose_url() + anchor)


class RemoveArticleView(EditionChangeView):
    def change(self) -> str:
        article_id = self.article_id()
        if article_id is None:
            messages.error(self.request, _("Article inconnu."))
            return ""
        title = ArticlePage.objects.filter(pk=article_id).values_list("title", flat=True).first() or ""
        composition.remove_article(edition=self.edition, article_id=article_id)
        return _("« %(title)s » est retiré de l'édition.") % {"title": title}

    def redirect_after(self) -> HttpResponseRedirect:
        return redirect(self.compose_url() + "#articles")


class AddArticleView(EditionChangeView):
    def change(self) -> str:
        form = ChooseArticleForm(self.request.POST)
        if self.article_id() is None:  # before the database sees an id beyond its integers
            messages.error(self.request, _("Choisissez un article."))
            return ""
        if not form.is_valid():
            messages.error(self.request, " ".join(str(error) for error in form.errors.get("article", [])))
            return ""
        article: ArticlePage = form.cleaned_data["article"]
        if any(existing.pk == article.pk for existing in composition.articles_of(self.edition)):
            messages.info(self.request, _("« %(title)s » est déjà dans l'édition.") % {"title": article.title})
            return ""
        composition.add_article(edition=self.edition, article=article)
        return _("« %(title)s » est ajouté à la fin de l'édition.") % {"title": article.title}

    def redirect_after(self) -> HttpResponseRedirect:
        return redirect(self.compose_url() + "#articles")


class StatusView(EditionChangeView):
    """The status buttons: each calls its action; one the state machine refuses changes nothing."""

    def change(self) -> str:
        change = STATUS_CHANGES_BY_KEY.get(self.request.POST.get("transition", ""))
        edition = self.edition
        if change is None or change.confirmed_on:
            messages.error(self.request, _("Action inconnue."))
            return ""
        if not change.shown(edition):  # a page left open while the edition moved on
            raise IllegalTransition(f"{edition.status} → {change.key}")
        if change.perform is not None:
            change.perform(edition)
            return str(change.done)
        form = ScheduleForm(self.request.POST)
        with timezone.override(MONTREAL):  # whatever time zone the editor chose for the admin
            valid = form.is_valid()
        if not valid:
            messages.error(self.request, " ".join(str(error) for error in form.errors.get("at", [])))
            return ""
        at = form.cleaned_data["at"]
        actions.schedule_edition(edition=edition, at=at)
        return str(change.done) % {"at": format_moment(at)}


class SendEditionView(EditionViewMixin, WagtailAdminTemplateMixin, TemplateView):
    """Envoyer maintenant: what goes to whom (subject, recipients, articles), then, once confirmed, the sending."""

    template_name = "editions/admin/send.html"
    header_icon = "mail"

    def get_page_title(self) -> str:
        return _("Envoyer — %(edition)s") % {"edition": edition_heading(self.edition)}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Éditions")},
            {"url": self.compose_url(), "label": edition_heading(self.edition)},
            {"url": "", "label": _("Envoyer")},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        edition = self.edition
        rubriques = edition.articles_by_rubrique()
        context.update(
            edition=edition,
            may_send=edition.may_become(EditionStatus.SENDING),
            status=status_label(edition),
            subject=edition_subject(edition),
            reader_count=recipients(edition.publication).count(),
            rubriques=rubriques,
            article_count=sum(len(articles) for _, articles in rubriques),
            scheduled_for=format_moment(edition.scheduled_for) if edition.scheduled_for else "",
            compose_url=self.compose_url(),
            preview_url=self.url("preview"),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            sending.send_edition(edition=self.edition)
        except EmptyEdition as error:
            messages.error(request, str(error))
        except IllegalTransition as error:
            logger.info("Edition %s: sending refused: %s", self.edition.pk, error)
            messages.error(request, refusal(self.edition))
        else:
            log(instance=self.edition, action="wagtail.edit", user=self.editor)
            messages.success(request, str(STATUS_CHANGES_BY_KEY["send"].done))
        return redirect(self.compose_url())


# Updates of a weekly edition -------------------------------------------------------------------


class PublishUpdateView(EditionChangeView):
    """Ajouter une mise à jour: through `actions.publish_update`, which refuses it for anything but a weekly
    edition that went out (its French message shown, nothing changed)."""

    def change(self) -> str:
        form = UpdateForm(self.request.POST, edition=self.edition)
        if not form.is_valid():
            errors = " ".join(
                _("%(field)s : %(problems)s")
                % {"field": form.fields[name].label, "problems": " ".join(str(problem) for problem in problems)}
                for name, problems in form.errors.items()
            )
            messages.error(self.request, _("La mise à jour n'a pas été publiée. %(errors)s") % {"errors": errors})
            return ""
        data = form.cleaned_data
        try:
            update = actions.publish_update(
                edition=self.edition,
                title=data["title"],
                text=data["text"],
                articles=list(data["articles"]),
                notify=data["notify"],
                author=self.editor,
            )
        except actions.UpdateRefused as error:
            logger.info("Edition %s: update refused: %s", self.edition.pk, error)
            messages.error(self.request, str(error))
            return ""
        log(instance=self.edition, action="wagtail.edit", user=self.editor)
        if update.campaign is not None:
            return _("Mise à jour publiée ; son envoi par courriel a commencé.")
        return _("Mise à jour publiée sur le site (sans courriel).")

    def redirect_after(self) -> HttpResponseRedirect:
        return redirect(self.compose_url() + "#mises-a-jour")


class UpdateEmailView(EditionViewMixin, WagtailAdminTemplateMixin, TemplateView):
    """The email sent about an update, as the editor would have received it."""

    template_name = "editions/admin/update_email.html"
    header_icon = "mail"

    @cached_property
    def update(self) -> EditionUpdate:
        update = object_or_404(self.edition.updates.select_related("campaign"), self.kwargs["update"])
        if update.campaign is None:
            raise Http404
        return update

    def get_page_title(self) -> str:
        return _("Courriel de la mise à jour « %(title)s »") % {"title": self.update.title}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Éditions")},
            {"url": self.compose_url(), "label": edition_heading(self.edition)},
            {"url": "", "label": _("Courriel de la mise à jour")},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        campaign = self.update.campaign
        assert campaign is not None  # self.update
        message = CampaignMessage(campaign).personalise(Recipient(email=self.editor.email, user=self.editor))
        context.update(
            update=self.update,
            campaign=campaign,
            progress=campaign_progress(campaign),
            headers=[
                (_("De"), message.from_email),
                (_("Répondre à"), ", ".join(message.reply_to)),
                (_("Objet"), message.subject),
                ("List-Id", message.extra_headers["List-Id"]),
            ],
            html=next((content for content, mimetype in message.alternatives if mimetype == "text/html"), ""),
            text=message.body,
            compose_url=self.compose_url() + "#mises-a-jour",
        )
        return context


# Preview and test ----------------------------------------------------------------------------


class PreviewView(EditionViewMixin, WagtailAdminTemplateMixin, TemplateView):
    """The email exactly as a chosen reader receives it (their name, unsubscribe link, reading links)."""

    template_name = "editions/admin/preview.html"
    header_icon = "view"

    def get_page_title(self) -> str:
        return _("Aperçu — %(edition)s") % {"edition": edition_heading(self.edition)}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Éditions")},
            {"url": self.compose_url(), "label": edition_heading(self.edition)},
            {"url": "", "label": _("Aperçu")},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        edition = self.edition
        readers = recipients(edition.publication, day=edition.date)
        form = PreviewForm(self.request.GET)
        email = form.cleaned_data["courriel"] if form.is_valid() else ""
        reader = (readers.filter(email__iexact=email) if email else readers.order_by("email")).first()
        refused = ""
        if form.errors:
            refused = _("Adresse courriel invalide.")
        elif email and reader is None:
            refused = _("%(email)s ne reçoit pas %(publication)s : aperçu avec vos propres coordonnées.") % {
                "email": email,
                "publication": edition.publication.name,
            }
        message = reader_message(edition, reader or self.editor)
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
        context.update(
            edition=edition,
            form=form,
            reader=reader,
            stand_in=reader is None,
            refused=refused,
            reader_count=readers.count(),
            suggestions=list(readers.order_by("email").values_list("email", flat=True)[:PREVIEW_SUGGESTIONS]),
            message=message,
            headers=[
                (_("De"), message.from_email),
                (_("À"), ", ".join(message.to)),
                (_("Répondre à"), ", ".join(message.reply_to)),
                (_("Objet"), message.subject),
                ("List-Id", message.extra_headers["List-Id"]),
                ("List-Unsubscribe", message.extra_headers["List-Unsubscribe"]),
            ],
            html=html,
            text=message.body,
            compose_url=self.compose_url(),
            send_test_url=self.url("send_test"),
        )
        return context


class SendTestView(EditionChangeView):
    """The message as the editor would receive it, to the editor only, subject marked [TEST]."""

    def change(self) -> str:
        editor = self.editor
        message = reader_message(self.edition, editor, rendered=render_edition(self.edition), test=True)
        message.send()
        logger.info("Edition %s: test message sent to staff member %s", self.edition.pk, editor.pk)
        return _("Essai envoyé à %(email)s.") % {"email": editor.email}

    def redirect_after(self) -> HttpResponseRedirect:
        back = self.request.POST.get("retour", "")
        return redirect(self.url("preview") if back == "apercu" else self.compose_url())


# Viewset -------------------------------------------------------------------------------------


class ProgressView(EditionViewMixin, View):
    """Where the sending stands, as JSON, for the composing page's progress bar (polled every few seconds)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        campaign = self.edition.campaign
        if campaign is None:
            raise Http404
        progress = campaign_progress(campaign)
        sending.close_sent_editions(edition=self.edition)
        return JsonResponse({**progress, "status": status_label(Edition.objects.get(pk=self.edition.pk))})


class EditionViewSet(ModelViewSet):
    model = Edition
    name = "editions"
    url_prefix = "editions"
    icon = "mail"
    menu_label = gettext_lazy("Éditions")
    menu_order = 240
    add_to_admin_menu = True
    index_view_class = EditionIndexView
    filterset_class = EditionFilterSet
    ordering = "-date"
    list_per_page = 50
    copy_view_enabled = False
    add_to_reference_index = False

    def get_form_class(self, for_update: bool = False) -> type[forms.Form]:
        return NewEditionForm

    @cached_property
    def add_view(self) -> Any:
        return NewEditionView.as_view()

    @cached_property
    def edit_view(self) -> Any:
        return ComposeView.as_view()

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/introduction/", IntroductionView.as_view(), name="introduction"),
            path("<int:pk>/articles/deplacer/", MoveArticleView.as_view(), name="move"),
            path("<int:pk>/articles/retirer/", RemoveArticleView.as_view(), name="remove"),
            path("<int:pk>/articles/ajouter/", AddArticleView.as_view(), name="add_article"),
            path("<int:pk>/statut/", StatusView.as_view(), name="status"),
            path("<int:pk>/envoyer/", SendEditionView.as_view(), name="send"),
            path("<int:pk>/apercu/", PreviewView.as_view(), name="preview"),
            path("<int:pk>/essai/", SendTestView.as_view(), name="send_test"),
            path("<int:pk>/progression/", ProgressView.as_view(), name="progress"),
            path("<int:pk>/mises-a-jour/ajouter/", PublishUpdateView.as_view(), name="add_update"),
            path("<int:pk>/mises-a-jour/<int:update>/courriel/", UpdateEmailView.as_view(), name="update_email"),
        ]
