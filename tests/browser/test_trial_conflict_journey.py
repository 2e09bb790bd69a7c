"""An outsider asks for a trial under a subscriber's name; the staff member who opens it sees the conflict.

Approving as asked is refused (it would create a second organisation under the same name), and the
explicit « Rattacher » path, confirmed on its own page, leaves the subscriber's domains and
administrators as they were.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Invitation, Membership, MembershipRole, TrialRequest, TrialRequestStatus
from tests.browser.steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUBSCRIBER = "Ministère de la Cybersécurité et du Numérique"


@pytest.fixture
def mcn(db):
    organization = make_subscriber(name=SUBSCRIBER, domain="mcn.gouv.qc.ca")
    ReaderFactory(organization=organization, email="responsable@mcn.gouv.qc.ca", role=MembershipRole.ADMIN)
    return organization


def test_staff_sees_that_a_trial_request_resembles_a_subscriber(home, mcn, staff, page, shot):
    # The outsider, on the public form, from their own domain, under a lookalike of the subscriber's name.
    page.goto("/essai-gratuit/")
    page.get_by_label("Nom de l'organisation").fill("ministere de la cybersecurite et du numerique")
    page.get_by_label("Votre nom").fill("Mallory Pirate")
    page.get_by_label("Votre adresse courriel professionnelle").fill("mallory@cyber-pirate.ca")
    page.get_by_label("Téléphone").fill("514 555-0100")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/essai-gratuit/merci/$"))
    trial = TrialRequest.objects.get()

    # The staff member's queue flags it.
    log_in(page, staff.email, "/admin/demandes-essai/")
    row = page.get_by_role("row").filter(has_text="mallory@cyber-pirate.ca")
    expect(row).to_contain_text(f"Conflit : ressemble à « {SUBSCRIBER} »")
    shot("01-file-des-demandes")

    # The request's page says so first, and why.
    row.get_by_role("link", name="ministere de la cybersecurite et du numerique").click()
    page.wait_for_url(re.compile(rf"/admin/demandes-essai/inspect/{trial.pk}/$"))
    warning = page.locator(".help-warning").filter(has_text="Attention : cette demande ressemble")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(f"« {SUBSCRIBER} »")
    expect(warning).to_contain_text("même nom, à la casse, aux accents, aux espaces ou à la ponctuation près")
    decision = page.locator("section").filter(has=page.get_by_role("heading", name="Décision"))
    expect(decision.get_by_role("button", name="Approuver : créer une nouvelle organisation")).to_be_visible()
    expect(decision.get_by_role("link", name=f"Rattacher à l'organisation existante « {SUBSCRIBER} »…")).to_be_visible()
    shot("02-demande-en-conflit")
    decision.scroll_into_view_if_needed()
    shot("03-decision")

    # Approving as asked is refused: the name resembles the subscriber's.
    decision.get_by_role("button", name="Approuver : créer une nouvelle organisation").click()
    expect(page.get_by_text("ressemble à l'organisation existante")).to_be_visible()
    expect(page.locator(".help-warning").filter(has_text="Attention : cette demande ressemble")).to_be_visible()
    shot("04-approbation-refusee")

    # Attaching is explicit, confirmed, and changes nothing at the subscriber.
    page.goto(f"/admin/demandes-essai/inspect/{trial.pk}/")
    page.get_by_role("link", name=f"Rattacher à l'organisation existante « {SUBSCRIBER} »…").click()
    heading = page.get_by_role("heading", name="Rattacher la demande à une organisation existante", exact=True)
    expect(heading).to_be_visible()
    expect(page.get_by_text("aucun domaine, aucun administrateur, aucune licence")).to_be_visible()
    shot("05-confirmer-le-rattachement")
    page.get_by_role("button", name=f"Rattacher à « {SUBSCRIBER} »").click()
    page.wait_for_url(re.compile(r"/admin/demandes-essai/$"))
    expect(page.locator(".messages")).to_contain_text("sans rien y changer ni inviter personne")
    shot("06-rattachee")

    trial.refresh_from_db()
    assert (trial.status, trial.organization) == (TrialRequestStatus.ATTACHED, mcn)
    assert list(mcn.domains.values_list("domain", flat=True)) == ["mcn.gouv.qc.ca"]
    assert list(Membership.objects.administrators().filter(organization=mcn).values_list("user__email", flat=True)) == [
        "responsable@mcn.gouv.qc.ca"
    ]
    assert not Invitation.objects.exists()
