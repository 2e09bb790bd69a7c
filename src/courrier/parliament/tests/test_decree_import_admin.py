"""Importing a file in the admin: upload → preview (nothing saved) → confirmation (all or none); staff only."""

from __future__ import annotations

import datetime
import html
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from courrier.accounts.factories import UserFactory
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue
from courrier.parliament.tests.test_decree_import import HEADER, ROWS, csv_file, with_cell
from courrier.parliament.tests.test_register_admin import editor

D = datetime.date
IMPORT = "/admin/decrets/importer/"
CONFIRM = "/admin/decrets/importer/confirmer/"


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def ministries(db):
    for acronym in ("FIN", "MSSS", "MCN"):
        MinistryFactory(acronym=acronym)


def upload(content: bytes, name: str = "decrets.csv", **fields) -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv"), **fields}


def text(response) -> str:
    return html.unescape(response.content.decode())


def payload_of(response) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation offered"
    return html.unescape(match[1])


def test_the_decree_listing_offers_the_import(admin, db):
    listing = text(admin.get("/admin/decrets/"))
    assert "Importer des décrets" in listing
    page = admin.get(IMPORT)
    assert page.status_code == 200
    assert "Fichier CSV ou JSON" in text(page)


def test_preview_then_confirm(admin, ministries, staff):
    preview = admin.post(IMPORT, upload(csv_file(encoding="cp1252")))

    assert preview.status_code == 200
    page = text(preview)
    assert "Aperçu de «\u00a0decrets.csv\u00a0»" in page
    assert "3 décrets lus" in page
    assert "3 à créer" in page
    assert "Gazette du 4 février 2026 (158e année, n° 5)" in page
    assert "Confirmer l'import" in page
    assert Decree.objects.count() == 0  # a preview saves nothing
    assert GazetteIssue.objects.count() == 0

    confirmed = admin.post(CONFIRM, {"payload": payload_of(preview)})

    assert confirmed.status_code == 302
    assert Decree.objects.count() == 3
    issue = GazetteIssue.objects.get()
    assert set(Decree.objects.values_list("gazette_issue", flat=True)) == {issue.pk}
    created = ModelLogEntry.objects.filter(action="wagtail.create", user=staff)
    assert created.filter(content_type__model="decree").count() == 3  # in each decree's history
    message = text(admin.get(confirmed["Location"]))
    assert "Import de «\u00a0decrets.csv\u00a0» terminé\u00a0: 3 décrets créés, 0 mis à jour" in message
    assert "1 numéro de la Gazette créé." in message


def test_the_same_file_again_has_nothing_to_import(admin, ministries):
    admin.post(CONFIRM, {"payload": payload_of(admin.post(IMPORT, upload(csv_file())))})

    again = text(admin.post(IMPORT, upload(csv_file())))

    assert "3 déjà inscrits à l'identique (inchangés)" in again
    assert "Rien à importer" in again
    assert "Confirmer l'import" not in again
    assert Decree.objects.count() == 3


def test_a_file_with_errors_lists_them_and_cannot_be_confirmed(admin, ministries):
    rows = with_cell(1, "numero", "13290-2026")
    rows[2][HEADER.index("ministeres")] = "FIN, SSS"

    page = text(admin.post(IMPORT, upload(csv_file(rows))))

    assert "ligne 3" in page
    assert "«\u00a013290-2026\u00a0»\u00a0: Le numéro d'un décret va de 1 à 9999." in page
    assert "ministère inconnu\u00a0: «\u00a0SSS\u00a0»." in page
    assert "2 refusés" in page
    assert "rien ne sera enregistré tant qu'une ligne est refusée" in page
    assert "Confirmer l'import" not in page
    assert 'name="payload"' not in page
    assert Decree.objects.count() == 0


def test_a_decree_entered_differently_needs_the_update_box(admin, ministries):
    DecreeFactory(number=41, year=2026, made_on=D(2026, 1, 21), title="Ancien titre", category=DecreeCategory.OTHER)

    refused = text(admin.post(IMPORT, upload(csv_file())))
    assert "déjà inscrit avec d'autres données (titre, catégorie" in refused
    assert "Confirmer l'import" not in refused

    preview = admin.post(IMPORT, upload(csv_file(), update="on"))
    assert "1 à mettre à jour" in text(preview)
    assert "à mettre à jour\u00a0: titre, catégorie" in text(preview)
    admin.post(CONFIRM, {"payload": payload_of(preview)})

    assert Decree.objects.get(number=41).title == "Règlement modifiant le Règlement sur les impôts"
    assert Decree.objects.count() == 3


def test_rows_go_to_the_issue_chosen(admin, ministries):
    issue = GazetteIssueFactory(published_on=D(2026, 2, 4), volume=158, number=5)
    header = ["numero", "date", "titre", "categorie", "ministeres", "loi_habilitante", "page"]
    content = csv_file([row[:7] for row in ROWS], header=header, delimiter=",")

    form = text(admin.get(IMPORT, {"gazette": issue.pk}))
    assert f'<option value="{issue.pk}" selected>' in form

    preview = admin.post(IMPORT, upload(content, gazette=issue.pk))
    confirmed = admin.post(CONFIRM, {"payload": payload_of(preview)})

    assert confirmed["Location"] == f"/admin/decrets/?gazette={issue.pk}"
    assert Decree.objects.filter(gazette_issue=issue).count() == 3


def test_a_json_file(admin, ministries):
    content = (
        b'[{"numero": "41-2026", "date": "2026-01-21", "titre": "R\\u00e8glement modifiant le R\\u00e8glement sur '
        b'les imp\\u00f4ts", "categorie": "R\\u00e8glement", "ministeres": ["FIN"]}]'
    )
    preview = admin.post(IMPORT, upload(content, "export.json"))
    assert "1 à créer" in text(preview)
    admin.post(CONFIRM, {"payload": payload_of(preview)})
    assert Decree.objects.get().title == "Règlement modifiant le Règlement sur les impôts"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier soumis est vide."),
        (b"numero;date\n", "Colonnes obligatoires absentes\u00a0: titre, ministeres."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Colonnes obligatoires absentes"),
    ],
)
def test_files_that_are_not_decree_files(admin, ministries, content, message):
    response = admin.post(IMPORT, upload(content))
    assert response.status_code == 200
    assert message in text(response)
    assert Decree.objects.count() == 0


def test_a_tampered_or_foreign_preview_is_refused(admin, ministries, staff):
    token = payload_of(admin.post(IMPORT, upload(csv_file())))

    tampered = admin.post(CONFIRM, {"payload": token[:-3] + "abc"}, follow=True)
    assert "Cet aperçu n'est pas valide" in text(tampered)

    admin.force_login(UserFactory(staff=True))  # another editor cannot replay it
    foreign = admin.post(CONFIRM, {"payload": token}, follow=True)
    assert "Cet aperçu n'est pas valide" in text(foreign)
    assert Decree.objects.count() == 0


def test_a_preview_expires_after_an_hour(admin, ministries):
    with time_machine.travel(datetime.datetime(2026, 2, 4, 9, tzinfo=datetime.UTC)):
        token = payload_of(admin.post(IMPORT, upload(csv_file())))
    with time_machine.travel(datetime.datetime(2026, 2, 4, 10, 1, tzinfo=datetime.UTC)):
        expired = admin.post(CONFIRM, {"payload": token}, follow=True)
    assert "L'aperçu a expiré" in text(expired)
    assert Decree.objects.count() == 0


def test_a_change_between_preview_and_confirmation_saves_nothing(admin, ministries):
    preview = admin.post(IMPORT, upload(csv_file()))
    DecreeFactory(number=70, year=2026, made_on=D(2026, 1, 21), title="Entré entre-temps")

    confirmed = admin.post(CONFIRM, {"payload": payload_of(preview)}, follow=True)

    assert "Rien n'a été importé\u00a0: le registre a changé depuis l'aperçu." in text(confirmed)
    assert Decree.objects.count() == 1
    assert GazetteIssue.objects.count() == 0


def test_the_update_box_needs_the_permission_to_change_decrees(client, ministries):
    client.force_login(editor("add_decree", "add_gazetteissue"))
    response = client.post(IMPORT, upload(csv_file(), update="on"))
    assert "Vous n'avez pas la permission de modifier les décrets inscrits." in text(response)
    preview = client.post(IMPORT, upload(csv_file()))
    client.post(CONFIRM, {"payload": payload_of(preview)})
    assert Decree.objects.count() == 3


def test_creating_gazette_issues_needs_that_permission(client, ministries):
    client.force_login(editor("add_decree"))
    page = text(client.post(IMPORT, upload(csv_file())))
    assert "Ce fichier crée des numéros de la Gazette\u00a0: vous n'avez pas la permission d'en ajouter." in page
    assert "Confirmer l'import" not in page


@pytest.mark.parametrize("who", ["anonymous", "reader", "viewer"])
def test_others_cannot_import(client, reader, ministries, staff, who):
    client.force_login(staff)
    token = payload_of(client.post(IMPORT, upload(csv_file())))
    client.logout()
    if who == "reader":
        client.force_login(reader)
    elif who == "viewer":
        client.force_login(editor("view_decree"))

    assert client.get(IMPORT).status_code in (302, 403)
    assert client.post(IMPORT, upload(csv_file())).status_code in (302, 403)
    assert client.post(CONFIRM, {"payload": token}).status_code in (302, 403)
    assert Decree.objects.count() == 0
