"""benchmarks/bench_scale.py end to end on its cheapest path: 2,000 moves, in-process only.

Timings are never asserted (they are the machine's): only that the script runs, prints a
row for every catalog query, and that DuckDB's flows and net_flow agree with ours.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from talentgraph.queries.catalog import QUERY_NAMES

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_scale.py"


def test_smallest_run_prints_every_query_and_matches_duckdb(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "2k", "--orgs", "100", "--out", str(out), "--out",
         str(tmp_path / "bench.md")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    # Exit 1 means a baseline answered another question than ours (the ratio would be unfair).
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    table = done.stdout
    for name in QUERY_NAMES:
        assert f"| {name} |" in table, name
    assert "flows: DuckDB SQL (answer vs ours) |" in table
    assert (tmp_path / "bench.md").read_text() == table

    report = json.loads(out.read_text())
    (run,) = report["runs"]
    assert run["size"] == 2_000
    assert set(run["memory_queries"]) == set(QUERY_NAMES)
    assert run["duckdb"]["flows"]["check"] == run["duckdb"]["net_flow"]["check"] == "same"
    # The load ran in its own process: its peak is its own, above what it had before loading.
    assert run["load"]["peak_rss_mb"] >= run["load"]["base_rss_mb"] > 0
    assert run["load"]["moves"] == run["moves"] > 1_900
    assert report["machine"]["cpus"] >= 1
