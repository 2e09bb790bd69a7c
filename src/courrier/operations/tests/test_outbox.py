"""The embedded default's outbox: every email is an .eml file under var/outbox/, readable by staff in the admin."""

import datetime as dt
import re
from email import policy
from email.parser import BytesParser

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail

from courrier.accounts.factories import UserFactory

OUTBOX_BACKEND = "courrier.operations.outbox.OutboxEmailBackend"
NAME = re.compile(r"\d{8}-\d{6}-\d{6}-\d+-[0-9a-f]{8}\.eml")
LIST_URL = "/admin/courriels/"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = OUTBOX_BACKEND
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"
    return settings.EMAIL_FILE_PATH


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def send(subject: str, body: str = "Bonjour.", to: str = "lecteur@exemple.qc.ca", html: bool = False) -> None:
    message = mail.EmailMessage(subject, body, to=[to])
    if html:
        message.content_subtype = "html"
    assert message.send() == 1


def files(outbox) -> list:
    return sorted(outbox.iterdir())


def only_message_url(outbox) -> str:
    [path] = files(outbox)
    return f"{LIST_URL}{path.name}/"


def test_each_message_is_one_parseable_eml_file_with_a_unique_name(outbox):
    for number in range(3):
        send(f"Message {number}", to=f"lecteur{number}@exemple.qc.ca")

    paths = files(outbox)
    assert len(paths) == 3
    assert len({path.name for path in paths}) == 3
    assert all(NAME.fullmatch(path.name) for path in paths)
    parsed = [BytesParser(policy=policy.default).parsebytes(path.read_bytes()) for path in paths]
    assert sorted(str(message["Subject"]).strip() for message in parsed) == ["Message 0", "Message 1", "Message 2"]
    assert sorted(str(message["To"]) for message in parsed) == [f"lecteur{n}@exemple.qc.ca" for n in range(3)]


def test_a_french_subject_and_body_round_trip(outbox, staff_client):
    subject = "Vérifiez votre adresse — Assemblée nationale du Québec"
    body = "Déjà reçu ? « Élan » : à bientôt, ça ira.\nL'équipe"
    send(subject, body, to="Frédérique Lévesque <frederique@exemple.qc.ca>")

    [path] = files(outbox)
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert str(parsed["Subject"]).strip() == subject
    assert parsed.get_body(preferencelist=("plain",)).get_content().rstrip("\n") == body

    response = staff_client.get(only_message_url(outbox))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vérifiez votre adresse — Assemblée nationale du Québec" in page
    assert "Déjà reçu ? « Élan » : à bientôt, ça ira." in page
    assert "Frédérique Lévesque" in page


def test_the_list_shows_the_newest_message_first(outbox, staff_client):
    start = dt.datetime(2026, 11, 29, 13, 15, tzinfo=dt.UTC)
    for minutes, subject in enumerate(["Premier envoi", "Deuxième envoi", "Troisième envoi"]):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            send(subject)

    response = staff_client.get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Troisième envoi") < page.index("Deuxième envoi") < page.index("Premier envoi")
    assert "lecteur@exemple.qc.ca" in page


def test_the_list_is_paginated(outbox, staff_client):
    start = dt.datetime(2026, 11, 29, 13, 15, tzinfo=dt.UTC)
    for number in range(51):
        with time_machine.travel(start + dt.timedelta(seconds=number), tick=False):
            send(f"Envoi numéro {number:02d}")

    first = staff_client.get(LIST_URL).content.decode()
    second = staff_client.get(LIST_URL, {"p": 2}).content.decode()
    assert "Envoi numéro 50" in first and "Envoi numéro 01" in first
    assert "Envoi numéro 00" not in first
    assert "Envoi numéro 00" in second and "Envoi numéro 01" not in second


def test_the_message_shows_its_headers_and_a_clickable_verification_link(outbox, staff_client):
    send("Confirmez votre courriel", "Pour confirmer, suivez ce lien :\nhttp://testserver/confirmer-courriel/abc/\n")

    response = staff_client.get(only_message_url(outbox))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="http://testserver/confirmer-courriel/abc/"' in page
    assert "Confirmez votre courriel" in page
    assert "lecteur@exemple.qc.ca" in page
    assert "editeur@courrierparlementaire.com" in page


def test_html_in_a_text_body_is_escaped(outbox, staff_client):
    send("<b>Objet</b> piégé", "Avant <script>alert('courriel')</script> après http://testserver/x/")

    page = staff_client.get(only_message_url(outbox)).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
    assert "<b>Objet</b>" not in page


def test_an_html_only_message_is_shown_in_a_sandboxed_frame(outbox, staff_client):
    send("Infolettre", "<p>Bonjour</p><script>alert('courriel')</script>", html=True)

    page = staff_client.get(only_message_url(outbox)).content.decode()
    assert "<script>alert(" not in page
    assert '<iframe sandbox srcdoc="&lt;p&gt;Bonjour&lt;/p&gt;&lt;script&gt;' in page


def test_the_raw_eml_can_be_downloaded(outbox, staff_client):
    send("À télécharger")
    [path] = files(outbox)

    response = staff_client.get(f"{LIST_URL}{path.name}/eml/")
    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == path.read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "..%2Fsecret_key",
        "..%2F..%2Fvar%2Fsecret_key",
        "%2Fetc%2Fpasswd",
        "x.txt",
        "20261129-131500-123456-42-0123abcd.txt",
        "20261129-131500-123456-42-0123abcd.eml.txt",
        "20261129-131500-123456-42-0123abcd.eml",  # well formed, but no such message
    ],
)
@pytest.mark.parametrize("suffix", ["", "eml/"])
def test_anything_but_an_existing_message_name_is_not_found(outbox, staff_client, name, suffix):
    send("Présent")
    (outbox.parent / "secret_key").write_text("ne pas montrer")

    response = staff_client.get(f"{LIST_URL}{name}/{suffix}")
    assert response.status_code == 404
    assert b"ne pas montrer" not in response.content


@pytest.fixture
def admin_editor(db):
    """Reaches the Wagtail admin but is not a superuser: outbox links would let them log in as anyone."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.mark.parametrize("who", ["anonymous", "reader", "admin_editor"])
@pytest.mark.parametrize("page", ["list", "detail", "download"])
def test_only_staff_can_read_the_outbox(db, outbox, client, request, who, page):
    send("Lien secret", "http://testserver/confirmer-courriel/abc/")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = {"list": LIST_URL, "detail": only_message_url(outbox), "download": f"{only_message_url(outbox)}eml/"}[page]

    response = client.get(url)
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert not response["Location"].startswith(LIST_URL)
    assert b"Lien secret" not in response.content
    assert b"confirmer-courriel" not in response.content


def test_staff_find_the_outbox_in_the_admin_menu(outbox, staff_client):
    page = staff_client.get("/admin/").content.decode()
    # The sidebar is rendered from JSON, hence the escaped accent.
    assert '"label": "Courriels envoy\\u00e9s"' in page
    assert f'"url": "{LIST_URL}"' in page


def test_the_menu_item_is_hidden_when_mail_goes_elsewhere(settings, staff_client):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert LIST_URL not in staff_client.get("/admin/").content.decode()


def test_a_relay_backend_also_receives_each_message(outbox, settings):
    settings.OUTBOX_RELAY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    send("Relayé")

    assert len(files(outbox)) == 1
    assert [message.subject for message in mail.outbox] == ["Relayé"]
