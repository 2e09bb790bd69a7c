"""Alerte Décrets, from the Gazette to the inbox: an editor types an issue's decrees in the entry grid from the
keyboard, publishes them, and the alert reaches the one reader it is for; that reader then reads a decree's text.

Three readers of a subscribing ministry: one takes every decree, one has opted out of Alerte Décrets, one narrowed
it to a ministry none of this week's decrees comes from. Only the first receives an email.
"""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from courrier.accounts.factories import UserFactory
from courrier.alerts.actions import set_decree_alert_filter
from courrier.editions.actions import choose_publications
from courrier.editions.models import Publication
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue
from tests.browser.steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Wagtail's admin scrolls inside its own frame, so a full-page screenshot is the window: a tall one shows the grid.
ADMIN_WINDOW = {"width": 1280, "height": 1500}

ISSUE_DAY = datetime.date(2026, 2, 4)  # a Wednesday: 158e année, no 5
MADE_ON = "21 janvier 2026"

APPOINTMENT = "Concernant la nomination de madame Julie Bouchard comme sous-ministre associée au ministère des Finances"
REGULATION = "Règlement modifiant le Règlement d'application de la Loi sur l'assurance maladie"
AID = (
    "Concernant l'octroi d'une aide financière maximale de 12 000 000 $ au Centre hospitalier de l'Université "
    "de Montréal"
)
STATUTE = "Loi sur l'assurance maladie (chapitre A-29)"
FULL_TEXT = (
    "ATTENDU QUE le paragraphe b de l'article 69 de la Loi sur l'assurance maladie (chapitre A-29) permet au "
    "gouvernement de déterminer les services assurés ;\n\n"
    "IL EST ORDONNÉ, en conséquence, sur la recommandation du ministre de la Santé :\n\n"
    "QUE le Règlement modifiant le Règlement d'application de la Loi sur l'assurance maladie, annexé au présent "
    "décret, soit édicté."
)

EVERYTHING = "julie.roy@mcn.gouv.qc.ca"
OPTED_OUT = "marc.cote@mcn.gouv.qc.ca"
TRANSPORTS_ONLY = "lea.gagnon@mcn.gouv.qc.ca"


@pytest.fixture
def issue(home) -> GazetteIssue:
    return GazetteIssueFactory(published_on=ISSUE_DAY, volume=158, number=5)


@pytest.fixture
def ministries(db) -> dict[str, object]:
    return {
        "FIN": MinistryFactory(name="Ministère des Finances", acronym="FIN"),
        "MSSS": MinistryFactory(name="Ministère de la Santé et des Services sociaux", acronym="MSSS"),
        "MTMD": MinistryFactory(name="Ministère des Transports et de la Mobilité durable", acronym="MTMD"),
    }


@pytest.fixture
def readers(ministries) -> None:
    """Three readers of a subscribing ministry: all decrees, opted out, and a filter this issue does not meet."""
    mcn = make_subscriber()
    ReaderFactory(organization=mcn, email=EVERYTHING, first_name="Julie", last_name="Roy")
    opted_out = ReaderFactory(organization=mcn, email=OPTED_OUT, first_name="Marc", last_name="Côté")
    choose_publications(user=opted_out, choices={Publication.objects.get(key="alerte-decrets"): False})
    narrowed = ReaderFactory(organization=mcn, email=TRANSPORTS_ONLY, first_name="Léa", last_name="Gagnon")
    set_decree_alert_filter(user=narrowed, ministries=[ministries["MTMD"]], categories=[], keywords="")


def field(page, row: int, name: str):
    """The entry grid's cell `name` on row `row` (from 1, as the grid numbers them)."""
    return page.locator(f'[name="decrets-{row - 1}-{name}"]')


def messages_shown(page) -> None:
    """Wait for Wagtail's message bar to finish sliding in (half a second of CSS), so a screenshot shows it."""
    page.wait_for_function(
        "() => { const list = document.querySelector('.messages > ul');"
        " return list !== null && getComputedStyle(list).opacity === '1'; }"
    )


def type_row(page, row: int, cells: list[str]) -> None:
    """Fill row `row` from the keyboard: focus its number, then each cell typed and Tab to the next.

    `cells` follow the grid's Tab order (number, date, title, statute, category, ministries, page, section); an
    empty string leaves the cell as it is. A select takes the option starting with the letter typed (typed twice,
    the second such option), as a keyboard user picks one; plain letters, as Playwright types accented ones by
    inserting text, which a closed select ignores.
    """
    field(page, row, "number").focus()
    for position, text in enumerate(cells):
        if text:
            page.keyboard.type(text)
        if position < len(cells) - 1:
            page.keyboard.press("Tab")


def test_editor_enters_and_publishes_decrees_and_only_the_opted_in_reader_gets_the_alert(
    issue, ministries, readers, page, shot
):
    editor = UserFactory(staff=True)
    page.set_viewport_size(ADMIN_WINDOW)
    log_in(page, editor.email, reverse("gazette_issues:edit", args=[issue.pk]))
    shot("01-numero-de-la-gazette")

    page.get_by_role("link", name="Saisir les décrets de ce numéro").click()
    page.wait_for_url(re.compile(rf"/admin/gazette/{issue.pk}/decrets/$"))
    expect(page.locator("main")).to_contain_text("parue le mercredi 4 février 2026")

    # One date for the whole issue, then three decrees typed row after row, Tab from cell to cell.
    page.get_by_label("Pris le (toutes les lignes sans date)").fill(MADE_ON)
    type_row(page, 1, ["41", "", APPOINTMENT, "", "N", "fin", "512"])
    type_row(page, 2, ["42", "20/01/2026", REGULATION, STATUTE, "R", "MSSS", "498", "R"])
    type_row(page, 3, ["43-2026", "", AID, "", "A", "msss, FIN", "530", "DD"])
    expect(field(page, 1, "category")).to_have_value(DecreeCategory.APPOINTMENT)
    expect(field(page, 2, "category")).to_have_value(DecreeCategory.REGULATION)
    expect(field(page, 2, "section")).to_have_value("regulations")
    expect(field(page, 3, "category")).to_have_value(DecreeCategory.FINANCIAL_AID)
    expect(field(page, 3, "section")).to_have_value("administrative")
    # Enter goes down the column (no line break in a title, no early submission)...
    field(page, 3, "title").press("Enter")
    expect(field(page, 4, "title")).to_be_focused()
    expect(field(page, 3, "title")).to_have_value(AID)
    # The grid fits a 1280-pixel window beside the admin menu: nothing to scroll sideways.
    assert not page.locator(".decree-entry__scroll").evaluate("grid => grid.scrollWidth > grid.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= ADMIN_WINDOW["width"]
    shot("02-grille-remplie")

    # ... and Ctrl+Enter saves; the fourth row, left blank, is ignored.
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(rf"/admin/decrets/\?gazette={issue.pk}$"))
    expect(page.locator(".messages")).to_contain_text("3 décrets inscrits dans la Gazette du 4 février 2026.")
    listing = page.locator("main table")
    for number in ("41-2026", "42-2026", "43-2026"):
        expect(listing.get_by_role("link", name=number)).to_be_visible()
    messages_shown(page)
    shot("03-decrets-inscrits")
    decrees = {d.number: d for d in Decree.objects.filter(gazette_issue=issue).prefetch_related("ministries")}
    assert sorted(decrees) == [41, 42, 43]
    assert decrees[41].made_on == datetime.date(2026, 1, 21)
    assert decrees[42].made_on == datetime.date(2026, 1, 20)
    assert decrees[42].enabling_statute == STATUTE
    assert sorted(m.acronym for m in decrees[43].ministries.all()) == ["FIN", "MSSS"]
    assert not any(decree.is_published for decree in decrees.values())

    # The regulation's text, pasted in the decree's own form (the grid takes notices only).
    listing.get_by_role("link", name="42-2026").click()
    page.get_by_label("Texte intégral").fill(FULL_TEXT)
    page.get_by_role("button", name="Enregistrer").first.click()
    expect(page.locator(".messages")).to_contain_text("42-2026")
    assert Decree.objects.get(year=2026, number=42).full_text.startswith("ATTENDU QUE")

    # Alerte Décrets, in the admin menu: the issue waits, then its confirmation page says who will receive it.
    page.get_by_role("navigation").get_by_role("link", name="Alerte Décrets").click()
    page.wait_for_url(re.compile(r"/admin/alertes/$"))
    row = page.get_by_role("row").filter(has_text="mercredi 4 février 2026")
    expect(row).to_contain_text("Pas encore envoyée")
    shot("04-alerte-decrets-a-envoyer")
    row.get_by_role("link", name=re.compile("mercredi 4 février 2026")).click()
    page.wait_for_url(re.compile(rf"/admin/alertes/numero/{issue.pk}/publier/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Ce numéro compte 3 décrets, dont 3 pas encore publiés sur le site.")
    # Opted in: the first and third readers; the page cannot say yet whose filters this issue meets.
    expect(main).to_contain_text("2 personnes reçoivent l'Alerte Décrets")
    for title in (APPOINTMENT, REGULATION, AID):
        expect(main).to_contain_text(title)
    shot("05-confirmation")
    assert mail.outbox == []

    page.get_by_role("button", name="Publier les décrets et envoyer l'Alerte Décrets").click()
    # Back on the issue's page, where the message says to follow the sending: its progress bar.
    expect(page.locator(".messages")).to_contain_text("3 décrets publiés sur le site. L'Alerte Décrets part")
    page.wait_for_url(re.compile(rf"/admin/alertes/numero/{issue.pk}/publier/$"))
    expect(page.locator("#sending-bar")).to_be_visible()
    messages_shown(page)
    shot("06-alerte-envoyee")
    page.get_by_role("navigation").get_by_role("link", name="Alerte Décrets").click()
    page.wait_for_url(re.compile(r"/admin/alertes/$"))
    expect(page.get_by_role("row").filter(has_text="mercredi 4 février 2026")).to_contain_text(
        "à 1 personne (1 version)"
    )

    assert [message.to for message in mail.outbox] == [[EVERYTHING]]
    (alert,) = mail.outbox
    assert alert.subject == "Le mercredi 4 février 2026 — Partie 2 — Lois et règlements (3 décrets)"
    ((alert_html, mimetype),) = alert.alternatives
    assert mimetype == "text/html"
    for title in (APPOINTMENT, REGULATION, AID):
        assert title in alert.body
        assert title in html.unescape(alert_html)
    assert "/decrets/2026/42/" in alert.body
    assert all(decree.is_published for decree in Decree.objects.filter(gazette_issue=issue))

    # The reader reads the regulation from the list of decrees, text included.
    page.context.clear_cookies()
    log_in(page, EVERYTHING, "/decrets/")
    expect(page.get_by_text("3 décrets", exact=True)).to_be_visible()
    shot("07-liste-des-decrets")
    page.get_by_role("link", name=REGULATION).click()
    page.wait_for_url(re.compile(r"/decrets/2026/42/$"))
    article = page.locator("article.decree")
    expect(article.get_by_role("heading", level=1)).to_have_text(REGULATION)
    expect(article).to_contain_text("Décret 42-2026 du 20 janvier 2026")
    expect(article).to_contain_text(STATUTE)
    expect(article.locator(".decree__text")).to_contain_text("IL EST ORDONNÉ, en conséquence")
    shot("08-decret-texte-integral")


def test_entry_grid_refuses_a_taken_number_and_an_unknown_ministry_then_saves_the_corrected_rows(
    issue, ministries, page, shot
):
    DecreeFactory(number=41, year=2026, ministries=[ministries["FIN"]])  # entered last week
    editor = UserFactory(staff=True)
    page.set_viewport_size(ADMIN_WINDOW)
    log_in(page, editor.email, reverse("gazette_issues:enter_decrees", args=[issue.pk]))

    page.get_by_label("Pris le (toutes les lignes sans date)").fill(MADE_ON)
    type_row(page, 1, ["41", "", APPOINTMENT, "", "N", "FIN"])
    type_row(page, 2, ["44", "", AID, "", "A", "MSS"])
    page.keyboard.press("Control+Enter")
    expect(page.locator(".messages")).to_contain_text("Rien n'a été enregistré : corrigez les lignes signalées.")
    grid = page.locator("table.decree-entry")
    expect(grid).to_contain_text("décret 41-2026 est déjà inscrit au registre")
    expect(grid).to_contain_text("Ministère inconnu : « MSS »")
    # What was typed is still there, for the editor to correct.
    expect(field(page, 1, "title")).to_have_value(APPOINTMENT)
    expect(field(page, 2, "ministries")).to_have_value("MSS")
    messages_shown(page)
    shot("01-lignes-refusees")
    assert Decree.objects.filter(gazette_issue=issue).count() == 0

    field(page, 1, "number").fill("45")
    field(page, 2, "ministries").fill("MSSS")
    field(page, 2, "ministries").press("Control+Enter")
    expect(page.locator(".messages")).to_contain_text("2 décrets inscrits dans la Gazette du 4 février 2026.")
    messages_shown(page)
    shot("02-lignes-corrigees")
    assert sorted(Decree.objects.filter(gazette_issue=issue).values_list("number", flat=True)) == [44, 45]
