"""A reader leaves LCP-LAG from the link in its footer, then comes back from Mes publications."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from courrier.accounts.factories import DEFAULT_PASSWORD
from courrier.editions.models import Publication
from courrier.editions.recipients import recipients
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.mailing.tokens import make_unsubscribe_token, unsubscribe_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_unsubscribes_from_the_email_link_and_resubscribes_in_the_profile(home, page, shot):
    reader = ReaderFactory(organization=make_subscriber(), email="camille.roy@mcn.gouv.qc.ca")
    lag = Publication.objects.get(key="lcp-lag")
    link = unsubscribe_url(make_unsubscribe_token(list_key="lcp-lag", email=reader.email))

    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="Désinscription")).to_be_visible()
    shot("01-confirmer")
    assert reader in recipients(lag)  # opening the link changed nothing
    page.get_by_role("button", name=re.compile("LCP-LAG")).click()
    expect(page.get_by_role("heading", name="Désinscription enregistrée")).to_be_visible()
    shot("02-desinscrit")
    assert reader not in recipients(lag)

    page.goto("/connexion/?next=/profil/publications/")
    page.get_by_label("Adresse courriel").fill(reader.email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/profil/publications/$"))
    box = page.get_by_label("LCP-LAG")
    expect(box).not_to_be_checked()
    box.check()
    page.get_by_role("button", name="Enregistrer mes choix").click()
    expect(page.get_by_text("Vos choix de publications sont enregistrés.")).to_be_visible()
    shot("03-reabonne")
    assert reader in recipients(lag)
