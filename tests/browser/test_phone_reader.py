"""A subscriber on a phone (390 px): their profile a tap away, the rubriques' bar showing there is more to
scroll, and the results of the decree list and of search on the first screen, the filters folded until
asked for. On a wide screen the same filters and facets show without a tap."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory
from courrier.parliament.factories import DecreeFactory
from tests.browser.conftest import PHONE
from tests.browser.steps import fits_the_screen, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

READER = "camille.tremblay@mcn.gouv.qc.ca"


@pytest.fixture
def reader(db):
    mcn = make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")
    return ReaderFactory(organization=mcn, email=READER, first_name="Camille", last_name="Tremblay")


@pytest.fixture
def content(home, section, category):
    for title, slug in (
        ("Derrière les décrets", "derriere-les-decrets"),
        ("Ce qu'ils ont dit", "ce-quils-ont-dit"),
        ("Message DU gouvernement régional", "message-regional"),
        ("Les nominations de la semaine", "nominations"),
    ):
        SectionPageFactory(parent=home, title=title, slug=slug, show_in_menus=True)
    for number in range(6):
        ArticlePageFactory(
            parent=section,
            category=category,
            title=f"Gouvernement ouvert : le portail de données, étape {number}",
            lead="Le ministre de la Cybersécurité et du Numérique lance un portail de données ouvertes.",
        )
    for number in range(1, 6):
        DecreeFactory(number=number, published=True)


PLACEHOLDER_FITS = """input => {
    const style = getComputedStyle(input);
    const context = document.createElement("canvas").getContext("2d");
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return context.measureText(input.placeholder).width <= room;
}"""


def first_screen_holds(page, selector: str) -> None:
    """The element's top is within the first screen: the reader sees it without scrolling."""
    top = page.locator(selector).first.evaluate("element => element.getBoundingClientRect().top")
    assert top < PHONE["height"], f"{selector} starts at {top} px, below the first screen of {page.url}"


class TestOnAPhone:
    @pytest.fixture
    def viewport(self) -> dict[str, int]:
        return PHONE

    def test_the_profile_is_a_tap_away_and_the_rubriques_say_there_is_more(self, reader, content, page, shot):
        log_in(page, READER, "/")
        profile = page.get_by_role("navigation", name="Compte").get_by_role("link", name="Mon profil")
        expect(profile).to_be_visible()
        fits_the_screen(page)
        box = page.get_by_role("search").get_by_role("searchbox")
        assert box.evaluate(PLACEHOLDER_FITS), "the header search's placeholder is cut"
        bar = page.locator(".sections ul")
        assert bar.evaluate("bar => bar.scrollWidth > bar.clientWidth"), "the rubriques all fit: nothing to hint"
        assert "linear-gradient" in bar.evaluate("bar => getComputedStyle(bar).maskImage")
        shot("01-accueil")
        profile.click()
        page.wait_for_url(re.compile(r"/profil/$"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        shot("02-profil")

    def test_decrees_and_results_come_before_the_filters(self, reader, content, page, shot):
        log_in(page, READER, "/decrets/")
        first_screen_holds(page, ".decree-teaser, .teaser")
        expect(page.get_by_label("Ministère", exact=True)).to_be_hidden()
        fits_the_screen(page)
        shot("03-decrets")
        page.get_by_text("Filtres", exact=True).click()
        expect(page.get_by_label("Ministère", exact=True)).to_be_visible()
        shot("04-decrets-filtres")

        page.goto("/recherche/?q=portail")
        first_screen_holds(page, ".teaser")
        expect(page.get_by_label("Rubrique", exact=True)).to_be_hidden()
        expect(page.get_by_role("complementary", name="Affiner la recherche")).to_be_hidden()
        fits_the_screen(page)
        shot("05-recherche")

    def test_chosen_filters_stay_in_sight(self, reader, content, page, section):
        log_in(page, READER, "/decrets/?categorie=appointment")
        expect(page.get_by_label("Catégorie", exact=True)).to_be_visible()
        page.goto("/recherche/?q=portail&rubrique=message-du-gouvernement")
        expect(page.get_by_label("Rubrique", exact=True)).to_be_visible()


def test_on_a_wide_screen_filters_and_facets_show_at_once(reader, content, page, shot):
    log_in(page, READER, "/recherche/?q=portail")
    expect(page.get_by_label("Rubrique", exact=True)).to_be_visible()
    expect(page.get_by_role("complementary", name="Affiner la recherche")).to_be_visible()
    expect(page.get_by_text("Filtres", exact=True)).to_be_hidden()
    page.goto("/decrets/")
    expect(page.get_by_label("Ministère", exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name="Compte").get_by_role("link", name="Camille Tremblay")).to_be_visible()
    shot("06-recherche-large")
