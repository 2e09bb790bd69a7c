"""Entering an issue's decrees on one screen: rows typed or proposed from the table of contents, saved all or none."""

from __future__ import annotations

import datetime
import html
import re

import pytest

from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from courrier.parliament.models import Decree, DecreeCategory, PartTwoSection
from courrier.parliament.tests.test_register_admin import editor
from courrier.parliament.tests.test_toc_parser import FEBRUARY_11

D = datetime.date
FIELDS = ("number", "made_on", "title", "category", "ministries", "page", "section", "enabling_statute")


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def issue(db):
    MinistryFactory(acronym="FIN", name="Ministère des Finances")
    MinistryFactory(acronym="MSSS", name="Ministère de la Santé et des Services sociaux")
    return GazetteIssueFactory(published_on=D(2026, 2, 4), volume=158, number=5)


def url(issue) -> str:
    return f"/admin/gazette/{issue.pk}/decrets/"


REGULATION = {
    "number": "41-2026",
    "made_on": "2026-01-21",
    "title": "Règlement modifiant le Règlement sur les impôts",
    "category": DecreeCategory.REGULATION,
    "ministries": "FIN",
    "page": "403",
    "section": PartTwoSection.REGULATIONS,
    "enabling_statute": "Loi sur les impôts (chapitre I-3)",
}
APPOINTMENT = {
    "number": "50",
    "made_on": "21 janvier 2026",
    "title": "Concernant la nomination de madame Catherine Dubé-Lessard",
    "category": DecreeCategory.APPOINTMENT,
    "ministries": "msss; fin",
    "page": "",
    "section": "",
    "enabling_statute": "",
}


def rows_data(*rows: dict, blank: int = 3, default_made_on: str = "") -> dict[str, str]:
    """What the screen posts: the rows, then blank rows, as the browser sends them."""
    data = {
        "intake": "rows",
        "defaut-made_on": default_made_on,
        "decrets-TOTAL_FORMS": str(len(rows) + blank),
        "decrets-INITIAL_FORMS": "0",
        "decrets-MIN_NUM_FORMS": "0",
        "decrets-MAX_NUM_FORMS": "400",
    }
    for index, row in enumerate([*rows, *([{}] * blank)]):
        for name in FIELDS:
            data[f"decrets-{index}-{name}"] = str(row.get(name, ""))
    return data


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_issue_page_leads_to_the_entry_screen(admin, issue):
    edit = text(admin.get(f"/admin/gazette/edit/{issue.pk}/"))
    assert "Saisir les décrets de ce numéro" in edit
    assert url(issue) in edit

    page = text(admin.get(url(issue)))
    assert "Saisir les décrets de ce numéro" in page
    assert page.count('name="decrets-') >= 10 * len(FIELDS)
    assert "parliament/decree_entry.js" in page
    assert "Proposer les décrets à partir de la table des matières" in page


def test_valid_rows_are_entered_in_the_issue(admin, issue):
    response = admin.post(url(issue), rows_data(REGULATION, APPOINTMENT))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/decrets/?gazette={issue.pk}"
    regulation = Decree.objects.get(number=41, year=2026)
    assert regulation.gazette_issue == issue
    assert (regulation.page, regulation.section) == (403, PartTwoSection.REGULATIONS)
    assert regulation.enabling_statute == "Loi sur les impôts (chapitre I-3)"
    assert list(regulation.ministries.values_list("acronym", flat=True)) == ["FIN"]
    appointment = Decree.objects.get(number=50, year=2026)  # a bare number is in the year it is made
    assert appointment.made_on == D(2026, 1, 21)
    assert set(appointment.ministries.values_list("acronym", flat=True)) == {"FIN", "MSSS"}
    assert appointment.published_at is None
    assert "2 décrets inscrits dans la Gazette du 4 février 2026." in text(admin.get(response["Location"]))


def test_one_date_for_every_row(admin, issue):
    rows = [{**REGULATION, "made_on": ""}, {**APPOINTMENT, "made_on": ""}]
    response = admin.post(url(issue), rows_data(*rows, default_made_on="2026-01-21"))
    assert response.status_code == 302
    assert set(Decree.objects.values_list("made_on", flat=True)) == {D(2026, 1, 21)}


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ({"ministries": "FIN, SSS"}, "Ministère inconnu\u00a0: «\u00a0SSS\u00a0»."),
        ({"number": "41-2026"}, "Le décret 41-2026 figure déjà à la ligne 1."),
        ({"number": "1329-2022", "made_on": "2022-06-29"}, "Le décret 1329-2022 est déjà inscrit au registre."),
        ({"number": "13290-2026"}, "«\u00a013290-2026\u00a0»\u00a0: Le numéro d'un décret va de 1 à 9999."),
        ({"number": "50-2025"}, "Le décret 50-2025 est pris en 2025\u00a0: le 21 janvier 2026 tombe en 2026."),
        (
            {"made_on": "2026-02-05"},
            "Le décret est pris le 5 février 2026, après la parution de la Gazette du 4 février 2026.",
        ),
        ({"made_on": "hier"}, "«\u00a0hier\u00a0» n'est pas une date"),
        ({"made_on": ""}, "Indiquez la date où le décret est pris"),
        ({"title": ""}, "Champ requis."),
        ({"ministries": " , "}, "Indiquez au moins un sigle de ministère"),
    ],
)
def test_one_bad_row_saves_nothing_and_says_why_in_french(admin, issue, second, message):
    DecreeFactory(number=1329, year=2022, made_on=D(2022, 6, 29))

    response = admin.post(url(issue), rows_data(REGULATION, {**APPOINTMENT, **second}))

    assert response.status_code == 200
    page = text(response)
    assert "Rien n'a été enregistré\u00a0: corrigez les lignes signalées." in page
    assert message in page
    assert Decree.objects.count() == 1
    # What was typed is still there to correct.
    assert (
        'value="Règlement modifiant le Règlement sur les impôts"' in page
        or "Règlement sur les impôts</textarea>" in page
    )


def test_blank_rows_alone_save_nothing(admin, issue):
    response = admin.post(url(issue), rows_data(blank=10))
    assert response.status_code == 200
    assert "Aucune ligne à enregistrer." in text(response)
    assert Decree.objects.count() == 0


def test_the_table_of_contents_proposes_rows_to_confirm(admin, issue):
    DecreeFactory(number=87, year=2026, made_on=D(2026, 1, 28))

    response = admin.post(url(issue), {"intake": "toc", "toc": FEBRUARY_11})

    assert response.status_code == 200
    page = text(response)
    assert "7 décrets proposés" in page
    assert "Déjà inscrits, donc omis\u00a0: 87-2026" in page
    assert 'value="76-2026"' in page and 'value="95-2026"' in page
    assert "Aliments — Modification" not in page.split("decrets-0-number")[1]  # the one entered is left out
    assert "Nomination de madame Catherine Dubé-Lessard comme membre indépendante" in page
    assert "Lignes non reconnues" in page
    assert "Code de la sécurité routière — Permis" in page
    assert "Cette table des matières est celle de la Gazette du 11 février 2026, pas du 4 février 2026" in page
    assert Decree.objects.count() == 1
    # 7 proposals and 3 spare rows, none of them « initial »: each is confirmed like a typed row.
    assert 'name="decrets-TOTAL_FORMS" value="10"' in page
    assert 'name="decrets-INITIAL_FORMS" value="0"' in page
    selected = re.findall(r'<option value="(\w+)" selected>', page)
    assert selected.count(DecreeCategory.APPOINTMENT) == 2


def test_proposed_rows_completed_by_the_editor_are_entered(admin, issue):
    issue.published_on = D(2026, 2, 11)
    issue.save()
    page = text(admin.post(url(issue), {"intake": "toc", "toc": FEBRUARY_11}))
    data = dict(re.findall(r'name="(decrets-[^"]+)" value="([^"]*)"', page))
    data.update(re.findall(r'name="(decrets-\d+-title)"[^>]*>([^<]*)</textarea>', page))
    for index in range(8):
        data[f"decrets-{index}-ministries"] = "MSSS"
        data[f"decrets-{index}-category"] = re.search(
            rf'name="decrets-{index}-category".*?<option value="(\w+)" selected>', page, re.DOTALL
        )[1]
        data[f"decrets-{index}-section"] = re.search(
            rf'name="decrets-{index}-section".*?<option value="(\w+)" selected>', page, re.DOTALL
        )[1]
    data.update({"intake": "rows", "defaut-made_on": "28 janvier 2026"})

    response = admin.post(url(issue), data)

    assert response.status_code == 302, text(response)[:3000]
    assert Decree.objects.filter(gazette_issue=issue).count() == 8
    commencement = Decree.objects.get(number=76)
    assert (commencement.category, commencement.page) == (DecreeCategory.COMMENCEMENT, 515)
    assert commencement.title.endswith("— Entrée en vigueur de certaines dispositions")


def test_others_never_reach_the_entry_screen(client, reader, issue):
    for who in ("anonymous", "reader", "decrees viewer"):
        if who == "reader":
            client.force_login(reader)
        elif who == "decrees viewer":
            client.force_login(editor("view_decree", "view_gazetteissue"))
        assert client.get(url(issue)).status_code in (302, 403), who
        assert client.post(url(issue), rows_data(REGULATION)).status_code in (302, 403), who
    assert Decree.objects.count() == 0


def test_an_editor_allowed_to_add_decrees_may_enter_them(client, issue):
    client.force_login(editor("add_decree", "change_gazetteissue"))
    assert client.post(url(issue), rows_data(REGULATION)).status_code == 302
    assert Decree.objects.count() == 1


def test_every_refusal_is_shown_at_once(admin, issue):
    response = admin.post(url(issue), rows_data({**REGULATION, "ministries": "XYZ"}, {**APPOINTMENT, "title": ""}))

    page = text(response)
    assert "Ministère inconnu\u00a0: «\u00a0XYZ\u00a0»." in page  # the register's refusal of a complete row
    assert "Champ requis." in page  # and the form's, of an incomplete one
    assert Decree.objects.count() == 0


def test_the_table_of_contents_is_optional_on_the_page_and_needed_by_its_button(admin, issue):
    page = text(admin.get(url(issue)))
    textarea = re.search(r"<textarea[^>]*name=\"toc\"[^>]*>", page).group(0)
    assert "required" not in textarea  # the grid alone works

    refused = text(admin.post(url(issue), {"intake": "toc", "toc": "  "}))

    assert "Collez d'abord la table des matières du numéro." in refused
    assert not issue.decrees.exists()
