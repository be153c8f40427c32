# Tổng Kết — the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
BIND ?= 127.0.0.1:8000
CHROMIUM ?= /usr/bin/chromium
# Test processes for the SQLite and PostgreSQL stages (pytest-xdist): two by default, one
# per core of the CI machine (each worker has its own database: an in-memory copy on SQLite,
# `tongket_test_gw0`, `_gw1` on PostgreSQL). `make test TEST_WORKERS=0` runs one process.
TEST_WORKERS ?= 2

.PHONY: demo test setup assets messages lint migrations-check test-sqlite test-postgres test-browser \
        test-dates faketime chromium libreoffice serve bench clean

## make demo: set everything up on SQLite, load the demo data, serve at http://127.0.0.1:8000
demo: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py load_demo
	@echo "Serving at http://$(BIND)/  (Ctrl+C to stop)"
	TONGKET_DEMO=1 $(BIN)/tongket serve --bind $(BIND)

## make test: lint, migration check, tests on SQLite (and PostgreSQL when
## TONGKET_TEST_DATABASE_URL is set), browser tests in headless Chromium
test: setup chromium libreoffice lint migrations-check test-sqlite test-postgres test-browser
	@echo "All checks passed."

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

build/static/vendor: node_modules/.package-lock.json scripts/build-assets.mjs scripts/echarts.mjs
	npm run build --silent
	touch $@

assets: build/static/vendor

setup: $(VENV)/.installed assets

## Recompile the Vietnamese translations after editing the .po file (needs gettext).
messages: setup
	cd tongket && ../$(PY) ../manage.py makemessages -l vi --no-obsolete && ../$(PY) ../manage.py compilemessages -l vi

## make lint: ruff; the import structure (layers, no circles: `lint-imports`, contracts in
## pyproject.toml); mypy with django-stubs on the services and selectors.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

migrations-check: setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

test-sqlite: setup
	env -u TONGKET_TEST_DATABASE_URL $(BIN)/pytest --ds=config.settings.test -m "not browser" -p no:cacheprovider -n $(TEST_WORKERS)

test-postgres: setup
	@if [ -n "$$TONGKET_TEST_DATABASE_URL" ]; then \
	  echo "== PostgreSQL: $$TONGKET_TEST_DATABASE_URL"; \
	  $(BIN)/pytest --ds=config.settings.test -m "not browser" -p no:cacheprovider -n $(TEST_WORKERS); \
	else echo "== PostgreSQL tests skipped: set TONGKET_TEST_DATABASE_URL to run them"; fi

test-browser: setup chromium
	env -u TONGKET_TEST_DATABASE_URL TONGKET_CHROMIUM=$(CHROMIUM) $(BIN)/pytest --ds=config.settings.test -m browser -p no:cacheprovider

## make test-dates: the SQLite suite as if today were each of the next days the calendar
## turns (scripts/turning_days.py: after the army's half-year ends, early January, after the
## half-year's reports fell due), with libfaketime. A test or demo that takes "today" to be in
## a given period fails there. Not part of `make test`: one whole run per day.
FAKETIME_LIB ?= /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
test-dates: setup faketime
	@for day in $${TEST_DATES:-$$($(PY) scripts/turning_days.py)}; do \
	  echo "== as if today were $$day"; \
	  FAKETIME="@$$day 03:00:00" LD_PRELOAD=$(FAKETIME_LIB) env -u TONGKET_TEST_DATABASE_URL \
	    $(BIN)/pytest --ds=config.settings.test -m "not browser" -p no:cacheprovider \
	    -n $(TEST_WORKERS) -q || exit 1; \
	done

## Debian's libfaketime for `make test-dates` (installed when missing and we are root).
faketime:
	@if [ ! -e "$(FAKETIME_LIB)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; \
	  else echo "libfaketime is missing: sudo apt-get install faketime"; exit 1; fi; \
	fi

## Debian's Chromium for the browser tests (installed when missing and we are root).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: sudo apt-get install chromium"; exit 1; fi; \
	fi

## LibreOffice for the PDF rendering tests (optional: without it those tests are skipped).
libreoffice:
	@if ! command -v soffice >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends libreoffice-writer-nogui >/dev/null || \
	  echo "LibreOffice could not be installed: the PDF tests will be skipped"; \
	fi

serve: setup
	$(BIN)/tongket serve --bind $(BIND)

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules build var/static var/test-db
