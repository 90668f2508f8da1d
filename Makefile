# Set-up is part of every command: the first run creates .venv and installs the pinned
# requirements; later runs reinstall only when a requirements file changed.
#
#   make serve   the site at http://127.0.0.1:8000 with live reload (notebooks executed, cached)
#   make build   the site into site/, strict
#   make test    the whole test suite
#   make strip   remove outputs and execution counts from notebooks/ before committing
#
# Notebook cache: NOTEBOOK_CACHE=off (execute all, keep nothing) or refresh (execute all), e.g.
#   make build NOTEBOOK_CACHE=refresh

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test strip clean

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --livereload

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

test: $(VENV)/.installed
	$(BIN)/python -m pytest

strip: $(VENV)/.installed
	find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' \
		-exec $(BIN)/jupyter nbconvert --log-level=WARN --clear-output --inplace {} +

clean:
	rm -rf site .cache

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@
