"""`courrier load_demo`: the demo site on an empty database; `--articles N` adds a synthetic archive."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from courrier.operations.demo import DemoReport, add_demo_archive, demo_is_loaded, load_demo


@contextmanager
def _quiet_page_log() -> Iterator[None]:
    """Wagtail logs every page created and published; a hundred of them only hide the summary."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (une seule fois) ; --articles N ajoute N articles d'archives."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            help="Ajoute ce nombre d'articles d'archives synthétiques (pour les mesures de performance).",
        )
        parser.add_argument(
            "--no-login-details",
            action="store_true",
            help="N'affiche pas l'adresse et le mot de passe de connexion (courrier serve les affiche ensuite).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["articles"]
        if count < 0:
            raise CommandError("--articles doit être un nombre positif.")
        if demo_is_loaded():
            if not count:
                self.stdout.write("Le contenu de démonstration est déjà chargé ; rien à faire.")
                return
        else:
            self._load(show_login=not options["no_login_details"])
        if count:
            self._add_archive(count)

    def _load(self, *, show_login: bool) -> None:
        started = time.monotonic()
        with _quiet_page_log():
            report = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Contenu de démonstration chargé en {time.monotonic() - started:.1f} s : "
                f"{report.sections} rubriques, {report.categories} catégories, {report.articles} articles."
            )
        )
        if show_login:
            self._print_login(report)

    def _print_login(self, report: DemoReport) -> None:
        password = report.password or "la valeur de COURRIER_DEMO_PASSWORD"
        self.stdout.write(
            f"\n  Administration : {report.admin_url}\n  Courriel : {report.email}\n  Mot de passe : {password}\n"
        )
        if report.password:
            self.stdout.write(f"  (mot de passe généré une seule fois, gardé dans {report.password_file})\n")

    def _add_archive(self, count: int) -> None:
        started = time.monotonic()
        self.stdout.write(f"Ajout de {_number(count)} articles d'archives…")

        def progress(done: int, total: int) -> None:
            elapsed = max(time.monotonic() - started, 0.001)
            rate = done / elapsed
            self.stdout.write(f"  {_number(done)} / {_number(total)} articles ({elapsed:.1f} s, {rate:.0f} articles/s)")

        added = add_demo_archive(count, progress=progress)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{_number(added)} articles ajoutés en {elapsed:.1f} s ({added / max(elapsed, 0.001):.0f} articles/s)."
            )
        )
