"""A reading link opens exactly what its email carried, on every surface: the introduction of the edition it
was sent with (not another edition's, not another publication's), the text of the update it was sent with (not
the week's other updates), and a library document only when an article it carried links to it."""

from __future__ import annotations

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from courrier.editions import actions, sending
from courrier.editions.models import Edition, EditionUpdate, Publication
from courrier.licensing.entitlements import make_reading_token
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.mailing.message import reading_scope
from courrier.newsroom.factories import ArticlePageFactory

MONTREAL = ZoneInfo("America/Montreal")
MONDAY = datetime.date(2026, 11, 30)
TUESDAY = datetime.date(2026, 12, 1)
NOW = datetime.datetime(2026, 12, 1, 15, 0, tzinfo=MONTREAL)
Document = get_document_model()


@pytest.fixture(autouse=True)
def _tuesday_afternoon():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reader(db):
    return ReaderFactory(organization=make_subscriber(), email="camille@mcn.gouv.qc.ca")


@pytest.fixture
def documents(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return {
        name: Document.objects.create(title=name, file=ContentFile(f"Annexe {name}".encode(), name=f"{name}.txt"))
        for name in ("liee", "bibliotheque")
    }


def _sent(key: str, day: datetime.date, introduction: str, articles: list, capture) -> Edition:
    edition = actions.open_edition(publication=Publication.objects.get(key=key), date=day, articles=articles)
    edition.introduction = introduction
    edition.save()
    with capture(execute=True):
        sending.send_edition(edition=actions.mark_ready(edition=edition))
    sending.close_sent_editions()
    return Edition.objects.select_related("publication").get(pk=edition.pk)


def _update(edition: Edition, title: str, capture) -> EditionUpdate:
    with capture(execute=True):
        return actions.publish_update(edition=edition, title=title, text=f"Texte de {title}", notify=True, author=None)


@pytest.fixture
def editions(reader, section, category, documents, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    linking = ArticlePageFactory(
        parent=section,
        category=category,
        title="L'annexe du budget",
        body=[("paragraph", f'<p>Voir <a linktype="document" id="{documents["liee"].pk}">l\'annexe</a>.</p>')],
    )
    other = ArticlePageFactory(parent=section, category=category, title="Une autre nouvelle")
    weekly = _sent("cette-semaine", MONDAY, "Mot de la semaine, réservé", [other], capture)
    return {
        "monday": _sent("lcp-lag", MONDAY, "Mot du lundi, réservé", [other], capture),
        "tuesday": _sent("lcp-lag", TUESDAY, "Mot du mardi, réservé", [linking], capture),
        "weekly": weekly,
        "first": _update(weekly, "Première mise à jour", capture),
        "second": _update(weekly, "Seconde mise à jour", capture),
    }


def _link(reader, campaign_id: int) -> dict[str, str]:
    """The `?lien=` of the email the campaign sent to `reader` (as `mailing.message` mints it)."""
    return {"lien": make_reading_token(reader, reading_scope(campaign_id))}


def _page(client, edition: Edition, link: dict[str, str]) -> str:
    response = client.get(edition.get_absolute_url(), link)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_link_opens_the_introduction_of_its_own_edition(client, reader, editions):
    page = _page(client, editions["tuesday"], _link(reader, editions["tuesday"].campaign_id))
    assert "Mot du mardi, réservé" in page
    assert 'class="licence-wall"' not in page


def test_a_link_does_not_open_another_edition_of_its_publication(client, reader, editions):
    page = _page(client, editions["monday"], _link(reader, editions["tuesday"].campaign_id))
    assert "Mot du lundi, réservé" not in page
    assert 'class="licence-wall"' in page


def test_a_link_does_not_open_another_publications_introduction_or_updates(client, reader, editions):
    page = _page(client, editions["weekly"], _link(reader, editions["tuesday"].campaign_id))
    assert "Mot de la semaine, réservé" not in page
    assert "Texte de Première mise à jour" not in page and "Texte de Seconde mise à jour" not in page
    assert "Première mise à jour" in page  # titles are public


def test_an_updates_link_opens_that_update_only(client, reader, editions):
    page = _page(client, editions["weekly"], _link(reader, editions["first"].campaign_id))
    assert "Texte de Première mise à jour" in page
    assert "Texte de Seconde mise à jour" not in page
    assert "Mot de la semaine, réservé" not in page


def test_the_weekly_editions_link_opens_its_introduction_not_later_updates(client, reader, editions):
    page = _page(client, editions["weekly"], _link(reader, editions["weekly"].campaign_id))
    assert "Mot de la semaine, réservé" in page
    assert "Texte de Première mise à jour" not in page


def test_a_link_opens_a_document_an_article_it_carried_links_to(client, reader, editions, documents):
    response = client.get(documents["liee"].url, _link(reader, editions["tuesday"].campaign_id))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Annexe liee"


def test_a_link_does_not_open_the_rest_of_the_library(client, reader, editions, documents):
    response = client.get(documents["bibliotheque"].url, _link(reader, editions["tuesday"].campaign_id))
    assert response.status_code == 403
    assert "Annexe bibliotheque" not in response.content.decode()


def test_another_editions_link_does_not_open_the_linked_document(client, reader, editions, documents):
    assert client.get(documents["liee"].url, _link(reader, editions["monday"].campaign_id)).status_code == 403


def test_a_readers_own_preview_link_opens_its_edition_only(client, reader, editions):
    link = {"lien": make_reading_token(reader, f"edition:{editions['tuesday'].pk}")}
    assert "Mot du mardi, réservé" in _page(client, editions["tuesday"], link)
    assert "Mot du lundi, réservé" not in _page(client, editions["monday"], link)
