"""The pages the Trust work added for readers, at 390 px: a phone, where most readers open the morning's email.

Each page must fit the screen (nothing wider than the viewport, so no sideways scrolling) and say
what it says on the desktop. The screenshots (test-artifacts/screenshots/) are for looking at.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from courrier.licensing import actions as licensing
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Membership, MembershipRole
from courrier.mailing import actions as mailing
from courrier.newsroom.factories import ArticlePageFactory
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from tests.browser.conftest import PHONE
from tests.browser.steps import fits_the_screen, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUBSCRIBER = "Ministère de la Cybersécurité et du Numérique"


@pytest.fixture
def viewport() -> dict[str, int]:
    return PHONE


@pytest.fixture
def mcn(db):
    return make_subscriber(name=SUBSCRIBER, domain="mcn.gouv.qc.ca")


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(
        parent=section,
        category=category,
        title="Gouvernement ouvert : lancement d'un portail de données",
        lead="Le ministre de la Cybersécurité et du Numérique lance un portail de données ouvertes.",
    )


def test_a_removed_reader_on_their_profile_and_before_an_article(mcn, article, page, shot):
    administrator = ReaderFactory(
        organization=mcn,
        email="responsable@mcn.gouv.qc.ca",
        first_name="Sophie",
        last_name="Lavoie",
        role=MembershipRole.ADMIN,
    )
    ReaderFactory(organization=mcn, email="camille.tremblay@mcn.gouv.qc.ca", first_name="Camille", last_name="Tremblay")
    membership = Membership.objects.get(user__email="camille.tremblay@mcn.gouv.qc.ca")
    licensing.remove_membership(organization=mcn, membership_id=membership.pk, by=administrator)

    log_in(page, "camille.tremblay@mcn.gouv.qc.ca", "/profil/")
    expect(page.locator(".notice")).to_contain_text(f"Vous avez été retiré du {SUBSCRIBER}")
    fits_the_screen(page)
    shot("01-profil")

    page.goto(article.url)
    expect(page.locator(".licence-wall")).to_be_visible()
    fits_the_screen(page)
    shot("02-mur-de-licence")


def test_a_reader_whose_address_is_blocked_lifts_the_block(mcn, page, shot):
    ReaderFactory(organization=mcn, email="camille.tremblay@mcn.gouv.qc.ca")
    mailing.record_bounce(
        email="camille.tremblay@mcn.gouv.qc.ca", source="anymail:postmark", detail="550 5.1.1 user unknown"
    )

    log_in(page, "camille.tremblay@mcn.gouv.qc.ca", "/profil/publications/")
    expect(page.get_by_role("heading", name="Vos envois sont suspendus")).to_be_visible()
    fits_the_screen(page)
    shot("01-mes-publications-adresse-bloquee")

    page.get_by_role("button", name="Recevoir de nouveau nos envois").click()
    page.wait_for_url(re.compile(r"/profil/publications/$"))
    fits_the_screen(page)
    shot("02-lien-envoye")
    (message,) = mail.outbox
    link = re.search(r"https?://\S+(/adresse-bloquee/\S+/)", message.body).group(1)

    page.goto(link)
    expect(page.get_by_role("heading", name="Recevoir de nouveau nos envois")).to_be_visible()
    fits_the_screen(page)
    shot("03-confirmer")
    page.get_by_role("button", name="Rétablir mes envois").click()
    expect(page.get_by_role("heading", name="Envois rétablis")).to_be_visible()
    fits_the_screen(page)
    shot("04-envois-retablis")


def test_too_many_searches(home, page, shot, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "search": "3/m/key"}
    for word in ("un", "deux", "trois"):
        page.goto(f"/recherche/?q={word}")
    fits_the_screen(page)
    shot("01-recherche")
    response = page.goto("/recherche/?q=quatre")
    assert response.status == 429
    expect(page.get_by_role("heading", name="Trop de demandes")).to_be_visible()
    fits_the_screen(page)
    shot("02-trop-de-demandes")


def test_signing_up_until_asked_to_verify_the_address(mcn, page, shot):
    page.goto("/inscription/")
    page.get_by_label("Adresse courriel professionnelle").fill("camille.roy@mcn.gouv.qc.ca")
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill("Roy")
    page.get_by_label("Fonction").fill("Conseillère en affaires parlementaires")
    page.get_by_label("Mot de passe").fill("Un-mot-de-passe-solide-42")
    fits_the_screen(page)
    shot("01-inscription")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_role("heading", name="Vérifiez votre adresse courriel")).to_be_visible()
    fits_the_screen(page)
    shot("02-verifiez-votre-adresse")


def test_requesting_a_trial(home, page, shot):
    page.goto("/essai-gratuit/")
    fits_the_screen(page)
    shot("01-formulaire")
    page.get_by_label("Nom de l'organisation").fill("Société de transport de Lévis")
    page.get_by_label("Votre nom").fill("Julie Bergeron")
    page.get_by_label("Votre adresse courriel professionnelle").fill("julie.bergeron@stlevis.ca")
    page.get_by_label("Téléphone").fill("418 555-0100")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url(re.compile(r"/essai-gratuit/merci/$"))
    fits_the_screen(page)
    shot("02-merci")


def test_a_decree_for_a_subscriber_and_for_anyone(mcn, home, page, shot):
    issue = GazetteIssueFactory(
        volume=158,
        number=48,
        published_on=datetime.date(2026, 12, 2),
        pdf_url="https://www.publicationsduquebec.gouv.qc.ca/g/48.pdf",
    )
    DecreeFactory(
        number=1615,
        year=2026,
        made_on=datetime.date(2026, 11, 18),
        title="Concernant l'octroi d'une subvention d'un montant maximal de 42 300 000 $ à la Ville de Rimouski",
        enabling_statute="Loi sur le ministère des Affaires municipales, des Régions et de l'Occupation du territoire",
        summary="Québec accorde jusqu'à 42,3 M$ à la Ville de Rimouski pour son usine de traitement de l'eau potable.",
        full_text="ATTENDU QUE …\n\nIL EST ORDONNÉ, en conséquence, sur la recommandation de la ministre :\n\nQUE …",
        gazette_issue=issue,
        page=4709,
        published=True,
        ministries=[MinistryFactory(name="Ministère des Affaires municipales et de l'Habitation", acronym="MAMH")],
    )
    page.goto("/decrets/2026/1615/")
    fits_the_screen(page)
    expect(page.locator(".licence-wall")).to_be_visible()
    expect(page.get_by_text("IL EST ORDONNÉ")).to_have_count(0)
    shot("01-decret-anonyme")

    log_in(page, ReaderFactory(organization=mcn).email, "/decrets/2026/1615/")
    fits_the_screen(page)
    expect(page.get_by_role("heading", name="En bref")).to_be_visible()
    expect(page.get_by_text("IL EST ORDONNÉ, en conséquence")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("PDF officiel"))).to_be_visible()
    shot("02-decret-abonne")
