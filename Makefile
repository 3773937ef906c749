# YouthMap — set-up and checks. `make run` starts the app, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format system-deps data bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## Start the app on the embedded dataset (http://127.0.0.1:8501, this machine only;
## `make run ADDRESS=0.0.0.0` serves a network, which needs logins and an account).
ADDRESS ?= 127.0.0.1
PORT ?= 8501
run: $(STAMP)
	$(BIN)/youthmap serve --address $(ADDRESS) --port $(PORT)

## Lint and run the whole test suite (installs Chromium/PostgreSQL when root and missing).
test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

system-deps:
	@bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Rebuild data/ from the raw public files beside the checkout.
data: $(STAMP)
	$(BIN)/youthmap build-data --raw ../shared/data/raw --out data

bench: $(STAMP)
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
