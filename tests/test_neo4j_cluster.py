"""Beyond one machine: the routing scheme, READ-routed reads, retried writes, URI schemes.

Against the suite's Neo4j (NEO4J_URI), a standalone server: Neo4j 5 serves a routing
table naming itself as writer, reader and router, so ``neo4j://`` runs the cluster code
path of the driver (routing table, READ/WRITE routing, bookmarks) for real. What cannot
be tested on one server: a follower serving reads, a leader switch (NotALeader), Aura's
TLS certificates. The ``+s``/``+ssc`` schemes are tested against this plain-text server:
they must fail fast, in one line.

Faults are made with no mock of Neo4j: an uncommitted MERGE on one move id, held open in
a second session, blocks the load's transaction for that move (the unique constraint's
lock), so the transaction is provably running when it is cut off, either by closing its
connection (a TCP relay between the driver and the server) or by ``TERMINATE
TRANSACTIONS``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import neo4j
import pandas as pd
import pytest

from talentgraph.commands import cypher as cypher_command
from talentgraph.errors import BackendUnavailable, QueryError
from talentgraph.graph.model import GraphData
from talentgraph.graph.neo4j_backend import Neo4jBackend
from talentgraph.queries.catalog import QUERY_NAMES

from .conftest import load_fixture

BATCH = 4  # the fixture's 15 moves in 4 batches: a fault can land after some are committed
TIMEOUT = 60


def host_port(backend: Neo4jBackend) -> str:
    return backend.uri.split("://", 1)[1].rstrip("/")


def fixture_graph() -> GraphData:
    return load_fixture("merge_moves.csv", "stints.csv").graph


# One value per required parameter, present in the fixture.
REQUIRED: dict[str, dict[str, str]] = {
    "alumni": {"org": "OpenAI"}, "timeline": {"org": "OpenAI"}, "person": {"name": "Bob Brown"},
}

COUNTS = """
CALL () { MATCH (n:Person) RETURN count(n) AS persons }
CALL () { MATCH (n:Org) RETURN count(n) AS orgs }
CALL () { MATCH (n:Move) RETURN count(n) AS moves, count(DISTINCT n.id) AS move_ids }
CALL () { MATCH (n:Source) RETURN count(n) AS sources }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN *
"""


def counts(server: Neo4jBackend) -> dict[str, int]:
    records, _, _ = server.driver.execute_query(COUNTS, database_=server.database)
    return dict(records[0])


def assert_same_graph(got: GraphData, expected: GraphData) -> None:
    for table in ("persons", "orgs", "moves", "sources", "reports", "stints"):
        pd.testing.assert_frame_equal(getattr(got, table), getattr(expected, table), obj=table)


def tmp_nodes(server: Neo4jBackend) -> int:
    records, _, _ = server.driver.execute_query("MATCH (n:Tmp) RETURN count(n) AS n", database_=server.database)
    return records[0]["n"]


@pytest.fixture
def routing(neo4j_server) -> Iterator[Neo4jBackend]:
    """A backend on the suite's server through the routing scheme neo4j://."""
    backend = Neo4jBackend(uri=f"neo4j://{host_port(neo4j_server)}")
    yield backend
    backend.close()


@pytest.fixture
def clean(neo4j_server) -> Iterator[tuple[dict[str, int], GraphData]]:
    """The counts and tables of one clean load of the fixture, for faulty loads to match."""
    neo4j_server.clear()
    neo4j_server.load(fixture_graph())
    reference = counts(neo4j_server), neo4j_server.graph()
    neo4j_server.clear()
    yield reference
    neo4j_server.clear()
    neo4j_server.driver.execute_query("MATCH (n:Tmp) DETACH DELETE n", database_=neo4j_server.database)


# -- the routing scheme ------------------------------------------------------------------

@pytest.mark.neo4j
def test_the_routing_scheme_loads_and_answers_exactly_like_bolt(neo4j_server, routing):
    # A routing driver, not a direct one: the routing table really is fetched and used.
    assert isinstance(routing.driver, neo4j.Neo4jDriver)
    direct = Neo4jBackend(uri=f"bolt://{host_port(neo4j_server)}")
    assert isinstance(direct.driver, neo4j.BoltDriver)
    graph = fixture_graph()
    answers = {}
    try:
        for backend in (routing, direct):
            neo4j_server.clear()
            backend.load(graph)
            answers[backend.uri] = (
                {name: backend.run(name, **REQUIRED.get(name, {})) for name in QUERY_NAMES},
                backend.graph(), counts(backend),
            )
    finally:
        direct.close()
        neo4j_server.clear()
    (via_routing, graph_r, counts_r), (via_bolt, graph_b, counts_b) = answers.values()
    assert counts_r == counts_b and counts_r["moves"] == len(graph.moves) == 15
    assert_same_graph(graph_r, graph_b)
    assert len(via_routing["flows"]) > 0
    for name in QUERY_NAMES:
        pd.testing.assert_frame_equal(via_routing[name], via_bolt[name], obj=name)


# -- reads are routed as reads ----------------------------------------------------------

class _WritingQuery:
    """A catalog-shaped query whose Cypher writes: run through the backend's query path."""

    cypher = "CREATE (n:Tmp {x: 1}) RETURN n.x AS x"
    split_by_origin = False  # the reads of a split query go through read() as well

    def cypher_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return params

    def finish(self, frame: pd.DataFrame, params: dict[str, Any]) -> pd.DataFrame:
        return frame


@pytest.mark.neo4j
@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_every_read_path_runs_in_read_access_mode(neo4j_server, scheme):
    # Neo4j refuses a write in a READ transaction (Neo.ClientError.Statement.AccessMode):
    # so a statement sent through read()/run_query() that tries to write proves the
    # transaction was opened as a read, which a cluster routes to a follower.
    neo4j_server.driver.execute_query("MATCH (n:Tmp) DETACH DELETE n", database_=neo4j_server.database)
    with Neo4jBackend(uri=f"{scheme}://{host_port(neo4j_server)}") as backend:
        with pytest.raises(QueryError, match="Writing in read access mode not allowed"):
            backend.read(_WritingQuery.cypher)
        with pytest.raises(QueryError, match="Writing in read access mode not allowed"):
            backend.run_query(_WritingQuery(), {})
        assert backend.read("RETURN 1 AS one")["one"].tolist() == [1]
    assert tmp_nodes(neo4j_server) == 0


@pytest.mark.neo4j
def test_the_cypher_verb_reads_in_a_read_transaction_through_the_routing_scheme(neo4j_server, routing, monkeypatch):
    # tests/test_cypher.py checks this on the suite's URI; here through the routing driver,
    # with the tokenizer switched off so only the access mode can stop the write.
    monkeypatch.setattr(cypher_command, "check_read_only", lambda statement: None)
    with pytest.raises(QueryError, match="read-only session"):
        cypher_command.run_cypher(routing, "CREATE (:Tmp {x: 1})")
    assert tmp_nodes(neo4j_server) == 0


@pytest.mark.neo4j
def test_reads_after_a_load_wait_for_its_last_batch(routing, clean):
    # A follower serves a read only once it has applied the bookmarks the read carries.
    # The load's write sessions and read() share the driver's execute_query bookmark
    # manager, so after a load the manager holds the last batch's bookmark, not an older one.
    manager = routing.driver.execute_query_bookmark_manager
    routing.ensure_constraints()
    before = manager.get_bookmarks()
    routing.load(fixture_graph())
    after = manager.get_bookmarks()
    assert after and after != before
    records, _, _ = routing.driver.execute_query(
        "MATCH (m:Move) RETURN count(m) AS n", routing_=neo4j.RoutingControl.READ, database_=routing.database)
    assert records[0]["n"] == 15
    assert manager.get_bookmarks() == after  # a read commits nothing: the bookmark stays the load's


# -- writes: a batch cut off mid-transaction -----------------------------------------------

class Relay:
    """A TCP relay to the server whose connections can all be cut at once (a lost server)."""

    def __init__(self, target: str) -> None:
        host, _, port = target.rpartition(":")
        self.target = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.accepted += 1
                self.sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut_all(self) -> None:
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def close(self) -> None:
        self.listener.close()
        self.cut_all()


class MoveLock:
    """An open transaction holding the unique-constraint lock of one move id."""

    def __init__(self, server: Neo4jBackend, move_id: str) -> None:
        self.session = server.driver.session(database=server.database)
        self.tx = self.session.begin_transaction()
        self.tx.run("MERGE (m:Move {id: $id})", id=move_id).consume()

    def release(self) -> None:
        if self.tx.closed():
            return
        self.tx.rollback()
        self.session.close()


def blocked(server: Neo4jBackend, exclude: frozenset[str] = frozenset()) -> str:
    """The id of a transaction waiting for a lock (other than ``exclude``), once there is one."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        records, _, _ = server.driver.execute_query(
            "SHOW TRANSACTIONS YIELD transactionId, status WHERE status STARTS WITH 'Blocked' RETURN transactionId",
            database_=server.database)
        found = [r["transactionId"] for r in records if r["transactionId"] not in exclude]
        if found:
            return found[0]
        time.sleep(0.05)
    pytest.fail(f"no transaction waited for a lock within {TIMEOUT} s")


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as exc:  # handed to the test thread, which asserts on it
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


@pytest.mark.neo4j
def test_a_write_batch_whose_connection_is_lost_mid_transaction_is_retried_and_the_graph_is_exact(
    neo4j_server, clean, caplog
):
    # What a client sees when the member it writes to goes away (a leader switch, a
    # restart): the connection drops in the middle of a transaction. execute_write must
    # retry the batch on a new connection, and the load finish as if nothing happened.
    clean_counts, clean_graph = clean
    graph = fixture_graph()
    victim = graph.moves["id"].iloc[BATCH + 1]  # in the second batch of moves
    relay = Relay(host_port(neo4j_server))
    # One session: the fault is about one blocked transaction; with two, a second batch could
    # wait on the first one's person locks and be the transaction found blocked.
    backend = Neo4jBackend(uri=f"bolt://127.0.0.1:{relay.port}", batch_size=BATCH, workers=1)
    neo4j_server.ensure_constraints()
    lock = MoveLock(neo4j_server, victim)
    try:
        with caplog.at_level(logging.WARNING, logger="neo4j"):
            thread, outcome = in_thread(lambda: backend.load(graph))
            first = blocked(neo4j_server)
            before_cut = relay.accepted
            relay.cut_all()
            # The retry is a new transaction on a new connection, blocked on the same lock.
            blocked(neo4j_server, exclude=frozenset({first}))
            assert relay.accepted > before_cut
            lock.release()
            thread.join(TIMEOUT)
        assert not thread.is_alive()
        assert "error" not in outcome, outcome.get("error")
        assert outcome["result"]["moves"] == len(graph.moves)
        assert any("will be retried" in r.getMessage() for r in caplog.records)
    finally:
        lock.release()
        backend.close()
        relay.close()
    assert counts(neo4j_server) == clean_counts
    assert_same_graph(neo4j_server.graph(), clean_graph)


@pytest.mark.neo4j
def test_a_write_batch_terminated_by_an_operator_stops_the_load_in_one_line_and_a_rerun_completes_it(
    neo4j_server, clean
):
    # Neo4j 5.26 reports a terminated transaction as Neo.ClientError.Transaction.Terminated,
    # or LockClientStopped when it was waiting on a lock; the driver classes both as client
    # errors and does not retry them (an operator asked for the stop). The load must say
    # how far it got, and loading again (MERGE on ids) must give the exact graph.
    clean_counts, clean_graph = clean
    graph = fixture_graph()
    victim = graph.moves["id"].iloc[BATCH + 1]
    backend = Neo4jBackend(uri=neo4j_server.uri, batch_size=BATCH, workers=1)  # one batch at a time, as above
    neo4j_server.ensure_constraints()
    lock = MoveLock(neo4j_server, victim)
    try:
        thread, outcome = in_thread(lambda: backend.load(graph))
        loading = blocked(neo4j_server)
        neo4j_server.driver.execute_query("TERMINATE TRANSACTIONS $id", id=loading, database_=neo4j_server.database)
        thread.join(TIMEOUT)
        assert not thread.is_alive()
        error = outcome.get("error")
        assert isinstance(error, BackendUnavailable), outcome
        message = str(error)
        assert "\n" not in message
        assert "stopped the load while writing moves (Neo.ClientError.Transaction." in message
        assert f"{BATCH} of {len(graph.moves)} moves were committed" in message
        lock.release()
        assert backend.load(graph)["moves"] == len(graph.moves)
    finally:
        lock.release()
        backend.close()
    assert counts(neo4j_server) == clean_counts
    assert_same_graph(neo4j_server.graph(), clean_graph)


# -- URI schemes ------------------------------------------------------------------------

@pytest.mark.neo4j
@pytest.mark.parametrize("scheme", ["bolt+s", "bolt+ssc", "neo4j+s", "neo4j+ssc"])
def test_tls_schemes_against_a_plain_text_server_fail_fast_in_one_line(neo4j_server, scheme):
    uri = f"{scheme}://{host_port(neo4j_server)}"
    started = time.monotonic()
    with pytest.raises(BackendUnavailable) as caught:
        Neo4jBackend(uri=uri)
    assert time.monotonic() - started < 20
    message = str(caught.value)
    assert message.startswith(f"cannot reach Neo4j at {uri}: the TLS handshake failed;")
    assert "\n" not in message


@pytest.mark.neo4j
def test_the_cli_prints_a_tls_failure_as_one_line(neo4j_server):
    uri = f"neo4j+s://{host_port(neo4j_server)}"
    env = {**os.environ, "NEO4J_URI": uri}
    done = subprocess.run([sys.executable, "-m", "talentgraph", "query", "flows", "--neo4j"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: cannot reach Neo4j at {uri}: the TLS handshake failed;")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("uri", ["ftp://x", "http://localhost:7474", "https://xxxx.databases.neo4j.io",
                                 "localhost:7687", "bolt:/localhost"])
def test_a_uri_that_is_not_bolt_or_neo4j_is_refused_with_the_schemes_that_work(uri):
    with pytest.raises(BackendUnavailable, match=r"it must start with one of bolt://, bolt\+s://, bolt\+ssc://, "
                                                 r"neo4j://, neo4j\+s://, neo4j\+ssc://") as caught:
        Neo4jBackend(uri=uri)
    assert str(caught.value).startswith(f"bad Neo4j URI {uri!r}:")


def test_the_cli_refuses_an_unknown_scheme_in_one_line():
    env = {**os.environ, "NEO4J_URI": "ftp://x"}
    done = subprocess.run([sys.executable, "-m", "talentgraph", "query", "flows", "--neo4j"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: bad Neo4j URI 'ftp://x': it must start with one of bolt://")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_database_in_the_uri_path_is_refused_not_ignored():
    # The driver ignores a path: neo4j+s://host/mydb would quietly use the default database.
    with pytest.raises(BackendUnavailable, match=r"a URI does not choose the database .*set NEO4J_DATABASE"):
        Neo4jBackend(uri="neo4j+s://xxxx.databases.neo4j.io/mydb")


def test_a_host_that_does_not_resolve_is_named_as_such():
    # .invalid never resolves (RFC 6761).
    with pytest.raises(BackendUnavailable) as caught:
        Neo4jBackend(uri="neo4j+s://nonexistent.invalid")
    assert str(caught.value) == "cannot reach Neo4j at neo4j+s://nonexistent.invalid: its host name does not resolve"


@pytest.mark.neo4j
def test_a_database_the_server_lacks_is_named_for_reads_and_loads(neo4j_server):
    with Neo4jBackend(uri=f"neo4j://{host_port(neo4j_server)}", database="no-such-db") as backend:
        with pytest.raises(QueryError, match="has no database 'no-such-db'; set NEO4J_DATABASE"):
            backend.run("flows")
        with pytest.raises(BackendUnavailable, match=r"stopped the load while writing constraints "
                                                     r"\(Neo.ClientError.Database.DatabaseNotFound: .*0 of 15 moves"):
            backend.load(fixture_graph())
