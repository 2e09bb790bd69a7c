"""A reader's situation, told on every page at a phone's width: a trial ending, a licence that ended.

The screenshots (test-artifacts/screenshots/) are for looking at."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courrier.licensing.factories import LicenceFactory, OrganizationFactory, ReaderFactory, make_subscriber
from courrier.licensing.models import EmailDomain, LicenceKind, MembershipRole
from courrier.newsroom.factories import ArticlePageFactory
from tests.browser.conftest import PHONE
from tests.browser.steps import fits_the_screen, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def viewport() -> dict[str, int]:
    return PHONE


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Gouvernement ouvert : un portail de données")


def test_a_trial_reader_sees_the_days_left_on_every_page(article, page, shot):
    levis = OrganizationFactory(name="Société de transport de Lévis")
    EmailDomain.objects.create(domain="stlevis.ca", organization=levis)
    today = timezone.localdate()
    LicenceFactory(
        organization=levis,
        kind=LicenceKind.TRIAL,
        starts_on=today - datetime.timedelta(days=4),
        ends_on=today + datetime.timedelta(days=3),
    )
    ReaderFactory(organization=levis, email="julie.bergeron@stlevis.ca", first_name="Julie", last_name="Bergeron")

    log_in(page, "julie.bergeron@stlevis.ca", "/")
    situation = page.locator(".situation")
    expect(situation).to_contain_text("Votre essai gratuit se termine dans 3 jours")
    fits_the_screen(page)
    shot("01-accueil")
    page.goto(article.url)
    expect(situation).to_contain_text("Votre essai gratuit se termine dans 3 jours")
    expect(page.locator(".article__body")).to_be_visible()
    fits_the_screen(page)
    shot("02-article")


def test_a_reader_whose_licence_ended_is_told_whom_to_ask(article, page, shot):
    mcn = make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca", expired=True)
    ReaderFactory(
        organization=mcn,
        email="sophie.lavoie@mcn.gouv.qc.ca",
        first_name="Sophie",
        last_name="Lavoie",
        role=MembershipRole.ADMIN,
    )
    ReaderFactory(organization=mcn, email="camille.tremblay@mcn.gouv.qc.ca")

    log_in(page, "camille.tremblay@mcn.gouv.qc.ca", "/decrets/")
    situation = page.locator(".situation")
    expect(situation).to_contain_text("La licence de votre organisation a pris fin le")
    expect(situation).to_contain_text("Sophie Lavoie")
    fits_the_screen(page)
    shot("01-decrets")
