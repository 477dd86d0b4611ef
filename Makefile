# Every target creates .venv and installs the project when pyproject.toml is newer.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRAMEWORK ?=

.PHONY: demo console lock test test-clock-ahead lint bench eval fuzz system-deps clean teams-package

# Installs exactly what requirements-dev.lock pins, each file checked against its hash; then
# the project itself without resolving anything (`make lock` after changing pyproject.toml).
$(STAMP): pyproject.toml requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The lock files from pyproject.toml: requirements.lock for the service (the image, a host's
# venv: no test tools), requirements-dev.lock for `make test` and `make demo`. Versions already
# pinned are kept; `make lock UPGRADE=1` moves every pin to the newest release.
LOCK_COMPILE = $(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes \
	--python-version 3.11.7 --python-platform linux --custom-compile-command 'make lock' \
	$(if $(UPGRADE),--upgrade,)
lock: $(STAMP)
	$(LOCK_COMPILE) --extra postgres -o requirements.lock
	$(LOCK_COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock

demo: $(STAMP)
	$(BIN)/panelclerk demo $(if $(FRAMEWORK),--framework $(FRAMEWORK),)

# The console on the demo board, on 127.0.0.1 only, with a sign-in page listing its people.
console: $(STAMP)
	$(BIN)/panelclerk demo --console

system-deps:
	bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check panelclerk tests bench fuzz scripts
	$(BIN)/mypy
	$(BIN)/bandit -q -c pyproject.toml -r panelclerk

test: $(STAMP) system-deps lint
	$(BIN)/pytest
	rm -rf .fuzz-corpus && cp -r fuzz/corpus .fuzz-corpus
	$(BIN)/python fuzz/fuzz_intake.py -runs=3000 -max_len=4096 -rss_limit_mb=2048 .fuzz-corpus

# The suite again with the machine's clock moved more than a year ahead (CI runs it after
# `make test`): nothing in it may depend on the day it is run. The browser tests are left
# out of these runs only: Chromium and Playwright's driver time out under libfaketime's
# LD_PRELOAD. They pin the product's clock like every other test, and the console's
# in-process tests (test_web_console.py) do run with the clock moved.
CLOCK_AHEAD ?= 2027-12-24T10:00 2028-02-29T10:00
test-clock-ahead: $(STAMP) system-deps
	$(BIN)/python scripts/clock_ahead.py $(CLOCK_AHEAD) -- -p no:cacheprovider --ignore=tests/test_web_browser.py

fuzz: $(STAMP)
	mkdir -p .fuzz-corpus && cp -rn fuzz/corpus/. .fuzz-corpus/
	$(BIN)/python fuzz/fuzz_intake.py -max_total_time=300 -max_len=65536 -rss_limit_mb=2048 .fuzz-corpus

# The held-out split; then, when present, descriptions written outside the repo (development
# only): outcome accuracy, dangerous misses and the warm turn's p50/p99; then the sets written
# blind (by people who never read nlp/): development (eleven sets, each held out until it was
# measured), and the held-out one (never read while the reader is worked on: its figures only).
PRACTITIONER_CASES ?= ../shared/eval/practitioner_cases.jsonl
eval: $(STAMP)
	$(BIN)/python -m panelclerk.nlp.evaluate
	if [ -f $(PRACTITIONER_CASES) ]; then $(BIN)/python scripts/eval_practitioner.py $(PRACTITIONER_CASES) --bench; fi
	$(BIN)/python scripts/eval_practitioner.py panelclerk/nlp/data/cases_dev_blind.jsonl
	$(BIN)/python scripts/eval_practitioner.py panelclerk/nlp/data/cases_heldout_blind.jsonl

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The Teams app package for the admin centre: TEAMS_APP_ID and BOARD_WEBSITE from the
# environment, the board's config from PANELCLERK_CONFIG (the demo board without it).
teams-package: $(STAMP)
	$(BIN)/panelclerk teams-package --out dist/panelclerk-teams.zip

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache var .fuzz-corpus dist
