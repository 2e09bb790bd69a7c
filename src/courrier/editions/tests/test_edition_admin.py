"""Composing an edition in the Wagtail admin: open it pre-filled, reorder, add, remove, change its status,
preview it as a reader receives it, send oneself a test — staff only, and refusals in French, never a 500."""

from __future__ import annotations

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from wagtail.users.models import UserProfile

from courrier.accounts.factories import UserFactory
from courrier.editions import actions, sending
from courrier.editions.models import Cadence, Edition, EditionStatus, Publication
from courrier.licensing.entitlements import reading_token_user_id
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory

MONTREAL = ZoneInfo("America/Montreal")
NOW = datetime.datetime(2026, 11, 30, 20, 0, tzinfo=MONTREAL)
DAY = datetime.date(2026, 12, 1)
EDITIONS = "/admin/editions/"
NEW = "/admin/editions/new/"


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=MONTREAL)


@pytest.fixture(autouse=True)
def _evening_before():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lag(db):
    return Publication.objects.get(key="lcp-lag")


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def articles(section, category):
    return [
        ArticlePageFactory(parent=section, category=category, title=title, published_at=at(30, hour))
        for title, hour in (("Premier", 9), ("Deuxième", 10), ("Troisième", 11))
    ]


@pytest.fixture
def edition(lag, articles):
    return actions.open_edition(publication=lag, date=DAY, articles=articles)


def compose_url(edition: Edition) -> str:
    return f"{EDITIONS}edit/{edition.pk}/"


def url(edition: Edition, name: str) -> str:
    return f"{EDITIONS}{edition.pk}/{name}/"


def titles(edition: Edition) -> list[str]:
    return [item.article.title for item in edition.items.select_related("article").order_by("position")]


def messages_of(response) -> list[str]:
    """The messages shown, as an editor reads them (Wagtail renders them to HTML)."""
    return [html.unescape(str(message)).strip() for message in response.context["messages"]]


def follow(client, path: str, data: dict | None = None):
    return client.post(path, data or {}, follow=True)


# Listing and a new edition ---------------------------------------------------------------------


def test_the_menu_lists_editions_newest_first_with_filters(admin, lag, articles):
    infomidi = Publication.objects.get(key="lcp-infomidi")
    for day in (28, 29, 30):
        actions.open_edition(publication=lag, date=datetime.date(2026, 11, day))
    friday = actions.open_edition(publication=infomidi, date=datetime.date(2026, 11, 27), articles=articles)
    ready = actions.mark_ready(edition=friday)

    assert f'"url": "{EDITIONS}"' in admin.get("/admin/").content.decode()
    page = admin.get(EDITIONS).content.decode()
    assert "Nouvelle édition" in page
    found = re.findall(r"n° \d+ — \w+ (\d+) novembre 2026", page)
    assert found == ["30", "29", "28", "27"]

    only_infomidi = admin.get(EDITIONS, {"publication": infomidi.pk}).content.decode()
    assert "LCP InfoMidi — n° 1" in only_infomidi and "LCP-LAG — n°" not in only_infomidi
    only_ready = admin.get(EDITIONS, {"status": EditionStatus.READY}).content.decode()
    assert html.unescape(only_ready).count("— n° ") == 1 and str(ready.number) in only_ready


def test_a_new_edition_starts_with_the_articles_published_since_the_previous_one(admin, lag, section, category):
    def article(title: str, published: datetime.datetime, **kwargs):
        return ArticlePageFactory(parent=section, category=category, title=title, published_at=published, **kwargs)

    previous = actions.open_edition(
        publication=lag, date=datetime.date(2026, 11, 30), articles=[article("Déjà envoyé", at(30, 9))]
    )
    for move in (actions.mark_ready, actions.start_sending, actions.mark_sent):
        previous = move(edition=previous)
    Edition.objects.filter(pk=previous.pk).update(sent_at=at(30, 6, 30))
    article("Avant l'édition précédente", at(30, 6, 0))
    article("Brouillon", at(30, 13), live=False)
    article("Plus récent", at(30, 15))
    article("Plus ancien", at(30, 8))

    response = admin.post(NEW, {"publication": lag.pk, "date": "2026-12-01"})
    edition = Edition.objects.get(publication=lag, date=DAY)
    assert response.status_code == 302 and response["Location"] == compose_url(edition)
    assert (edition.number, edition.status) == (2, EditionStatus.DRAFT)
    assert titles(edition) == ["Plus ancien", "Plus récent"]

    again = admin.post(NEW, {"publication": lag.pk, "date": "2026-12-01"}, follow=True)
    assert again.redirect_chain[-1][0] == compose_url(edition)
    assert "Cette édition existe déjà\u00a0: la voici." in messages_of(again)
    assert Edition.objects.filter(publication=lag).count() == 2


def test_the_new_edition_form_refuses_bad_input_in_french(admin, lag):
    page = admin.get(NEW)
    assert page.status_code == 200 and "Ouvrir l'édition" in page.content.decode()
    response = admin.post(NEW, {"publication": lag.pk, "date": "31 février"})
    assert response.status_code == 200
    assert "Saisissez une date valide." in response.content.decode()
    assert not Edition.objects.exists()


# Composing -------------------------------------------------------------------------------------


def test_the_composing_page_lists_the_articles_in_order_with_their_buttons(admin, edition):
    page = admin.get(compose_url(edition)).content.decode()
    assert page.index("Premier") < page.index("Deuxième") < page.index("Troisième")
    assert page.count('name="sens" value="monter"') == 2  # not on the first
    assert page.count('name="sens" value="descendre"') == 2  # not on the last
    assert "Retirer «\u00a0Premier\u00a0»" in page
    assert f'href="{url(edition, "apercu")}"' in page and "M'envoyer un test" in page


def test_editors_reorder_remove_and_add_articles(admin, edition, section, category):
    first, _second, third = (item.article for item in edition.items.order_by("position"))

    response = admin.post(url(edition, "articles/deplacer"), {"article": third.pk, "sens": "monter"})
    assert response["Location"] == f"{compose_url(edition)}#article-{third.pk}"
    assert titles(edition) == ["Premier", "Troisième", "Deuxième"]
    admin.post(url(edition, "articles/deplacer"), {"article": first.pk, "sens": "descendre"})
    assert titles(edition) == ["Troisième", "Premier", "Deuxième"]
    admin.post(url(edition, "articles/deplacer"), {"article": third.pk, "sens": "monter"})  # already first
    assert titles(edition) == ["Troisième", "Premier", "Deuxième"]

    removed = follow(admin, url(edition, "articles/retirer"), {"article": first.pk})
    assert "«\u00a0Premier\u00a0» est retiré de l'édition." in messages_of(removed)
    assert titles(edition) == ["Troisième", "Deuxième"]

    late = ArticlePageFactory(parent=section, category=category, title="Arrivé en soirée", published_at=at(30, 19))
    search = admin.get(compose_url(edition), {"q": "soirée"}).content.decode()
    assert "Ajouter «\u00a0Arrivé en soirée\u00a0»" in search
    added = follow(admin, url(edition, "articles/ajouter"), {"article": late.pk})
    assert "«\u00a0Arrivé en soirée\u00a0» est ajouté à la fin de l'édition." in messages_of(added)
    assert titles(edition) == ["Troisième", "Deuxième", "Arrivé en soirée"]

    twice = follow(admin, url(edition, "articles/ajouter"), {"article": late.pk})
    assert "«\u00a0Arrivé en soirée\u00a0» est déjà dans l'édition." in messages_of(twice)
    assert titles(edition) == ["Troisième", "Deuxième", "Arrivé en soirée"]


def test_the_chooser_and_the_search_only_offer_live_articles(admin, edition, section, category):
    draft = ArticlePageFactory(parent=section, category=category, title="Pas encore publié", live=False)
    page = admin.get(compose_url(edition), {"q": "publié"}).content.decode()
    assert "Ajouter «\u00a0Pas encore publié\u00a0»" not in page
    assert 'name="article"' in page and "Ou choisir un article dans l'arborescence" in page  # Wagtail's chooser
    refused = follow(admin, url(edition, "articles/ajouter"), {"article": draft.pk})
    assert "Cet article n'existe pas ou n'est pas publié." in messages_of(refused)
    for bad in ("", "abc", "-1", "99999999999999999999999"):
        assert admin.post(url(edition, "articles/ajouter"), {"article": bad}).status_code == 302
        assert admin.post(url(edition, "articles/retirer"), {"article": bad}).status_code == 302
        assert admin.post(url(edition, "articles/deplacer"), {"article": bad, "sens": "monter"}).status_code == 302
    assert len(titles(edition)) == 3


def test_the_introduction_is_saved(admin, edition):
    response = follow(admin, url(edition, "introduction"), {"introduction": "  Bonne lecture à toutes et à tous.  "})
    assert "Mot de l'éditeur enregistré." in messages_of(response)
    edition.refresh_from_db()
    assert edition.introduction == "Bonne lecture à toutes et à tous."


def test_a_closed_composition_refuses_changes_with_a_message(admin, edition):
    actions.schedule_edition(edition=actions.mark_ready(edition=edition), at=at(30, 23))
    page = admin.get(compose_url(edition)).content.decode()
    assert "La composition de cette édition est fermée" in page
    assert 'value="descendre"' not in page

    for path, data in (
        ("articles/deplacer", {"article": edition.items.first().article_id, "sens": "descendre"}),
        ("articles/retirer", {"article": edition.items.first().article_id}),
        ("introduction", {"introduction": "Trop tard"}),
    ):
        response = follow(admin, url(edition, path), data)
        assert response.status_code == 200
        assert (
            "Action impossible\u00a0: cette édition est maintenant «\u00a0programmée\u00a0». Rien n'a été modifié."
            in (messages_of(response))
        )
    edition.refresh_from_db()
    assert titles(edition) == ["Premier", "Deuxième", "Troisième"] and edition.introduction == ""


# Status ----------------------------------------------------------------------------------------


def buttons(page: str) -> set[str]:
    """The status changes offered: a button of its own, or a link to the page that confirms it."""
    offered = set(re.findall(r'name="transition" value="(\w+)"', page))
    return offered | ({"send"} if re.search(r'href="/admin/editions/\d+/envoyer/"', page) else set())


def test_the_status_buttons_follow_the_state_machine(admin, edition):
    assert buttons(admin.get(compose_url(edition)).content.decode()) == {"ready", "cancel"}

    response = follow(admin, url(edition, "statut"), {"transition": "ready"})
    assert "L'édition est prête." in messages_of(response)
    assert buttons(response.content.decode()) == {"draft", "schedule", "send", "cancel"}

    response = follow(admin, url(edition, "statut"), {"transition": "schedule", "at": "2026-12-01T06:30"})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SCHEDULED
    assert edition.scheduled_for == datetime.datetime(2026, 12, 1, 6, 30, tzinfo=MONTREAL)
    assert "L'envoi est programmé le mardi 1er décembre 2026 à 06:30." in messages_of(response)
    assert buttons(response.content.decode()) == {"unschedule", "send", "cancel"}

    follow(admin, url(edition, "statut"), {"transition": "unschedule"})
    edition.refresh_from_db()
    assert (edition.status, edition.scheduled_for) == (EditionStatus.READY, None)

    follow(admin, url(edition, "statut"), {"transition": "draft"})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT

    response = follow(admin, url(edition, "statut"), {"transition": "cancel"})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.CANCELLED
    assert buttons(response.content.decode()) == set()


def test_scheduling_is_in_montreal_time_whatever_the_editors_time_zone(admin, staff, edition):
    profile = UserProfile.get_for_user(staff)
    profile.current_time_zone = "Europe/Paris"
    profile.save()
    actions.mark_ready(edition=edition)
    admin.post(url(edition, "statut"), {"transition": "schedule", "at": "2026-12-01T06:30"})
    edition.refresh_from_db()
    assert edition.scheduled_for == datetime.datetime(2026, 12, 1, 11, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("status", "transition"),
    [
        (EditionStatus.DRAFT, "unschedule"),
        (EditionStatus.DRAFT, "draft"),
        (EditionStatus.DRAFT, "schedule"),
        (EditionStatus.READY, "ready"),
        (EditionStatus.SENT, "draft"),
        (EditionStatus.SENT, "cancel"),
        (EditionStatus.CANCELLED, "ready"),
    ],
)
def test_an_illegal_transition_is_refused_with_a_message(admin, edition, status, transition):
    Edition.objects.filter(pk=edition.pk).update(status=status)
    response = follow(admin, url(edition, "statut"), {"transition": transition, "at": "2026-12-01T06:30"})
    assert response.status_code == 200
    label = {
        EditionStatus.DRAFT: "brouillon",
        EditionStatus.READY: "prête",
        EditionStatus.SENT: "envoyée",
        EditionStatus.CANCELLED: "annulée",
    }[status]
    assert f"Action impossible\u00a0: cette édition est maintenant «\u00a0{label}\u00a0». Rien n'a été modifié." in (
        messages_of(response)
    )
    edition.refresh_from_db()
    assert edition.status == status


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2026-11-30T19:00", "Choisissez un moment à venir."),
        ("demain matin", "Saisissez une date et une heure valides."),
        ("", "Indiquez le jour et l'heure de l'envoi."),
    ],
)
def test_a_bad_sending_time_is_refused(admin, edition, when, message):
    actions.mark_ready(edition=edition)
    response = follow(admin, url(edition, "statut"), {"transition": "schedule", "at": when})
    assert message in messages_of(response)
    edition.refresh_from_db()
    assert (edition.status, edition.scheduled_for) == (EditionStatus.READY, None)


def test_an_unknown_action_is_refused(admin, edition):
    response = follow(admin, url(edition, "statut"), {"transition": "envoyer-partout"})
    assert "Action inconnue." in messages_of(response)


# Sending now, and editions without an article ---------------------------------------------------


def test_sending_now_says_what_goes_to_whom_before_anything_is_sent(admin, edition, readers):
    actions.mark_ready(edition=edition)
    page = admin.get(url(edition, "envoyer")).content.decode()
    text = html.unescape(re.sub(r"\s+", " ", page))
    assert "LCP-LAG" in text and "2 personnes reçoivent" in text and "3 articles" in text
    assert all(title in text for title in ("Premier", "Deuxième", "Troisième"))
    assert "Envoyer à 2 personnes" in text
    edition.refresh_from_db()
    assert edition.status == EditionStatus.READY and edition.campaign is None

    response = follow(admin, url(edition, "envoyer"))
    assert "L'envoi a commencé." in messages_of(response)
    edition.refresh_from_db()
    assert edition.status in (EditionStatus.SENDING, EditionStatus.SENT) and edition.campaign is not None


def test_the_status_buttons_cannot_send_without_the_confirmation(admin, edition, readers):
    actions.mark_ready(edition=edition)
    response = follow(admin, url(edition, "statut"), {"transition": "send"})
    assert "Action inconnue." in messages_of(response)
    edition.refresh_from_db()
    assert (edition.status, edition.campaign) == (EditionStatus.READY, None)


def test_a_draft_or_a_sent_edition_is_not_sent_from_the_confirmation(admin, edition):
    assert "elle ne peut pas être envoyée maintenant" in admin.get(url(edition, "envoyer")).content.decode()
    response = follow(admin, url(edition, "envoyer"))
    assert any("Action impossible" in message for message in messages_of(response))
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT


EMPTY = (
    "Cette édition ne contient aucun article\u00a0: ajoutez-en au moins un avant de la marquer prête, "
    "de la programmer ou de l'envoyer."
)


def test_an_edition_without_an_article_is_never_ready(admin, lag):
    empty = actions.open_edition(publication=lag, date=DAY)
    response = follow(admin, url(empty, "statut"), {"transition": "ready"})
    assert EMPTY in messages_of(response)
    empty.refresh_from_db()
    assert empty.status == EditionStatus.DRAFT


def test_an_edition_emptied_once_ready_is_neither_scheduled_nor_sent(admin, edition, readers):
    actions.mark_ready(edition=edition)
    actions.set_articles(edition=edition, articles=[])
    assert "aucun article" in admin.get(url(edition, "envoyer")).content.decode()
    for response in (
        follow(admin, url(edition, "statut"), {"transition": "schedule", "at": "2026-12-01T06:30"}),
        follow(admin, url(edition, "envoyer")),
    ):
        assert EMPTY in messages_of(response)
    edition.refresh_from_db()
    assert (edition.status, edition.campaign, edition.scheduled_for) == (EditionStatus.READY, None, None)
    assert not mail.outbox


def test_the_scheduler_does_not_send_an_edition_without_an_article(edition, readers, caplog):
    actions.mark_ready(edition=edition)
    actions.schedule_edition(edition=edition, at=at(30, 21))
    Edition.objects.get(pk=edition.pk).items.all().delete()  # what no screen allows once scheduled
    with time_machine.travel(at(30, 22), tick=False):
        assert sending.send_due_editions() == []
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SCHEDULED and edition.campaign is None
    assert "has no article" in caplog.text


# Preview and test ------------------------------------------------------------------------------


@pytest.fixture
def readers(db):
    organization = make_subscriber()
    return [
        ReaderFactory(organization=organization, first_name=first, last_name=last, email=address)
        for first, last, address in (
            ("Marie", "Lapointe", "a.marie@mcn.gouv.qc.ca"),
            ("Zoé", "Gagnon", "b.zoe@mcn.gouv.qc.ca"),
        )
    ]


def srcdoc(page: str) -> str:
    match = re.search(r'<iframe sandbox srcdoc="([^"]*)"', page)
    assert match, "the preview is a sandboxed frame"
    return html.unescape(match.group(1))


def test_the_preview_is_the_email_a_chosen_reader_receives(admin, edition, readers):
    page = admin.get(url(edition, "apercu"), {"courriel": "B.Zoe@mcn.gouv.qc.ca"}).content.decode()
    assert "Aperçu pour Zoé Gagnon &lt;b.zoe@mcn.gouv.qc.ca&gt;" in page
    assert "2 personnes reçoivent LCP-LAG" in page
    email = srcdoc(page)
    assert "Zoé Gagnon" in email and "__COURRIER_" not in email
    tokens = re.findall(r"\?lien=([^\"&<\s]+)", email)
    assert len(tokens) == 4 and {reading_token_user_id(token) for token in tokens} == {readers[1].pk}
    assert "/desinscription/" in email
    text = html.unescape(page.split("Version texte")[1])
    assert "Destinataire\u00a0: Zoé Gagnon <b.zoe@mcn.gouv.qc.ca>" in text and "?lien=" in text


def test_the_preview_defaults_to_a_recipient_and_explains_a_stranger(admin, edition, readers, staff):
    page = admin.get(url(edition, "apercu")).content.decode()
    assert "Aperçu pour Marie Lapointe" in page

    stranger = admin.get(url(edition, "apercu"), {"courriel": "inconnu@exemple.com"}).content.decode()
    assert "inconnu@exemple.com ne reçoit pas LCP-LAG\u00a0: aperçu avec vos propres coordonnées." in stranger
    assert staff.email in srcdoc(stranger)
    invalid = admin.get(url(edition, "apercu"), {"courriel": "pas une adresse"})
    assert invalid.status_code == 200 and "Adresse courriel invalide." in invalid.content.decode()


def test_a_test_message_goes_to_the_editor_only(admin, staff, edition, readers):
    response = follow(admin, url(edition, "essai"), {"retour": "apercu"})
    assert response.redirect_chain[-1][0] == url(edition, "apercu")
    assert f"Essai envoyé à {staff.email}." in messages_of(response)
    assert len(mail.outbox) == 1
    (message,) = mail.outbox
    assert message.to == [staff.email] and not message.cc and not message.bcc
    assert message.subject == "[TEST] LCP-LAG n° 1 — 1er décembre 2026"
    assert "?lien=" in message.body and "Premier" in message.body
    assert [alternative.mimetype for alternative in message.alternatives] == ["text/html"]
    assert all(reader.email not in message.body for reader in readers)


def test_drafts_can_be_tested_before_anyone_receives_them(admin, staff, edition):
    response = follow(admin, url(edition, "essai"))
    assert response.redirect_chain[-1][0] == compose_url(edition)
    assert [message.to for message in mail.outbox] == [[staff.email]]


# Access ----------------------------------------------------------------------------------------


def test_readers_have_no_access(client, edition):
    client.force_login(ReaderFactory())
    for path in (EDITIONS, NEW, compose_url(edition), url(edition, "apercu")):
        response = client.get(path)
        assert response.status_code in (302, 403)
        assert "Premier" not in response.content.decode()
    client.post(url(edition, "statut"), {"transition": "cancel"})
    client.post(url(edition, "essai"))
    client.post(url(edition, "articles/retirer"), {"article": edition.items.first().article_id})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT and len(titles(edition)) == 3
    assert mail.outbox == []


def test_staff_need_the_permission_to_change_editions(client, edition):
    group = Group.objects.create(name="Admin sans éditions")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    assert f'"url": "{EDITIONS}"' not in client.get("/admin/").content.decode()
    for response in (
        client.get(compose_url(edition)),
        client.get(url(edition, "apercu")),
        client.post(url(edition, "statut"), {"transition": "cancel"}),
        client.post(url(edition, "essai")),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's refusal
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT and mail.outbox == []

    group.permissions.add(Permission.objects.get(codename="change_edition"))
    user = type(user).objects.get(pk=user.pk)  # permissions are cached on the instance
    client.force_login(user)
    assert client.get(compose_url(edition)).status_code == 200
    assert client.get(NEW).status_code == 302  # opening one takes "add"


def test_editions_are_never_deleted(admin, edition):
    assert "/delete/" not in admin.get(EDITIONS).content.decode()
    assert admin.get(f"{EDITIONS}delete/{edition.pk}/")["Location"] == "/admin/"
    assert admin.post(f"{EDITIONS}delete/{edition.pk}/")["Location"] == "/admin/"
    assert Edition.objects.filter(pk=edition.pk).exists()


@pytest.mark.parametrize("pk", ["0", "99999", "99999999999999999999999"])
def test_unknown_editions_are_404(admin, db, pk):
    assert admin.get(f"{EDITIONS}edit/{pk}/").status_code == 404
    assert admin.get(f"{EDITIONS}{pk}/apercu/").status_code == 404
    assert admin.post(f"{EDITIONS}{pk}/statut/", {"transition": "ready"}).status_code == 404


def test_alerte_decrets_is_not_composed_as_an_edition(admin):
    alert = Publication.objects.get(cadence=Cadence.GAZETTE)
    page = admin.get(NEW).content.decode()
    assert "LCP-LAG" in page and alert.name not in page
    response = admin.post(NEW, {"publication": alert.pk, "date": "2026-12-02"})
    assert response.status_code == 200
    assert not Edition.objects.filter(publication=alert).exists()
