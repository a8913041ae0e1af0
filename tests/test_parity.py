"""Parity: every catalog query gives the same frame on both backends, row for row.

The in-process answers are the reference only in the sense that both must agree; each
query's correctness is checked against hand-worked answers in tests/test_query_*.py.
Here the data is larger and messier than those fixtures: the bundled dataset and a
seeded synthetic one with units, unknown origins, duplicates and every status.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from talentgraph.graph.memory import MemoryBackend
from talentgraph.loaders import default_data_dir, load_data_dir
from talentgraph.queries.catalog import QUERY_NAMES
from talentgraph.synth import write_dataset

pytestmark = pytest.mark.neo4j

COMMON = [
    {},
    {"since": "2025-01-01"},
    {"until": "2024-06"},
    {"level": "unit"},
    {"include_status": "candidate,denied"},
    {"since": "2023", "until": "2025-06-30", "level": "unit", "include_status": "denied"},
]
OWN = {
    "flows": [{"min_moves": 2}],
    "net_flow": [{"min_moves": 3}],
    "asymmetry": [{"min_total": 1}, {"min_total": 2, "level": "unit"}],
    "bursts": [{"gap_days": 60, "min_moves": 2}, {"gap_days": 0, "min_moves": 1}],
    "lift_outs": [{"gap_days": 90, "min_moves": 2}],
    "retention": [{"min_hires": 1}, {"min_hires": 2, "horizon_days": 365}, {"min_hires": 1, "as_of": "2025-12-31"}],
    "boomerangs": [],
    "paths": [{"length": 2, "min_people": 1}, {"length": 1}],
    "alumni": [{"min_alumni": 2}],
    "hubs": [{"min_moves": 2}],
    "compensation": [{"min_reports": 2}],
    "timeline": [{"freq": "quarter"}, {"freq": "year", "level": "unit"}],
    "geography": [{"min_moves": 2}],
    "person": [],
}
REQUIRED = {  # per dataset: a value that exists in it
    "bundled": {"alumni": {"org": "OpenAI"}, "timeline": {"org": "Meta"}, "person": {"name": "Andrew Tulloch"}},
    "synthetic": {"alumni": {"org": "Org 0"}, "timeline": {"org": "Org 1"}, "person": {"name": "Person 3"}},
}
CASES = [(q, p) for q in QUERY_NAMES for p in COMMON + OWN[q]]


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def both(request, tmp_path_factory, neo4j_server):
    if request.param == "bundled":
        folder = default_data_dir()
    else:
        folder = write_dataset(tmp_path_factory.mktemp("synth"), n_moves=1_500, n_orgs=40, seed=7)
    result = load_data_dir(folder)
    neo4j_server.clear()
    neo4j_server.load(result.graph)
    yield request.param, MemoryBackend(result.graph), neo4j_server
    if request.param == "synthetic":
        shutil.rmtree(Path(folder), ignore_errors=True)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{q}-{i}" for i, (q, _) in enumerate(CASES)])
def test_backends_agree(both, name, params):
    dataset, memory, neo4j = both
    params = {**REQUIRED[dataset].get(name, {}), **params}
    expected = memory.run(name, **params)
    got = neo4j.run(name, **params)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-9, atol=1e-9)
