"""Mes publications (which emails the reader receives), the editions of every publication, the archive of each
publication, and an edition's page (with the dated updates of a weekly edition, newest first, above the edition
itself)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from courrier.accounts.models import User
from courrier.core.page_cache import teasers_copy
from courrier.editions.actions import choose_publications
from courrier.editions.email import day_in_words, moment_in_words
from courrier.editions.forms import PublicationChoiceForm
from courrier.editions.models import Edition, EditionUpdate, Publication
from courrier.editions.recipients import publications_for
from courrier.licensing.entitlements import entitlement
from courrier.mailing.models import Suppression
from courrier.newsroom.models import ArticlePage, ArticlePageQuerySet

EDITIONS_PER_PAGE = 30
LATEST_EDITIONS = 5  # per publication, on « Éditions »


def choice_wording() -> str:
    """What Mes publications says above its boxes (the same text as its template): kept with each consent record."""
    return _(
        "Choisissez ce que vous recevez par courriel. Vous pouvez changer d'avis en tout temps ; "
        "chaque courriel contient aussi un lien de désinscription."
    )


@never_cache
@login_required
def my_publications(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    publications = publications_for(user)
    form = PublicationChoiceForm(request.POST or None, user=user, publications=publications)
    if request.method == "POST" and form.is_valid():
        choose_publications(user=user, choices=form.choices(), source="profil", wording=choice_wording())
        messages.success(request, _("Vos choix de publications sont enregistrés."))
        return redirect("my_publications")
    # Whether nothing reaches the reader at all (a bounce, a complaint): said here, with how to lift it.
    suppression = Suppression.objects.active().of_address(user.email).first()
    return render(
        request,
        "editions/my_publications.html",
        {"form": form, "publications": publications, "suppression": suppression},
    )


def edition_index(request: HttpRequest) -> HttpResponse:
    """« Éditions »: each publication's latest editions that went out, and the way to all of them (two queries)."""
    publications = list(Publication.objects.composed())
    ranked = Edition.objects.published().annotate(
        rank=Window(RowNumber(), partition_by=[F("publication_id")], order_by=[F("date").desc(), F("pk").desc()])
    )
    by_id = {publication.pk: publication for publication in publications}
    latest: dict[int, list[Edition]] = {}
    for edition in ranked.filter(publication__in=publications, rank__lte=LATEST_EDITIONS).order_by("-date"):
        edition.publication = by_id[edition.publication_id]  # its URL names it
        latest.setdefault(edition.publication_id, []).append(edition)
    shelves = [(publication, latest.get(publication.pk, [])) for publication in publications]
    return teasers_copy(render(request, "editions/index.html", {"shelves": shelves}))


def edition_archive(request: HttpRequest, key: str) -> HttpResponse:
    """Every edition of a publication that went out, newest first, paginated."""
    publication = get_object_or_404(Publication.objects.active(), key=key)
    editions = Edition.objects.published().filter(publication=publication).order_by("-date")
    page = Paginator(editions, EDITIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "editions/archive.html", {"publication": publication, "page": page})


def edition_page(request: HttpRequest, key: str, day: str) -> HttpResponse:
    """An edition on the site: its articles as teasers (each article has its own wall), the editor's
    introduction and the text of its updates for entitled readers only (their dates, titles and
    articles' teasers for everyone)."""
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error
    edition = get_object_or_404(
        Edition.objects.published().select_related("publication"), publication__key=key, date=date
    )
    access = entitlement(request)
    teasers: ArticlePageQuerySet = ArticlePage.objects.teasers().order_by("published_at", "pk")
    updates = list(
        EditionUpdate.objects.filter(edition=edition)
        .newest_first()
        .prefetch_related(Prefetch("articles", queryset=teasers))
    )
    # A reading link opens what its email carried: this edition's introduction, or one update's text.
    opened = {id(item) for item in access.readable([edition, *updates])}
    may_read = id(edition) in opened
    shown = [(update, moment_in_words(update.published_at), id(update) in opened) for update in updates]
    response = render(
        request,
        "editions/edition.html",
        {
            "edition": edition,
            "day": day_in_words(edition.date, weekday=True),
            "groups": edition.articles_by_rubrique(),
            "updates": shown,
            "may_read": may_read,
            "walled": bool(edition.introduction and not may_read)
            or any(id(update) not in opened for update in updates),
        },
    )
    patch_vary_headers(response, ["Cookie"])
    if opened:
        patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response
