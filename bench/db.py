"""Which database a run uses: configured in the environment before Django starts, created
fresh and migrated, with a small table remembering what was generated into it."""

import hashlib
import json
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

import psycopg

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
TMP = Path("/tmp")  # noqa: S108  the brief's place for throwaway benchmark databases
ROOT = Path(__file__).resolve().parent.parent


def default_name(db: str, scale: float) -> str:
    tag = f"{scale:g}".replace(".", "_")
    if db == "sqlite":
        return str(TMP / f"kythuat-bench-{scale:g}.sqlite3")
    return "kythuat_bench" if scale == 1 else f"kythuat_bench_{tag}"


def configure(db: str, name: str) -> None:
    """The settings read these at import time; DEBUG stays off, as in production."""
    url = f"sqlite:///{Path(name).resolve()}" if db == "sqlite" else f"{PG_SERVER}/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
    os.environ["SESSION_COOKIE_SECURE"] = "false"
    os.environ["CSRF_COOKIE_SECURE"] = "false"
    # One server process for the whole run, so its CPU time can be read (settings: 60 s).
    os.environ["CONN_MAX_AGE"] = "3600"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"


def exists(db: str, name: str) -> bool:
    if db == "sqlite":
        return Path(name).exists()
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def drop(db: str, name: str) -> None:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create(db: str, name: str) -> None:
    drop(db, name)
    if db == "postgres":
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _template(db: str) -> str:
    """A migrated, empty database kept between runs, named after the migrations it ran."""
    digest = hashlib.sha256(sys.version.encode())
    for package in ("django", "django-axes", "djangorestframework"):
        digest.update(metadata.version(package).encode())
    for path in sorted(ROOT.glob("kythuat/*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    tag = digest.hexdigest()[:12]
    if db == "sqlite":
        return str(TMP / f"kythuat-bench-template-{tag}.sqlite3")
    return f"kythuat_bench_tpl_{tag}"


def create_from_template(db: str, name: str) -> bool:
    """A fresh database; already migrated (True) when a template for these migrations exists.

    Several runs may share a template at once: it is replaced atomically, and a copy that
    fails falls back to migrating."""
    template = _template(db)
    drop(db, name)
    try:
        if db == "sqlite":
            shutil.copyfile(template, name)
        else:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return True
    except (OSError, psycopg.Error):
        drop(db, name)
        create(db, name)
        return False


def save_template(db: str, name: str) -> None:
    """Keeps a copy of the just-migrated database (its connection must be closed)."""
    template = _template(db)
    if db == "sqlite":
        for old in TMP.glob("kythuat-bench-template-*.sqlite3"):
            if str(old) != template:
                old.unlink(missing_ok=True)
        part = f"{template}.{os.getpid()}.part"
        shutil.copyfile(name, part)
        os.replace(part, template)
        return
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        old = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE "
            "'kythuat_bench_tpl_%%' AND datname <> %s",
            [template],
        ).fetchall()
        try:
            for (stale,) in old:
                conn.execute(f'DROP DATABASE IF EXISTS "{stale}"')
            conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        except psycopg.Error:
            pass  # another run made it, or is using an old one: the next run will try again


def save_meta(meta: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (name varchar(40) PRIMARY KEY, "
            "value text NOT NULL)"
        )
        cursor.execute("DELETE FROM bench_meta WHERE name = 'generation'")
        cursor.execute(
            "INSERT INTO bench_meta (name, value) VALUES ('generation', %s)", [json.dumps(meta)]
        )


def load_meta() -> dict | None:
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM bench_meta WHERE name = 'generation'")
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return json.loads(row[0]) if row else None


def plain_static_files() -> None:
    """Production serves static files through a manifest that `collectstatic` writes (15 s);
    plain URLs cost the same per tag and need no manifest, so pages are measured without it."""
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()


def prepare_for_reads(*tables: str) -> dict[str, int]:
    """The row count of each table, with fresh planner statistics on PostgreSQL (the kept
    database may have been written since its last ANALYZE)."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return counts


def machine() -> str:
    return f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
