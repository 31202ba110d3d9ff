"""manage.py seed_demo: a deterministic demo organisation with twenty years of books."""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from kythuat.demo.seed import demo_exists, seed

DEFAULT_ITEMS = 30_000
SMALL_ITEMS = 1_000


class Command(BaseCommand):
    @property
    def help(self) -> str:  # read when the help is shown, in the active language
        return _(
            "Creates the demo: Quân khu 1 and Sư đoàn 346, a catalogue, twenty "
            "years of posted documents and the demo logins. Needs DEBUG or --force."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--small",
            action="store_true",
            help=_("A small demo (about 1,000 items, fewer units) for tests and quick starts."),
        )
        parser.add_argument(
            "--items",
            type=int,
            default=None,
            help=_("About how many items to register (default 30,000)."),
        )
        parser.add_argument("--force", action="store_true", help=_("Run even when DEBUG is off."))

    def handle(self, *args, small: bool, items: int | None, force: bool, **options) -> None:
        if not (settings.DEBUG or force):
            raise CommandError(
                _(
                    "The demo data is for development machines: run with "
                    "DEBUG=true, or add --force if you mean it."
                )
            )
        if items is not None and items < 100:
            raise CommandError(_("Give at least 100 items."))
        if demo_exists():
            self.stdout.write(_("The demo is already there (unit QK1 exists); nothing to do."))
            return
        count = items or (SMALL_ITEMS if small else DEFAULT_ITEMS)
        started = time.monotonic()
        # Under DEBUG every query is logged with its parameters (on SQLite, one more query
        # each to quote them); the demo posts about a hundred thousand, so logging is off
        # while it builds. Everything is one transaction: an interrupted run leaves nothing.
        try:
            with override_settings(DEBUG=False), transaction.atomic():
                summary = seed(items=count, small=small, progress=self._progress)
        except ValidationError as error:  # e.g. a type symbol the demo uses is taken
            raise CommandError(
                _("The demo could not be created, nothing was changed: %(errors)s")
                % {"errors": " ".join(error.messages)}
            ) from error
        seconds = round(time.monotonic() - started)
        if summary.skipped_users:
            self.stdout.write(
                _("These logins existed already and were left unchanged: %(names)s.")
                % {"names": ", ".join(summary.skipped_users)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo created in %(seconds)s s: %(units)s units, %(types)s equipment types, "
                    "%(items)s items held, %(documents)s documents with %(lines)s lines, "
                    "%(users)s logins. List them with: manage.py demo_logins"
                )
                % {
                    "seconds": seconds,
                    "units": summary.units,
                    "types": summary.types,
                    "items": summary.items,
                    "documents": summary.documents,
                    "lines": summary.lines,
                    "users": len(summary.users),
                }
            )
        )

    def _progress(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()
