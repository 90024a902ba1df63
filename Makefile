# Citizen Science Academy: `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CONSTRAINTS := requirements/constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= academy.settings.dev

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c $(CONSTRAINTS) -e ".[test]"
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install pinned dependencies
	$(PY) manage.py compile_translations

setup: install ## Install, migrate and load the demo academy (idempotent)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_academy

run: setup ## Set up everything and serve the demo academy on http://127.0.0.1:8000
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Test processes (pytest-xdist): one per core; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto

test: install ## Lint, system checks, migrations check and the whole test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=academy.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=academy.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=academy.settings.test $(VENV)/bin/pytest \
		-n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

BENCHES := pages progress register report certificates http_load
bench: install ## Run every benchmark on SQLite, and on PostgreSQL too when DATABASE_URL is set (figures are printed, not asserted)
	@for name in $(BENCHES); do echo "== bench/$$name.py on SQLite"; \
		env -u DATABASE_URL $(PY) bench/$$name.py || exit 1; done
	@if [[ "$$DATABASE_URL" == postgres* ]]; then \
		for name in $(BENCHES) worker_kill; do echo "== bench/$$name.py on PostgreSQL"; \
			$(PY) bench/$$name.py || exit 1; done; \
	else echo "PostgreSQL runs skipped: set DATABASE_URL=postgres://... to run them too"; fi

messages: install ## Extract UI strings into locale/*/LC_MESSAGES/django.po (needs gettext)
	$(PY) manage.py makemessages -l fr -l lt -l el --no-location --ignore=.venv \
		--ignore=tests --ignore=bench --ignore='demo/*' --ignore=test-artifacts --ignore=var \
		--ignore='templates/wagtailadmin/*' --ignore='templates/wagtail_localize/*'

lock: ## Refresh requirements/constraints.txt from the current virtualenv
	$(PIP) freeze --all --exclude-editable | grep -v -e '^citizen-academy' -e '^pip==' > $(CONSTRAINTS)

clean: ## Remove the virtualenv, database and media
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media staticfiles

.PHONY: help install setup run lint test bench messages lock clean
