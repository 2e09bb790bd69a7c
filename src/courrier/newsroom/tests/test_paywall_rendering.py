"""The article page shows the body to those entitled and tells everyone else, case by case, why not."""

import datetime as dt
import json
import re
from datetime import date

import pytest
from django.utils import timezone

from courrier.editions.actions import open_edition
from courrier.editions.models import Publication
from courrier.licensing.entitlements import make_reading_token
from courrier.licensing.factories import IpRangeFactory, ReaderFactory, make_subscriber
from courrier.licensing.models import MembershipRole, MembershipStatus
from courrier.newsroom.factories import ArticlePageFactory

BODY = "Texte réservé aux abonnés"
LICENCE_MESSAGE = "Désolé, pour naviguer dans notre site, il faut détenir une licence/abonnement."
SUBSCRIBER_ADDRESS = "198.51.100.7"


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Gouvernement ouvert : lancement")


@pytest.fixture
def organization(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


def wall(html: str) -> str:
    found = re.search(r'<aside class="licence-wall".*?</aside>', html, re.DOTALL)
    assert found, "no licence wall"
    return found.group(0)


def assert_personal_teaser(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert BODY not in html
    assert LICENCE_MESSAGE not in html
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    return wall(html)


def test_anonymous_reader_sees_teaser_and_licence_message(client, article):
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert article.title in html
    assert article.lead in html
    assert "Cybersécurité-Numérique" in html
    assert "Message DU gouvernement" in html
    assert LICENCE_MESSAGE in html
    assert BODY not in html
    assert "Cabinet du ministre" not in html
    message = wall(html)
    assert f'href="/connexion/?next={article.url}"' in message
    assert 'href="/inscription/"' in message
    assert "Demande d'inscription" in message
    assert 'href="/essai-gratuit/"' in message
    assert 'href="/abonnement/"' in message


def test_reader_without_organization_is_told_so_and_offered_a_trial(client, reader, article):
    client.force_login(reader)
    message = assert_personal_teaser(client.get(article.url))
    assert "Votre compte n'est rattaché à aucune organisation abonnée." in message
    assert 'href="/essai-gratuit/"' in message


def test_licence_ended_names_the_date_and_the_administrator(client, article):
    organization = make_subscriber(name="Ville de Lévis", domain="ville.levis.qc.ca", expired=True)
    ReaderFactory(organization=organization, first_name="Julie", last_name="Gagnon", role=MembershipRole.ADMIN)
    reader = ReaderFactory(organization=organization)
    ended = timezone.localdate() - dt.timedelta(days=30)
    client.force_login(reader)
    message = assert_personal_teaser(client.get(article.url))
    assert "La licence de votre organisation a pris fin le" in message
    assert f"{ended.day} " in message and str(ended.year) in message
    assert "communiquez avec Julie Gagnon (administrateur de votre organisation) ou avec nous" in message
    assert "418 640-4211" in message
    assert "editeur@courrierparlementaire.com" in message


def test_licence_ended_without_administrator_points_to_us(client, article):
    organization = make_subscriber(name="Ville de Lévis", domain="ville.levis.qc.ca", expired=True)
    client.force_login(ReaderFactory(organization=organization))
    message = assert_personal_teaser(client.get(article.url))
    assert "Pour la renouveler, communiquez avec nous" in message
    assert "administrateur de votre organisation" not in message
    assert "editeur@courrierparlementaire.com" in message


def test_pending_registration_waits_for_the_administrator(client, organization, article):
    client.force_login(ReaderFactory(organization=organization, status=MembershipStatus.PENDING))
    message = assert_personal_teaser(client.get(article.url))
    assert "Votre inscription attend l'approbation de l'administrateur de votre organisation." in message
    assert "Ministère de la Cybersécurité et du Numérique" in message


def test_unverified_address_is_asked_to_confirm(client, organization, article):
    client.force_login(ReaderFactory(organization=organization, verified=False))
    message = assert_personal_teaser(client.get(article.url))
    assert "Confirmez votre adresse courriel" in message
    assert 'href="/profil/courriel/"' in message


def test_licensed_reader_reads_without_any_note(client, organization, article):
    client.force_login(ReaderFactory(organization=organization))
    response = client.get(article.url)
    html = response.content.decode()
    assert BODY in html
    assert "licence-wall" not in html
    assert 'class="access-note"' not in html
    assert "no-store" in response["Cache-Control"]


def test_ip_range_says_who_offers_the_access(client, organization, article):
    IpRangeFactory(organization=organization, cidr="198.51.100.0/24")
    response = client.get(article.url, REMOTE_ADDR=SUBSCRIBER_ADDRESS)
    html = response.content.decode()
    assert BODY in html
    assert '<p class="access-note">Accès offert par le Ministère de la Cybersécurité et du Numérique</p>' in html
    assert html.index('class="access-note"') < html.index('class="article__body"')
    assert "no-store" in response["Cache-Control"]


def test_reading_link_says_whose_it_is(client, organization, article):
    edition = open_edition(
        publication=Publication.objects.get(key="lcp-lag"), date=date(2026, 12, 1), articles=[article]
    )
    reader = ReaderFactory(organization=organization, first_name="Marc", last_name="Bélanger")
    response = client.get(article.url, {"lien": make_reading_token(reader, f"edition:{edition.pk}")})
    html = response.content.decode()
    assert BODY in html
    assert '<p class="access-note">Lien de lecture personnel de Marc Bélanger</p>' in html
    assert "no-store" in response["Cache-Control"]


def test_a_reading_link_opens_only_the_articles_it_was_sent_with(client, organization, article, section, category):
    other = ArticlePageFactory(parent=section, category=category, title="Un autre article")
    edition = open_edition(
        publication=Publication.objects.get(key="lcp-lag"), date=date(2026, 12, 1), articles=[article]
    )
    token = make_reading_token(ReaderFactory(organization=organization), f"edition:{edition.pk}")
    assert BODY not in client.get(other.url, {"lien": token}).content.decode()
    forged_scope = make_reading_token(ReaderFactory(organization=organization), "edition:999999")
    assert BODY not in client.get(article.url, {"lien": forged_scope}).content.decode()


def test_staff_reads_the_whole_article(client, staff, article):
    client.force_login(staff)
    response = client.get(article.url)
    html = response.content.decode()
    assert BODY in html
    assert "Nous agissons maintenant." in html
    assert "SOURCE Cabinet du ministre des Finances" in html
    assert LICENCE_MESSAGE not in html
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_response_varies_on_cookie(client, article):
    assert "Cookie" in client.get(article.url)["Vary"]


def structured_data(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found, "no JSON-LD"
    return json.loads(found.group(1))


@pytest.mark.parametrize("as_staff", [False, True], ids=["anonymous", "staff"])
def test_structured_data_marks_the_body_as_paywalled_and_never_holds_it(client, staff, article, as_staff):
    if as_staff:
        client.force_login(staff)
    data = structured_data(client.get(article.url).content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["articleSection"] == "Message DU gouvernement"
    assert data["publisher"]["name"] == "Courrier parlementaire"
    assert data["author"]["name"] == "Courrier parlementaire"
    assert abs(dt.datetime.fromisoformat(data["datePublished"]) - article.published_at) < dt.timedelta(seconds=1)
    assert dt.datetime.fromisoformat(data["dateModified"]) >= dt.datetime.fromisoformat(data["datePublished"])
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"] == {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".article__body"}
    assert BODY not in json.dumps(data, ensure_ascii=False)


def test_structured_data_cannot_close_its_script(client, section, category):
    article = ArticlePageFactory(parent=section, category=category, title="Fin </script><b>piège</b> & cie")
    html = client.get(article.url).content.decode()
    assert "</script><b>" not in html
    assert structured_data(html)["headline"] == "Fin </script><b>piège</b> & cie"
