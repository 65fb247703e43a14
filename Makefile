# Two entry points on a fresh machine with Python 3.11+ and make:
#   make demo   set up, generate the synthetic cohort, build the report, serve the EDC
#   make test   set up and run every test (SQLite, then the database tests on PostgreSQL)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO := demo
PYTEST_WORKERS ?= 2
DEMO_PASSWORD ?= ablacem-demo-2026
DEMO_ROLES := coordinator investigator data_manager monitor statistician

.PHONY: demo test lint format install clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m ablacem synth --patients 40 --seed 1 --out $(DEMO)/data
	$(PY) -m ablacem report --data $(DEMO)/data --out $(DEMO)/report
	rm -f $(DEMO)/edc/ablacem.sqlite3
	ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem import --data $(DEMO)/data
	for role in $(DEMO_ROLES); do \
		echo "$(DEMO_PASSWORD)" | ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem createuser $$role --role $$role --password-stdin; \
	done
	@echo "Demo login: user coordinator (or investigator, data_manager, monitor, statistician), password $(DEMO_PASSWORD)"
	ABLACEM_DATA_DIR=$(DEMO)/edc $(PY) -m ablacem serve

lint: $(STAMP)
	$(PY) -m ruff check src tests config benchmarks
	$(PY) -m ruff format --check src tests config benchmarks

format: $(STAMP)
	$(PY) -m ruff format src tests config benchmarks
	$(PY) -m ruff check --fix src tests config benchmarks

test: $(STAMP) lint
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup
	$(PY) tests/run_on_postgres.py

bench: $(STAMP)
	$(PY) benchmarks/synth.py
	$(PY) benchmarks/scoring.py
	$(PY) benchmarks/report.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .ruff_cache
