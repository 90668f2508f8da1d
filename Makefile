# Set-up is part of every command: the first run creates .venv and installs the pinned
# requirements; later runs reinstall only when a requirements file changed.
#
#   make serve   the site at http://127.0.0.1:8000 with live reload (notebooks executed, cached)
#   make build   the site into site/, strict
#   make check   the contributor's fast check (tools/check.py): strict build, the tests that need
#                no browser and run no notebook, and the snippets and pages the change touched
#   make test    the whole test suite, browser tests included (installs axe-core from npm and,
#                as root on Debian/Ubuntu, Chromium from apt when missing)
#   make bench   page weight, requests and Lighthouse scores of every page (tools/benchmark_pages.py)
#   make strip   remove outputs and execution counts from notebooks/ before committing
#   make hooks   run .pre-commit-config.yaml's checks (notebook outputs stripped, YAML/TOML/JSON valid,
#                no trailing spaces) on every git commit; CI runs them on every file
#   make colab   run every notebook as in Google Colab: alone, in an empty folder, on Colab's
#                versions (requirements-colab.txt, in .venv-colab with Python 3.13); one or some:
#                make colab NOTEBOOKS=notebooks/speed.ipynb. Python 3.13 elsewhere: COLAB_PYTHON=...
#
# Notebook cache: NOTEBOOK_CACHE=off (execute all, keep nothing) or refresh (execute all), e.g.
#   make build NOTEBOOK_CACHE=refresh

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
COLAB_PYTHON ?= python3.13
COLAB_VENV := .venv-colab
NOTEBOOKS ?=
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
export CHROMIUM

.PHONY: serve build check test bench strip hooks colab clean

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --livereload

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

check: $(VENV)/.installed node_modules/.installed $(CHROMIUM)
	$(BIN)/python tools/check.py

test: $(VENV)/.installed node_modules/.installed $(CHROMIUM)
	$(BIN)/python -m pytest

bench: $(VENV)/.installed node_modules/.installed $(CHROMIUM)
	$(BIN)/python tools/benchmark_pages.py

strip: $(VENV)/.installed
	find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' \
		-exec $(BIN)/jupyter nbconvert --log-level=WARN --clear-output --inplace {} +

hooks: $(VENV)/.installed
	$(BIN)/pre-commit install

colab: $(COLAB_VENV)/.installed
	$(COLAB_VENV)/bin/python tools/colab_check.py $(NOTEBOOKS)

clean:
	rm -rf site .cache

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

$(COLAB_VENV)/.installed: requirements-colab.txt
	@command -v $(COLAB_PYTHON) >/dev/null || { echo "make colab needs Python 3.13, the version Colab runs:" \
		"install it, or pass COLAB_PYTHON=/path/to/python3.13" >&2; exit 1; }
	test -x $(COLAB_VENV)/bin/python || $(COLAB_PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(COLAB_VENV)/bin/python -m pip install --quiet -r requirements-colab.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq chromium; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM). Install it (Debian/Ubuntu:" \
		     "sudo apt-get install chromium) or run: make test CHROMIUM=/path/to/chromium" >&2; \
		exit 1; \
	fi
