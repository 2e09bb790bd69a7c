"""Readers of subscribing organisations: registering, being refused, and reading (or not) under their licence."""

from __future__ import annotations

import email
import re
from email import policy

import pytest
from playwright.sync_api import expect

from courrier.accounts.factories import DEFAULT_PASSWORD
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import MembershipRole
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory
from tests.browser import steps
from tests.browser.conftest import screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY = "Texte réservé aux abonnés : le ministre précise le calendrier."
LICENCE_MESSAGE = "Désolé, pour naviguer dans notre site, il faut détenir une licence/abonnement."


@pytest.fixture
def article(home):
    rubrique = SectionPageFactory(
        parent=home, title="Message DU gouvernement", slug="message-du-gouvernement", show_in_menus=True
    )
    category = CategoryFactory(name="Cybersécurité-Numérique", slug="cybersecurite-numerique")
    return ArticlePageFactory(
        parent=rubrique,
        category=category,
        title="Gouvernement ouvert : lancement d'un portail de données",
        lead="Le ministre de la Cybersécurité et du Numérique lance un portail de données ouvertes.",
    )


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "courrier.operations.outbox.OutboxEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    return tmp_path


def newest_message(outbox) -> email.message.EmailMessage:
    (path,) = sorted(outbox.glob("*.eml"))[-1:]
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def log_in(page, address: str, password: str = DEFAULT_PASSWORD) -> None:
    steps.log_in(page, address, "/", password)


def test_staff_of_a_subscriber_registers_follows_the_link_and_reads(article, mcn, outbox, page, shot):
    page.goto(article.url)
    page.locator("main").get_by_role("link", name="Demande d'inscription").click()
    page.wait_for_url(re.compile(r"/inscription/"))
    page.get_by_label("Adresse courriel professionnelle").fill("camille.roy@mcn.gouv.qc.ca")
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill("Roy")
    page.get_by_label("Fonction").fill("Conseillère en affaires parlementaires")
    page.get_by_label("Mot de passe").fill("Un-mot-de-passe-solide-42")
    shot("01-inscription")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_role("heading", name="Vérifiez votre adresse courriel")).to_be_visible()
    shot("02-verification-envoyee")

    message = newest_message(outbox)
    assert message["To"] == "camille.roy@mcn.gouv.qc.ca"
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/confirmer-courriel/\S+", text).group(0)
    page.goto(link)
    shot("03-confirmer")
    page.get_by_role("button", name="Confirmer").click()

    page.goto(article.url)
    expect(page.locator(".article__body")).to_contain_text(BODY)
    expect(page.get_by_text(LICENCE_MESSAGE)).to_have_count(0)
    shot("04-article-complet")


def test_a_personal_address_is_refused_with_the_reason(article, mcn, page, shot):
    page.goto("/inscription/")
    page.get_by_label("Adresse courriel professionnelle").fill("camille.roy@gmail.com")
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill("Roy")
    page.get_by_label("Mot de passe").fill("Un-mot-de-passe-solide-42")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_text("Utilisez l'adresse courriel attribuée par votre organisation")).to_be_visible()
    shot("01-refus-webmail")


def test_reader_whose_licence_ended_is_told_when_and_by_whom(article, page, shot):
    exemple = make_subscriber(name="Exemple inc.", domain="exemple.com", expired=True)
    ReaderFactory(
        organization=exemple,
        email="gestion@exemple.com",
        first_name="Louis",
        last_name="Pelletier",
        role=MembershipRole.ADMIN,
    )
    ReaderFactory(organization=exemple, email="ancien@exemple.com")
    ended_on = exemple.licences.get().ends_on
    log_in(page, "ancien@exemple.com")
    page.goto(article.url)
    wall = page.locator(".licence-wall")
    expect(wall).to_contain_text("La licence de votre organisation a pris fin le")
    expect(wall).to_contain_text(str(ended_on.year))
    expect(wall).to_contain_text("Louis Pelletier")
    expect(page.get_by_text(BODY)).to_have_count(0)
    shot("01-licence-terminee")


def test_organisation_administrator_removes_a_reader_who_then_sees_the_teaser(
    article, mcn, page, shot, live_server, request
):
    ReaderFactory(
        organization=mcn,
        email="responsable@mcn.gouv.qc.ca",
        first_name="Sophie",
        last_name="Lavoie",
        role=MembershipRole.ADMIN,
    )
    ReaderFactory(organization=mcn, email="lecteur@mcn.gouv.qc.ca", first_name="Camille", last_name="Tremblay")

    # The reader reads, in their own browser.
    reader_context = page.context.browser.new_context(base_url=live_server.url, locale="fr-CA")
    reader = reader_context.new_page()
    log_in(reader, "lecteur@mcn.gouv.qc.ca")
    reader.goto(article.url)
    expect(reader.locator(".article__body")).to_contain_text(BODY)

    # The administrator removes them.
    log_in(page, "responsable@mcn.gouv.qc.ca")
    page.goto("/mon-organisation/")
    expect(page.get_by_role("heading", name="Mon organisation")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("2 sur 50")
    shot("01-mon-organisation")
    row = page.get_by_role("row").filter(has_text="lecteur@mcn.gouv.qc.ca")
    row.get_by_role("link", name="Retirer").click()
    expect(page.get_by_role("heading", name="Retirer Camille Tremblay ?")).to_be_visible()
    shot("02-confirmer-retrait")
    page.get_by_role("button", name="Retirer").click()
    expect(page.get_by_text("Camille Tremblay n'a plus accès au Courrier parlementaire")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("1 sur 50")
    shot("03-membre-retire")

    # At once, the reader's next page is the teaser.
    reader.goto(article.url)
    expect(reader.locator(".licence-wall")).to_be_visible()
    expect(reader.get_by_text(BODY)).to_have_count(0)
    reader.screenshot(path=str(screenshot_path(request, "04-lecteur-retire")), full_page=True)
    reader_context.close()


def test_a_removed_reader_logs_in_sees_why_and_cannot_get_back_in(article, mcn, page, shot, live_server, request):
    ReaderFactory(
        organization=mcn,
        email="responsable@mcn.gouv.qc.ca",
        first_name="Sophie",
        last_name="Lavoie",
        role=MembershipRole.ADMIN,
    )
    ReaderFactory(organization=mcn, email="lecteur@mcn.gouv.qc.ca", first_name="Camille", last_name="Tremblay")

    # The administrator removes the reader.
    log_in(page, "responsable@mcn.gouv.qc.ca")
    page.goto("/mon-organisation/")
    page.get_by_role("row").filter(has_text="lecteur@mcn.gouv.qc.ca").get_by_role("link", name="Retirer").click()
    page.get_by_role("button", name="Retirer").click()
    expect(page.get_by_text("Camille Tremblay n'a plus accès au Courrier parlementaire")).to_be_visible()
    shot("01-membre-retire")

    # The removed reader logs in, in their own browser: the profile says who removed them and whom to ask.
    reader_context = page.context.browser.new_context(base_url=live_server.url, locale="fr-CA")
    reader = reader_context.new_page()
    log_in(reader, "lecteur@mcn.gouv.qc.ca")
    reader.goto("/profil/")
    notice = reader.locator(".notice")
    expect(notice).to_contain_text("Vous avez été retiré du Ministère de la Cybersécurité et du Numérique")
    expect(notice).to_contain_text("Sophie Lavoie")
    expect(notice).to_contain_text("responsable@mcn.gouv.qc.ca")
    expect(reader.get_by_role("button", name=re.compile("Rejoindre"))).to_have_count(0)
    reader.screenshot(path=str(screenshot_path(request, "02-profil-du-lecteur-retire")), full_page=True)

    # Posting the old "Rejoindre" form by hand changes nothing: the article stays closed.
    reader.evaluate(
        """() => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = "/profil/rejoindre/";
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            form.innerHTML = `<input type="hidden" name="csrfmiddlewaretoken" value="${token}">`;
            document.body.appendChild(form);
            form.submit();
        }"""
    )
    reader.wait_for_url(re.compile(r"/profil/$"))
    expect(reader.locator(".messages")).to_contain_text("retiré")
    reader.goto(article.url)
    expect(reader.locator(".licence-wall")).to_be_visible()
    expect(reader.get_by_text(BODY)).to_have_count(0)
    reader.screenshot(path=str(screenshot_path(request, "03-toujours-retire")), full_page=True)
    reader_context.close()
