# Courrier — the front door. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
# Archive sizes, measured side by side on each database (each archive is built once, then reused).
ARTICLES ?= 10000,100000,1000000
DATABASES ?= sqlite,postgresql
# Recipients of the mailing bench (bench/mailing.py); 0 leaves it out.
MAILING_RECIPIENTS ?= 20000
# Readers of the Alerte Décrets bench (bench/alerts.py: matching and the whole send, a few minutes); 0 leaves it out.
ALERTS_READERS ?= 50000

# Moments (Montréal time) the suite must pass at: night, late evening, New Year's Day, both DST changes
# (the suite starts a minute or two before the change and ticks through it), a leap day.
CLOCKS ?= 2027-01-12T02:00 2027-01-12T23:30 2027-01-01T10:00 2027-03-14T01:58 2027-11-07T01:58 2028-02-29T12:00

.PHONY: run test test-browser test-clocks screenshots lint format bench setup check-deploy messages clean

$(UV):
	@echo "Installing uv (Python package manager) into .tools/…"
	@python3 -m venv $(CURDIR)/.tools && $(CURDIR)/.tools/bin/pip install --quiet uv

# Bytecode compiled once here, not by every process at start (where PYTHONDONTWRITEBYTECODE is set,
# each web worker, task worker and test run compiled every module it imported: a 6 s start).
setup: $(UV)
	@if [[ -x .venv/bin/courrier ]]; then $(UV) sync --frozen --quiet --compile-bytecode; else \
		echo "Installing Courrier's dependencies into .venv/ (the first time only: a few minutes)…"; \
		$(UV) sync --frozen --compile-bytecode; fi
	@$(UV) run --frozen python -m compileall -q src bench

run: setup
	@$(UV) run --frozen courrier serve

test: setup
	@DJANGO_SETTINGS_MODULE=courrier.settings.test $(UV) run --frozen pytest $(PYTEST_ARGS)

test-browser: setup
	@DJANGO_SETTINGS_MODULE=courrier.settings.test $(UV) run --frozen pytest -m browser $(PYTEST_ARGS)

# The README's screenshots (docs/screenshots/), taken by the browser suite on the demo content.
screenshots: setup
	@COURRIER_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots DJANGO_SETTINGS_MODULE=courrier.settings.test \
		$(UV) run --frozen pytest tests/browser/test_readme_screenshots.py $(PYTEST_ARGS)

test-clocks: setup
	@set -e; for clock in $(CLOCKS); do \
		echo "==> the suite at $$clock (Montréal)"; \
		DJANGO_SETTINGS_MODULE=courrier.settings.test $(UV) run --frozen pytest --clock $$clock $(PYTEST_ARGS); \
	done

lint: setup
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .
	@$(UV) run --frozen mypy

format: setup
	@$(UV) run --frozen ruff format .
	@$(UV) run --frozen ruff check --fix .

bench: setup
	@$(UV) run --frozen python -m bench --articles $(ARTICLES) --databases $(DATABASES) \
		$(if $(filter-out 0,$(MAILING_RECIPIENTS)),--mailing --mailing-recipients $(MAILING_RECIPIENTS)) \
		$(if $(filter-out 0,$(ALERTS_READERS)),--alerts --alerts-readers $(ALERTS_READERS))

messages: setup
	@cd src/courrier && $(UV) run --frozen courrier makemessages -l en --no-obsolete
	@$(UV) run --frozen python -m courrier.core.french_catalogue
	@cd src/courrier && $(UV) run --frozen courrier compilemessages

clean:
	rm -rf var .pytest_cache
