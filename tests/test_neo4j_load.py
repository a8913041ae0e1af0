"""The fast Neo4j load (columnar batches, CREATE for new moves, two sessions) writes exactly
the graph it is given, whatever the graph already holds and whoever else is writing.

Each test compares what Neo4j holds, table by table, with the loaded GraphData itself: a
duplicate node or link would be an extra row, a lost one a missing row.
"""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from talentgraph.graph.model import GraphData
from talentgraph.graph.neo4j_backend import Neo4jBackend
from talentgraph.graph.neo4j_load import _MoveBatch
from talentgraph.loaders import load_data_dir
from talentgraph.synth import write_dataset

from .test_backends import KEYS, comparable

pytestmark = pytest.mark.neo4j

BATCH = 50  # a few hundred moves make a dozen batches, so the two sessions overlap


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> GraphData:
    folder = write_dataset(tmp_path_factory.mktemp("synth-load"), n_moves=600, n_orgs=40, seed=5)
    graph = load_data_dir(folder).graph
    assert len(graph.moves) > 10 * BATCH and len(graph.reports) > len(graph.moves)  # some moves have 2 reports
    return graph


def backend_like(server: Neo4jBackend, **options) -> Neo4jBackend:
    return Neo4jBackend(uri=server.uri, database=server.database, **options)


def assert_holds_exactly(server: Neo4jBackend, graph: GraphData) -> None:
    held = server.graph()
    for table in KEYS:
        pd.testing.assert_frame_equal(comparable(held, table), comparable(graph, table), obj=table)


def half_of(graph: GraphData) -> GraphData:
    """An earlier state: every other move, with another role and only its first report."""
    moves = graph.moves.iloc[::2].reset_index(drop=True)
    moves["role"] = "role as first reported"
    reports = graph.reports[graph.reports["move_id"].isin(moves["id"])]
    reports = reports.drop_duplicates("move_id").reset_index(drop=True)
    sources = graph.sources[graph.sources["id"].isin(reports["source_id"])].reset_index(drop=True)
    return GraphData(persons=graph.persons, orgs=graph.orgs, moves=moves, sources=sources, reports=reports,
                     stints=graph.stints)


def test_many_batches_in_two_sessions_write_exactly_the_graph(neo4j_server, graph):
    neo4j_server.clear()
    with backend_like(neo4j_server, batch_size=BATCH, workers=2) as backend:
        written = backend.load(graph)
    assert written["moves"] == len(graph.moves) and written["reports"] == len(graph.reports)
    assert written["persons"] == len(graph.persons)
    assert_holds_exactly(neo4j_server, graph)


def test_a_load_over_a_graph_holding_half_the_moves_adds_the_rest_and_doubles_nothing(neo4j_server, graph):
    # Every batch of the second load mixes moves already there (MERGEd: their role changes and
    # their second report is added) with new ones (CREATEd).
    neo4j_server.clear()
    with backend_like(neo4j_server, batch_size=BATCH, workers=2) as backend:
        backend.load(half_of(graph))
        assert_holds_exactly(neo4j_server, half_of(graph))
        backend.load(graph)
    assert_holds_exactly(neo4j_server, graph)


def test_two_loads_at_once_into_an_empty_graph_make_one_graph(neo4j_server, graph):
    # Both see an empty graph and CREATE; whichever loses a race on a person or move id gets
    # the constraint error, and must redo that batch with MERGE rather than fail or double it.
    neo4j_server.clear()
    neo4j_server.ensure_constraints()
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def load() -> None:
        try:
            with backend_like(neo4j_server, batch_size=BATCH, workers=2) as backend:
                start.wait()
                backend.load(graph)
        except BaseException as exc:  # reported below, with the thread's own traceback lost
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert_holds_exactly(neo4j_server, graph)


def test_a_source_reporting_moves_of_many_batches_is_one_node(neo4j_server, graph):
    # Into an empty graph a source reported once is CREATEd with its report; one shared by
    # moves of different batches (written at once by the two sessions) must be MERGEd.
    shared = graph.reports.copy()
    every_seventh = shared.index % 7 == 0
    shared.loc[every_seventh, "source_id"] = "s-shared-wire"
    sources = pd.concat([
        graph.sources[graph.sources["id"].isin(shared["source_id"])],
        pd.DataFrame([{"id": "s-shared-wire", "url": "https://wire.example/all", "outlet": "Wire", "published": ""}]),
    ], ignore_index=True)
    shared_graph = GraphData(persons=graph.persons, orgs=graph.orgs, moves=graph.moves, sources=sources,
                             reports=shared.drop_duplicates(["move_id", "source_id"]).reset_index(drop=True),
                             stints=graph.stints)
    assert shared_graph.reports["source_id"].eq("s-shared-wire").sum() > BATCH  # so, in several batches
    neo4j_server.clear()
    with backend_like(neo4j_server, batch_size=BATCH, workers=2) as backend:
        backend.load(shared_graph)
    assert_holds_exactly(neo4j_server, shared_graph)


def test_progress_counts_each_batch_of_moves_as_it_commits_not_at_the_end(neo4j_server, graph):
    # Two sessions write at once, so when a batch starts, all batches started before it but
    # one have committed. Each batch waits (at most 3 s) until the progress callback has
    # counted those: progress held back to the end of the load would keep it waiting.
    neo4j_server.clear()
    reported = {"moves": 0}
    counted = threading.Condition()
    order: dict[str, int] = {}  # a batch's first move id -> its place in the order batches started
    late: list[int] = []

    def progress(kind: str, rows: int) -> None:
        with counted:
            reported[kind] = reported.get(kind, 0) + rows
            counted.notify_all()

    with backend_like(neo4j_server, batch_size=BATCH, workers=2) as backend:
        execute = backend._execute_write

        def waiting_execute(work):
            batch = getattr(work, "__self__", None)
            if isinstance(batch, _MoveBatch):
                with counted:
                    k = order.setdefault(batch.params["id"][0], len(order))  # a retry keeps its place
                    if not counted.wait_for(lambda: reported["moves"] >= (k - 1) * BATCH, timeout=3):
                        late.append(k)
            return execute(work)

        backend._execute_write = waiting_execute  # the writer runs every batch through it
        written = backend.load(graph, progress)
    assert len(order) == -(-len(graph.moves) // BATCH)
    assert late == []
    assert reported["moves"] == written["moves"] == len(graph.moves)
    assert_holds_exactly(neo4j_server, graph)
