"""manage.py import_xlsx <template> <file> --unit CODE --user USERNAME [--drop-bad] [--dry-run]

The import of the screens from the command line: the same checks, one transaction, a progress
bar; the rows with errors are listed with their row numbers.
"""

from contextlib import nullcontext
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.imports import pipeline, reader, services
from kythuat.imports.models import Import
from kythuat.imports.specs import TEMPLATES
from kythuat.jobs.cli import ProgressBar
from kythuat.org.models import Unit, User

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "Imports an Excel book (xlsx) with one of the import templates."

    def add_arguments(self, parser):
        parser.add_argument("template", choices=sorted(TEMPLATES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="code of the unit to import into")
        parser.add_argument("--user", required=True, help="login name of the person importing")
        parser.add_argument(
            "--drop-bad",
            action="store_true",
            help="post the good rows and leave out the rows with errors",
        )
        parser.add_argument("--date", help="entry date for rows without one (dd/mm/yyyy)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, post nothing")

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["user"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(_("No active user %(name)s.") % {"name": options["user"]}) from None
        unit = Unit.objects.visible_to(user).filter(code__iexact=options["unit"]).first()
        if unit is None:
            raise CommandError(
                _("Unit %(code)s is unknown or outside the user's units.")
                % {"code": options["unit"]}
            )
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("File %(path)s not found.") % {"path": path})
        try:
            day = reader.to_date(options["date"]) if options["date"] else None
        except reader.CellError as error:
            raise CommandError(str(error)) from None
        try:
            imp = services.import_upload(
                actor=user,
                unit=unit,
                template=options["template"],
                file_name=path.name,
                content=path.read_bytes(),
                effective_date=day,
            )
            if missing := services.missing_fields(imp):
                raise CommandError(
                    _("No column was found for: %(fields)s.") % {"fields": ", ".join(missing)}
                )
            self.stdout.write(_("Checking %(rows)s rows …") % {"rows": imp.row_count})
            # Reading checks take no transaction: others keep saving (see services._check_now).
            reading = imp.template in pipeline.RECEIPTS
            with nullcontext() if reading else transaction.atomic():
                checked = pipeline.check_rows(imp, user, ProgressBar(self.stdout))
            Import.objects.filter(pk=imp.pk).update(
                status=Import.Status.CHECKED,
                row_count=len(checked.rows),
                error_count=len(checked.bad),
                errors=checked.error_list(),
            )
            imp.refresh_from_db()
            self._show_errors(checked)
            if options["dry_run"]:
                self.stdout.write(self.style.SUCCESS(_("Dry run: nothing was posted.")))
                return
            if checked.bad and not options["drop_bad"]:
                raise CommandError(
                    _(
                        "Nothing was posted: correct the rows above, or use "
                        "--drop-bad to leave them out."
                    )
                )
            self.stdout.write(_("Posting …"))
            imp = services.import_confirm(
                actor=user,
                imp=imp,
                drop_bad=options["drop_bad"],
                progress=ProgressBar(self.stdout),
                background=False,
            )
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(" ".join(messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Import no. %(number)s: %(rows)s rows posted in %(documents)s documents.")
                % {"number": imp.pk, "rows": imp.posted_count, "documents": len(imp.documents)}
            )
        )

    def _show_errors(self, checked) -> None:
        bad = checked.bad
        for row in bad[:SHOWN_ERRORS]:
            self.stderr.write(
                _("Row %(row)s: %(message)s") % {"row": row.number, "message": " ".join(row.errors)}
            )
        if len(bad) > SHOWN_ERRORS:
            self.stderr.write(
                _("… and %(count)s more rows with errors.") % {"count": len(bad) - SHOWN_ERRORS}
            )
