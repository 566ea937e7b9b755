# The two commands: `make run` serves the portal, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format setup clean messages backup restore
.PHONY: system-deps apt-deps bench bench-deps cluster cluster-deps

CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime staticfiles/staticfiles.json
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_regions
	$(PY) manage.py load_demo
	$(PY) manage.py update_eligibility

# Collected with the manifest storage whatever DEBUG is, so that this tree also serves with
# DEBUG=0; again only when a static file or the installed packages changed.
staticfiles/staticfiles.json: $(VENV)/.runtime $(shell find static -type f)
	$(PY) manage.py collectstatic --noinput --verbosity 0
	touch $@

run: setup
	@echo
	@echo "Portal Keserasian Sosial: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Demo logins (password demo12345): admin, operator.solok, operator.baubau, verifikator.sumbar"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# One archive of the database and every media file (README: Backup and restore).
# `make backup OUTPUT=/srv/backups` writes elsewhere than backups/.
backup: $(VENV)/.runtime
	$(PY) manage.py backup $(if $(OUTPUT),--output "$(OUTPUT)")

# Into an empty database and an empty media folder only.
restore: $(VENV)/.runtime
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=backups/ks-portal-YYYYmmdd-HHMMSS.tar.gz" >&2; exit 2; }
	$(PY) manage.py restore "$(ARCHIVE)"

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint system-deps
	$(VENV)/bin/pytest

# What the browser, translation and cluster tests need from outside PyPI, installed when
# missing: Debian's chromium (Playwright drives it; it downloads no browser of its own), GNU
# gettext, Java, npm, haproxy and pgbouncer; then the npm packages axe-core and vnu-jar
# (the Nu Html Checker).
system-deps: apt-deps node_modules/.package-lock.json

apt-deps:
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	test -x /usr/sbin/haproxy || missing="$$missing haproxy"; \
	test -x /usr/sbin/pgbouncer || missing="$$missing pgbouncer"; \
	if [ -n "$$missing" ]; then \
		echo "Installing with apt-get:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used.
node_modules/.package-lock.json: package.json package-lock.json | apt-deps
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The portal under load beside a bare Django view (README: Benchmarks), written to
# docs/benchmarks.md. Needs PostgreSQL and Redis on loopback; wrk is installed when missing.
# `BENCH_SCALE=0.1 make bench` for a tenth of the national data (default 1).
BENCH_SCALE ?= 1

bench: $(VENV)/.dev staticfiles/staticfiles.json bench-deps
	BENCH_SCALE=$(BENCH_SCALE) $(PY) benchmarks/bench.py

# The production layout on loopback (README: Running on several machines): pgbouncer, two
# app servers, haproxy on 8080, a Celery worker and beat, an S3 server. Ctrl-C stops it.
cluster: $(VENV)/.dev staticfiles/staticfiles.json cluster-deps
	$(PY) deploy/cluster.py

# haproxy and pgbouncer from Debian's packages, when missing (the S3 server, moto, is a
# development requirement).
cluster-deps:
	@{ command -v haproxy || test -x /usr/sbin/haproxy; } >/dev/null && \
	{ command -v pgbouncer || test -x /usr/sbin/pgbouncer; } >/dev/null || { \
		echo "Installing with apt-get: haproxy pgbouncer"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy pgbouncer; \
	}

bench-deps:
	@command -v wrk >/dev/null || { \
		echo "Installing with apt-get: wrk"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	}

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Indonesian catalog from the source strings, then compile it.
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l id --no-obsolete --ignore node_modules --ignore staticfiles --ignore media
	$(PY) manage.py compilemessages -l id --ignore .venv --ignore node_modules

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
	rm -rf node_modules test-artifacts
