"""An edition goes out to its readers through the mailing pipeline, and the admin follows it."""

from __future__ import annotations

import datetime
import email
from email import policy

import pytest
from django.core import mail
from django.utils import timezone

from courrier.editions import actions, sending
from courrier.editions.models import Edition, EditionStatus, Publication
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory

DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def lag(db):
    return Publication.objects.get(key="lcp-lag")


@pytest.fixture
def ready_edition(lag, section, category):
    article = ArticlePageFactory(parent=section, category=category, title="Le budget est déposé")
    edition = actions.open_edition(publication=lag, date=DAY, articles=[article])
    return actions.mark_ready(edition=edition)


@pytest.fixture
def readers(db, lag):
    mcn = make_subscriber()
    camille = ReaderFactory(organization=mcn, email="camille@mcn.gouv.qc.ca", first_name="Camille")
    opted_out = ReaderFactory(organization=mcn, email="jean@mcn.gouv.qc.ca")
    actions.choose_publications(user=opted_out, choices={lag: False})
    ended = ReaderFactory(
        organization=make_subscriber(name="Exemple inc.", domain="exemple.com", expired=True), email="a@exemple.com"
    )
    return {"camille": camille, "opted_out": opted_out, "ended": ended}


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def test_sending_now_reaches_every_reader_once_and_closes_the_edition(
    ready_edition, readers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = sending.send_edition(edition=ready_edition)
    assert [m.to for m in mail.outbox] == [["camille@mcn.gouv.qc.ca"]]
    message = parsed(mail.outbox[0])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "lcp-lag" in message["List-Id"]
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "?lien=" in html and "Camille" in html and "__COURRIER_" not in html
    campaign.refresh_from_db()
    assert campaign.status == "sent"
    assert sending.close_sent_editions() == 1
    assert Edition.objects.get(pk=ready_edition.pk).status == EditionStatus.SENT


def test_a_draft_cannot_be_sent(lag, readers):
    draft = actions.open_edition(publication=lag, date=DAY)
    with pytest.raises(actions.IllegalTransition):
        sending.send_edition(edition=draft)
    assert mail.outbox == []


def test_scheduled_editions_leave_when_due_and_only_once(ready_edition, readers, django_capture_on_commit_callbacks):
    at = timezone.now() + datetime.timedelta(minutes=5)
    actions.schedule_edition(edition=ready_edition, at=at)
    assert sending.send_due_editions(now=at - datetime.timedelta(minutes=1)) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert len(sending.send_due_editions(now=at)) == 1
        assert sending.send_due_editions(now=at) == []
    assert len(mail.outbox) == 1


def test_upcoming_editions_are_opened_once_with_the_new_articles(lag, section, category):
    ArticlePageFactory(parent=section, category=category, title="Hier soir à l'Assemblée")
    tuesday = datetime.date(2026, 12, 1)
    opened = sending.open_upcoming_editions(today=tuesday)
    assert {(edition.publication.key, edition.date) for edition in opened} >= {
        ("lcp-lag", tuesday),
        ("lcp-lag", tuesday + datetime.timedelta(days=1)),
    }
    assert sending.open_upcoming_editions(today=tuesday) == []
    first = Edition.objects.get(publication=lag, date=tuesday)
    assert first.status == EditionStatus.DRAFT


def test_the_admin_sends_and_shows_the_progress(
    client, staff, ready_edition, readers, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/editions/{ready_edition.pk}/envoyer/")
    assert response.status_code == 302
    page = client.get(f"/admin/editions/edit/{ready_edition.pk}/").content.decode()
    assert 'id="sending-bar"' in page
    progress = client.get(f"/admin/editions/{ready_edition.pk}/progression/").json()
    assert (progress["total"], progress["sent"], progress["percent"]) == (1, 1, 100.0)
