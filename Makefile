# The two commands: `make run` sets up and serves the site, `make test` sets up
# and runs the whole test suite. Everything else here is a step of those two.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PHASE ?= voting
VENDOR := static/vendor/designsystemet
ALTCHA := static/vendor/altcha

.PHONY: run test setup data serve lint messages lock bench

run: setup data serve

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: $(BIN)/.installed $(VENDOR)/.copied $(ALTCHA)/.copied

$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
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
	$(BIN)/python manage.py loaddata history
	$(BIN)/python manage.py demo_edition --phase $(PHASE)

# The e-mail worker runs beside the web server and stops with it.
serve:
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Measures the site under gunicorn against bare Django under the same gunicorn,
# in one run (README, "Performance"); needs PostgreSQL and Redis, installs wrk.
bench: setup
	$(BIN)/python bench/run.py

lint: setup
	$(BIN)/ruff check .

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
