# Everything from nothing: `make run` and `make test` each create .venv when it is missing.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# The embedded default list is rebuilt with "today" fixed, so its bytes are reproducible.
DATA_TODAY := 2026-11-21

.PHONY: compile run test test-fast lint typecheck check data bench anchors clean install install-test

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  (echo "readlist needs Python >= 3.11 (set PYTHON=...)" >&2; exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Byte-compile readlist once, so that no command pays for it (even with PYTHONDONTWRITEBYTECODE).
compile:
	$(BIN)/python -m compileall -q readlist

run: install compile
	$(BIN)/readlist list
	$(BIN)/readlist progress
	$(BIN)/readlist progress 30daysofDiffusion

test: install-test
	$(BIN)/python -m pytest -q

# The inner loop: the tests marked slow (crash loops, subprocesses, property tests) left out.
test-fast: install-test
	$(BIN)/python -m pytest -q -m "not slow"

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check readlist tests bench

typecheck: install-test
	$(BIN)/mypy

check: lint typecheck test

# Rebuild data/readlist.yaml from seeds/ (a test checks it is up to date).
data: install
	rm -f data/readlist.yaml data/readlist.yaml.bak data/readlist.yaml.journal
	READLIST_TODAY=$(DATA_TODAY) $(BIN)/readlist --file data/readlist.yaml ingest seeds/
	rm -f data/readlist.yaml.bak data/readlist.yaml.journal

bench: install-test compile
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/speed.py

# readlist against papis and pubs (installed once into bench/envs/anchors from PyPI).
ANCHORS_ARGS ?= --generate 10000
anchors: install-test compile
	$(BIN)/python bench/anchors.py $(ANCHORS_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
