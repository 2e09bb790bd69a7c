"""Cette semaine au Parlement: dated updates of the week's edition once it went out, on its page newest
first, emailed to its readers when the editor asks — refused on anything but a published weekly edition."""

from __future__ import annotations

import datetime
import email
import html
from email import policy
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courrier.accounts.factories import UserFactory
from courrier.editions import actions, sending
from courrier.editions.models import Edition, EditionUpdate, Publication
from courrier.licensing.entitlements import reading_token_user_id
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.mailing.models import Campaign, Delivery
from courrier.newsroom.factories import ArticlePageFactory

MONTREAL = ZoneInfo("America/Montreal")
MONDAY = datetime.date(2026, 11, 30)
TUESDAY = datetime.datetime(2026, 12, 1, 14, 5, tzinfo=MONTREAL)
PAGE = "/editions/cette-semaine/2026-11-30/"
TEXT = "Le texte de la mise à jour, réservé aux abonnés."
SUBJECT = "Cette semaine au Parlement — mise à jour du mardi 1er décembre\u00a0: Le budget est déposé"


@pytest.fixture(autouse=True)
def _tuesday_afternoon():
    with time_machine.travel(TUESDAY, tick=False):
        yield


@pytest.fixture
def weekly(db):
    return Publication.objects.get(key="cette-semaine")


@pytest.fixture
def readers(weekly):
    mcn = make_subscriber()
    camille = ReaderFactory(organization=mcn, email="camille@mcn.gouv.qc.ca", first_name="Camille")
    opted_out = ReaderFactory(organization=mcn, email="jean@mcn.gouv.qc.ca")
    actions.choose_publications(user=opted_out, choices={weekly: False})
    return {"camille": camille, "opted_out": opted_out}


@pytest.fixture
def week_article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Dépôt du budget", published_at=TUESDAY)


@pytest.fixture
def edition(weekly, section, category, readers, django_capture_on_commit_callbacks) -> Edition:
    """The week's edition, sent on Monday through the existing flow (its first publication of the week)."""
    monday = ArticlePageFactory(parent=section, category=category, title="La semaine s'ouvre")
    opened = actions.open_edition(publication=weekly, date=MONDAY, articles=[monday])
    opened.introduction = "Le mot du lundi."
    opened.save()
    with django_capture_on_commit_callbacks(execute=True):
        sending.send_edition(edition=actions.mark_ready(edition=opened))
    sending.close_sent_editions()
    mail.outbox.clear()
    return Edition.objects.get(pk=opened.pk)


def publish(edition: Edition, *, notify: bool = False, title: str = "Le budget est déposé", **kwargs) -> EditionUpdate:
    return actions.publish_update(edition=edition, title=title, text=TEXT, notify=notify, author=None, **kwargs)


def parsed(message) -> EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


# On the page -----------------------------------------------------------------------------------


def test_updates_show_on_the_weekly_page_dated_newest_first_above_the_edition(client, edition, readers):
    publish(edition, title="Première mise à jour")
    with time_machine.travel(TUESDAY + datetime.timedelta(hours=19, minutes=25), tick=False):
        publish(edition, title="Deuxième mise à jour")
    client.force_login(readers["camille"])
    page = html.unescape(client.get(PAGE).content.decode())
    assert "Mis à jour le mardi 1er décembre 2026 à 14 h 05" in page
    assert "Mis à jour le mercredi 2 décembre 2026 à 9 h 30" in page
    order = ["Deuxième mise à jour", "Première mise à jour", TEXT, "Le mot du lundi.", "La semaine s'ouvre"]
    positions = [page.index(marker) for marker in order]
    assert positions[:2] == sorted(positions[:2]) and max(positions[:3]) < positions[3] < positions[4]


def test_an_updates_articles_show_as_teasers(client, edition, readers, week_article):
    publish(edition, articles=[week_article])
    client.force_login(readers["camille"])
    assert "Dépôt du budget" in client.get(PAGE).content.decode()


def test_the_page_costs_the_same_queries_however_many_updates(client, edition, readers, section, category):
    client.force_login(readers["camille"])
    publish(edition, articles=[ArticlePageFactory(parent=section, category=category, published_at=TUESDAY)])
    client.get(PAGE)  # the day's first visit marks the membership seen; caches fill
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE)
    for n in range(5):
        articles = [ArticlePageFactory(parent=section, category=category, published_at=TUESDAY) for _ in range(2)]
        publish(edition, title=f"Mise à jour {n}", articles=articles)
    with CaptureQueriesContext(connection) as six:
        response = client.get(PAGE)
    assert response.content.decode().count('class="edition__update"') == 6
    assert len(six) == len(one)


@pytest.mark.parametrize("visitor", ["anonymous", "licence_ended"])
def test_without_a_licence_the_page_shows_the_wall_and_no_update_text(client, edition, visitor):
    publish(edition)
    if visitor == "licence_ended":
        ended = make_subscriber(name="Exemple inc.", domain="exemple.com", expired=True)
        client.force_login(ReaderFactory(organization=ended, email="a@exemple.com"))
    response = client.get(PAGE)
    page = html.unescape(response.content.decode())
    assert 'class="licence-wall"' in page
    assert TEXT not in page and "Le mot du lundi." not in page
    assert "Mis à jour le mardi 1er décembre 2026 à 14 h 05" in page  # the date and title are public, like teasers


def test_entitled_pages_are_never_cached(client, edition, readers):
    publish(edition)
    client.force_login(readers["camille"])
    assert "no-store" in client.get(PAGE)["Cache-Control"]


# By email --------------------------------------------------------------------------------------


def test_notify_sends_one_campaign_to_the_editions_readers(
    client, edition, readers, week_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = publish(edition, notify=True, articles=[week_article])
    campaign = Campaign.objects.get(edition_update=update)
    assert campaign.audience == f"edition:{edition.pk}" == edition.campaign.audience
    assert campaign.list_key == "cette-semaine"
    assert set(Delivery.objects.filter(campaign=campaign).values_list("email", flat=True)) == {"camille@mcn.gouv.qc.ca"}
    assert [message.to for message in mail.outbox] == [["camille@mcn.gouv.qc.ca"]]

    message = parsed(mail.outbox[0])
    assert message["Subject"] == SUBJECT  # a long subject starts on the `Subject:` line (core.mail)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "cette-semaine" in message["List-Id"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    body = message.get_body(preferencelist=("html",)).get_content()
    for part in (text, body):
        assert "Le budget est déposé" in part and TEXT in part
        assert "Mis à jour le mardi 1er décembre 2026 à 14 h 05" in html.unescape(part)
        assert "Se désabonner de Cette semaine au Parlement" in html.unescape(part)
        assert "__COURRIER_" not in part

    links = [line.split("\u00a0: ", 1)[1] for line in text.splitlines() if f"{settings.SITE_URL}{PAGE}?lien=" in line]
    assert links
    (token,) = parse_qs(urlsplit(links[0]).query)["lien"]
    assert reading_token_user_id(token) == readers["camille"].pk
    client.logout()
    assert TEXT in client.get(f"{PAGE}?lien={token}").content.decode()  # the link reads the week's page


def test_the_updates_reading_link_opens_its_articles(
    client, edition, readers, week_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(edition, notify=True, articles=[week_article])
    text = parsed(mail.outbox[0]).get_body(preferencelist=("plain",)).get_content()
    link = next(line.split("\u00a0: ", 1)[1] for line in text.splitlines() if line.startswith("Lire l'article\u00a0: "))
    response = client.get(link.removeprefix(settings.SITE_URL))
    assert "Texte réservé aux abonnés" in response.content.decode()


def test_without_notify_nothing_is_sent(edition, readers, django_capture_on_commit_callbacks):
    campaigns = Campaign.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        update = publish(edition, notify=False)
    assert update.campaign is None and not update.notify
    assert Campaign.objects.count() == campaigns
    assert mail.outbox == []


# Refusals --------------------------------------------------------------------------------------


def test_only_weekly_editions_take_updates(readers, section, category):
    lag = Publication.objects.get(key="lcp-lag")
    article = ArticlePageFactory(parent=section, category=category, title="Le quotidien du lundi")
    daily = actions.open_edition(publication=lag, date=MONDAY, articles=[article])
    for move in (actions.mark_ready, actions.start_sending, actions.mark_sent):
        daily = move(edition=daily)
    with pytest.raises(actions.UpdateRefused, match="hebdomadaires"):
        publish(daily, notify=True)
    assert not EditionUpdate.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("moves", [(), (actions.mark_ready,)])
def test_an_edition_takes_updates_only_once_it_went_out(weekly, readers, section, category, moves):
    article = ArticlePageFactory(parent=section, category=category, title="L'hebdo du lundi")
    draft = actions.open_edition(publication=weekly, date=MONDAY, articles=[article])
    for move in moves:
        draft = move(edition=draft)
    with pytest.raises(actions.UpdateRefused, match="pas encore paru"):
        publish(draft, notify=True)
    assert not EditionUpdate.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_an_update_needs_a_title_of_reasonable_length(edition, title):
    with pytest.raises(actions.UpdateRefused):
        publish(edition, title=title)
    assert not EditionUpdate.objects.exists()


# In the admin ----------------------------------------------------------------------------------


def compose_url(edition: Edition) -> str:
    return f"/admin/editions/edit/{edition.pk}/"


def add_url(edition: Edition) -> str:
    return f"/admin/editions/{edition.pk}/mises-a-jour/ajouter/"


def messages_of(response) -> list[str]:
    return [html.unescape(str(message)).strip() for message in response.context["messages"]]


def test_staff_publish_an_update_from_the_edition_and_follow_its_sending(
    client, staff, edition, week_article, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = html.unescape(client.get(compose_url(edition)).content.decode())
    assert "Ajouter une mise à jour" in page and "Dépôt du budget" in page  # the week's articles to choose from
    data = {"title": "Le budget est déposé", "text": TEXT, "articles": [week_article.pk], "notify": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(edition), data)
    assert response["Location"] == compose_url(edition) + "#mises-a-jour"
    update = EditionUpdate.objects.get()
    assert update.author == staff and list(update.articles.all()) == [week_article]
    assert update.campaign is not None and [message.to for message in mail.outbox] == [["camille@mcn.gouv.qc.ca"]]
    response = client.get(compose_url(edition))
    assert messages_of(response) == ["Mise à jour publiée ; son envoi par courriel a commencé."]
    page = html.unescape(response.content.decode())
    assert "Le budget est déposé" in page and "envoyés 1 / 1" in page and "Voir le courriel" in page

    email_page = html.unescape(
        client.get(f"/admin/editions/{edition.pk}/mises-a-jour/{update.pk}/courriel/").content.decode()
    )
    assert SUBJECT in email_page and staff.email in email_page


def test_an_update_without_email_says_so(client, staff, edition):
    client.force_login(staff)
    response = client.post(add_url(edition), {"title": "Sans courriel", "text": TEXT}, follow=True)
    assert messages_of(response) == ["Mise à jour publiée sur le site (sans courriel)."]
    assert "Non envoyée par courriel" in html.unescape(response.content.decode())
    assert mail.outbox == []


def test_the_form_refuses_bad_input_and_unpublished_editions_in_french(client, staff, edition, weekly):
    client.force_login(staff)
    response = client.post(add_url(edition), {"title": "", "text": TEXT, "notify": "on"}, follow=True)
    assert messages_of(response)[0].startswith("La mise à jour n'a pas été publiée. Titre\u00a0:")
    draft = actions.open_edition(publication=weekly, date=MONDAY + datetime.timedelta(days=7))
    assert "Ajouter une mise à jour" not in client.get(compose_url(draft)).content.decode()
    response = client.post(add_url(draft), {"title": "Trop tôt", "text": TEXT}, follow=True)
    assert "pas encore paru" in messages_of(response)[0]
    assert not EditionUpdate.objects.exists() and mail.outbox == []


def test_readers_cannot_publish_updates(client, edition, readers):
    client.force_login(readers["camille"])
    response = client.post(add_url(edition), {"title": "Intrus", "text": TEXT, "notify": "on"})
    assert response.status_code in (302, 403)
    assert client.get(compose_url(edition)).status_code in (302, 403)
    assert not EditionUpdate.objects.exists() and mail.outbox == []


def test_staff_need_the_permission_to_change_editions(client, edition):
    group = Group.objects.create(name="Admin sans éditions")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    response = client.post(add_url(edition), {"title": "Intrus", "text": TEXT, "notify": "on"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's refusal
    assert not EditionUpdate.objects.exists() and mail.outbox == []


def test_a_title_stays_on_one_line_in_the_subject(edition, readers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update = publish(edition, notify=True, title="Le budget\r\nBcc: intrus@exemple.com")
    assert update.title == "Le budget Bcc: intrus@exemple.com"
    assert [message.to for message in mail.outbox] == [["camille@mcn.gouv.qc.ca"]]
    assert parsed(mail.outbox[0])["Bcc"] is None
