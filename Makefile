# bangwo: `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOW ?= 2026-02-06T12:00:00+08:00
# `make demo`/`make serve` keep their database in ./var (removed by `make clean`); a plain `bangwo` run uses
# the default data directory (~/.local/share/bangwo, see docs/operations.md) or BANGWO_DATABASE_URL.
export BANGWO_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo serve test lint unit services browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

PORT ?= 8000
ADMIN_PASSWORD ?= bangwo-demo

# The terminal walk-through, then the web page on localhost in the foreground (Ctrl-C stops it).
# Without a terminal (CI, pipes) the server is not started, so `make demo` never hangs.
demo: $(STAMP)
	$(BIN)/bangwo seed
	$(BIN)/bangwo demo --now $(NOW)
	@if [ "$(DEMO_SERVE)" = "1" ] || { [ -t 0 ] && [ -z "$$CI" ]; }; then $(MAKE) --no-print-directory serve; \
	else echo "web page: run 'make serve' and open http://127.0.0.1:$(PORT)/"; fi

# The demo signs in as the demo users (BANGWO_DEMO_LOGIN is off everywhere else); phone codes go to this terminal.
serve: $(STAMP)
	@echo "帮我 web page: http://127.0.0.1:$(PORT)/   dashboard: http://127.0.0.1:$(PORT)/dashboard (admin password: $(ADMIN_PASSWORD))   Ctrl-C stops"
	BANGWO_ADMIN_PASSWORD=$(ADMIN_PASSWORD) BANGWO_DEMO_LOGIN=true BANGWO_NEW_USER_WALLET_FEN=5000 \
	BANGWO_PUBLIC_BASE_URL=http://127.0.0.1:$(PORT) \
	$(BIN)/bangwo serve --host 127.0.0.1 --port $(PORT) --workers 1 --now $(NOW)

# Debian's chromium for the browser tests (Playwright drives it; never `playwright install`).
browser:
	@bash .ci/browser

services:
	@bash .ci/services

lint: $(STAMP)
	$(BIN)/ruff check bangwo tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) services browser lint
	$(BIN)/pytest -q -n 2 --dist loadgroup

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
