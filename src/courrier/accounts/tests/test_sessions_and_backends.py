"""Who is logged in is read with one plain statement each (the session, then the person), with Django's rules:
an expired or unknown session logs no one in, a deactivated person is no one, both engines and both backends."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courrier.accounts.backends import AuthenticationBackend, ModelBackend
from courrier.accounts.factories import UserFactory

ENGINES = ["courrier.accounts.sessions", "courrier.accounts.cached_sessions"]


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    settings.SESSION_ENGINE = request.param
    return import_module(request.param)


def logged_in_client(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_logged_in_person_is_known_on_the_next_page(db, engine):
    camille = UserFactory(first_name="Camille", last_name="Tremblay")
    html = logged_in_client(camille).get("/profil/").content.decode()
    assert "Camille" in html


def test_a_session_is_read_with_one_statement(db, engine):
    browser = logged_in_client(UserFactory())
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    store = engine.SessionStore(key)
    with CaptureQueriesContext(connection) as captured:
        assert store.load()
    assert len(captured) <= 1  # none when the shared cache has it


def test_an_expired_session_logs_no_one_in_and_is_not_reused(db, engine):
    browser = logged_in_client(UserFactory())
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    caches[settings.SESSION_CACHE_ALIAS].clear()
    store = engine.SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None
    assert browser.get("/profil/").status_code == 302  # to the login page


def test_a_made_up_session_key_logs_no_one_in(db, engine, client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    assert client.get("/profil/").status_code == 302


def test_a_logged_out_session_is_gone_for_every_engine(db, engine):
    browser = logged_in_client(UserFactory())
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    browser.logout()
    assert engine.SessionStore(key).load() == {}


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_backends_load_an_active_person_in_one_statement(db, backend):
    camille = UserFactory()
    with CaptureQueriesContext(connection) as captured:
        loaded = backend().get_user(camille.pk)
    assert loaded == camille and loaded.email == camille.email
    assert len(captured) == 1


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_backends_know_no_one_deactivated_or_unknown(db, backend):
    gone = UserFactory(is_active=False)
    assert backend().get_user(gone.pk) is None
    assert backend().get_user(gone.pk + 1000) is None


def test_a_deactivated_person_is_logged_out_on_their_next_page(db, rf):
    person = UserFactory()
    browser = logged_in_client(person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert browser.get("/profil/").status_code == 302
    request = rf.get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(
        browser.cookies[settings.SESSION_COOKIE_NAME].value
    )
    assert not get_user(request).is_authenticated
