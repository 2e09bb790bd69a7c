"""Editors log in to the Wagtail admin with their email address, in French."""

from courrier.accounts.factories import DEFAULT_PASSWORD
from courrier.accounts.models import User


def test_login_page_is_in_french(client, home):
    html = client.get("/admin/login/").content.decode()
    assert "Mot de passe" in html
    assert "Password" not in html


def test_editor_logs_in_with_email_in_any_case(client, staff):
    response = client.post(
        "/admin/login/", {"username": staff.email.upper(), "password": DEFAULT_PASSWORD}, follow=False
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_password_is_refused_with_a_french_message(client, staff):
    response = client.post("/admin/login/", {"username": staff.email, "password": "mauvais"})
    assert response.status_code == 200
    assert "/admin/" not in response.get("Location", "")


def test_emails_are_stored_lower_case_and_unique(db):
    user = User.objects.create_user(email="Camille.Roy@MCN.gouv.qc.ca", password="x" * 12)
    assert user.email == "camille.roy@mcn.gouv.qc.ca"
    assert User.objects.get_by_natural_key("CAMILLE.ROY@mcn.gouv.qc.ca") == user
