"""Every way an article's body could leave the site, tried one by one.

Each test asserts that a marker found only in a body (published, draft, or an
unpublished revision) never reaches a requester who may not read it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from courrier.accounts.factories import UserFactory
from courrier.licensing.entitlements import make_reading_token
from courrier.licensing.factories import IpRangeFactory, ReaderFactory, make_subscriber
from courrier.licensing.models import MembershipStatus
from courrier.newsroom.factories import ArticlePageFactory
from courrier.newsroom.models import ArticlePage

SECRET = "Passage réservé aux abonnés sur le xylophone budgétaire"
BODY_ONLY_WORD = "xylophone"
DRAFT_SECRET = "Brouillon confidentiel sur le zeppelin ministériel"
DRAFT_ONLY_WORD = "zeppelin"
REVISION_SECRET = "Révision non publiée sur le kangourou fiscal"
REVISION_ONLY_WORD = "kangourou"
DOCUMENT_SECRET = b"Annexe confidentielle du budget"
SUBSCRIBER_ADDRESS = "198.51.100.7"


def _body(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


def _subscriber(**licence: object):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca", **licence)


# Each returns the user to log in, or None for an anonymous request.
NOT_ENTITLED: dict[str, Callable[[], object]] = {
    "anonymous": lambda: None,
    "no-licence": lambda: UserFactory(),
    "licence-ended": lambda: ReaderFactory(organization=_subscriber(expired=True)),
    "pending": lambda: ReaderFactory(organization=_subscriber(), status=MembershipStatus.PENDING),
    "unverified": lambda: ReaderFactory(organization=_subscriber(), verified=False),
}
SUBSCRIBERS = ["licensed", "ip-range"]


def as_requester(client: Client, who: str) -> Client:
    """`client` prepared as `who`: a key of NOT_ENTITLED, "licensed", "ip-range" or "staff"."""
    if who == "staff":
        client.force_login(UserFactory(staff=True))
    elif who == "licensed":
        client.force_login(ReaderFactory(organization=_subscriber()))
    elif who == "ip-range":
        IpRangeFactory(organization=_subscriber(), cidr="198.51.100.0/24")
        client.defaults["REMOTE_ADDR"] = SUBSCRIBER_ADDRESS
    else:
        user = NOT_ENTITLED[who]()
        if user is not None:
            client.force_login(user)
    return client


@pytest.fixture(params=NOT_ENTITLED)
def outsider(request, client, db):
    return as_requester(client, request.param)


@pytest.fixture(params=SUBSCRIBERS)
def subscriber(request, client, db):
    """A non-staff requester who may read bodies, but nothing of the admin."""
    return as_requester(client, request.param)


@pytest.fixture(params=[*NOT_ENTITLED, *SUBSCRIBERS])
def non_staff(request, client, db):
    return as_requester(client, request.param)


@pytest.fixture(params=[*NOT_ENTITLED, *SUBSCRIBERS, "staff"])
def anyone(request, client, db):
    return as_requester(client, request.param)


@pytest.fixture
def article(section, category):
    """A live article whose latest revision, not yet published, holds another body."""
    article = ArticlePageFactory(parent=section, category=category, title="Budget : annonce", body=_body(SECRET))
    article.body = _body(REVISION_SECRET)
    article.save_revision()
    return article


@pytest.fixture
def draft(section, category):
    draft = ArticlePageFactory(
        parent=section, category=category, title="Projet jamais publié", live=False, body=_body(DRAFT_SECRET)
    )
    draft.save_revision()
    return draft


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def assert_no_secret(response) -> None:
    html = text(response)
    for secret in (SECRET, DRAFT_SECRET, REVISION_SECRET):
        assert secret not in html


# The article page


def test_article_page_shows_outsiders_the_teaser_only(outsider, article):
    response = outsider.get(article.url)
    assert response.status_code == 200
    assert article.title in text(response)
    assert_no_secret(response)


def test_subscribers_read_the_published_body_never_the_unpublished_revision(subscriber, article):
    html = text(subscriber.get(article.url))
    assert SECRET in html
    assert REVISION_SECRET not in html


# Search and listings


@pytest.fixture(params=[*SUBSCRIBERS, "staff"])
def reads_everything(request, client, db):
    return as_requester(client, request.param)


def test_search_matching_the_body_shows_readers_the_teaser_only(reads_everything, article):
    response = reads_everything.get("/recherche/", {"q": BODY_ONLY_WORD})
    assert article.title in text(response), "found through its body"
    assert_no_secret(response)


def test_search_never_matches_the_body_for_outsiders(outsider, article):
    # Not even the title: finding it would tell the word is in the body (test_search_visibility.py).
    response = outsider.get("/recherche/", {"q": BODY_ONLY_WORD})
    assert list(response.context["results"]) == []
    assert article.title not in text(response)


@pytest.mark.parametrize("word", [DRAFT_ONLY_WORD, REVISION_ONLY_WORD])
def test_search_never_finds_unpublished_text(anyone, article, draft, word):
    response = anyone.get("/recherche/", {"q": word})
    assert response.status_code == 200
    assert list(response.context["results"]) == []
    assert draft.title not in text(response)


LISTINGS = {
    "home": lambda article: "/",
    "rubrique": lambda article: article.get_parent().url,
    "category": lambda article: f"/categories/{article.category.slug}/",
    "archive": lambda article: "/archives/",
    "archive-month": lambda article: article.published_at.strftime("/archives/%Y/%-m/"),
    "search-all": lambda article: "/recherche/?q=&categorie=" + article.category.slug,
}


@pytest.mark.parametrize("listing", LISTINGS)
def test_listings_show_teasers_of_live_articles_only(anyone, article, draft, listing):
    response = anyone.get(LISTINGS[listing](article))
    assert response.status_code == 200
    if listing != "archive":  # months and counts only
        assert article.title in text(response)
    assert draft.title not in text(response)
    assert_no_secret(response)


# Drafts


def test_draft_is_not_found(anyone, draft):
    response = anyone.get(draft.url)
    assert response.status_code == 404
    assert draft.title not in text(response)
    assert_no_secret(response)


# Wagtail's admin: preview, draft view, revisions, its own API

ADMIN_URLS = {
    "preview-on-edit": lambda article, draft: f"/admin/pages/{draft.pk}/edit/preview/",
    "view-draft": lambda article, draft: f"/admin/pages/{draft.pk}/view_draft/",
    "view-draft-of-live": lambda article, draft: f"/admin/pages/{article.pk}/view_draft/",
    "revision": lambda article, draft: f"/admin/pages/{article.pk}/revisions/{article.latest_revision_id}/view/",
    "revision-compare": lambda article, draft: f"/admin/pages/{article.pk}/revisions/compare/earliest...latest/",
    "edit": lambda article, draft: f"/admin/pages/{article.pk}/edit/",
    "admin-api": lambda article, draft: f"/admin/api/main/pages/{article.pk}/",
}


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_admin_urls_send_non_staff_to_the_login(non_staff, article, draft, url):
    response = non_staff.get(ADMIN_URLS[url](article, draft))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/connexion/?next=/admin/")
    assert_no_secret(response)


@pytest.mark.parametrize("url", ["view-draft", "view-draft-of-live", "revision"])
def test_staff_see_unpublished_text_at_those_urls(client, staff, article, draft, url):
    """The URLs above are the right ones: they do show unpublished text, to staff."""
    client.force_login(staff)
    html = text(client.get(ADMIN_URLS[url](article, draft)))
    assert DRAFT_SECRET in html or REVISION_SECRET in html


def test_wagtail_api_is_not_enabled(anyone, article):
    assert anyone.get("/api/v2/pages/").status_code == 404
    assert anyone.get(f"/api/v2/pages/{article.pk}/").status_code == 404


# Documents and images

Document = get_document_model()


@pytest.fixture
def document(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Document.objects.create(title="Annexe", file=ContentFile(DOCUMENT_SECRET, name="annexe-budget.txt"))


def test_outsiders_are_refused_documents_with_the_reason(outsider, document):
    response = outsider.get(document.url)
    assert response.status_code == 403
    assert DOCUMENT_SECRET.decode() not in text(response)
    assert 'class="licence-wall"' in text(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("reader", [*SUBSCRIBERS, "staff"])
def test_readers_download_documents_never_cached(client, document, reader):
    response = as_requester(client, reader).get(document.url)
    assert response.status_code == 200
    assert text(response) == DOCUMENT_SECRET.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_reading_link_opens_no_document_its_email_did_not_carry(client, document):
    # Links open the documents their email's articles link to (editions/tests/test_reading_link_reach.py).
    reader = ReaderFactory(organization=_subscriber())
    for scope in ("edition", "edition:1", "campaign:1"):
        token = make_reading_token(reader, scope)
        response = client.get(document.url, {"lien": token})
        assert response.status_code == 403
        assert DOCUMENT_SECRET.decode() not in text(response)


def test_media_files_are_not_served(client, settings, tmp_path, document):
    # The media route exists only when the URLconf is loaded with DEBUG on.
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "x.jpg").write_bytes(b"\xff\xd8\xff")
    assert client.get("/media/original_images/x.jpg").status_code == 404
    assert client.get(f"/media/{document.file.name}").status_code == 404


# Sitemap and error pages


def test_the_sitemap_lists_teasers_never_a_body_nor_a_draft(anyone, article, draft):
    index = anyone.get("/sitemap.xml")
    articles = anyone.get("/sitemap-articles.xml")

    assert index.status_code == articles.status_code == 200
    assert article.slug in text(articles)
    assert draft.slug not in text(articles)
    for response in (index, articles):
        assert_no_secret(response)


def test_not_found_under_an_article_shows_nothing_of_it(subscriber, article):
    response = subscriber.get(article.url + "suite/")
    assert response.status_code == 404
    assert_no_secret(response)


class Exploding:
    def __getattr__(self, name: str) -> object:
        raise RuntimeError("le rendu échoue")


def test_server_error_after_the_body_was_rendered_shows_nothing_of_it(staff, article, monkeypatch):
    # The related list is rendered after the body: the failure happens once the body is in the buffer.
    monkeypatch.setattr(ArticlePage, "related", lambda self: [Exploding()])
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.get(article.url)
    assert response.status_code == 500
    assert article.title not in text(response)
    assert_no_secret(response)
