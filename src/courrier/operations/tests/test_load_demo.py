"""`courrier load_demo`: the accounts, the login it prints, and a second run that changes nothing."""

from io import StringIO

from django.core.management import call_command

from courrier.accounts.models import User
from courrier.newsroom.models import ArticlePage, Category, SectionPage

STAFF_EMAIL = "redaction@courrier.local"
READER_EMAIL = "lecteur@mcn.gouv.qc.ca"


def load_demo() -> str:
    output = StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def counts() -> tuple[int, ...]:
    return ArticlePage.objects.count(), SectionPage.objects.count(), Category.objects.count(), User.objects.count()


def test_chosen_password_logs_the_editor_in_and_is_never_printed(db, monkeypatch, client):
    monkeypatch.setenv("COURRIER_DEMO_PASSWORD", "mot-de-passe-choisi")
    output = load_demo()
    assert "http://127.0.0.1:8000/admin/" in output
    assert STAFF_EMAIL in output
    assert "la valeur de COURRIER_DEMO_PASSWORD" in output
    assert "mot-de-passe-choisi" not in output
    editor = User.objects.get(email=STAFF_EMAIL)
    assert editor.is_staff and editor.is_superuser and editor.get_full_name()
    response = client.post("/connexion/", {"login": STAFF_EMAIL, "password": "mot-de-passe-choisi"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    reader = User.objects.get(email=READER_EMAIL)
    assert not reader.is_staff and not reader.is_superuser
    assert reader.check_password("mot-de-passe-choisi")


def test_generated_password_is_printed_kept_and_a_second_run_changes_nothing(db, monkeypatch, settings, tmp_path):
    monkeypatch.delenv("COURRIER_DEMO_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    output = load_demo()
    password = (tmp_path / "demo-password").read_text().strip()
    assert password in output
    assert User.objects.get(email=STAFF_EMAIL).check_password(password)
    loaded = counts()
    assert "déjà chargé" in load_demo()
    assert counts() == loaded
