"""The embedded default's demo content: whether it is there, its password, its accounts, loading it."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection

from courrier.accounts.models import User
from courrier.alerts.demo import load_demo_alert_filters
from courrier.editions.demo import load_demo_edition
from courrier.licensing.demo import load_demo_subscribers
from courrier.newsroom import demo as newsroom_demo
from courrier.newsroom.models import HomePage
from courrier.parliament.demo import load_demo_parliament

PASSWORD_FILE_NAME = "demo-password"  # noqa: S105 - a file name
PASSWORD_VARIABLE = "COURRIER_DEMO_PASSWORD"  # noqa: S105 - a variable name
STAFF_EMAIL = "redaction@courrier.local"
READER_EMAIL = "lecteur@mcn.gouv.qc.ca"
ORGANIZATION_ADMIN_EMAIL = "responsable@mcn.gouv.qc.ca"
ENDED_READER_EMAIL = "ancien@exemple.com"
TRIAL_READER_EMAIL = "essai@fccq.ca"


def demo_is_loaded() -> bool:
    return HomePage.objects.exists()


def demo_password_is_chosen() -> bool:
    return bool(os.environ.get(PASSWORD_VARIABLE, ""))


def demo_password() -> str:
    """COURRIER_DEMO_PASSWORD when set, else one generated once and kept under var/."""
    chosen = os.environ.get(PASSWORD_VARIABLE, "")
    if chosen:
        return chosen
    path = settings.VAR_DIR / PASSWORD_FILE_NAME
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def ensure_demo_accounts() -> User:
    """Publisher staff (superuser) and the demo subscribers; existing accounts are left as they are."""
    password = demo_password()
    editor = User.objects.filter(email=STAFF_EMAIL).first()
    if editor is None:
        editor = User.objects.create_superuser(
            email=STAFF_EMAIL, password=password, first_name="Hélène", last_name="Bergeron", job_title="Éditrice"
        )
        EmailAddress.objects.get_or_create(
            user=editor, email=editor.email, defaults={"verified": True, "primary": True}
        )
    load_demo_subscribers(password=password, staff=editor)
    load_demo_parliament()
    load_demo_alert_filters()
    return editor


@dataclass(frozen=True)
class DemoReport:
    sections: int
    categories: int
    articles: int
    admin_url: str
    email: str
    password: str | None
    password_file: str


def load_demo() -> DemoReport:
    """Loads the demo site and its accounts into an empty database."""
    editor = ensure_demo_accounts()
    content = newsroom_demo.build_demo_content(site_url=settings.SITE_URL, owner=editor)
    load_demo_edition()
    return DemoReport(
        sections=len(content.sections),
        categories=len(content.categories),
        articles=len(content.articles),
        admin_url=f"{settings.SITE_URL}/admin/",
        email=STAFF_EMAIL,
        password=None if demo_password_is_chosen() else demo_password(),
        password_file=str(settings.VAR_DIR / PASSWORD_FILE_NAME),
    )


def add_demo_archive(count: int, progress: newsroom_demo.ProgressCallback | None = None) -> int:
    """Adds `count` synthetic archive articles to a loaded demo site."""
    editor = User.objects.filter(email=STAFF_EMAIL).first()
    added = newsroom_demo.add_archive_articles(count, owner=editor, progress=progress)
    refresh_planner_statistics()
    return added


def refresh_planner_statistics() -> None:
    """After a bulk load the query planner knows nothing of the new rows: let it look.

    On PostgreSQL, VACUUM also marks the new rows visible to every transaction, so that
    listings read their keys off the index alone (an index-only scan) rather than
    visiting the table once per key skipped, without waiting for autovacuum (which
    may be off, or hours behind). VACUUM cannot run inside a transaction (a test's):
    there the statistics alone are refreshed.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
