# bangwo: `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOW ?= 2026-02-06T12:00:00+08:00

.PHONY: demo test lint unit services clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/bangwo seed
	$(BIN)/bangwo demo --now $(NOW)

services:
	@bash .ci/services

lint: $(STAMP)
	$(BIN)/ruff check bangwo tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) services lint
	$(BIN)/pytest -q -n 2 --dist loadgroup

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
