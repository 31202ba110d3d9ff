# Kỹ Thuật. The two commands of README.md:
#   make run    the demo with its data on http://127.0.0.1:8000 (SQLite, DEBUG on)
#   make test   everything CI runs: lint, Django checks, schema, tests on SQLite and PostgreSQL,
#               browser tests
# Both create .venv with python3 and install the pinned requirements when they change.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
BENCH_ARGS ?= --scale 0.01
PORT ?= 8000
export PORT

.PHONY: help run first-run-notice test serve bench messages catalogue

help:
	@echo "make run       the demo on http://127.0.0.1:$(PORT) with demo data and logins"
	@echo "make test      lint, checks and every test suite (what CI runs)"
	@echo "make serve     headquarters mode: PostgreSQL, DEBUG off, gunicorn (docs/deployment.md)"
	@echo "make bench     the benchmark: python -m bench.run $(BENCH_ARGS)"
	@echo "make messages  add the new msgids of the code to locale/vi/LC_MESSAGES/django.po"

$(PY):
	scripts/venv.sh $(PYTHON) $(VENV)

# Stamps: pip runs again only when a requirements file is newer than the last install.
$(VENV)/.installed-runtime: requirements.txt | $(PY)
	@echo "==> Installing requirements.txt"
	$(PIP) -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	@echo "==> Installing requirements-dev.txt"
	$(PIP) -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-runtime

run: first-run-notice $(VENV)/.installed-runtime
	@scripts/run.sh

# Said before anything is installed or built, so a first `make run` is not taken for stuck.
first-run-notice:
	@test -f db.sqlite3 || echo "==> First run: installing and building the demo data takes about two minutes (longer on a slow computer) before the site starts; later runs start at once."

test: $(VENV)/.installed-dev
	@scripts/test.sh

serve: $(VENV)/.installed-runtime
	@scripts/serve.sh

bench: $(VENV)/.installed-dev
	$(PY) -m bench.run $(BENCH_ARGS)

# One catalogue for the whole project; the same options as tests/test_i18n.py.
messages: $(VENV)/.installed-runtime
	DEBUG=true $(PY) manage.py makemessages -l vi --no-location --no-obsolete \
		--ignore=staticfiles --ignore=var --ignore=test-artifacts --ignore=node_modules

catalogue: $(VENV)/.installed-runtime
	DEBUG=true $(PY) manage.py compile_catalogue

