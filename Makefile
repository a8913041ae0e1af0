# The two commands of the README: `make report` (the main job) and `make test` (everything,
# with a real Neo4j). Both set up the virtual environment on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install report test test-fast lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job: check the bundled data, print the flow report, write report.html.
report: install
	$(BIN)/talentgraph load --strict
	$(BIN)/talentgraph report --since 2023-01-01
	$(BIN)/talentgraph report --since 2023-01-01 --out report.html

# Installs Chromium for the HTML report tests if missing, starts Neo4j (unless NEO4J_URI
# names yours), runs every test, stops Neo4j.
test: install
	scripts/install-browser.sh
	PYTHON=$(abspath $(BIN)/python) scripts/run-tests.sh

# Everything but the Neo4j and browser tests: explicit, never silent.
test-fast: install
	$(BIN)/pytest -m "not neo4j and not browser" -q

# The scale benchmark at 10k and 100k moves, in-process; BENCH_ARGS="--neo4j" adds Neo4j
# (NEO4J_URI, NEO4J_PASSWORD: a scratch server, it is cleared). See README, Benchmarks.
BENCH_SIZES ?= 10k,100k
bench: install
	$(BIN)/python benchmarks/bench_scale.py --sizes $(BENCH_SIZES) $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .neo4j neo4j-server/target .pytest_cache
