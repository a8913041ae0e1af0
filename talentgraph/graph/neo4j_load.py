"""Writing a graph into Neo4j fast: columnar batches, CREATE for new moves, two sessions.

What a load costs, measured on 100k synthetic moves (2-core machine, Neo4j 5.26 Community):
nearly all of it is server CPU, about half of that in the commit (records, index entries,
locks: inherent to the model, about 2 nodes, 5 relationships and 3 unique ids per move).
What this module does about the rest:

- a move's reports go with the move (no second pass looking every move up again);
- new moves are ``CREATE``d, existing ones ``MERGE``d (:mod:`neo4j_schema` says why that
  stays idempotent), persons and orgs are found by elementId, not by an index seek;
- batches travel as columns, not as one dict per row;
- batches of persons and moves run in ``workers`` sessions at once (2 by default): the
  server works on one batch while it commits the other, and on a second core when free.

Every batch is one transaction, so a crash leaves whole batches; which batches landed is
counted in :attr:`GraphWriter.written` as they are confirmed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, TypeVar

import neo4j
import numpy as np
import pandas as pd
from neo4j.exceptions import ConstraintError, IncompleteCommit

from talentgraph.graph.model import GraphData
from talentgraph.graph.neo4j_schema import (
    EMPTY,
    MOVE_PROPERTIES,
    MOVES_CREATE,
    MOVES_CREATE_BY_ID,
    MOVES_EXISTING,
    MOVES_EXTRA,
    MOVES_MERGE,
    PERSONS_CREATE,
    WRITES,
)

__all__ = ["GraphWriter", "column"]

T = TypeVar("T")
Work = Callable[[neo4j.ManagedTransaction], T]

# Statement parameter name -> moves column.
_MOVE_FIELDS = {
    "id": "id", "person": "person_id", "from": "from_org", "to": "to_org", "precision": "precision",
    "status": "status", "role": "role", "comp_usd": "compensation_usd", "comp_kind": "compensation_kind",
    "notes": "notes",
}
_REPORT_FIELDS = {"sid": "source_id", "quote": "quote"}
_SOURCE_FIELDS = {"url": "url", "outlet": "outlet", "published": "published"}


def column(values: pd.Series | np.ndarray) -> list[Any]:
    """One column as the driver wants it: Python scalars, dates as dates, None for missing.

    An empty string becomes None too: Neo4j has no empty value, and an absent property is
    the idiomatic "not given".
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        # Few distinct days: convert each once.
        codes, days = pd.factorize(values)
        table = np.array([d.date() for d in pd.DatetimeIndex(days)] + [None], dtype=object)
        return table[codes].tolist()  # code -1 (NaT) picks the trailing None
    if values.dtype.kind == "f":
        floats = np.asarray(values)
        out = floats.astype(object)
        out[np.isnan(floats)] = None
        return out.tolist()
    if values.dtype.kind in "iub":
        return values.tolist()
    out = np.array(values, dtype=object)  # a copy: the Nones go in it
    out[pd.isna(out) | (out == "")] = None
    return out.tolist()


@dataclass
class _Moves:
    """The moves in the order they are written, each with the rows of its reports.

    With ``by_person``, a person's moves are consecutive, so that two batches written at
    once seldom touch the same person node (adding a relationship to a sparse node locks
    it until the commit); measured, it saves 5-15% of the server's CPU with two sessions.
    Otherwise the moves keep the graph's order.

    Only the order is worked out up front; each batch converts its own rows to what the
    driver sends (:meth:`batch`), in the session's thread while the server works on the
    other session's batch. Converted all at once, a million moves kept the server waiting
    3.7 s before the first batch.
    """

    order: np.ndarray  # the k-th move written is graph.moves row order[k]
    moves: dict[str, np.ndarray]  # statement parameter -> the graph's column, unconverted
    extra: np.ndarray
    day_codes: np.ndarray  # graph.moves row r's date is days[day_codes[r]]
    days: list[Any]
    report_rows: np.ndarray  # graph.reports rows, by move: move k's are report_rows[starts[k]:starts[k + 1]]
    starts: np.ndarray
    reports: dict[str, np.ndarray]  # statement parameter -> graph.reports' column
    new_source: np.ndarray  # per graph.reports row: its source is new to the graph (CREATE it)
    source_index: pd.Index  # graph.sources ids, each once
    sources: dict[str, np.ndarray]  # statement parameter -> that source's value, a None last

    @classmethod
    def of(cls, graph: GraphData, by_person: bool, new_sources: bool) -> _Moves:
        """``new_sources``: the graph had no sources, so a source reported once here is new."""
        moves, reports, sources = graph.moves, graph.reports, graph.sources
        n = len(moves)
        order = np.argsort(pd.factorize(moves["person_id"])[0], kind="stable") if by_person else np.arange(n)
        place = np.empty(n, dtype=np.int64)
        place[order] = np.arange(n)
        at = pd.Index(moves["id"]).get_indexer(reports["move_id"])
        rows = np.flatnonzero(at >= 0)  # a report of no loaded move has nothing to link to
        at = place[at[rows]]
        by_move = np.argsort(at, kind="stable")
        day_codes, days = pd.factorize(moves["date"])
        day_codes[day_codes < 0] = len(days)  # no date: the trailing None
        source_index = pd.Index(sources["id"])
        if not source_index.is_unique:  # the last row of an id, as a MERGE and SET of each would leave it
            sources = sources.drop_duplicates("id", keep="last")
            source_index = pd.Index(sources["id"])
        return cls(
            order=order,
            moves={name: moves[c].to_numpy() for name, c in _MOVE_FIELDS.items()},
            extra=moves["extra"].to_numpy(),
            day_codes=day_codes,
            days=[*column(pd.Series(days, dtype=moves["date"].dtype)), None],
            report_rows=rows[by_move],
            starts=np.searchsorted(at[by_move], np.arange(n + 1)),
            reports={name: reports[c].to_numpy() for name, c in _REPORT_FIELDS.items()},
            new_source=~reports["source_id"].duplicated(keep=False).to_numpy() & new_sources,
            source_index=source_index,
            sources={name: np.append(sources[c].to_numpy(dtype=object), None) for name, c in _SOURCE_FIELDS.items()},
        )

    def __len__(self) -> int:
        return len(self.order)

    def batch(self, start: int, stop: int, nodes: dict[str, str], look_up: bool) -> _MoveBatch:
        at = self.order[start:stop]
        params = {name: column(values[at]) for name, values in self.moves.items()}
        first, last = int(self.starts[start]), int(self.starts[stop])
        rows = self.report_rows[first:last]
        params |= {name: column(values[rows]) for name, values in self.reports.items()}
        # -1, a source missing from the sources table, picks the trailing None: no details.
        source = self.source_index.get_indexer(self.reports["sid"][rows])
        params |= {name: column(values[source]) for name, values in self.sources.items()}
        params["snew"] = self.new_source[rows].tolist()
        params["rs"] = (self.starts[start : stop + 1] - first).tolist()
        codes, day = np.unique(self.day_codes[at], return_inverse=True)
        params["day"] = [self.days[c] for c in codes]
        params["d"] = day.tolist()
        params["pe"] = [nodes.get(p) for p in params["person"]]
        params["te"] = [nodes.get(t) for t in params["to"]]
        params["fe"] = [nodes.get(f) if f is not None else None for f in params["from"]]
        extras = []
        for move_id, extra in zip(params["id"], self.extra[at].tolist()):
            if isinstance(extra, dict) and extra:
                kept = {name: v for name, v in extra.items() if name not in MOVE_PROPERTIES}
                if kept:
                    extras.append({"id": move_id, "extra": kept})
        return _MoveBatch(params, stop - start, last - first, extras, look_up)


class _StaleNodeIds(Exception):
    """A person or org was not where its elementId said: write the batch finding them by id."""


@dataclass
class _MoveBatch:
    params: dict[str, list[Any]]
    size: int
    reports: int
    extras: list[dict[str, Any]]
    look_up: bool  # False: every move is new (none in the graph when the load started)
    # "node": persons and orgs by elementId; "id": by their ids; "merge": every move MERGEd.
    mode: str = "node"

    def __len__(self) -> int:
        return self.size

    def work(self, tx: neo4j.ManagedTransaction) -> None:
        ids = self.params["id"]
        if self.mode == "merge":
            fresh, old = [], list(range(len(ids)))
        elif not self.look_up:
            fresh, old = list(range(len(ids))), []
        else:
            old = tx.run(MOVES_EXISTING, id=ids).single(strict=True)["old"]
            known = set(old)
            fresh = [i for i in range(len(ids)) if i not in known] if known else list(range(len(ids)))
        if fresh:
            statement = MOVES_CREATE if self.mode == "node" else MOVES_CREATE_BY_ID
            created = tx.run(statement, self.params, rows=fresh).single(strict=True)["created"]
            if self.mode == "node" and created != len(fresh):
                raise _StaleNodeIds  # the transaction rolls back; _move_batch writes it again by id
        if old:
            tx.run(MOVES_MERGE, self.params, rows=old).consume()
        if self.extras:
            tx.run(MOVES_EXTRA, rows=self.extras).consume()


@dataclass
class GraphWriter:
    """Writes a :class:`GraphData` with ``execute(work)``: one managed write transaction.

    ``written`` counts the rows of each kind whose transaction was confirmed; after a
    failure, ``maybe_more`` says that a batch's commit was sent but never confirmed (it may
    be in the graph).
    """

    execute: Callable[[Work[Any]], Any]
    batch_size: int
    workers: int = 2
    written: dict[str, int] = field(default_factory=dict)
    maybe_more: bool = False
    kind: str = ""

    def write(self, graph: GraphData, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        nodes: dict[str, str] = {}  # person or org id -> elementId

        def done(kind: str, rows: int, result: Any = None) -> None:
            self.written[kind] = self.written.get(kind, 0) + rows
            if result:
                nodes.update(result)
            if progress:
                progress(kind, rows)

        orgs = graph.orgs
        org_rows = _records(orgs, ["id", "name", "aliases", "kind", "country", "registered"])
        self._serial("orgs", _row_batches(org_rows, self.batch_size), self._nodes_writer(WRITES["orgs"]), done)
        links = {
            "part_of": _records(orgs[orgs["parent"].notna()], ["id", "parent"]),
            "merged_into": _records(orgs[orgs["merged_into"].notna()], ["id", "merged_into", "merged"]),
        }
        for kind, rows in links.items():
            self._serial(kind, _row_batches(rows, self.batch_size), self._rows_writer(WRITES[kind]), done)
        empty = self.execute(lambda tx: tx.run(EMPTY).single(strict=True).data())
        persons = {"id": column(graph.persons["id"]), "name": column(graph.persons["name"])}
        merge_persons = self._nodes_writer(WRITES["persons"], columns=True)
        if empty["no_persons"]:
            create_persons = self._nodes_writer(PERSONS_CREATE, columns=True)

            def write_persons(batch: dict[str, list[Any]]) -> dict[str, str]:
                try:
                    return create_persons(batch)
                except ConstraintError:  # someone else wrote one of them meanwhile
                    return merge_persons(batch)
        else:
            write_persons = merge_persons
        self._parallel("persons", list(_column_batches(persons, self.batch_size)), write_persons, done,
                       size=lambda b: len(b["id"]))
        moves = _Moves.of(graph, by_person=self.workers > 1, new_sources=empty["no_sources"])
        self.written |= {"moves": 0, "reports": 0}
        n = len(moves)

        def write_moves(span: tuple[int, int]) -> int:
            return self._move_batch(moves.batch(*span, nodes, look_up=not empty["no_moves"]))

        def moves_done(kind: str, rows: int, reports: int) -> None:
            self.written["reports"] += reports
            done(kind, rows)

        self._parallel("moves", [(a, min(n, a + self.batch_size)) for a in range(0, n, self.batch_size)],
                       write_moves, moves_done, size=lambda span: span[1] - span[0])
        stints = _records(graph.stints, ["person_id", "org", "start", "end", "role"])
        self._serial("stints", _row_batches(stints, self.batch_size), self._rows_writer(WRITES["stints"]), done)
        return self.written

    def _rows_writer(self, statement: str) -> Callable[[list[dict]], None]:
        def write(rows: list[dict]) -> None:
            self.execute(lambda tx: tx.run(statement, rows=rows).consume())

        return write

    def _nodes_writer(self, statement: str, columns: bool = False) -> Callable[[Any], dict[str, str]]:
        """A batch writer returning {id: elementId} of the nodes it wrote."""

        def write(batch: Any) -> dict[str, str]:
            def work(tx: neo4j.ManagedTransaction) -> dict[str, str]:
                result = tx.run(statement, batch) if columns else tx.run(statement, rows=batch)
                record = result.single(strict=True)
                return dict(zip(record["ids"], record["nodes"]))

            return self.execute(work)

        return write

    def _move_batch(self, batch: _MoveBatch) -> int:
        while True:
            try:
                self.execute(batch.work)
                return batch.reports
            except _StaleNodeIds:
                batch.mode = "id"
            except ConstraintError:
                # One of these moves was committed by another writer (after our look-up, or
                # while we skipped it), or by this batch itself when a retry followed a
                # commit whose confirmation was lost. Nothing of this attempt was written
                # (the transaction failed whole): look up which exist, then MERGE them all.
                if batch.mode == "merge":
                    raise
                if batch.look_up:
                    batch.mode = "merge"
                batch.look_up = True

    # -- running batches ---------------------------------------------------------------
    def _serial(self, kind: str, batches: Iterator[Any], write: Callable[[Any], Any],
                done: Callable[..., None]) -> None:
        self.kind = kind
        self.written.setdefault(kind, 0)
        for batch in batches:
            result = write(batch)
            done(kind, len(batch), result)

    def _parallel(self, kind: str, batches: list[Any], write: Callable[[Any], Any], done: Callable[..., None],
                  size: Callable[[Any], int] = len) -> None:
        """Run the batches in ``workers`` sessions; the last, short batch alone at the end.

        The short batch waits for all full ones, so the number of rows committed is always a
        whole number of full batches until the very end (what a reader counting moves, or
        an error message, can rely on).
        """
        self.kind = kind
        self.written.setdefault(kind, 0)
        if self.workers <= 1 or len(batches) <= 1:
            for batch in batches:
                done(kind, size(batch), write(batch))
            return
        full = [b for b in batches if size(b) == self.batch_size]
        short = [b for b in batches if size(b) != self.batch_size]
        with ThreadPoolExecutor(self.workers, thread_name_prefix="talentgraph-load") as pool:
            for group in (full, short):
                futures: dict[Future[Any], Any] = {pool.submit(write, b): b for b in group}
                pending = set(futures)
                try:
                    while pending:
                        # Not FIRST_EXCEPTION: that returns only once all are done (unless one
                        # fails), and progress would stand still until the end of the load.
                        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                        failed = [f for f in finished if f.exception() is not None]
                        for f in finished:
                            if f.exception() is None:
                                done(kind, size(futures[f]), f.result())
                        if failed:
                            self.maybe_more |= any(isinstance(f.exception(), IncompleteCommit) for f in failed)
                            self._stop(pending, futures, kind, size, done)
                            raise failed[0].exception()  # type: ignore[misc]
                except BaseException:
                    # Ctrl-C included: the pool would otherwise run every batch still queued.
                    for f in pending:
                        f.cancel()
                    raise

    def _stop(self, pending: set[Future[Any]], futures: dict[Future[Any], Any], kind: str,
              size: Callable[[Any], int], done: Callable[..., None]) -> None:
        """After a failed batch: start no other, let those under way end, count them."""
        for f in pending:
            f.cancel()
        for f in pending:
            if f.cancelled():
                continue
            error = f.exception()  # waits
            if error is None:
                done(kind, size(futures[f]), f.result())
            elif isinstance(error, IncompleteCommit):
                self.maybe_more = True


def _row_batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _column_batches(cols: dict[str, list[Any]], size: int) -> Iterator[dict[str, list[Any]]]:
    n = len(next(iter(cols.values()), []))
    for start in range(0, n, size):
        yield {name: values[start : start + size] for name, values in cols.items()}


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows of a small table as dicts (orgs, links, stints), converted like :func:`column`."""
    values = [column(frame[c]) for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]
