"""Mon organisation's members at a laptop's width and a phone's: the table fits, filters narrow it,
pending invitations are sent again or cancelled.

At 1280 px the members table was 1,301 px wide (*Retirer* off-screen); at 390 px only names and
addresses showed. The screenshots (test-artifacts/screenshots/) are for looking at.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Invitation, MembershipRole, MembershipStatus
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import fits_the_screen, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def mcn(db):
    organization = make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")
    administrator = ReaderFactory(
        organization=organization,
        email="sophie.lavoie@mcn.gouv.qc.ca",
        first_name="Sophie",
        last_name="Lavoie",
        job_title="Directrice des communications",
        role=MembershipRole.ADMIN,
    )
    ReaderFactory(
        organization=organization,
        email="camille.tremblay@mcn.gouv.qc.ca",
        first_name="Camille",
        last_name="Tremblay",
        job_title="Conseillère en affaires parlementaires et gouvernementales",
    )
    ReaderFactory(
        organization=organization,
        email="jean-francois.belanger-desrosiers@mcn.gouv.qc.ca",
        first_name="Jean-François",
        last_name="Bélanger-Desrosiers",
        job_title="Analyste principal, sécurité de l'information",
    )
    ReaderFactory(
        organization=organization,
        email="luc.roy@mcn.gouv.qc.ca",
        first_name="Luc",
        last_name="Roy",
        status=MembershipStatus.PENDING,
    )
    ReaderFactory(organization=organization, email="nouvelle.recrue@mcn.gouv.qc.ca", verified=False)
    Invitation.objects.create(
        organization=organization,
        email="paul.gagnon@mcn.gouv.qc.ca",
        invited_by=administrator,
        expires_at=timezone.now() + datetime.timedelta(days=5),
    )
    return organization


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_an_administrator_narrows_the_members_and_follows_up_an_invitation(mcn, page, shot, viewport):
    log_in(page, "sophie.lavoie@mcn.gouv.qc.ca", "/mon-organisation/")
    members = page.locator("table.members").first
    expect(members).to_contain_text("Bélanger-Desrosiers")
    expect(page.get_by_text("5 membres")).to_be_visible()
    fits_the_screen(page)
    for button in members.get_by_role("link", name="Retirer").all():
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport["width"]
    row = members.get_by_role("row").filter(has_text="camille.tremblay@mcn.gouv.qc.ca")
    expect(row).to_contain_text("Lecteur")
    expect(row).to_contain_text("Actif")
    display = row.evaluate("element => getComputedStyle(element).display")
    assert display == ("block" if viewport == PHONE else "table-row")  # a card on a phone
    shot("01-membres")

    page.get_by_label("Statut").select_option(label="En attente d'approbation")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("1 membre correspond à ces critères")).to_be_visible()
    expect(members.get_by_role("row").filter(has_text="luc.roy@mcn.gouv.qc.ca")).to_be_visible()
    expect(members).not_to_contain_text("camille.tremblay")
    fits_the_screen(page)
    shot("02-en-attente")

    page.get_by_role("link", name="Tous les membres").click()
    page.get_by_label("Nom ou courriel").fill("bélanger")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("1 membre correspond à ces critères")).to_be_visible()
    expect(members).to_contain_text("Jean-François Bélanger-Desrosiers")

    page.get_by_role("button", name="Renvoyer l'invitation à paul.gagnon@mcn.gouv.qc.ca").click()
    expect(page.get_by_text("Invitation envoyée à paul.gagnon@mcn.gouv.qc.ca")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["paul.gagnon@mcn.gouv.qc.ca"]]
    fits_the_screen(page)
    shot("03-invitation-renvoyee")

    page.get_by_role("button", name="Annuler l'invitation à paul.gagnon@mcn.gouv.qc.ca").click()
    expect(page.get_by_text("L'invitation de paul.gagnon@mcn.gouv.qc.ca est annulée")).to_be_visible()
    expect(page.get_by_text("Aucune invitation en attente.")).to_be_visible()
    assert not Invitation.objects.usable().exists()
    shot("04-invitation-annulee")
