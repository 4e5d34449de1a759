# confide developer commands. `make help` lists them.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help dev run test test-fast lint format bench train docs clean lock

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

dev: $(STAMP) ## create .venv and install confide with the dev tools

run: $(STAMP) ## serve a throwaway demo on http://127.0.0.1:8000
	$(BIN)/confide serve --demo

test: $(STAMP) ## lint, types, import layers, then the whole test suite
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest -q

test-fast: $(STAMP) ## the test suite without lint
	$(BIN)/pytest -q -x

lint: $(STAMP) ## ruff, ruff format, mypy --strict, import layers, docs/cli.md freshness
	$(BIN)/ruff check src tests benchmarks training
	$(BIN)/ruff format --check src tests benchmarks training
	$(BIN)/mypy src/confide
	$(BIN)/lint-imports
	$(BIN)/python -m confide.cli.docs --check docs/cli.md

format: $(STAMP) ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) ## run every benchmark (installs the baselines); each prints one JSON line
	@for b in benchmarks/*.py; do echo "# $$b"; $(BIN)/python $$b || exit 1; done

train: $(STAMP) ## refit the learned crisis signal from training/crisis (installs scikit-learn)
	$(BIN)/pip install --quiet -e '.[dev,train]'
	$(BIN)/python training/crisis/train.py

docs: $(STAMP) ## regenerate docs/cli.md from the CLI's --help
	$(BIN)/python -m confide.cli.docs docs/cli.md

lock: ## re-pin requirements.lock from a fresh environment
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet -e '.[dev]'
	.lockenv/bin/pip freeze --exclude-editable | grep -v '^confide' > requirements.lock
	rm -rf .lockenv

clean: ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
