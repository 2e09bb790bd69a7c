"""The newsroom's content: the home page, rubriques, articles and categories.

An article's body is shown only to readers `licensing.entitlements` lets in;
everyone else gets its teaser (title, date, rubrique, category, lead). Articles
name the decrees they explain (`ArticleDecree`), and the quotes of Members in
live articles are indexed (`MemberQuote`) for the Members' pages.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from courrier.core.collation import French
from courrier.core.page_cache import remembered, remembered_here, shared_copy, subscriber_copy, teasers_copy
from courrier.core.routing import RememberedViewRestrictions, with_site_root_paths
from courrier.core.search_index import TeaserSearchField
from courrier.licensing.entitlements import Grounds, entitlement
from courrier.newsroom.article_form import ArticlePageForm
from courrier.newsroom.blocks import ArticleBodyBlock
from courrier.newsroom.choosers import decree_chooser_viewset
from courrier.parliament.models import Decree, Member

if TYPE_CHECKING:
    from collections.abc import Iterable

LISTING_PAGE_SIZE = 20
LISTED = models.Q(listed=True)
RELATED_COUNT = 5
# As Django's `json_script`: no value can close the script element.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def folded(text: str) -> str:
    """A sort key that orders French words as a reader expects (É with E)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


class CategoryQuerySet(models.QuerySet):
    def alphabetical(self) -> list[Category]:
        return sorted(self, key=lambda category: folded(category.name))

    def named(self, text: str) -> CategoryQuerySet:
        """Categories whose name holds every word typed, accents and case aside (« economie » finds Économie)."""
        words = folded(text).split()
        names = self.values_list("pk", "name")
        return self.filter(pk__in=[pk for pk, name in names if all(word in folded(name) for word in words)])


class Category(models.Model):
    """A subject an article is filed under (Santé, Justice…), across rubriques."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)

    objects = CategoryQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = [French("name")]
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class Section:
    """What listings need of a rubrique, kept in the cache."""

    id: int
    title: str
    slug: str
    url: str
    path: str
    in_menu: bool


def sections_by_path() -> dict[str, Section]:
    """Every live rubrique keyed by its tree path; remembered until the content changes."""
    return remembered_here("sections", _load_sections)


def _load_sections() -> dict[str, Section]:
    return {
        page.path: Section(
            id=page.id,
            title=page.title,
            slug=page.slug,
            url=page.url or "",
            path=page.path,
            in_menu=page.show_in_menus,
        )
        for page in map(with_site_root_paths, SectionPage.objects.live().order_by("path"))
    }


def menu_sections() -> list[Section]:
    """The live rubriques shown in the site's menu, in the page tree's order."""
    return [section for section in sections_by_path().values() if section.in_menu]


class ArticlePageQuerySet(PageQuerySet):
    def teaser_listing(self) -> TeaserListing:
        """These articles, live ones only, newest first, as teasers paged off the listing indexes."""
        return TeaserListing(self.filter(LISTED).newest_first())

    def newest_first(self) -> ArticlePageQuerySet:
        # The article's own key, not the page's: the listing indexes end with it.
        return self.order_by("-published_at", "-pk")

    def in_category(self, category: Category) -> ArticlePageQuerySet:
        return self.filter(category=category)

    def in_section(self, section: Page | Section) -> ArticlePageQuerySet:
        return self.filter(section_page_id=section.id)

    def published_between(self, start: Any = None, end: Any = None) -> ArticlePageQuerySet:
        qs = self
        if start is not None:
            qs = qs.filter(published_at__gte=start)
        if end is not None:
            qs = qs.filter(published_at__lt=end)
        return qs

    def child_of_section(self, section: Section, *, slug: str) -> ArticlePageQuerySet:
        """The rubrique's article at this address (its category is read by the parts of its page that are
        rendered rather than remembered: not most of the time)."""
        return self.filter(
            path__range=Page._get_children_path_interval(section.path),
            depth=len(section.path) // Page.steplen + 1,
            slug=slug,
        )

    def teasers(self) -> ArticlePageQuerySet:
        """Live articles with only what a teaser shows: never the body.

        Categories come in a second query: joined, they would lead SQLite's planner to sort whole rubriques.
        """
        return (
            self.live()
            .prefetch_related(models.Prefetch("category", Category.objects.only("id", "name", "slug")))
            .only(
                "id",
                "title",
                "slug",
                "path",
                "depth",
                "url_path",
                "live",
                "published_at",
                "lead",
                "edition_tag",
                "category_id",
            )
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class TeaserListing:
    """Live articles newest first, sliceable and countable like a QuerySet, for listings of any depth.

    A slice reads only keys off one index (`listed` and the listing's filter, then the date
    and the key), so page 500 of a rubrique skips index entries rather than joined rows,
    whatever the size of the archive; the teasers of that slice alone are then loaded.
    """

    def __init__(self, articles: ArticlePageQuerySet) -> None:
        self.articles = articles

    def count(self) -> int:
        return self.articles.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> TeaserSlice:
        if not isinstance(key, slice):
            raise TypeError("TeaserListing supports slices only")
        return TeaserSlice(list(self.articles.values_list("pk", "published_at")[key]))

    def after(self, bookmark: Bookmark, count: int) -> TeaserSlice:
        """The `count` articles that follow `bookmark`, however many were published since it was set."""
        following = self.articles.filter(published_at__lte=bookmark.published_at).exclude(
            published_at=bookmark.published_at, pk__gte=bookmark.pk
        )
        return TeaserSlice(list(following.values_list("pk", "published_at")[:count]))

    def before(self, bookmark: Bookmark, count: int) -> TeaserSlice:
        """The `count` articles that precede `bookmark`, newest first."""
        preceding = (
            self.articles.filter(published_at__gte=bookmark.published_at)
            .exclude(published_at=bookmark.published_at, pk__lte=bookmark.pk)
            .order_by("published_at", "pk")
        )
        return TeaserSlice(list(preceding.values_list("pk", "published_at")[:count])[::-1])


class TeaserSlice(Sequence["ArticlePage"]):
    """A slice of a listing: its keys and dates read at once, its teasers only when something shows them.

    A page whose teasers are remembered (a template part kept for the content
    generation) still knows its bookmarks without loading them.
    """

    def __init__(self, keys: list[tuple[int, dt.datetime]]) -> None:
        self.keys = keys

    @cached_property
    def _teasers(self) -> list[ArticlePage]:
        found = ArticlePage.objects.teasers().in_bulk([pk for pk, _ in self.keys])
        return [found[pk] for pk, _ in self.keys if pk in found]

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> ArticlePage: ...

    @overload
    def __getitem__(self, index: slice) -> list[ArticlePage]: ...

    def __getitem__(self, index: int | slice) -> ArticlePage | list[ArticlePage]:
        return self._teasers[index]

    def __iter__(self) -> Iterator[ArticlePage]:
        return iter(self._teasers)

    def bookmark(self, index: int) -> Bookmark:
        pk, published_at = self.keys[index]
        return Bookmark(published_at, pk)


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Bookmark:
    """Where a reader is in a listing: an article's date and key, carried by the next and previous links.

    Following a bookmark rather than counting rows means an article published
    meanwhile neither repeats nor hides one on the next page, at any depth.
    """

    published_at: dt.datetime
    pk: int

    @classmethod
    def of(cls, article: ArticlePage) -> Bookmark:
        return cls(article.published_at, article.pk)

    @classmethod
    def parse(cls, text: str | None) -> Bookmark | None:
        """The bookmark `str()` wrote, or None for anything else."""
        micros, _, pk = (text or "").partition("-")
        if not (micros.isdigit() and pk.isdigit() and len(micros) <= 17 and len(pk) <= 18):
            return None
        try:
            return cls(EPOCH + dt.timedelta(microseconds=int(micros)), int(pk))
        except OverflowError:
            return None

    def __str__(self) -> str:
        elapsed = self.published_at - EPOCH
        return f"{(elapsed.days * 86_400 + elapsed.seconds) * 1_000_000 + elapsed.microseconds}-{self.pk}"


def listing_page(listing: TeaserListing, query: Any, count_name: str) -> PaginatorPage:
    """The page of `listing` the query asks for: by bookmark (`apres`, `avant`) when it has one, else by number.

    The page number only says where the reader is. The page carries the bookmarks its
    next and previous links need; the link back to page 1 carries none, so that it
    shows what was published since.
    """
    paginator = RememberedCountPaginator(listing, LISTING_PAGE_SIZE, count_name)
    after, before = Bookmark.parse(query.get("apres")), Bookmark.parse(query.get("avant"))
    found: TeaserSlice | None = None
    if after is not None:
        found = listing.after(after, paginator.per_page)
    elif before is not None:
        found = listing.before(before, paginator.per_page)
    if found:
        number = min(max(_page_number(paginator, query.get("page")), 2 if after else 1), paginator.num_pages)
        page = PaginatorPage(found, number, paginator)
    else:
        page = paginator.get_page(query.get("page"))
    items: TeaserSlice = page.object_list  # type: ignore[assignment]
    # The page's teasers are those following its first: that names them within a content generation.
    page.teasers_key = f"{items.keys[0][0]}:{len(items)}" if items else "none"  # type: ignore[attr-defined]
    page.next_bookmark = items.bookmark(-1) if items and page.has_next() else None  # type: ignore[attr-defined]
    page.previous_bookmark = items.bookmark(0) if items and page.number > 2 else None  # type: ignore[attr-defined]
    return page


def _page_number(paginator: Paginator, asked: Any) -> int:
    try:
        return paginator.validate_number(asked)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return max(paginator.num_pages, 1)


class RememberedCountPaginator(Paginator):
    """Counting a rubrique's 14,000 articles costs more than listing 20: keep the total."""

    def __init__(self, object_list: Any, per_page: int, count_name: str) -> None:
        super().__init__(object_list, per_page)
        self.count_name = count_name

    @cached_property
    def count(self) -> int:
        return remembered(self.count_name, self.object_list.count)


def paginate(queryset: Any, page_number: Any, per_page: int = LISTING_PAGE_SIZE) -> PaginatorPage:
    return Paginator(queryset, per_page).get_page(page_number)


class NewsroomPage(RememberedViewRestrictions, Page):
    class Meta:
        abstract = True


def latest_teasers() -> TeaserSlice:
    """The newest live articles, as the home page lists them."""
    return ArticlePage.objects.teaser_listing()[:LISTING_PAGE_SIZE]


class TeaserPage(NewsroomPage):
    """A page made of teasers only: the same for every anonymous visitor and every subscriber."""

    class Meta:
        abstract = True

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return teasers_copy(super().serve(request, *args, **kwargs))


class HomePage(TeaserPage):
    """The front page: the latest articles, every rubrique."""

    intro = models.TextField(_("présentation"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["newsroom.SectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """A rubrique or an article in one query at most: the rubriques are known from memory.

        Wagtail would fetch each page on the way twice (the page, then its specific
        form); anything other than a live rubrique's child takes Wagtail's way.
        """
        section = self._section_named(path_components[0]) if 1 <= len(path_components) <= 2 else None
        if section is None:
            return super().route(request, path_components)
        # The page itself is kept for the content generation too: unpickling it costs a fraction of the query.
        if len(path_components) == 1:
            page: Page | None = remembered(f"page:{section.id}", SectionPage.objects.filter(pk=section.id).first)
        else:
            slug = path_components[1]
            articles = ArticlePage.objects.child_of_section(section, slug=slug)
            page = remembered(f"page:{section.id}:{slug}", articles.first)
        if page is None:
            return super().route(request, path_components)
        return page.route(request, [])

    def _section_named(self, slug: str) -> Section | None:
        return next(
            (s for s in sections_by_path().values() if s.slug == slug and s.path[: -Page.steplen] == self.path), None
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # Called by the template only when its remembered part is missing.
        context["latest"] = latest_teasers
        return context


class SectionPage(TeaserPage):
    """A rubrique: Derrière les décrets, Ce qu'ils ont dit, Message DU gouvernement…"""

    intro = models.TextField(_("présentation"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = ["newsroom.ArticlePage"]

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.in_section(self).teaser_listing()
        context["articles"] = listing_page(articles, request.GET, count_name=f"section:{self.pk}")
        return context


class EditionTag(models.TextChoices):
    LCP = "LCP", "LCP"
    LAG = "LAG", "LAG"
    INFOMIDI = "InfoMidi", "InfoMidi"


class ArticlePage(NewsroomPage):
    """An article. Its body is paywalled; its teaser fields are public."""

    # Empty until the article is published, then the moment it first was, unless the editor dates it.
    published_at = models.DateTimeField(
        _("date de parution"),
        null=True,
        blank=True,
        help_text=_("Laissez vide : l'article sera daté du moment où vous le publiez."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="articles"
    )
    edition_tag = models.CharField(
        _("édition"), max_length=10, choices=EditionTag.choices, blank=True, help_text=_("Par exemple (LCP) ou (LAG).")
    )
    lead = models.TextField(_("chapeau"), help_text=_("Le résumé public, visible de tous."))
    body = StreamField(ArticleBodyBlock(), verbose_name=_("texte"), blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Par exemple : Cabinet du ministre des Finances.")
    )
    # The parent rubrique, copied from the tree so that its listing reads one index (kept by `file_in_section`).
    section_page = models.ForeignKey(
        "newsroom.SectionPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # article_section_newest leads with it
    )

    # `live`, copied so that listings filter and sort on this table alone (kept by `save` and `relist_article`).
    listed = models.BooleanField(default=False, editable=False)

    objects = ArticlePageManager()
    base_form_class = ArticlePageForm

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("published_at"), FieldPanel("category"), FieldPanel("edition_tag")])],
            heading=_("Classement"),
        ),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("source"),
        MultipleChooserPanel(
            "decree_links",
            chooser_field_name="decree",
            heading=_("Décrets expliqués"),
            label=_("Décret"),
            help_text=_("Les décrets dont traite l'article (Derrière les décrets) : leur page renverra à l'article."),
        ),
    ]
    # The public column holds the teaser, the other the body (courrier.core.search_index).
    search_fields = [
        *Page.search_fields,
        TeaserSearchField("teaser_text"),
        index.SearchField("body_text"),
        index.FilterField("published_at"),
        index.FilterField("category"),
    ]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Every listing is live articles newest first, the key as tie-break: each reads off one index.
        # Partial: the databases render `listed=True` as a bare column, which only a partial index can serve.
        indexes = [
            models.Index(fields=["published_at", "page_ptr"], name="article_newest", condition=LISTED),
            models.Index(
                fields=["section_page", "published_at", "page_ptr"], name="article_section_newest", condition=LISTED
            ),
            models.Index(
                fields=["category", "published_at", "page_ptr"], name="article_category_newest", condition=LISTED
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.listed = self.live
        if self.live and self.published_at is None:
            self.published_at = self.first_published_at or timezone.now()
        if self.path:
            self.section_page_id = parent_section_id(self.path)
        super().save(*args, **kwargs)

    @cached_property
    def body_text(self) -> str:
        """The body as plain text, computed once per indexing (search backends ask several times)."""
        return self.text_of_body(self.body)

    @staticmethod
    def text_of_body(body: StreamValue) -> str:
        return " ".join(body.stream_block.get_searchable_content(body))

    @property
    def teaser_text(self) -> str:
        """What the teaser shows besides the title (indexed with it), for search: lead, category, rubrique."""
        section = self.section
        return " ".join([self.lead, self.category.name, section.title if section else ""])

    @property
    def section(self) -> Section | None:
        return sections_by_path().get(self.path[: -Page.steplen])

    def related(self) -> Iterable[ArticlePage]:
        """The latest other articles in the same category."""
        return ArticlePage.objects.in_category(self.category).exclude(pk=self.pk).teaser_listing()[:RELATED_COUNT]

    def structured_data(self, request: HttpRequest) -> dict[str, Any]:
        """schema.org markup telling search engines the body is paywalled; it never holds the body."""
        publisher = publisher_organization()
        modified = max(self.published_at, self.last_published_at or self.published_at)
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.lead,
            "url": self.get_full_url(request),
            "inLanguage": "fr-CA",
            "datePublished": timezone.localtime(self.published_at),
            "dateModified": timezone.localtime(modified),
            "author": publisher,
            "publisher": publisher,
            "isAccessibleForFree": False,
            "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".article__body"},
        }
        if self.section is not None:
            data["articleSection"] = self.section.title
        return data

    def explained_decrees(self) -> list[Decree]:
        """The published decrees the article explains, in the editor's order (public facts, shown to all).

        Read through the page's own relation so that a preview shows the draft's choice.
        """
        links = self.decree_links.select_related("decree").all()
        return [link.decree for link in links if link.decree.is_published]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        access = entitlement(request)
        context["access"] = access
        context["may_read"] = access.may_read(self)
        # Evaluated only where the page's parts are rendered rather than remembered (templates' {% fragment %}).
        context["decrees"] = SimpleLazyObject(self.explained_decrees)
        context["related"] = SimpleLazyObject(lambda: list(self.related()))
        context["structured_data"] = SimpleLazyObject(lambda: json_ld(self.structured_data(request)))
        return context

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().serve(request, *args, **kwargs)
        return paywalled(request, response, may_read=entitlement(request).may_read(self))


def parent_section_id(path: str) -> int | None:
    """The rubrique directly above the page at `path`, if its parent is one."""
    return SectionPage.objects.filter(path=path[: -Page.steplen]).values_list("pk", flat=True).first()


def paywalled(request: HttpRequest, response: HttpResponse, *, may_read: bool) -> HttpResponse:
    """Cache headers for a page with paywalled content, `may_read` saying whether this request sees it.

    An anonymous visitor's teaser is the same for all of them: a shared copy. A
    full body, or a wall that speaks to one person, must never land in a shared
    or browser cache; what subscribers under a licence see is the same for all of
    them (but for the account menu) and kept on the server only.
    """
    patch_vary_headers(response, ["Cookie"])
    access = entitlement(request)
    if access.grounds == Grounds.ANONYMOUS and not may_read:
        return shared_copy(response)
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    if access.grounds == Grounds.LICENCE:
        return subscriber_copy(response)
    return response


class ArticleDecree(Orderable):
    """A decree an article explains (*Derrière les décrets*); an article names a decree once."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="decree_links")
    decree = models.ForeignKey(Decree, verbose_name=_("décret"), on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("decree", widget=decree_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("décret expliqué")
        verbose_name_plural = _("décrets expliqués")
        constraints = [models.UniqueConstraint(fields=["article", "decree"], name="newsroom_article_decree_once")]

    def __str__(self) -> str:
        return str(self.decree)


class MemberQuoteQuerySet(models.QuerySet["MemberQuote"]):
    def of_member(self, member: Member) -> MemberQuoteQuerySet:
        """The member's quotes in live articles, newest article first, with what a listing shows of the article."""
        return (
            self.filter(member=member, article__live=True)
            .select_related("article")
            .only(
                "id",
                "position",
                "quote",
                "role",
                "member_id",
                "article__id",
                "article__title",
                "article__slug",
                "article__path",
                "article__depth",
                "article__url_path",
                "article__live",
                "article__published_at",
            )
            .order_by("-article__published_at", "-article_id", "position")
        )


class MemberQuote(models.Model):
    """A Member's quote in the live body of an article: one row per quote block naming the Member.

    Derived data, never edited: `actions.index_member_quotes` rebuilds an article's
    rows from its live body whenever it is published or unpublished, so a Member's
    page lists what they said with one indexed query instead of scanning every body.
    The quote is the article's paywalled text: shown to those who may read the article.
    """

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="member_quotes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="article_quotes")
    position = models.PositiveSmallIntegerField()  # the quote block's rank in the body
    quote = models.TextField()
    role = models.CharField(max_length=300, blank=True)

    objects = MemberQuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation d'un député")
        verbose_name_plural = _("citations de députés")
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="newsroom_member_quote_once")]
        indexes = [models.Index(fields=["member", "article"], name="newsroom_quote_member")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.article_id}#{self.position}"


def publisher_organization() -> dict[str, str]:
    """The publisher as schema.org markup names it."""
    return {"@type": "Organization", "name": settings.PUBLISHER["name"], "url": settings.SITE_URL}


def json_ld(data: dict[str, Any]) -> SafeString:
    """A JSON-LD script element for the page's head."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


class SearchDocumentKind(models.TextChoices):
    ARTICLE = "article", _("article")
    DECREE = "decree", _("décret")


class SearchDocument(models.Model):
    """One live article or published decree as site search reads it: what it filters and groups on.

    Derived data, never edited: `newsroom.search_documents` writes it, from the
    actions that follow publishing (`newsroom.actions`). Its words are not here
    but in the database's full-text index, keyed by `key` (an FTS5 table on
    SQLite, tsvector columns on PostgreSQL: migration 0006), in two parts: what
    the teaser shows (public) and what only readers see (private).

    `key` orders documents by publication (the second it was published, then a
    few bits of the object's id), so that the full-text index yields matches
    newest first and a date range is a range of keys.
    """

    key = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=8, choices=SearchDocumentKind.choices)
    object_id = models.IntegerField()
    published_at = models.DateTimeField()
    year = models.PositiveSmallIntegerField()
    section_id = models.IntegerField(null=True)  # the article's rubrique (a SectionPage id)
    category_id = models.IntegerField(null=True)  # the article's Category id

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="newsroom_search_document_once")]
        indexes = [
            models.Index(fields=["section_id", "key"], name="newsroom_search_section"),
            models.Index(fields=["category_id", "key"], name="newsroom_search_category"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class AutosavedDraft(models.Model):
    """A new article that only Wagtail's autosave has saved: its editor never clicked Save or Publish.

    An editor who opens *Ajouter un article* and leaves gets such a draft. Saving or publishing it
    by hand forgets the mark; a daily job removes the articles still marked, never published and
    untouched for `ABANDONED_AFTER` (`actions.forget_abandoned_drafts`).
    """

    article = models.OneToOneField(ArticlePage, on_delete=models.CASCADE, related_name="autosaved_draft")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("brouillon enregistré automatiquement")
        verbose_name_plural = _("brouillons enregistrés automatiquement")

    def __str__(self) -> str:
        return str(self.article)
