"""Faults on a real Neo4j: the server killed in the middle of a load, readers during a load.

These tests start their OWN server with scripts/neo4j.sh (port 7712, a state folder under
/tmp/neo4j-rel-*, a password of their own) because they kill it. They need Java and Maven
like the rest of the Neo4j half of the suite; without them they FAIL, in CI and locally
(deselect with ``-m "not neo4j"``). About two minutes in all, most of it two server starts
and the driver's 30 s of retries before it gives up on a dead server.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from neo4j import GraphDatabase

from talentgraph.graph.memory import MemoryBackend
from talentgraph.graph.model import GraphData
from talentgraph.graph.neo4j_backend import BATCH_SIZE, WORKERS, Neo4jBackend
from talentgraph.loaders import LoadResult, load_data_dir
from talentgraph.synth import write_dataset

from .conftest import REPO

pytestmark = pytest.mark.neo4j

PORT = 7712
N_MOVES = 50_000
SCRIPT = REPO / "scripts" / "neo4j.sh"


class OwnServer:
    """A Neo4j of this module's own, driven through scripts/neo4j.sh."""

    def __init__(self, port: int, home: Path, password: str) -> None:
        self.port = port
        self.home = home
        self.password = password
        self.uri = f"bolt://127.0.0.1:{port}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env.update(TALENTGRAPH_NEO4J_PORT=str(self.port), TALENTGRAPH_NEO4J_HOME=str(self.home),
                   PYTHON=sys.executable, NEO4J_PASSWORD=self.password, **extra)
        return env

    def script(self, action: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(SCRIPT), action], env=self.env(**extra), capture_output=True, text=True,
                              timeout=400, check=False)

    def start(self, keep_data: bool = False) -> None:
        done = self.script("start", **({"TALENTGRAPH_NEO4J_KEEP_DATA": "1"} if keep_data else {}))
        if done.returncode != 0:
            pytest.fail(f"scripts/neo4j.sh start failed (Java 17/21 and Maven are needed):\n{done.stderr[-3000:]}",
                        pytrace=False)

    def pid(self) -> int:
        [pid_file] = self.home.glob("*/pid")
        return int(pid_file.read_text())

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no checkpoint; the store recovers from its log on restart."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] if Path(
                f"/proc/{pid}/stat").exists() else "gone"
            if state in ("Z", "gone"):
                return
            time.sleep(0.05)
        pytest.fail(f"Neo4j pid {pid} survived SIGKILL")

    def driver(self):
        return GraphDatabase.driver(self.uri, auth=("neo4j", self.password), connection_timeout=5)

    def backend(self) -> Neo4jBackend:
        return Neo4jBackend(uri=self.uri, user="neo4j", password=self.password)


@pytest.fixture(scope="module")
def server() -> Iterator[OwnServer]:
    home = Path(tempfile.mkdtemp(prefix="neo4j-rel-faults-", dir="/tmp"))
    own = OwnServer(PORT, home, "rel-" + secrets.token_hex(8))
    own.start()
    yield own
    own.script("stop")
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> tuple[Path, LoadResult]:
    folder = write_dataset(tmp_path_factory.mktemp("synth50k"), n_moves=N_MOVES, n_orgs=500, seed=11)
    return folder, load_data_dir(folder)


def load_process(server: OwnServer, folder: Path, *options: str) -> subprocess.Popen:
    env = server.env()
    return subprocess.Popen(
        [sys.executable, "-m", "talentgraph", "--data", str(folder), "load", "--neo4j", server.uri, *options],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


COUNTS = """
CALL { MATCH (n:Person) RETURN count(n) AS persons, count(DISTINCT n.id) AS person_ids }
CALL { MATCH (n:Org) RETURN count(n) AS orgs, count(DISTINCT n.id) AS org_ids }
CALL { MATCH (n:Move) RETURN count(n) AS moves, count(DISTINCT n.id) AS move_ids }
CALL { MATCH (n:Source) RETURN count(n) AS sources, count(DISTINCT n.id) AS source_ids }
CALL { MATCH ()-[r:MADE]->() RETURN count(r) AS made }
CALL { MATCH ()-[r:TO]->() RETURN count(r) AS to_ }
CALL { MATCH ()-[r:FROM]->() RETURN count(r) AS from_ }
CALL { MATCH ()-[r:REPORTED_BY]->() RETURN count(r) AS reported_by }
CALL { MATCH ()-[r:PART_OF]->() RETURN count(r) AS part_of }
CALL { MATCH ()-[r:MERGED_INTO]->() RETURN count(r) AS merged_into }
CALL { MATCH ()-[r:WORKED_AT]->() RETURN count(r) AS worked_at }
CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN *
"""


def expected_counts(graph: GraphData) -> dict[str, int]:
    """What a single clean load of ``graph`` holds: one node per id, one link per row."""
    moves, orgs = graph.moves, graph.orgs
    counts = {
        "persons": len(graph.persons), "orgs": len(orgs), "moves": len(moves), "sources": len(graph.sources),
        "made": len(moves), "to_": len(moves), "from_": int(moves["from_org"].notna().sum()),
        "reported_by": len(graph.reports), "part_of": int(orgs["parent"].notna().sum()),
        "merged_into": int(orgs["merged_into"].notna().sum()), "worked_at": len(graph.stints),
    }
    counts |= {"person_ids": counts["persons"], "org_ids": counts["orgs"], "move_ids": counts["moves"],
               "source_ids": counts["sources"]}
    counts["nodes"] = counts["persons"] + counts["orgs"] + counts["moves"] + counts["sources"]
    counts["relationships"] = sum(counts[k] for k in ("made", "to_", "from_", "reported_by", "part_of",
                                                      "merged_into", "worked_at"))
    return counts


def count_moves(driver) -> int:
    records, _, _ = driver.execute_query("MATCH (m:Move) RETURN count(m) AS n")
    return records[0]["n"]


def test_a_load_cut_off_by_a_killed_server_says_what_was_committed_and_a_rerun_completes_it(server, dataset):
    folder, clean = dataset
    total = len(clean.graph.moves)
    assert total > 3 * BATCH_SIZE  # several batches, so the kill lands between two of them
    proc = load_process(server, folder)
    seen = 0
    with server.driver() as driver:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            seen = count_moves(driver)
            if seen >= BATCH_SIZE:  # at least one batch of moves committed, more to come
                time.sleep(0.3)  # let the client hear of that commit and send the next batch
                break
            time.sleep(0.05)
    assert proc.poll() is None and BATCH_SIZE <= seen < total, f"could not catch the load midway ({seen} moves)"
    server.kill()
    out, err = proc.communicate(timeout=150)  # the driver retries for 30 s before it gives up

    assert proc.returncode == 1, (out, err)
    assert "Traceback" not in err
    assert server.password not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    m = re.fullmatch(
        rf"Error: lost the connection to Neo4j at {re.escape(server.uri)} while writing moves "
        r"\((?:ServiceUnavailable|SessionExpired|IncompleteCommit)\): (at least )?([\d,]+) of "
        rf"{total:,} moves were committed before the connection was lost; run the same load again: it is idempotent",
        lines[0],
    )
    assert m, lines[0]
    committed = int(m[2].replace(",", ""))
    # "at least": the kill fell between a commit and its confirmation, which may have been lost,
    # for each of the WORKERS batches written at once.
    unconfirmed = WORKERS * BATCH_SIZE if m[1] else 0
    assert committed % BATCH_SIZE == 0 and seen <= committed + unconfirmed and committed < total

    server.start(keep_data=True)
    with server.driver() as driver:
        # Every batch the error counted survived the crash (and, unconfirmed, at most one more
        # per session that was writing).
        after_crash = count_moves(driver)
        assert after_crash % BATCH_SIZE == 0 and committed <= after_crash <= committed + unconfirmed

    rerun = load_process(server, folder)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert server.password not in out + err
    with server.driver() as driver:
        records, _, _ = driver.execute_query(COUNTS)
        got = records[0].data()
        ids, _, _ = driver.execute_query("MATCH (m:Move) RETURN m.id AS id")
    assert got == expected_counts(clean.graph)
    assert sorted(r["id"] for r in ids) == sorted(clean.graph.moves["id"])


def test_readers_during_a_load_never_see_fewer_moves_and_settled_reads_see_whole_batches(server, dataset):
    folder, clean = dataset
    backend = server.backend()
    try:
        backend.clear()
        assert count_moves(backend.driver) == 0
        graph = clean.graph
        all_ids = set(graph.moves["id"])
        # Small batches: 50 commits of moves, so that reads land between them (at the default
        # size the whole load takes a few seconds, about as long as one round of reads). A
        # round can stall for seconds: a read that meets a relationship chain the load is
        # changing fails with Neo.TransientError.Transaction.Outdated, and the driver retries
        # it after 1, 2, 4 s. With 25 commits, three stalls once took the rounds past the
        # whole load and no read saw a partial graph.
        batch = 1_000
        proc = load_process(server, folder, "--batch-size", str(batch))
        reads, last_total, last_inflow = [], 0, 0
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            finished = proc.poll() is not None
            before = set(backend.read("MATCH (m:Move) RETURN m.id AS id")["id"])
            flows = backend.run("flows")
            net = backend.run("net_flow")
            after = set(backend.read("MATCH (m:Move) RETURN m.id AS id")["id"])
            assert before <= after <= all_ids
            total, inflow = int(flows["moves"].sum()), int(net["inflow"].sum())
            assert total >= last_total and inflow >= last_inflow, "a reader saw fewer moves than before"
            last_total, last_inflow = total, inflow
            if before == after:
                # Nothing committed in between, so no commit was being applied either (that
                # takes milliseconds, the queries between the scans a second or more): the
                # moves are whole batches, one transaction each. (A statement that runs while
                # a commit is applied may see part of it: Neo4j's isolation is read committed,
                # and a scan once saw 3,610 moves of batches of 1,000.)
                assert len(after) % batch == 0 or after == all_ids, len(after)
                # And the answers are exactly those of the visible moves.
                visible = GraphData(persons=graph.persons, orgs=graph.orgs,
                                    moves=graph.moves[graph.moves["id"].isin(after)].reset_index(drop=True),
                                    sources=graph.sources, reports=graph.reports, stints=graph.stints)
                if len(after) not in {r[0] for r in reads}:
                    memory = MemoryBackend(visible)
                    pd.testing.assert_frame_equal(flows, memory.run("flows"), check_exact=False, rtol=1e-9)
                    pd.testing.assert_frame_equal(net, memory.run("net_flow"), check_exact=False, rtol=1e-9)
            reads.append((len(after), before == after))
            if finished:
                break
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert reads[-1][0] == len(all_ids)
        # The reads saw the graph grow: at least one read while it was partly loaded.
        assert any(0 < n < len(all_ids) for n, _ in reads), reads
    finally:
        backend.close()


def test_the_server_keeps_its_password_off_its_command_line_and_out_of_its_files(server):
    cmdline = Path(f"/proc/{server.pid()}/cmdline").read_bytes()
    assert b"talentgraph.neo4jserver.Main" in cmdline
    assert server.password.encode() not in cmdline
    # Logs, the store, the transaction logs, auth files: the password is only ever stored hashed.
    files = [p for p in server.home.rglob("*") if p.is_file()]
    assert len(files) > 20
    assert [p for p in files if server.password.encode() in p.read_bytes()] == []
