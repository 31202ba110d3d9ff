"""Applies the announced reorganisations whose effective date has come.

Run it once a day, shortly after midnight, from cron (or a systemd timer):

    5 0 * * *  cd /srv/kythuat && .venv/bin/python manage.py apply_due_reorganisations

Each decision is applied in its own transaction; one that cannot be applied (a closed period,
totals that do not balance …) is left announced and reported, so an officer can correct it.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from kythuat.reorg.services import apply_due


class Command(BaseCommand):
    help = "Applies the announced reorganisations whose effective date has come."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Apply as on this day (yyyy-mm-dd); today by default.")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be yyyy-mm-dd.") from error
        applied, refused = apply_due(today=today)
        for decision in applied:
            self.stdout.write(f"applied {decision.number} ({decision.effective_on:%d/%m/%Y})")
        for decision, reasons in refused:
            self.stderr.write(f"refused {decision.number}: {' '.join(reasons)}")
        if refused:
            raise CommandError(f"{len(refused)} decision(s) could not be applied.")
