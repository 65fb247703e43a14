# Two entry points on a fresh machine with Python 3.11+ and make:
#   make demo   set up, generate the synthetic cohort of today, build the report, serve the EDC
#               (later runs keep the demo database and only serve it; make demo-reset starts again)
#   make test   set up and run every test (SQLite, then the database tests on PostgreSQL)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Exact versions with hashes of everything installed (runtime and test); `make lock` refreshes it.
LOCK := requirements.lock
DEMO := demo
# Marks a demo database fully built (cohort imported, accounts created): kept between runs.
DEMO_READY := $(DEMO)/edc/.demo-ready
# The demo cohort is anchored to today in the site time zone (what "today" means on the worklist).
TODAY ?= $(shell TZ=$${TIME_ZONE:-Europe/Paris} date +%F)
PYTEST_WORKERS ?= 2
DEMO_PASSWORD ?= ablacem-demo-2026
DEMO_ROLES := coordinator investigator data_manager monitor statistician

.PHONY: demo demo-reset test lint format install messages clean bench lock fuzz

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The patient pages' translations: .po files are in the repository, .mo files are compiled here
# with Babel's pure-Python compiler (no GNU gettext needed), so a fresh clone works.
LOCALE_DIRS := src/ablacem/epro/locale
PO_FILES := $(wildcard $(addsuffix /*/LC_MESSAGES/django.po,$(LOCALE_DIRS)))
MO_FILES := $(PO_FILES:.po=.mo)
%.mo: %.po | $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

messages: $(MO_FILES)

install: $(STAMP) messages

# Built once; a half-built demo (a step failed) is started again from scratch.
$(DEMO_READY): | $(STAMP)
	rm -rf $(DEMO)
	$(PY) -m ablacem synth --patients 40 --seed 1 --as-of $(TODAY) --out $(DEMO)/data
	$(PY) -m ablacem report --data $(DEMO)/data --out $(DEMO)/report
	ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem import --data $(DEMO)/data
	for role in $(DEMO_ROLES); do \
		echo "$(DEMO_PASSWORD)" | ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem createuser $$role --role $$role --full-name "Demo $$role" --password-stdin; \
	done
	touch $@

# The worker (invitations and reminders, written to $(DEMO)/edc/outbox/) runs beside the server
# and stops with it; one patient link of a visit open today is printed to try the questionnaire.
demo: $(STAMP) messages $(DEMO_READY)
	@echo "Demo login: user coordinator (or investigator, data_manager, monitor, statistician), password $(DEMO_PASSWORD)"
	@echo "The demo database $(DEMO)/edc is kept: make demo again restarts the server with what was entered; make demo-reset starts from a new cohort."
	@visit="$$(ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem messages open-visits | head -n 1)"; \
	if [ -n "$$visit" ]; then \
		set -- $$visit; \
		echo "A patient link (visit $$2 of $$1, open today; invitations go to $(DEMO)/edc/outbox/):"; \
		ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem epro link --patient "$$1" --timepoint "$$2"; \
	fi
	ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem serve

demo-reset: $(STAMP)
	rm -rf $(DEMO)
	$(MAKE) --no-print-directory demo

# Resolve pyproject.toml's ranges again (every platform, Python 3.11+) into the hashed lock file.
lock: $(STAMP)
	$(PY) -m pip install --quiet 'uv>=0.4,<1'
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes --quiet -o $(LOCK)

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m ruff format --check src tests benchmarks

format: $(STAMP)
	$(PY) -m ruff format src tests benchmarks
	$(PY) -m ruff check --fix src tests benchmarks

test: $(STAMP) messages lint
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup
	PYTEST_WORKERS=$(PYTEST_WORKERS) $(PY) tests/run_on_postgres.py

# The property-based fuzz tests with many examples (make test runs them with a few).
fuzz: $(STAMP)
	ABLACEM_FUZZ_PROFILE=long $(PY) -m pytest -m fuzz -p no:randomly -q tests

# Every benchmarks/*.py in a fixed order at its quick size, then a summary table
# (benchmarks/run_all.py; BENCH_ARGS=--full for the full sizes, e.g. 10,000 patients).
bench: $(STAMP) messages
	$(PY) benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .ruff_cache
