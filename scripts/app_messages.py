"""Extracts one app's msgids into its own catalogue, kythuat/<app>/locale/vi/LC_MESSAGES/django.po,
keeping the translations already there (run from the project root):

    DEBUG=true .venv/bin/python scripts/app_messages.py maintenance

Used while several people work on different apps at once; `make messages` later merges the
app catalogues into the project's one catalogue (locale/vi/LC_MESSAGES/django.po).
"""

import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

app = sys.argv[1]
folder = ROOT / "kythuat" / app
(folder / "locale").mkdir(exist_ok=True)
settings.LOCALE_PATHS = []  # else makemessages writes into the project's catalogue
os.chdir(folder)
call_command("makemessages", locale=["vi"], no_location=True, verbosity=0,
             ignore_patterns=["locale"])
print(folder / "locale" / "vi" / "LC_MESSAGES" / "django.po")
