"""Load speed: in-process and into Neo4j, on seeded synthetic data.

Run by hand (numbers go in the README, never into tests):

    .venv/bin/python benchmarks/bench_load.py --moves 100000
    NEO4J_URI=bolt://127.0.0.1:7688 NEO4J_PASSWORD=... .venv/bin/python benchmarks/bench_load.py --neo4j

The Neo4j part clears the talentgraph nodes of the server it is given: point it at a
scratch server.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from talentgraph.loaders import load_data_dir
from talentgraph.synth import write_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=1_000)
    parser.add_argument("--neo4j", action="store_true", help="also load into Neo4j (NEO4J_URI)")
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs; the best is reported")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_dataset(Path(tmp), args.moves, args.orgs)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = load_data_dir(folder)
            best = min(best, time.perf_counter() - start)
        s = result.summary
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"rows {s.rows_read:,}  moves {s.moves_loaded:,}  merged {s.rows_merged:,}")
        print(f"in-process load: {best:.2f} s  ->  {s.moves_loaded / best:,.0f} moves/s  (peak RSS {peak_mb:,.0f} MB)")
        if args.neo4j:
            from talentgraph.graph.neo4j_backend import Neo4jBackend

            with Neo4jBackend() as backend:
                backend.clear()
                start = time.perf_counter()
                backend.load(result.graph)
                took = time.perf_counter() - start
                print(f"Neo4j load ({backend.uri}): {took:.2f} s  ->  {s.moves_loaded / took:,.0f} moves/s")
                start = time.perf_counter()
                backend.load(result.graph)
                again = time.perf_counter() - start
                print(f"Neo4j reload of the same graph (idempotent MERGE): {again:.2f} s")


if __name__ == "__main__":
    main()
