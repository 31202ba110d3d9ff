"""The WSGI application of `bench.loadtest`: the real one, with static files served by plain
storage (no collectstatic manifest in the checkout)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from . import db  # noqa: E402

db.plain_static_files()
