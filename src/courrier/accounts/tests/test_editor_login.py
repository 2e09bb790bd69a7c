"""Editors log in through the same French login page as readers, with their email address."""

from courrier.accounts.factories import DEFAULT_PASSWORD
from courrier.accounts.models import User


def test_admin_login_leads_to_the_french_login_page(client, home):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    html = client.get("/connexion/").content.decode()
    assert "Mot de passe" in html
    assert "Password" not in html


def test_admin_redirects_anonymous_editors_to_the_login_page(client, home):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_editor_logs_in_with_email_in_any_case(client, staff):
    response = client.post("/connexion/", {"login": staff.email.upper(), "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_password_is_refused_with_a_french_message(client, staff):
    response = client.post("/connexion/", {"login": staff.email, "password": "mauvais"})
    assert response.status_code == 200
    assert "incorrect" in response.content.decode()


def test_emails_are_stored_lower_case_and_unique(db):
    user = User.objects.create_user(email="Camille.Roy@MCN.gouv.qc.ca", password="x" * 12)
    assert user.email == "camille.roy@mcn.gouv.qc.ca"
    assert User.objects.get_by_natural_key("CAMILLE.ROY@mcn.gouv.qc.ca") == user
