"""Time every catalog query on seeded synthetic data, in-process and (optionally) on Neo4j.

Run by hand; numbers go in the README, never into tests:

    .venv/bin/python benchmarks/bench_queries.py --moves 100000
    NEO4J_URI=bolt://127.0.0.1:7688 NEO4J_PASSWORD=... .venv/bin/python benchmarks/bench_queries.py --neo4j

The Neo4j part clears the talentgraph nodes of the server it is given: use a scratch server.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from talentgraph.graph.memory import MemoryBackend
from talentgraph.loaders import load_data_dir
from talentgraph.queries.catalog import QUERY_NAMES
from talentgraph.synth import write_dataset

# Queries that need to be told which org or person they are about.
REQUIRED = {"alumni": {"org": "Org 0"}, "timeline": {"org": "Org 0"}, "person": {"name": "Person 1"}}


def timed(backend, name: str) -> tuple[float, int]:
    start = time.perf_counter()
    rows = len(backend.run(name, **REQUIRED.get(name, {})))
    return time.perf_counter() - start, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=1_000)
    parser.add_argument("--neo4j", action="store_true", help="also run every query on Neo4j (NEO4J_URI)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = load_data_dir(write_dataset(Path(tmp), args.moves, args.orgs))
    memory = MemoryBackend(result.graph)
    neo4j = None
    if args.neo4j:
        from talentgraph.graph.neo4j_backend import Neo4jBackend

        neo4j = Neo4jBackend()
        neo4j.clear()
        neo4j.load(result.graph)
    print(f"{len(result.graph.moves):,} moves, {len(result.graph.orgs):,} orgs")
    print(f"{'query':<14}{'in-process s':>14}{'rows':>9}" + (f"{'Neo4j s':>10}" if neo4j else ""))
    for name in QUERY_NAMES:
        seconds, rows = timed(memory, name)
        line = f"{name:<14}{seconds:>14.2f}{rows:>9,}"
        if neo4j is not None:
            line += f"{timed(neo4j, name)[0]:>10.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
