# Two commands do all set-up from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= data/konnektus.duckdb
PORT   ?= 8501

.PHONY: run test lint bench-demo

# The virtual environment is rebuilt only when a requirements file changes.
$(VENV)/app.stamp: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/dev.stamp: $(VENV)/app.stamp requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## run: the dashboard on http://localhost:$(PORT) (localhost only), demo data on first run
run: $(VENV)/app.stamp
	$(BIN)/python -m konnektus demo --db $(DB) --candidates 20000 --if-missing
	KONNEKTUS_DB=$(DB) $(BIN)/streamlit run app.py --server.address localhost \
		--server.port $(PORT) --server.headless true

## test: every test (browser tests skip without Chromium unless CI is set)
test: $(VENV)/dev.stamp
	$(BIN)/python -m pytest

## lint: ruff (lint + format) and mypy on konnektus/
lint: $(VENV)/dev.stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## bench-demo: time the demo generator at one million people
bench-demo: $(VENV)/app.stamp
	rm -f /tmp/konnektus-bench.duckdb /tmp/konnektus-bench.duckdb.wal
	$(BIN)/python -m konnektus demo --db /tmp/konnektus-bench.duckdb --candidates 1000000
