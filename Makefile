# YouthMap — set-up and checks. `make run` starts the app, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test check lint format typecheck system-deps data bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

## Start the app on the embedded dataset (http://localhost:8501).
run: $(STAMP)
	$(BIN)/streamlit run app.py

## Lint, type-check and run every tier of the suite in parallel (tests/unit, app, cli, db,
## browser; installs Chromium/PostgreSQL when root and missing).
## mypy (single-threaded, ~40 s with no cache) runs beside the tests, which leave about a
## third of the two cores idle; its report follows theirs and either failing fails the target.
PYTEST := $(BIN)/python -m pytest -n auto --dist worksteal
test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy > .mypy.log 2>&1 & mypy=$$!; \
	$(PYTEST); tests=$$?; \
	wait $$mypy; typed=$$?; echo "mypy:"; cat .mypy.log; rm -f .mypy.log; \
	[ $$tests -eq 0 ] && [ $$typed -eq 0 ]

## The inner loop: the unit and app tiers only, in parallel.
check: $(STAMP)
	$(PYTEST) tests/unit tests/app

typecheck: $(STAMP)
	$(BIN)/mypy

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
