# Two commands do all the set-up: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= data/dashboard.duckdb
PORT ?= 8501
## Local mode has no sign-in: listen on this machine only unless told otherwise (ADDRESS=0.0.0.0 make run).
ADDRESS ?= 127.0.0.1
export PYTHONPATH := $(CURDIR)

.PHONY: run test lint contracts audit sample-data sample-store bench clean venv

venv: $(STAMP)

$(STAMP): requirements.txt
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

## Build the sample store from the generated extracts if there is no store yet.
$(STORE): | $(STAMP)
	$(BIN)/python -m warehouse build-sample

sample-store: $(STORE)

## Start the dashboard at http://localhost:$(PORT)
run: $(STAMP) $(STORE)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

## Regenerate the sample partner extracts (seeded: the same files every time).
sample-data: $(STAMP)
	$(BIN)/python -m sample_data.generate --out sample_data/extracts

lint: $(STAMP)
	$(BIN)/ruff check .

contracts: $(STAMP)
	$(BIN)/lint-imports

## Known vulnerabilities in the pinned requirements (pip-audit).
audit: $(STAMP)
	$(BIN)/python .ci/audit.py

## Lint, import contracts, the dependency audit and every test (browser and real-data tests included).
test: lint contracts audit
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf data/dashboard.duckdb data/dashboard.duckdb.wal .pytest_cache
