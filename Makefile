# YouthMap — set-up and checks. `make run` starts the app, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements.lock

.PHONY: run test check check-all lint format typecheck system-deps data bench clean lock audit bundle wheelhouse

## Python keeps the byte code of what it imports (in .venv and the checkout's __pycache__/,
## both ignored by git) even where the shell sets PYTHONDONTWRITEBYTECODE, as these machines
## do: with --no-compile and that variable, every process of the suite (pytest workers, each
## `youthmap` subprocess, each Streamlit server) compiled pandas, geopandas, Streamlit and
## scikit-learn again — 9.4 s of CPU to import them against 2.7 s from byte code, measured here.
unexport PYTHONDONTWRITEBYTECODE

## Every package comes from the lock file, each checked against its hashes; then YouthMap
## itself, built with the locked setuptools (nothing unpinned is fetched). When the
## wheelhouse is there (`make test` fills it first) the packages come from it, with no index:
## on a fresh clone they were otherwise fetched twice, once here and once for the wheelhouse.
## --no-compile: pip's byte-compiling of every module of every package was about 20 s of the
## install's 50 s of CPU; Python compiles the modules the app and the tests import when they
## first import them (and keeps the result).
WHEELHOUSE := $(VENV)/wheelhouse
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile --require-hashes \
		$$(test -f $(WHEELHOUSE)/.stamp && echo --no-index --find-links $(WHEELHOUSE)) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

## The locked wheels as files (.venv/wheelhouse, about 440 MB), for `make bundle` and its test
## (tests/cli/test_bundle.py, so `make test` fills it too): each
## checked against the lock's hashes.
$(WHEELHOUSE)/.stamp: $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip download --quiet --require-hashes -r $(LOCK) -d $(WHEELHOUSE)
	@touch $@

wheelhouse: $(WHEELHOUSE)/.stamp

## Pin every runtime and dev dependency of pyproject.toml, with hashes (after changing it).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 --quiet -o $(LOCK)

## Look the locked packages up in a vulnerability database (says so when none is reachable).
audit: $(STAMP)
	$(BIN)/python scripts/audit.py $(LOCK)

## The offline install bundle: dist/youthmap-VERSION-pyX.Y-PLATFORM.tar.gz with every wheel
## (YouthMap with its data, its runtime dependencies at the locked versions), deploy/ and
## install.sh; built from .venv/wheelhouse (make wheelhouse) with no further network use
## (scripts/bundle.py).
bundle: $(WHEELHOUSE)/.stamp
	$(BIN)/python scripts/bundle.py --out dist

## Start the app on the embedded dataset (http://127.0.0.1:8501, this machine only;
## `make run ADDRESS=0.0.0.0` serves a network, which needs logins and an account).
ADDRESS ?= 127.0.0.1
PORT ?= 8501
run: $(STAMP)
	$(BIN)/youthmap serve --address $(ADDRESS) --port $(PORT)

## Lint, type-check and run every tier of the suite in parallel (tests/unit, app, cli, db,
## browser; installs Chromium/PostgreSQL when root and missing).
## mypy (single-threaded, ~40 s with no cache) runs beside the tests, which leave about a
## third of the two cores idle; its report follows theirs and either failing fails the target.
PYTEST := $(BIN)/python -m pytest -n auto --dist worksteal
test: $(WHEELHOUSE)/.stamp $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy > .mypy.log 2>&1 & mypy=$$!; \
	$(PYTEST); tests=$$?; \
	wait $$mypy; typed=$$?; echo "mypy:"; cat .mypy.log; rm -f .mypy.log; \
	[ $$tests -eq 0 ] && [ $$typed -eq 0 ]

## The inner loop: the unit and app tiers only, in parallel, without their tests marked
## `slow` (3 s or more each here: 158 of 1,969 tests; make check 162–173 s idle, 2026-12-07,
## mostly sweeps over every download in both languages, fuzzing, the data rebuild); `make test`
## runs every test, those included. `make check-all` runs the two tiers whole.
check: $(STAMP)
	$(PYTEST) tests/unit tests/app -m "not slow"

check-all: $(STAMP)
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
