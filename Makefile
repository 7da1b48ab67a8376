# madang: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,dev,s3]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/madang migrate --noinput -v 0
	$(BIN)/madang demo
	$(BIN)/madang bootstrap_admin --site http://$(HOST):$(PORT)
	@# Plain http on this machine: cookies cannot be Secure-only here.
	MADANG_SECURE_COOKIES=false $(BIN)/madang serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/madang makemigrations --check --dry-run
	$(BIN)/madang check --fail-level WARNING
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy madang
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (xgettext, msgfmt); the compiled catalogs are committed.
messages: $(VENV)/.installed-test
	$(BIN)/madang makemessages --locale en --no-obsolete \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'test-artifacts/*'
	$(BIN)/madang compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .grimp_cache
