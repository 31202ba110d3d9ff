#!/usr/bin/env bash
# The run command (make run): the demo, with its data, on http://127.0.0.1:8000 and SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${PORT:-8000}
export DEBUG=true  # the demo is a development setup; `make serve` is headquarters mode
export DATABASE_URL="sqlite:///$PWD/db.sqlite3"  # always the local file, whatever .env says

echo "==> Compiling the translation catalogue"
$PY manage.py compile_catalogue --verbosity 0
echo "==> Migrating the database (db.sqlite3)"
$PY manage.py migrate --noinput --verbosity 0
echo "==> Loading the demo data (once)"
$PY manage.py seed_demo
# The site itself runs with DEBUG off, as at headquarters: a page that does not exist, or one of
# a unit outside the user's own, shows the Vietnamese 404 page, never Django's technical page
# that lists every address of the site. Only the setup steps above run with DEBUG on.
SITE_ENV=(DEBUG=false SECRET_KEY="${SECRET_KEY:-demo-only-not-a-secret-$PWD}"
          SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false)
echo "==> Collecting static files"
env "${SITE_ENV[@]}" $PY manage.py collectstatic --noinput --verbosity 0

if ! $PY -c "import socket, sys; socket.create_server(('127.0.0.1', int(sys.argv[1]))).close()" \
    "$PORT" 2>/dev/null; then
    echo "error: port $PORT is in use; stop what uses it, or run: make run PORT=8001" >&2
    exit 1
fi
echo
echo "Kỹ Thuật (demo) is running at http://127.0.0.1:$PORT/  (stop it with Ctrl+C)"
echo
$PY manage.py demo_logins
echo
exec env "${SITE_ENV[@]}" .venv/bin/waitress-serve --listen="127.0.0.1:$PORT" --threads=8 config.wsgi:application
