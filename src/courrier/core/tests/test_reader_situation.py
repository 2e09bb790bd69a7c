"""One small banner on every page a logged-in reader opens, saying what they can do and whom to ask:
a trial ending, a licence ended, a removal, a request awaiting approval, an address to confirm."""

from __future__ import annotations

import datetime
import html

import pytest
from django.test import Client
from django.utils import timezone

from courrier.accounts.factories import UserFactory
from courrier.licensing import actions as licensing
from courrier.licensing.factories import LicenceFactory, OrganizationFactory, ReaderFactory, make_subscriber
from courrier.licensing.models import EmailDomain, LicenceKind, Membership, MembershipRole, MembershipStatus
from courrier.newsroom.factories import ArticlePageFactory

PAGES = ["/", "/recherche/?q=projet", "/decrets/", "/profil/"]


def banner(response) -> str:
    page = html.unescape(response.content.decode())
    return page.split("<!--situation-->", 1)[1].split("<!--/situation-->", 1)[0].strip()


def browser_of(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def on_trial(ends_in: int, **reader) -> object:
    organization = OrganizationFactory(name="Société de transport de Lévis")
    EmailDomain.objects.create(domain="stlevis.ca", organization=organization)
    LicenceFactory(organization=organization, kind=LicenceKind.TRIAL, starts_on=day(-4), ends_on=day(ends_in))
    return ReaderFactory(organization=organization, email=reader.pop("email", "julie@stlevis.ca"), **reader)


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Gouvernement ouvert")


def test_a_trial_ending_in_three_days_is_told_on_every_page(home, article):
    browser = browser_of(on_trial(3))
    date = day(3).strftime("%-d")

    for url in [*PAGES, article.url]:
        said = banner(browser.get(url))
        assert "Votre essai gratuit se termine dans 3 jours" in said, url
        assert date in said
        assert "418 640-4211" in said


@pytest.mark.parametrize(("ends_in", "words"), [(0, "se termine ce soir"), (1, "se termine demain")])
def test_the_last_days_of_a_trial(home, ends_in, words):
    assert words in banner(browser_of(on_trial(ends_in)).get("/"))


def test_the_trial_administrator_is_asked_to_subscribe_their_organisation(home):
    administrator = on_trial(3, role=MembershipRole.ADMIN)

    assert "Pour abonner votre organisation" in banner(browser_of(administrator).get("/"))


def test_a_paying_reader_sees_no_banner(home, article):
    browser = browser_of(ReaderFactory(organization=make_subscriber()))

    for url in [*PAGES, article.url]:
        assert banner(browser.get(url)) == "", url


def test_a_trial_licence_beside_a_paid_one_is_no_trial(home):
    organization = make_subscriber()
    LicenceFactory(organization=organization, trial=True)

    assert banner(browser_of(ReaderFactory(organization=organization)).get("/")) == ""


def test_subscribers_sharing_a_copy_keep_their_own_banner(home, article):
    paying = browser_of(ReaderFactory(organization=make_subscriber()))
    trying = browser_of(on_trial(3))

    for url in (article.url, "/", article.url, "/"):  # each copy made by one and served to the other
        assert banner(paying.get(url)) == ""
        assert "se termine dans 3 jours" in banner(trying.get(url))
        assert banner(paying.get(url)) == ""


def test_an_ended_licence_says_when_and_whom_to_ask(home):
    organization = make_subscriber(expired=True)
    ReaderFactory(
        organization=organization,
        role=MembershipRole.ADMIN,
        first_name="Sophie",
        last_name="Lavoie",
        email="sophie.lavoie@mcn.gouv.qc.ca",
    )
    reader = ReaderFactory(organization=organization)
    ended_on = organization.latest_licence().ends_on

    said = banner(browser_of(reader).get("/"))

    assert f"a pris fin le {ended_on.day} " in said
    assert "adressez-vous à Sophie Lavoie" in said
    assert "418 640-4211" in said


def test_a_removed_reader_is_told_who_can_let_them_back(home):
    organization = make_subscriber()
    administrator = ReaderFactory(
        organization=organization, role=MembershipRole.ADMIN, first_name="Sophie", last_name="Lavoie"
    )
    reader = ReaderFactory(organization=organization)
    licensing.remove_membership(
        organization=organization, membership_id=Membership.objects.get(user=reader).pk, by=administrator
    )

    said = banner(browser_of(reader).get("/decrets/"))

    assert "vous a retiré de ses lecteurs" in said
    assert "Sophie Lavoie" in said
    assert "essai gratuit" not in said


def test_a_request_awaiting_approval_and_an_address_to_confirm(home):
    organization = make_subscriber()
    pending = ReaderFactory(organization=organization, status=MembershipStatus.PENDING)
    unverified = ReaderFactory(organization=organization, verified=False, email="nouveau@mcn.gouv.qc.ca")

    assert "attend l'approbation" in banner(browser_of(pending).get("/"))
    said = banner(browser_of(unverified).get("/"))
    assert "Confirmez votre adresse nouveau@mcn.gouv.qc.ca" in said
    assert 'href="/compte/courriel/"' in said or "Renvoyer le lien de confirmation" in said


def test_an_account_outside_any_subscriber_is_told_so(home):
    said = banner(browser_of(UserFactory(email="quelqu.un@exemple.com")).get("/"))

    assert "aucune organisation abonnée" in said


def test_anonymous_visitors_and_staff_see_no_banner(home):
    assert banner(Client().get("/")) == ""
    assert banner(browser_of(UserFactory(staff=True)).get("/")) == ""
