"""Compiles the translation catalogues (.po → .mo) in pure Python.

Django's own `compilemessages` needs GNU gettext's `msgfmt`, which a fresh machine does not
have; polib writes the same .mo files. Fuzzy and untranslated entries are left out, as msgfmt
does, so the English msgid shows until someone translates it.
"""

import os
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogue_folders() -> list[Path]:
    """LOCALE_PATHS and the `locale` folder of each of the project's apps.

    Installed packages (Django, DRF, axes…) ship their own compiled catalogues; they are
    never recompiled, even though the virtualenv lives inside the project folder.
    """
    folders = [Path(path) for path in settings.LOCALE_PATHS]
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path) / "locale"
        if app_config.name.startswith("kythuat.") and folder not in folders:
            folders.append(folder)
    return [folder for folder in folders if folder.is_dir()]


def compile_po(po_path: Path) -> polib.POFile:
    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    mo_path = po_path.with_suffix(".mo")
    partial = mo_path.with_name(f".{mo_path.name}.partial")
    catalogue.save_as_mofile(str(partial))
    os.replace(partial, mo_path)  # a running server never reads a half-written file
    return catalogue


def describe(catalogue: polib.POFile) -> str:
    missing = len(catalogue.untranslated_entries()) + len(catalogue.fuzzy_entries())
    text = f"{len(catalogue.translated_entries())} messages"
    return f"{text}, {missing} untranslated or fuzzy (shown in English)" if missing else text


class Command(BaseCommand):
    help = "Compiles every .po catalogue into the .mo file Django reads (no GNU gettext needed)."
    requires_system_checks = []  # like compilemessages: works while the code does not import

    def add_arguments(self, parser):
        parser.add_argument(
            "folders",
            nargs="*",
            help="Locale folders to compile; default: LOCALE_PATHS and each app's locale folder.",
        )

    def handle(self, *args, folders: list[str], **options) -> None:
        roots = [Path(folder) for folder in folders] or catalogue_folders()
        missing = [str(root) for root in roots if not root.is_dir()]
        if missing:
            raise CommandError(f"No such folder: {', '.join(missing)}")
        po_paths = sorted(path for root in roots for path in root.rglob("*.po"))
        for po_path in po_paths:
            try:
                catalogue = compile_po(po_path)
            except (OSError, ValueError) as error:
                raise CommandError(f"{po_path}: {error}") from error
            if options["verbosity"] >= 1:
                self.stdout.write(f"{po_path}: {describe(catalogue)}")
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Compiled {len(po_paths)} catalogue(s)."))
