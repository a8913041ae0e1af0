#!/usr/bin/env bash
# Run the whole test suite against a real Neo4j.
# With NEO4J_URI set, that server is used as it is; otherwise scripts/neo4j.sh starts
# Neo4j Community in-process on 127.0.0.1 and this script stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
export PYTHON

if [[ -z "${NEO4J_URI:-}" ]]; then
  export NEO4J_PASSWORD=${NEO4J_PASSWORD:-talentgraph-test}
  export NEO4J_USER=${NEO4J_USER:-neo4j}
  trap 'scripts/neo4j.sh stop' EXIT
  scripts/neo4j.sh start
  export NEO4J_URI="bolt://127.0.0.1:${TALENTGRAPH_NEO4J_PORT:-7688}"
fi
echo "Neo4j under test: $NEO4J_URI"
"$PYTHON" -m pytest -q "$@"
