"""`courrier prefill_calendar 2027`: enter the fallback rule's periods for a parliamentary year."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from courrier.core.dates import display_date
from courrier.parliament.actions import CalendarError, prefill_parliamentary_year
from courrier.parliament.calendar import parliamentary_year_label, parliamentary_year_sittings


class Command(BaseCommand):
    help = (
        "Préremplit l'année parlementaire qui commence en septembre de l'année donnée (2027 : 2027-2028) "
        "selon la règle par défaut (voir docs/parliament.md). Ne remplace les périodes déjà saisies "
        "qu'avec --remplacer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="Année où commence l'année parlementaire, p. ex. 2027.")
        parser.add_argument(
            "--remplacer",
            "--overwrite",
            dest="overwrite",
            action="store_true",
            help="Remplace les périodes déjà saisies pour cette année.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        try:
            result = prefill_parliamentary_year(year, overwrite=options["overwrite"])
        except CalendarError as error:
            raise CommandError(str(error)) from error
        label = parliamentary_year_label(year)
        if not result.changed:
            self.stdout.write(f"L'année parlementaire {label} contient déjà ces périodes ; rien à faire.")
            return
        if result.deleted:
            self.stdout.write(f"{result.deleted} période(s) remplacée(s).")
        for period in result.created:
            start, end = display_date(period.starts_on), display_date(period.ends_on)
            self.stdout.write(f"  {period.label} : du {start} au {end}")
        sittings = len(parliamentary_year_sittings(year))
        self.stdout.write(
            self.style.SUCCESS(
                f"Année parlementaire {label} préremplie : {len(result.created)} périodes, {sittings} jours de séance."
            )
        )
