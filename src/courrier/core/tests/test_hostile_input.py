"""Hostile input: no value in any public query parameter or form field answers 500.

First the requests that crashed pages (issue 11, point 9), each as an attacker
sends it; then a property-based sweep (Hypothesis) that throws huge and negative
numbers, impossible dates, NUL bytes, long strings, unusual Unicode and lists
where one value is expected at every public form and query parameter, and at the
forms readers, organisation administrators and staff reach once logged in. Every
answer must be a page, a French form error, a redirect or a 4xx — never a 500.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courrier.accounts.factories import UserFactory
from courrier.alerts.models import DecreeAlertFilter
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import MembershipRole
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from courrier.parliament.models import Decree

HUGE = "9" * 20  # beyond a 64-bit integer
ENORMOUS = "7" * 5000  # beyond what Python's int() reads from text (4,300 digits)


def client_for(user: Any = None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def french(response: Any) -> str:
    return html.unescape(response.content.decode())


# The requests that answered 500 --------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_search_to_the_last_day_of_the_calendar(home, day):
    response = client_for().get("/recherche/", {"q": "budget", "du": "0001-01-01", "au": day})

    assert response.status_code == 200
    assert "Indiquez une date entre" in french(response)


def test_decree_list_to_the_last_day_of_the_calendar(home):
    response = client_for().get("/decrets/", {"du": "0001-01-01", "au": "9999-12-31"})

    assert response.status_code == 200


@pytest.mark.parametrize("gazette", [HUGE, ENORMOUS, "²"])
def test_decree_list_with_an_impossible_gazette(home, gazette):
    assert client_for().get("/decrets/", {"gazette": gazette}).status_code == 200


@pytest.mark.parametrize("q", [f"{HUGE}-2022", f"{ENORMOUS}-2022"])
def test_search_for_an_impossible_decree_number(home, q):
    assert client_for().get("/recherche/", {"q": q}).status_code == 200


@pytest.mark.parametrize("ministry", [HUGE, ENORMOUS, "-1", "²"])
def test_alert_filters_with_an_impossible_ministry(home, ministry):
    reader = ReaderFactory()
    MinistryFactory(acronym="FIN")

    response = client_for(reader).post("/profil/alerte-decrets/", {"ministries": [ministry], "keywords": ""})

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in french(response)
    assert not DecreeAlertFilter.objects.exists()


@pytest.mark.parametrize("number", [ENORMOUS, HUGE])
def test_decree_import_with_an_enormous_integer(home, staff, number):
    MinistryFactory(acronym="FIN")
    content = (
        '[{"numero": "12-2026", "date": "2026-02-04", "titre": "Concernant X", "ministeres": "FIN", '
        f'"page": {number}, "pages": {number}}}]'
    ).encode()
    upload = {"file": SimpleUploadedFile("decrets.json", content, content_type="application/json")}

    response = client_for(staff).post("/admin/decrets/importer/", upload)

    assert response.status_code == 200
    assert "n'est pas un nombre valide" in french(response)
    assert Decree.objects.count() == 0


def test_decree_import_with_an_enormous_decree_number(home, staff):
    MinistryFactory(acronym="FIN")
    content = f'[{{"numero": "{ENORMOUS}-2026", "date": "2026-02-04", "titre": "X", "ministeres": "FIN"}}]'
    upload = {"file": SimpleUploadedFile("decrets.json", content.encode(), content_type="application/json")}

    response = client_for(staff).post("/admin/decrets/importer/", upload)

    assert response.status_code == 200
    assert Decree.objects.count() == 0


def test_mailgun_tracking_without_its_signing_key(db):
    event = {"signature": {"timestamp": "1", "token": "x", "signature": "y"}, "event-data": {"event": "failed"}}

    response = client_for().post("/anymail/mailgun/tracking/", json.dumps(event), content_type="application/json")

    assert response.status_code < 500


# Every public form and query parameter, under hostile values ---------------------------------

EXAMPLES = 8  # per surface, random mixes beyond the kinds sent one by one above
TRICKY = [
    HUGE,
    ENORMOUS,
    "-" + HUGE,
    "-1",
    "0",
    "1.5",
    "1e999",
    "NaN",
    "9999-12-31",
    "0000-01-01",
    "0001-01-01",
    "10000-01-01",
    "2024-02-30",
    "\x00",
    "a\x00b",
    "²",
    "٣٤",
    "\uff11\uff12",  # full-width digits
    "x" * 20_000,
    "é" * 2_000,
    "' OR 1=1 --",
    '"\\',
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "%00",
    "http://evil.example/",
    "//evil.example",
    "\u202e\u200b\ufeff",
    "🙂" * 50,
    " ",
    "",
    "1329-2022",
    f"{HUGE}-2022",
    "lcp-lag",
    "on",
    "true",
    "[]",
    "{}",
    "null",
]
# Any Unicode text but lone surrogates, which no browser can send.
SCALAR = st.one_of(
    st.sampled_from(TRICKY),
    st.integers().map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
)
VALUE = st.one_of(SCALAR, st.lists(SCALAR, min_size=2, max_size=3))  # a list where one value is expected
SEGMENT = st.one_of(
    st.sampled_from([HUGE, ENORMOUS, "0", "1", "2026-02-30", "9999-12-31"]), st.integers(0, 10**25).map(str)
)


def fields(*names: str) -> st.SearchStrategy[dict[str, Any]]:
    """Some of these fields, each with a hostile value (a missing one is hostile too)."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, VALUE))


def file_content() -> st.SearchStrategy[bytes]:
    """A decree file whose cells are hostile: JSON (with integers no JSON library writes) or CSV."""
    cell = st.one_of(SCALAR, st.sampled_from([ENORMOUS, HUGE, "-1", "1e400", "null", "[]", '{"a": 1}', "true"]))
    columns = st.sampled_from(["numero", "date", "titre", "ministeres", "page", "pages", "gazette", "categorie"])
    row = st.dictionaries(columns, cell, max_size=8)

    def as_json(rows: list[dict[str, str]]) -> bytes:
        def literal(text: str) -> str:  # numbers and JSON words go in bare, the rest as strings
            bare = text in ("null", "[]", "true", '{"a": 1}') or text.lstrip("-").replace("e", "").isdigit()
            return text if bare else json.dumps(text)

        items = ", ".join("{" + ", ".join(f"{json.dumps(k)}: {literal(v)}" for k, v in r.items()) + "}" for r in rows)
        return f"[{items}]".encode()

    def as_csv(rows: list[dict[str, str]]) -> bytes:
        lines = ["numero;date;titre;ministeres;page;pages;gazette;categorie"]
        lines += [";".join(r.get(name, "") for name in lines[0].split(";")) for r in rows]
        return "\n".join(lines).encode("utf-8", "surrogatepass")

    rows = st.lists(row, min_size=1, max_size=3)
    return st.one_of(rows.map(as_json), rows.map(as_csv), st.binary(max_size=200))


class World:
    """One of everything a request may name: a subscriber with a reader and an administrator, staff,
    an article in a rubrique, a ministry, a published Gazette issue with a decree, a member of the Assembly."""

    def __init__(self, home: Any) -> None:
        organization = make_subscriber()
        self.reader = ReaderFactory(organization=organization)
        self.administrator = ReaderFactory(organization=organization, role=MembershipRole.ADMIN)
        self.staff = UserFactory(staff=True, is_superuser=True)
        section = SectionPageFactory(parent=home, title="Ce qu'ils ont dit", slug="ce-quils-ont-dit")
        self.category = CategoryFactory(name="Finances", slug="finances")
        self.article = ArticlePageFactory(parent=section, category=self.category)
        self.section = section
        ministry = MinistryFactory(acronym="FIN")
        DecreeFactory(number=12, year=2026, gazette_issue=GazetteIssueFactory(), ministries=[ministry])
        self.membership = self.reader.memberships.get()

    def path(self, template: str, segments: list[str]) -> str:
        known = {
            "article": self.article.url,
            "section": self.section.url,
            "membership": str(self.membership.pk),
        }
        return template.format(*segments, **known)


# (who, method, path — {} takes a hostile segment, {name} a real object —, fields)
SURFACES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("anonymous", "GET", "/", ("page", "lien")),
    ("anonymous", "GET", "/recherche/", ("q", "rubrique", "categorie", "du", "au", "contenu", "page")),
    ("anonymous", "GET", "/archives/", ("page", "annee", "mois")),
    ("anonymous", "GET", "/archives/{}/{}/", ("page",)),
    ("anonymous", "GET", "/categories/finances/", ("page",)),
    ("anonymous", "GET", "/decrets/", ("q", "ministere", "categorie", "gazette", "du", "au", "page")),
    ("anonymous", "GET", "/decrets/{}/{}/", ("page",)),
    ("anonymous", "GET", "/deputes/", ("q", "page")),
    ("anonymous", "GET", "/editions/lcp-lag/", ("page",)),
    ("anonymous", "GET", "/editions/lcp-lag/{}/", ("page", "lien")),
    ("anonymous", "GET", "/calendrier/seances.ics", ("annee",)),
    ("anonymous", "GET", "/langue/fr/", ("next",)),
    ("anonymous", "GET", "{article}", ("lien", "page")),
    ("anonymous", "GET", "{section}", ("page",)),
    ("anonymous", "GET", "/inscription/", ("invitation",)),
    (
        "anonymous",
        "POST",
        "/inscription/",
        ("email", "password1", "password2", "first_name", "last_name", "job_title", "invitation"),
    ),
    ("anonymous", "POST", "/connexion/", ("login", "password", "remember")),
    ("anonymous", "POST", "/mot-de-passe-oublie/", ("email",)),
    (
        "anonymous",
        "POST",
        "/essai-gratuit/",
        ("organization_name", "contact_name", "email", "telephone", "message", "website"),
    ),
    ("anonymous", "POST", "/desinscription/", ("email",)),
    ("anonymous", "GET", "/desinscription/{}/", ("listes",)),
    ("anonymous", "POST", "/desinscription/{}/", ("List-Unsubscribe", "listes")),
    ("reader", "POST", "/profil/", ("first_name", "last_name", "job_title", "language")),
    ("reader", "POST", "/profil/publications/", ("lcp-lag", "lcp-infomidi", "cette-semaine", "alerte-decrets")),
    ("reader", "POST", "/profil/alerte-decrets/", ("ministries", "categories", "keywords")),
    (
        "reader",
        "POST",
        "/profil/courriel/",
        ("email", "action_add", "action_remove", "action_primary", "action_send"),
    ),
    ("reader", "POST", "/profil/mot-de-passe/", ("oldpassword", "password1", "password2")),
    ("reader", "POST", "/profil/rejoindre/", ("organization",)),
    ("reader", "GET", "/recherche/", ("q", "rubrique", "categorie", "du", "au", "contenu", "page")),
    ("administrator", "GET", "/mon-organisation/", ("page", "q", "statut")),
    ("administrator", "POST", "/mon-organisation/inviter/", ("email",)),
    ("administrator", "POST", "/mon-organisation/membres/{}/retirer/", ("confirm",)),
    ("administrator", "POST", "/mon-organisation/membres/{}/approuver/", ("confirm",)),
    ("staff", "GET", "/admin/decrets/", ("q", "gazette", "p")),
    ("staff", "GET", "/admin/decrets/importer/", ("gazette",)),
    ("staff", "POST", "/admin/decrets/importer/confirmer/", ("payload",)),
]

SURFACE_IDS = [f"{method} {path} ({who})" for who, method, path, _ in SURFACES]


@pytest.fixture
def world(home) -> Iterator[World]:
    yield World(home)


def _clients(world: World) -> dict[str, Client]:
    return {
        "anonymous": client_for(),
        "reader": client_for(world.reader),
        "administrator": client_for(world.administrator),
        "staff": client_for(world.staff),
    }


# One of each kind of value that broke a page, sent alone in each field in turn (a random mix of
# several rarely isolates one field: another field's error stops the form before the crash).
EACH_KIND = [HUGE, ENORMOUS, f"{ENORMOUS}-2022", "-1", "9999-12-31", "\x00", "\u00b2", "x" * 5000, ["1", HUGE]]


@pytest.mark.parametrize(("who", "method", "path", "names"), SURFACES, ids=SURFACE_IDS)
def test_no_kind_of_hostile_value_answers_500_in_any_field(world, who, method, path, names):
    client = _clients(world)[who]
    url = world.path(path, ["1", "1"])
    crashed = []
    for name in names:
        for value in EACH_KIND:
            for store in caches.all():
                store.clear()
            response = client.get(url, {name: value}) if method == "GET" else client.post(url, {name: value})
            if response.status_code >= 500:
                crashed.append(f"{name}={value!r:.60}")

    assert not crashed, f"{method} {url}: {crashed}"


@pytest.mark.parametrize(("who", "method", "path", "names"), SURFACES, ids=SURFACE_IDS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(segments=st.lists(SEGMENT, min_size=2, max_size=2), values=st.data())
def test_no_hostile_value_answers_500(world, who, method, path, names, segments, values):
    for store in caches.all():  # rate limits would otherwise answer 429 before the form is read
        store.clear()
    client = _clients(world)[who]
    sent = values.draw(fields(*names))
    url = world.path(path, segments)

    response = client.get(url, sent) if method == "GET" else client.post(url, sent)

    assert response.status_code < 500, f"{method} {url} {sent!r:.300}"


@settings(
    max_examples=EXAMPLES * 3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(content=file_content(), extra=fields("gazette", "update"), name=st.sampled_from(["d.json", "d.csv", "d"]))
def test_no_hostile_decree_file_answers_500(world, content, extra, name):
    client = _clients(world)["staff"]
    upload = {"file": SimpleUploadedFile(name, content), **extra}

    response = client.post("/admin/decrets/importer/", upload)

    assert response.status_code < 500, f"{content[:300]!r} {extra!r:.200}"
    assert Decree.objects.count() == 1  # a preview saves nothing
