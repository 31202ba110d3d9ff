"""manage.py demo_logins: the demo sign-ins, as a table."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kythuat.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, SUPERUSER
from kythuat.org.models import Role, Unit


class Command(BaseCommand):
    @property
    def help(self) -> str:  # read when the help is shown, in the active language
        return _("Prints the demo logins: login, role, unit and password.")

    def handle(self, *args, **options) -> None:
        names = dict(
            Unit.objects.filter(
                code__in=[login.unit_code for login in DEMO_LOGINS if login.unit_code]
            ).values_list("code", "name")
        )
        header = (_("Login"), _("Role"), _("Unit"), _("Password"))
        rows = [
            (
                login.username,
                _("system administrator")
                if login.role == SUPERUSER
                else str(Role(login.role).label),
                names.get(login.unit_code, login.unit_code) if login.unit_code else "—",
                DEMO_PASSWORD,
            )
            for login in DEMO_LOGINS
        ]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
        rule = "+".join("-" * (width + 2) for width in widths)
        self.stdout.write(f"+{rule}+")
        for index, row in enumerate([header, *rows]):
            cells = " | ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            )
            self.stdout.write(f"| {cells} |")
            if index == 0:
                self.stdout.write(f"+{rule}+")
        self.stdout.write(f"+{rule}+")
        if not names:
            self.stdout.write(_("The demo is not there yet: run manage.py seed_demo first."))
