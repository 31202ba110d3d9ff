#!/usr/bin/env bash
# Headquarters mode (make serve): PostgreSQL, DEBUG off, gunicorn (several processes; waitress
# with SERVER=waitress), static files by WhiteNoise.
# Configuration comes from the environment or from .env (see .env.example and
# docs/deployment.md); a variable set in the environment wins over the same one in .env.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

if [[ -f .env ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
        name=${line%%=*}
        name=${name#export }
        name=${name//[[:space:]]/}
        value=${line#*=}
        value=${value#[\"\']}
        value=${value%[\"\']}
        [[ -z ${!name+set} ]] && export "$name=$value"
    done <.env
fi

if [[ ${DEBUG:-false} =~ ^(1|true|True|yes|on)$ ]]; then
    echo "error: DEBUG is on; headquarters mode runs with DEBUG=false (see .env)." >&2
    exit 1
fi

echo "==> Checking the deployment settings"
$PY manage.py check --deploy
echo "==> Migrating the database"
$PY manage.py migrate --noinput
echo "==> Compiling the translation catalogue"
$PY manage.py compile_catalogue --verbosity 0
echo "==> Collecting static files"
$PY manage.py collectstatic --noinput --verbosity 0

listen="${HOST:-0.0.0.0}:${PORT:-8000}"
if [[ ${SERVER:-gunicorn} == waitress ]]; then
    # One process (a machine without fork, or to compare): one core, THREADS threads.
    proxy=()
    if [[ ${BEHIND_TLS_PROXY:-false} =~ ^(1|true|True|yes|on)$ ]]; then
        # Waitress drops X-Forwarded-* unless they come from the proxy; Django reads the scheme.
        proxy=(--trusted-proxy="${TRUSTED_PROXY:-127.0.0.1}"
               --trusted-proxy-headers="x-forwarded-proto x-forwarded-for")
    fi
    echo "==> Serving Kỹ Thuật on http://$listen/ with waitress, ${THREADS:-8} threads"
    exec .venv/bin/waitress-serve --listen="$listen" --threads="${THREADS:-8}" "${proxy[@]}" \
        config.wsgi:application
fi
# Several processes, each with a few threads (config/gunicorn.conf.py reads WORKERS, THREADS,
# HOST, PORT, BEHIND_TLS_PROXY and TRUSTED_PROXY).
echo "==> Serving Kỹ Thuật on http://$listen/ with gunicorn, ${WORKERS:-$(($(nproc) + 1))} processes of ${THREADS:-4} threads"
exec .venv/bin/gunicorn --config config/gunicorn.conf.py config.wsgi:application
