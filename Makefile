# Solidaires: the two commands a new user needs are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DJANGO_SETTINGS_MODULE=config.settings.dev WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT)
STAMP := .make

.PHONY: run test test-e2e bench lint lock migrate seed install clean help allauth-messages

help:
	@echo "make run    installe, migre, charge la démo et sert le site sur http://$(HOST):$(PORT)/"
	@echo "make test   lance toute la suite de tests (PostgreSQL si DATABASE_URL est défini)"
	@echo "make bench  mesure les pages publiques et écrit bench/report.json"
	@echo "make lint   vérifie le code (ruff), le sens des imports entre applications (lint-imports) et l’absence de migration manquante"

# The virtualenv is rebuilt only when a requirements file changes.
$(BIN)/python:
	@$(PYTHON) -c "import sys; sys.exit(sys.version_info[:2] < (3, 11))" || { echo "Python 3.11 ou plus récent est requis."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# requirements*.txt pin every package with its hashes (pip checks them); `make lock` rebuilds them from
# requirements*.in after a version changes there.
$(STAMP)/requirements: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.txt
	@mkdir -p $(STAMP) && touch $@

# The Nu HTML Checker (vnu-jar, pinned in package-lock.json) for tests/test_html_validity.py; it runs on Java.
# --ignore-scripts: nothing from npm runs at install time.
$(STAMP)/npm: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && mkdir -p $(STAMP) && touch $@; \
	else \
	  echo "npm est absent : le contrôle HTML (Nu HTML Checker) sera ignoré par make test (apt-get install npm)."; \
	fi

install: $(STAMP)/requirements $(STAMP)/npm

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --noinput

seed: migrate
	$(DEV) $(BIN)/python manage.py seed_demo

run: seed
	@echo ""
	@echo "Solidaires tourne sur http://$(HOST):$(PORT)/  (administration : http://$(HOST):$(PORT)/admin/)"
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite. Browser tests run when Chromium is installed (CI installs it and requires them).
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-e2e: install
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/newsletter.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Maintainer step: after editing a version in requirements.in or requirements-test.in.
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o requirements-test.txt requirements-test.in

# Maintainer step after upgrading django-allauth (needs GNU gettext): see locale/README.md.
ALLAUTH_PO = $(shell $(BIN)/python -c "import allauth, pathlib; print(pathlib.Path(allauth.__file__).parent / 'locale/fr/LC_MESSAGES/django.po')")
allauth-messages: install
	msgfilter -i $(ALLAUTH_PO) -o locale/fr/LC_MESSAGES/django.po --keep-header sed -f locale/allauth-fr.sed
	msgfmt --check-format -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) $(STAMP) db.sqlite3 staticfiles node_modules
