# The two commands: `make run` serves the portal, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format setup clean messages

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_regions
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: setup
	@echo
	@echo "Portal Keserasian Sosial: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Demo logins (password demo12345): admin, operator.solok, operator.baubau, verifikator.sumbar"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(VENV)/bin/pytest

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Indonesian catalog from the source strings, then compile it.
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l id --no-obsolete --ignore node_modules --ignore staticfiles
	$(PY) manage.py compilemessages -l id

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
