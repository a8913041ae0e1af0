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

report: install
	$(BIN)/talentgraph load
	$(BIN)/talentgraph query flows --since 2023-01-01 --param min_moves=2

# Starts Neo4j (unless NEO4J_URI names yours), runs every test, stops it.
test: install
	PYTHON=$(abspath $(BIN)/python) scripts/run-tests.sh

# Everything but the Neo4j half of the suite: explicit, never silent.
test-fast: install
	$(BIN)/pytest -m "not neo4j" -q

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .neo4j neo4j-server/target .pytest_cache
