"""Web workers for tests about what every worker must share: separate processes, one SQLite file.

`courrier serve` runs several web worker processes against one database. Each
`Worker` here is such a process: started fresh (spawn, nothing inherited from the
test process), set up with the embedded default's settings (`courrier.settings`,
no Redis) on a shared temporary SQLite file, and answering requests through
Django's full request handler. What one worker keeps in its own memory, the other
does not see — as in production.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

CONTENT_MARK = "Texte réservé aux abonnés"


def _setup(var_dir: str) -> None:
    for name in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "COURRIER_ENV"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="courrier.settings",
        COURRIER_VAR_DIR=var_dir,
        ALLOWED_HOSTS="testserver,localhost",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Pages name their static files without the manifest `collectstatic` would write: nothing else differs.
    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": storage}).enable()


class Worker:
    """One web worker process; `call(function, ...)` runs a function of this module inside it."""

    def __init__(self, var_dir: Path) -> None:
        self.pool: Pool = multiprocessing.get_context("spawn").Pool(1, initializer=_setup, initargs=(str(var_dir),))

    def call(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        return self.pool.apply(function, args, kwargs)

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


# What the workers run (in their own process) ---------------------------------------------------


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def create_subscriber(*, password: str, ip_range: str) -> dict[str, Any]:
    """A subscribing organisation with a reader, an IP range and a licence valid today; a published article."""
    from wagtail.models import Page, Site

    from courrier.licensing.factories import IpRangeFactory, ReaderFactory, make_subscriber
    from courrier.licensing.models import Licence
    from courrier.newsroom.factories import ArticlePageFactory, HomePageFactory, SectionPageFactory

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    section = SectionPageFactory(parent=home, title="Message DU gouvernement", slug="message-du-gouvernement")
    article = ArticlePageFactory(parent=section)
    organization = make_subscriber()
    IpRangeFactory(organization=organization, cidr=ip_range)
    reader = ReaderFactory(organization=organization)
    reader.set_password(password)
    reader.save()
    return {
        "email": reader.email,
        "article": article.url,
        "licence": Licence.objects.get(organization=organization).pk,
    }


def log_in(*, email: str, password: str, address: str) -> tuple[int, bool]:
    """(status, logged in?) of one attempt at /connexion/."""
    from django.test import Client

    client = Client(REMOTE_ADDR=address, raise_request_exception=False)
    response = client.post("/connexion/", {"login": email, "password": password})
    return response.status_code, "_auth_user_id" in client.session


def ask_password_reset(*, email: str, address: str) -> int:
    from django.test import Client

    client = Client(REMOTE_ADDR=address, raise_request_exception=False)
    return client.post("/mot-de-passe-oublie/", {"email": email}).status_code


def reads_article(*, path: str, address: str) -> bool:
    """Whether an anonymous visitor from `address` gets the article's body."""
    from django.test import Client

    response = Client(REMOTE_ADDR=address, raise_request_exception=False).get(path)
    assert response.status_code == 200, response.status_code
    return CONTENT_MARK in response.content.decode()


def suspend(*, licence_id: int) -> None:
    """What *Suspendre* in the admin does."""
    from courrier.licensing.actions import suspend_licence
    from courrier.licensing.models import Licence

    suspend_licence(licence=Licence.objects.get(pk=licence_id))
