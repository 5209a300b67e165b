# Two entry points, each self-sufficient on a fresh machine (Python 3.11, pip, make; cargo for
# the native arithmetic extension, which is optional; libsodium >= 1.0.18, which
# .ci/libsodium.sh installs where it can):
#   make demo  -- create .venv, install oylama (and build arith/ when cargo is there), run the demo
#   make test  -- the same set-up plus test dependencies, then lint, type check, cargo test and
#                 clippy, the whole suite, and the crypto, service and auditor suites again on
#                 the libsodium backend
PYTHON ?= python3
CARGO ?= cargo
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck arith-check bench clean

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

# The native arithmetic extension (arith/, Rust): pip builds it with maturin, which pip fetches
# into an isolated build environment; only cargo must be on the machine. Without cargo oylama
# runs on libsodium alone (oylama.crypto says so once on stderr).
ARITH_SOURCES := arith/Cargo.toml arith/Cargo.lock arith/pyproject.toml arith/oylama_arith.pyi \
	$(wildcard arith/src/*.rs arith/src/*/*.rs)

$(VENV)/.arith: $(ARITH_SOURCES) | $(BIN)/python
	@if command -v $(CARGO) >/dev/null 2>&1; then \
		echo "building the native arithmetic extension (arith/, cargo release build)"; \
		$(BIN)/python -m pip install --quiet ./arith; \
	else \
		echo "NOTE: cargo not found: the native arithmetic extension (arith/) is not built;" \
			"oylama runs on libsodium, which is slower"; \
		$(BIN)/python -m pip uninstall --quiet --yes oylama-arith >/dev/null 2>&1 || true; \
	fi
	touch $@

# The libsodium backend (and the auditor's --backend sodium) needs the system's libsodium
# >= 1.0.18; .ci/libsodium.sh installs Debian's libsodium23 when it is missing and it can.
demo: $(VENV)/.installed $(VENV)/.arith
	bash .ci/libsodium.sh
	$(BIN)/oylama demo --serve

# The browser tests need Debian's chromium; .ci/chromium.sh installs it when it is missing
# and this machine can (root with apt), and otherwise says why those tests will skip.
# web/node_modules lets the suite check that the committed bundle is a fresh build of web/.
# The suites that run on both arithmetic backends: the whole suite runs on the default one
# (native when built), these again on libsodium (OYLAMA_CRYPTO_BACKEND=sodium).
BACKEND_SUITES := $(wildcard tests/test_crypto_*.py tests/test_service_*.py tests/test_audit_*.py)

test: lint typecheck arith-check
	bash .ci/libsodium.sh
	bash .ci/chromium.sh
	cd web && npm ci --no-audit --no-fund --loglevel=error || echo "npm ci failed: the bundle check will skip"
	$(BIN)/python -m pytest
	@if $(BIN)/python -c "import oylama_arith" 2>/dev/null; then \
		echo "the crypto, service and auditor suites again on the libsodium backend"; \
		OYLAMA_CRYPTO_BACKEND=sodium $(BIN)/python -m pytest $(BACKEND_SUITES); \
	else \
		echo "NOTE: no native extension: the suite above ran on libsodium only"; \
	fi

# cargo fmt, test (release: the curve arithmetic unoptimised is ~100× slower) and clippy of the
# extension (skipped, with a note, where cargo is absent).
arith-check: $(VENV)/.arith
	@if command -v $(CARGO) >/dev/null 2>&1; then \
		cd arith && $(CARGO) fmt --check && $(CARGO) test --release --quiet && \
		$(CARGO) clippy --quiet --all-targets --all-features -- -D warnings; \
	else \
		echo "NOTE: cargo not found: cargo test and clippy of arith/ skipped"; \
	fi

lint: $(VENV)/.installed-dev $(VENV)/.arith
	$(BIN)/ruff check src cli tests benchmarks audit
	$(BIN)/ruff format --check src cli tests benchmarks audit

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy
	$(BIN)/mypy --strict audit/src

bench: $(VENV)/.installed-dev $(VENV)/.arith
	$(BIN)/python benchmarks/allocation.py
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/crypto.py
	$(BIN)/python benchmarks/board.py
	$(BIN)/python benchmarks/service.py
	$(BIN)/python benchmarks/audit.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		arith/target
