"""A reader narrows Alerte Décrets from Mon profil, then reads what an MNA said on the MNA's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from courrier.alerts.models import DecreeAlertFilter
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory
from courrier.parliament.factories import MemberFactory, MinistryFactory
from tests.browser.steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUOTE = "Nous déposerons le projet de loi avant la fin de la session."


def test_reader_narrows_alerte_decrets_and_reads_an_mnas_words(section, category, page, shot):
    MinistryFactory(name="Ministère des Finances", acronym="FIN")
    MinistryFactory(name="Ministère des Transports et de la Mobilité durable", acronym="MTMD")
    reader = ReaderFactory(organization=make_subscriber(), email="lecteur@mcn.gouv.qc.ca")
    member = MemberFactory(first_name="Geneviève", last_name="Tremblay")
    article = ArticlePageFactory(
        parent=section,
        category=category,
        title="La ministre promet un projet de loi",
        body=[("quote", {"quote": QUOTE, "member": member, "speaker": "", "role": "ministre des Finances"})],
    )
    article.save_revision().publish()

    log_in(page, reader.email, "/profil/")
    page.get_by_role("link", name="Mon Alerte Décrets : ministères, catégories, mots clés").click()
    page.get_by_label("Ministère des Finances").check()
    page.get_by_label("Mots clés").fill("santé, Loi sur les mines")
    shot("01-filtres")
    page.get_by_role("button", name="Enregistrer mes choix").click()
    expect(page.get_by_text("Vos choix pour l'Alerte Décrets sont enregistrés.")).to_be_visible()
    expect(page.get_by_label("Ministère des Finances")).to_be_checked()
    chosen = DecreeAlertFilter.objects.get(user=reader)
    assert [ministry.acronym for ministry in chosen.ministries.all()] == ["FIN"]

    page.goto(member.get_absolute_url())
    main = page.locator("main")
    expect(main).to_contain_text("Geneviève Tremblay")
    expect(main).to_contain_text("Ses propos dans nos articles")
    expect(main).to_contain_text(QUOTE)
    expect(main).to_contain_text("La ministre promet un projet de loi")
    shot("02-page-du-depute")
