"""The Neo4j backend, on the official ``neo4j`` driver.

Connection settings come from the environment (``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) so a password never appears in the process list.
Writes run in managed transactions (``execute_write`` retries transient errors), one per
batch (:mod:`talentgraph.graph.neo4j_load`); reads are routed with ``RoutingControl.READ``
so a cluster's followers can serve them.
"""

from __future__ import annotations

import heapq
import os
import re
import socket
import ssl
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import neo4j
import pandas as pd
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from talentgraph.errors import BackendUnavailable, QueryError
from talentgraph.graph.backend import Backend
from talentgraph.graph.model import (
    MOVE_COLUMNS,
    ORG_COLUMNS,
    PERSON_COLUMNS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
    STINT_COLUMNS,
    GraphData,
)
from talentgraph.graph.neo4j_load import GraphWriter
from talentgraph.graph.neo4j_schema import CONSTRAINTS, DELETE_BATCH, MOVE_PROPERTIES, READS
from talentgraph.queries.counted import ORIGIN_SIZES
from talentgraph.queries.lookup import NAME_QUERIES

__all__ = ["BATCH_SIZE", "DEFAULT_URI", "READERS", "SCHEMES", "WORKERS", "Neo4jBackend", "split_evenly"]

DEFAULT_URI = "bolt://localhost:7687"
# scheme://user:password@host...: a password in the URI would be echoed by every message below.
_URI_PASSWORD = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/@?#]*?:)[^/?#]*@")
BATCH_SIZE = 10_000
# Sessions writing batches at once: the server commits one batch while it runs the next
# (and uses a second core when there is one). More did not help on 2 cores.
WORKERS = 2
# Reads at once for a query split by origin (see run_query): Community runs a statement on
# one core, so one read per core. A cluster spreads them over its readers.
READERS = 2
# The Bolt schemes. The driver also takes http(s):// (its preview Query API), which has no
# sessions or routing and needs aiohttp: refused here with the list, not a traceback.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jBackend(Backend):
    """A graph held in a Neo4j server (5.26 LTS or 2025+/2026.x, single instance or cluster).

    Use it as a context manager: ``with Neo4jBackend() as backend: backend.load(graph)``,
    then ``backend.run("flows", since="2025-01-01")``.
    """

    name = "neo4j"

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        batch_size: int = BATCH_SIZE,
        workers: int = WORKERS,
        readers: int = READERS,
    ) -> None:
        self.uri = uri or os.environ.get("NEO4J_URI") or DEFAULT_URI
        if _URI_PASSWORD.match(self.uri):
            shown = _URI_PASSWORD.sub(r"\g<head>***@", self.uri)
            raise BackendUnavailable(f"the Neo4j URI {shown} holds a password; take it out and set NEO4J_PASSWORD")
        _check_scheme_and_path(self.uri)
        user = user or os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j"
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.batch_size = batch_size
        self.workers = workers
        self.readers = readers
        auth = (user, password) if password is not None else None
        try:
            self.driver = GraphDatabase.driver(self.uri, auth=auth)
            self.driver.verify_connectivity()
        except AuthError:
            self._close_quietly()
            raise BackendUnavailable(
                f"Neo4j at {self.uri} refused the credentials of user {user!r}; "
                "set NEO4J_USER and NEO4J_PASSWORD"
            ) from None
        except (ServiceUnavailable, OSError) as exc:
            self._close_quietly()
            raise BackendUnavailable(f"cannot reach Neo4j at {self.uri}: {_unreachable_reason(exc)}") from None
        except (ConfigurationError, ValueError) as exc:
            self._close_quietly()
            raise BackendUnavailable(f"bad Neo4j URI {self.uri!r}: {exc}") from None
        except Neo4jError as exc:
            # e.g. Neo.ClientError.Security.AuthenticationRateLimit after a few wrong passwords
            # in a row (not an AuthError): the server locks the user for a few seconds.
            self._close_quietly()
            if exc.code == "Neo.ClientError.Security.AuthenticationRateLimit":
                raise BackendUnavailable(
                    f"Neo4j at {self.uri} refused the credentials of user {user!r} too many times in a row "
                    "and locks it for a few seconds; check NEO4J_USER and NEO4J_PASSWORD, then retry"
                ) from None
            raise BackendUnavailable(f"Neo4j at {self.uri} refused the connection: {exc.message or exc.code}") from None

    def _close_quietly(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            driver.close()

    def close(self) -> None:
        self.driver.close()

    # -- writing ----------------------------------------------------------------------
    def ensure_constraints(self) -> None:
        for statement in CONSTRAINTS:
            self.driver.execute_query(statement, database_=self.database)

    def load(self, graph: GraphData, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Write a graph; returns how many rows of each kind were written.

        ``progress(kind, rows)`` is called after each committed batch. When the server goes
        away mid-load (after the driver's retries), :class:`BackendUnavailable` says how many
        moves were committed: every batch is its own transaction, so those are in the graph,
        and loading the same files again completes it without duplicates.
        """
        writer = GraphWriter(self._execute_write, self.batch_size, self.workers)
        writer.kind = "constraints"
        try:
            self.ensure_constraints()
            return writer.write(graph, progress)
        except (ServiceUnavailable, SessionExpired) as exc:
            # IncompleteCommit: a batch was sent but its commit never confirmed.
            at_least = "at least " if isinstance(exc, IncompleteCommit) or writer.maybe_more else ""
            raise BackendUnavailable(
                f"lost the connection to Neo4j at {self.uri} while writing {writer.kind} ({type(exc).__name__}): "
                f"{at_least}{writer.written.get('moves', 0):,} of {len(graph.moves):,} moves were committed before "
                "the connection was lost; run the same load again: it is idempotent"
            ) from None
        except Neo4jError as exc:
            # Not retried by the driver: a transaction an operator terminated (TERMINATE
            # TRANSACTIONS, Neo.ClientError.Transaction.Terminated or LockClientStopped when it
            # waited on a lock), a database that does not exist, a transaction timeout.
            raise BackendUnavailable(
                f"Neo4j at {self.uri} stopped the load while writing {writer.kind} ({exc.code}: {_one_line(exc)}): "
                f"{writer.written.get('moves', 0):,} of {len(graph.moves):,} moves were committed; the load is "
                "idempotent: once the cause is dealt with, run it again"
            ) from None

    def _execute_write(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        # The bookmark manager execute_query uses: each committed batch's bookmark reaches
        # read() too, so a cluster follower serves this process's reads only once it has
        # applied the load (read your own writes).
        with self.driver.session(
            database=self.database, bookmark_manager=self.driver.execute_query_bookmark_manager
        ) as session:
            return session.execute_write(work)

    def clear(self) -> None:
        """Delete every talentgraph node (Person, Org, Move, Source), in batches."""
        for statement in DELETE_BATCH:
            while True:
                records, _, _ = self.driver.execute_query(statement, limit=self.batch_size, database_=self.database)
                if records[0]["deleted"] == 0:
                    break

    # -- reading ----------------------------------------------------------------------
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run read-only Cypher (routed to readers) and return a DataFrame."""
        try:
            return self.driver.execute_query(
                cypher,
                parameters_=params or {},
                routing_=RoutingControl.READ,
                database_=self.database,
                result_transformer_=neo4j.Result.to_df,
            )
        except Neo4jError as exc:
            if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise QueryError(
                    f"Neo4j at {self.uri} has no database {self.database!r}; set NEO4J_DATABASE to one of its "
                    "databases (Aura: neo4j), or unset it for the server's default"
                ) from None
            raise QueryError(f"Neo4j refused the query: {exc.message or exc}") from None
        except (ServiceUnavailable, SessionExpired) as exc:
            raise BackendUnavailable(
                f"lost the connection to Neo4j at {self.uri} ({type(exc).__name__}); is the server running?"
            ) from None

    def run_query(self, query: Any, params: dict[str, Any]) -> pd.DataFrame:
        """The query's finished rows: one read, or one per group of origins (:meth:`_origin_groups`)."""
        cypher_params = query.cypher_params(params)
        groups = self._origin_groups(cypher_params) if query.split_by_origin and self.readers > 1 else []
        if len(groups) <= 1:
            return query.finish(self.read(query.cypher, cypher_params), params)

        # Each group's rows are finished in its own thread as soon as they arrive: the first
        # group done is finished while the server still works on the other (flows at a
        # million moves: ``finish`` is 0.25 s of client time).
        def read_group(ids: list[str]) -> pd.DataFrame:
            return query.finish(self.read(query.cypher, cypher_params | {"origins": ids}), params)

        with ThreadPoolExecutor(len(groups), thread_name_prefix="talentgraph-read") as pool:
            frames = list(pool.map(read_group, groups))
        # An empty frame has no column types: left in, it would turn every column to object.
        return pd.concat([frame for frame in frames if len(frame)] or frames[:1], ignore_index=True)

    def _origin_groups(self, cypher_params: dict[str, Any]) -> list[list[str]]:
        """The origin org ids in ``readers`` groups, for one read per group at once.

        A query grouped by origin (SPLIT_BY_ORIGIN) gives each origin's rows whatever the
        other origins are, so the groups' answers add up to the whole. The groups are
        balanced by the moves leaving each org: at a million moves the largest lab sends
        13% of them.
        """
        sizes = self.read(ORIGIN_SIZES, cypher_params)
        return split_evenly(sizes["ids"].iloc[0], sizes["moves"].iloc[0], self.readers) if len(sizes) else []

    def names(self, kind: str) -> pd.DataFrame:
        cypher, columns = NAME_QUERIES[kind]
        rows = self.read(cypher)["rows"]
        return pd.DataFrame(rows.iloc[0] if len(rows) else [], columns=columns)

    def graph(self) -> GraphData:
        tables = {kind: self.read(cypher) for kind, cypher in READS.items()}
        moves = tables["moves"]
        if len(moves):
            moves["date"] = pd.to_datetime(moves["date"])
            moves["extra"] = [
                {k: v for k, v in props.items() if k not in MOVE_PROPERTIES} for props in moves["properties"]
            ]
        orgs = tables["orgs"]
        if len(orgs):
            orgs["merged"] = pd.to_datetime(orgs["merged"])
        for kind, text_columns in _TEXT_COLUMNS.items():
            for column in text_columns:
                if len(tables[kind]):
                    tables[kind][column] = tables[kind][column].fillna("")
        columns = {
            "persons": PERSON_COLUMNS, "orgs": ORG_COLUMNS, "moves": MOVE_COLUMNS,
            "sources": SOURCE_COLUMNS, "reports": REPORT_COLUMNS, "stints": STINT_COLUMNS,
        }
        return GraphData(**{k: tables[k].reindex(columns=columns[k]) for k in columns})


# Text the in-process tables hold as "" when absent (Neo4j leaves the property out).
_TEXT_COLUMNS = {
    "moves": ["role", "notes"],
    "sources": ["url", "outlet", "published"],
    "reports": ["quote"],
    "stints": ["end", "role"],
}


def split_evenly(ids: list[str], sizes: list[int], parts: int) -> list[list[str]]:
    """``ids`` in at most ``parts`` groups of about equal total size, largest first into the lightest group.

    >>> split_evenly(["a", "b", "c", "d"], [50, 30, 20, 10], 2)
    [['a', 'd'], ['b', 'c']]
    """
    groups: list[list[str]] = [[] for _ in range(max(1, parts))]
    loads = [(0, i) for i in range(len(groups))]
    for size, org in sorted(zip(sizes, ids), key=lambda pair: -pair[0]):
        load, i = heapq.heappop(loads)
        groups[i].append(org)
        heapq.heappush(loads, (load + size, i))
    return [group for group in groups if group]


def _check_scheme_and_path(uri: str) -> None:
    scheme, sep, _ = uri.partition("://")
    if not sep or scheme.lower() not in SCHEMES:
        raise BackendUnavailable(
            f"bad Neo4j URI {uri!r}: it must start with one of {', '.join(s + '://' for s in SCHEMES)} "
            "(e.g. bolt://localhost:7687, or neo4j+s://xxxx.databases.neo4j.io for Aura)"
        )
    path = urlsplit(uri).path
    if path not in ("", "/"):
        # The driver ignores a path: neo4j://host/mydb would silently use the default database.
        raise BackendUnavailable(
            f"bad Neo4j URI {uri!r}: a URI does not choose the database ({path!r}); set NEO4J_DATABASE"
        )


def _unreachable_reason(exc: BaseException) -> str:
    """Why the driver could not connect, in one line, from the root of its exception chain.

    A routing driver (neo4j://) reports "Unable to retrieve routing information" with the
    socket's or TLS's error several levels down, inside an ExceptionGroup.
    """
    chain: list[BaseException] = []
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if any(current is seen for seen in chain):
            continue
        chain.append(current)
        stack.extend(getattr(current, "exceptions", ()))
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    for cause in chain:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return (f"its TLS certificate is not trusted ({cause.verify_message}); "
                    "+ssc accepts a self-signed certificate")
    for cause in chain:
        if isinstance(cause, ssl.SSLError):
            return ("the TLS handshake failed; bolt+s://, neo4j+s:// and +ssc need TLS on the server's Bolt "
                    "port (Aura has it), a server without TLS takes bolt:// or neo4j://")
    for cause in chain:
        if isinstance(cause, socket.gaierror):
            return "its host name does not resolve"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused; is the server running, and is that its Bolt port?"
        if isinstance(cause, TimeoutError):
            return "the connection timed out"
    return f"{_one_line(exc)} ({type(exc).__name__}); is the server running?"


def _one_line(exc: BaseException) -> str:
    message = exc.message if isinstance(exc, Neo4jError) and exc.message else str(exc)
    return " ".join(message.split())[:300]
