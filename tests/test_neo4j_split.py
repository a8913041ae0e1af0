"""Queries grouped by origin (SPLIT_BY_ORIGIN) run on Neo4j as several reads at once, each
for a group of origin orgs: together the reads must answer exactly as one read does, and
as the in-process backend does."""

from __future__ import annotations

import pandas as pd
import pytest

from talentgraph.graph.memory import MemoryBackend
from talentgraph.graph.model import GraphData
from talentgraph.graph.neo4j_backend import Neo4jBackend, split_evenly
from talentgraph.loaders import load_data_dir
from talentgraph.queries.catalog import QUERY_NAMES, get_query
from talentgraph.synth import write_dataset

SPLIT = [name for name in QUERY_NAMES if get_query(name).split_by_origin]


def test_the_split_queries_are_the_ones_grouped_by_origin():
    assert SPLIT == ["flows", "bursts", "lift_outs"]


def test_split_evenly_puts_the_largest_first_into_the_lightest_group():
    # 50 -> A; 30 -> B; 20 -> B (30 < 50); 10 -> A (50 = 50, the first group): A 60, B 50.
    assert split_evenly(["a", "b", "c", "d"], [50, 30, 20, 10], 2) == [["a", "d"], ["b", "c"]]
    # More groups than orgs: no empty group. One group: everything in it.
    assert split_evenly(["a", "b"], [1, 2], 5) == [["b"], ["a"]]
    assert split_evenly(["a", "b", "c"], [1, 2, 3], 1) == [["c", "b", "a"]]
    assert split_evenly([], [], 3) == []


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> GraphData:
    folder = write_dataset(tmp_path_factory.mktemp("synth-split"), n_moves=1500, n_orgs=30, seed=11)
    return load_data_dir(folder).graph


class RecordingReads(Neo4jBackend):
    """The real backend, noting the parameters of each read it sends."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sent: list[dict] = []

    def read(self, cypher: str, params: dict | None = None) -> pd.DataFrame:
        self.sent.append(dict(params or {}))
        return super().read(cypher, params)


@pytest.fixture(scope="module")
def server_with_graph(neo4j_server, graph) -> Neo4jBackend:
    neo4j_server.clear()
    neo4j_server.load(graph)
    return neo4j_server


@pytest.mark.neo4j
@pytest.mark.parametrize("name", SPLIT)
@pytest.mark.parametrize("params", [{}, {"level": "unit"}, {"since": "2019-01-01", "until": "2022-12-31"}],
                         ids=["org", "unit", "window"])
def test_reads_by_origin_group_answer_as_one_read(server_with_graph, graph, name, params):
    expected = MemoryBackend(graph).run(name, **params)
    assert len(expected) > 0  # the synthetic data plants flows and bursts at every level
    server = server_with_graph
    with RecordingReads(uri=server.uri, database=server.database, readers=1) as one_read:
        pd.testing.assert_frame_equal(one_read.run(name, **params), expected)
    assert [sent.get("origins") for sent in one_read.sent] == [None]
    with RecordingReads(uri=server.uri, database=server.database, readers=3) as three_reads:
        pd.testing.assert_frame_equal(three_reads.run(name, **params), expected)
    groups = [sent["origins"] for sent in three_reads.sent if sent.get("origins")]
    assert len(groups) == 3
    every_origin = [org for group in groups for org in group]
    assert len(every_origin) == len(set(every_origin))  # no origin read twice


@pytest.mark.neo4j
@pytest.mark.parametrize("name", SPLIT)
def test_groups_with_no_rows_leave_the_answer_and_its_types_unchanged(server_with_graph, graph, name):
    # min_moves at the largest count in the answer keeps only its top rows, from fewer
    # origins than there are groups: some groups answer nothing. With a million, none does.
    top = int(MemoryBackend(graph).run(name)["moves"].max())
    server = server_with_graph
    with RecordingReads(uri=server.uri, database=server.database, readers=3) as three_reads:
        for min_moves in (top, 10**6):
            expected = MemoryBackend(graph).run(name, min_moves=min_moves)
            if min_moves == top:
                assert 0 < expected.iloc[:, 0].nunique() < 3  # the origin column
            else:
                assert expected.empty
            pd.testing.assert_frame_equal(three_reads.run(name, min_moves=min_moves), expected)
