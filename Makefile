# Two entry points, each self-sufficient on a fresh machine (Python 3.11, pip, make):
#   make demo  -- create .venv, install oylama, run the demo election
#   make test  -- the same set-up plus test dependencies, then lint, type check and the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files make a second `make` cheap; they are redone whenever a pyproject.toml changes.
# The auditor (audit/, its own distribution `oylama-audit`) is installed beside the engine.
$(VENV)/.installed: pyproject.toml audit/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . -e ./audit
	touch $@

$(VENV)/.installed-dev: pyproject.toml audit/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e ./audit
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/oylama demo --serve

# The browser tests need Debian's chromium; .ci/chromium.sh installs it when it is missing
# and this machine can (root with apt), and otherwise says why those tests will skip.
# web/node_modules lets the suite check that the committed bundle is a fresh build of web/.
test: lint typecheck
	bash .ci/chromium.sh
	cd web && npm ci --no-audit --no-fund --loglevel=error || echo "npm ci failed: the bundle check will skip"
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src cli tests benchmarks audit
	$(BIN)/ruff format --check src cli tests benchmarks audit

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy
	$(BIN)/mypy --strict audit/src

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/allocation.py
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/crypto.py
	$(BIN)/python benchmarks/board.py
	$(BIN)/python benchmarks/service.py
	$(BIN)/python benchmarks/audit.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
