# The two commands: `make run` sets up and serves the site, `make test` sets up
# and runs the whole test suite. Everything else here is a step of those two.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PHASE ?= voting
ADDRESS ?= 127.0.0.1:8000
VENDOR := static/vendor/designsystemet
ALTCHA := static/vendor/altcha

.PHONY: run test setup prerequisites data serve lint messages lock bench

run: setup data serve

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: prerequisites $(BIN)/.installed $(VENDOR)/.copied $(ALTCHA)/.copied

# What the set-up needs from the machine, checked before anything is installed, and
# only for what is still to install: each missing piece in one line, with how to get it.
prerequisites:
ifeq ($(wildcard $(BIN)/.installed),)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1 || { \
		echo "The set-up needs Python 3.11 as '$(PYTHON)' (found: $$($(PYTHON) --version 2>&1 | head -n 1)): install Python 3.11 and run it again with PYTHON=python3.11." >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || { \
		echo "The set-up needs Python's venv module for '$(PYTHON)': on Debian or Ubuntu, apt-get install python3.11-venv." >&2; exit 1; }
endif
ifeq ($(wildcard node_modules/.installed),)
	@command -v npm >/dev/null || { \
		echo "The set-up needs npm to install Designsystemet: on Debian or Ubuntu, apt-get install npm (or install Node.js from nodejs.org)." >&2; exit 1; }
endif

$(BIN)/.installed: requirements.lock | prerequisites
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json | prerequisites
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.copied: node_modules/.installed
	mkdir -p $(VENDOR)
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet.css
	cp node_modules/@digdir/designsystemet-theme/brand/digdir.css $(VENDOR)/theme.css
	cp node_modules/@digdir/designsystemet-css/LICENSE $(VENDOR)/LICENSE
	touch $@

# The vote's proof-of-work widget: the build without inline styles or workers
# (for a strict Content-Security-Policy), its stylesheet and the PBKDF2 worker.
$(ALTCHA)/.copied: node_modules/.installed
	mkdir -p $(ALTCHA)
	cp node_modules/altcha/dist/external/altcha.min.js node_modules/altcha/dist/external/altcha.css $(ALTCHA)/
	cp node_modules/altcha/dist/workers/pbkdf2.js $(ALTCHA)/pbkdf2.js
	cp node_modules/altcha/LICENSE.txt $(ALTCHA)/LICENSE.txt
	touch $@

data: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_municipalities
	$(BIN)/python manage.py load_history
	$(BIN)/python manage.py demo_edition --phase $(PHASE)

# The e-mail worker runs beside the web server and stops with it; the links in the
# e-mails lead to the address served here (SITE_URL), unless SITE_URL says otherwise.
serve:
	export SITE_URL="$${SITE_URL:-http://$(ADDRESS)}"; \
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(ADDRESS)

# Measures the site under gunicorn against bare Django under the same gunicorn,
# in one run (README, "Performance"); needs PostgreSQL and Redis, installs wrk.
bench: setup
	$(BIN)/python bench/run.py

# Ruff, and import-linter's contracts in pyproject.toml: no app imports one above it.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

# Regenerates the translation catalogues after strings change (needs GNU gettext).
messages: setup
	$(BIN)/python manage.py makemessages --locale nn --locale en --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

# Re-pins the Python dependencies from pyproject.toml.
lock:
	$(PYTHON) -m venv /tmp/prize-lock-tools
	/tmp/prize-lock-tools/bin/pip install --quiet pip-tools
	/tmp/prize-lock-tools/bin/pip-compile --quiet --generate-hashes --extra test --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
