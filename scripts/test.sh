#!/usr/bin/env bash
# The test command (make test): every check CI runs, in order, then a summary with timings.
# All steps run even after a failure, so one run shows everything; the exit status is non-zero
# if any step failed. A step that cannot run on this machine says why it was skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=.venv/bin/python
WORKERS=${TEST_WORKERS:-2}
POSTGRES_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/kythuat}
CHROMIUM=/usr/bin/chromium
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

# The suite runs like CI whatever this machine's shell or .env says.
export DJANGO_SETTINGS_MODULE=config.settings_test
export DEBUG=false
export DATABASE_URL="sqlite:///$ROOT/db.sqlite3"  # the tests run on an in-memory database
export STATIC_ROOT="$SCRATCH/static"  # filled by the collectstatic step, read by WhiteNoise

names=() results=() seconds=()
failed=0

record() {  # name result started_at_ns
    local elapsed=$(( ($(date +%s%N) - $3) / 1000000 ))
    names+=("$1") results+=("$2") seconds+=("$(printf '%d.%01d' $((elapsed / 1000)) $((elapsed % 1000 / 100)))")
    [[ $2 == FAILED ]] && failed=1
    echo "<== $1: $2 (${seconds[-1]} s)"
    echo
}

step() {  # name command...
    local name=$1 started
    shift
    echo "==> $name"
    echo "    $*"
    started=$(date +%s%N)
    "$@"
    local status=$?
    if (( status == 0 )); then
        record "$name" passed "$started"
    elif [[ "$*" == *"-m pytest"* ]] && (( status == 5 )); then
        record "$name" "passed (no tests collected)" "$started"
    else
        record "$name" FAILED "$started"
    fi
}

skip() {  # name reason
    echo "==> $1"
    echo "$2"
    names+=("$1") results+=("skipped: $2") seconds+=("-")
    echo
}

reachable() {  # database URL: does its host answer on its port?
    $PY -c '
import socket, sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
socket.create_connection((url.hostname or "127.0.0.1", url.port or 5432), timeout=2).close()
' "$1" 2>/dev/null
}

step "ruff check" .venv/bin/ruff check .
step "migrations match the models" $PY manage.py makemigrations --check --dry-run
step "system checks" $PY manage.py check
step "OpenAPI schema" $PY manage.py spectacular --validate --fail-on-warn --file "$SCRATCH/schema.yml"
step "translation catalogue" $PY manage.py compile_catalogue
# With the production settings (hashed, compressed files), so a stylesheet that points to a
# missing file fails here rather than on the server.
step "static files (production storage)" env DJANGO_SETTINGS_MODULE=config.settings \
    SECRET_KEY=collectstatic-check-only $PY manage.py collectstatic --noinput --verbosity 0

if [[ $WORKERS == 0 ]]; then parallel=(); else parallel=(-n "$WORKERS"); fi
step "tests on SQLite" $PY -m pytest -q "${parallel[@]}" -m "not browser and not postgres_only"

postgres_host=$($PY -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(f"{p.hostname}:{p.port or 5432}")' "$POSTGRES_URL")
if reachable "$POSTGRES_URL"; then
    step "tests on PostgreSQL" env DATABASE_URL="$POSTGRES_URL" \
        $PY -m pytest -q "${parallel[@]}" -m "not browser"
else
    skip "tests on PostgreSQL" \
        "PostgreSQL at $postgres_host not reachable: skipping the PostgreSQL run (set TEST_POSTGRES_URL to use another server)"
fi

if [[ -x $CHROMIUM ]]; then
    step "browser tests" $PY -m pytest -q -m browser
else
    skip "browser tests" \
        "$CHROMIUM not found: skipping the browser tests (CI installs it: apt-get install chromium)"
fi

echo "================================ summary ================================"
for i in "${!names[@]}"; do
    printf '  %-36s %8s s  %s\n' "${names[$i]}" "${seconds[$i]}" "${results[$i]}"
done
if (( failed )); then
    echo "make test: FAILED"
    exit 1
fi
echo "make test: passed"
