"""Fixtures shared by every test: a site whose root is Courrier's home page."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from courrier.accounts.factories import UserFactory
from courrier.core.page_cache import _generation_memo
from courrier.licensing.entitlements import _ip_ranges_memo
from courrier.newsroom.factories import CategoryFactory, HomePageFactory, SectionPageFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    for store in caches.all():
        store.clear()
    _ip_ranges_memo.clear()
    _generation_memo.clear()
    yield
    for store in caches.all():
        store.clear()
    _ip_ranges_memo.clear()
    _generation_memo.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Message DU gouvernement", slug="message-du-gouvernement")


@pytest.fixture
def category(db):
    return CategoryFactory(name="Cybersécurité-Numérique", slug="cybersecurite-numerique")


@pytest.fixture
def staff(db):
    return UserFactory(staff=True)


@pytest.fixture
def reader(db):
    return UserFactory()
