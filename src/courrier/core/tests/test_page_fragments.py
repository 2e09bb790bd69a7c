"""`{% fragment %}`: a part of a page rendered once per content generation and language, never a preview's,
never one that holds a token of the request's own."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from courrier.core.page_cache import forget_shared_copies

pytestmark = pytest.mark.django_db

TEMPLATE = engines["django"].from_string(
    '{% load fragments i18n %}{% fragment "part" number %}{{ text }} {% translate "Rechercher" %}{% endfragment %}'
)


@pytest.fixture
def request_():
    return RequestFactory().get("/")


def render(request, text: str, number: int = 1) -> str:
    return TEMPLATE.render({"text": text, "number": number}, request)


def test_a_part_is_rendered_once_per_content_generation(request_):
    assert render(request_, "premier") == "premier Rechercher"
    assert render(request_, "second") == "premier Rechercher"
    forget_shared_copies()
    assert render(request_, "second") == "second Rechercher"


def test_the_values_after_the_name_make_their_own_part(request_):
    assert render(request_, "premier", number=1) == "premier Rechercher"
    assert render(request_, "second", number=2) == "second Rechercher"
    assert render(request_, "troisième", number=1) == "premier Rechercher"


def test_each_language_has_its_own_part(request_):
    assert render(request_, "premier") == "premier Rechercher"
    with translation.override("en"):
        assert render(request_, "second") == "second Search"
    assert render(request_, "troisième") == "premier Rechercher"


def test_a_preview_is_neither_served_a_part_nor_kept(request_):
    render(request_, "en ligne")
    preview = RequestFactory().get("/")
    preview.is_preview = True
    assert render(preview, "brouillon") == "brouillon Rechercher"
    assert render(request_, "autre") == "en ligne Rechercher"


def test_without_a_request_nothing_is_kept():
    assert TEMPLATE.render({"text": "premier", "number": 1}) == "premier Rechercher"
    assert TEMPLATE.render({"text": "second", "number": 1}) == "second Rechercher"


def test_a_part_with_a_csrf_token_is_not_kept(request_):
    template = engines["django"].from_string(
        '{% load fragments %}{% fragment "form" %}<form>{% csrf_token %}{{ text }}</form>{% endfragment %}'
    )
    first = template.render({"text": "premier"}, request_)
    assert 'name="csrfmiddlewaretoken"' in first
    assert "second" in template.render({"text": "second"}, RequestFactory().get("/"))


def test_a_part_with_the_csp_nonce_is_not_kept(request_):
    template = engines["django"].from_string(
        '{% load fragments %}{% fragment "script" %}<script nonce="{{ request.csp_nonce }}">{{ text }}</script>'
        "{% endfragment %}"
    )
    request_.csp_nonce = request_._csp_nonce = "n0nce-du-premier"
    assert 'nonce="n0nce-du-premier"' in template.render({"text": "premier"}, request_)
    other = RequestFactory().get("/")
    other.csp_nonce = other._csp_nonce = "n0nce-du-second"
    assert template.render({"text": "second"}, other) == '<script nonce="n0nce-du-second">second</script>'


def test_a_part_whose_key_is_unknown_is_rendered_and_not_kept(request_):
    assert render(request_, "premier", number=None) == "premier Rechercher"
    assert render(request_, "second", number=None) == "second Rechercher"
