"""The moves behind the report's numbers, read once from either backend.

The report's numbers come from the catalog queries (``tg.query``); this module reads the
individual moves those numbers count, so that each number can name them. It reads the
**counted moves** of :mod:`talentgraph.queries.counted` at ``unit`` level (orgs as named,
every date) with their top-level orgs beside them, so one read serves both levels: at
``org`` level the report keeps the rows whose two top-level orgs differ. On the
in-process backend those are the rows of :func:`~talentgraph.queries.counted.counted`;
on Neo4j the same ``COUNTED_MOVES`` Cypher the queries start from.

The report works on a :class:`MoveTable`: the moves in date order with orgs, people and
person ids as integer codes, so that at a million moves grouping and sorting are work on
integers and text is read back only for the moves a report names. In-process the table
comes straight from the graph codes the queries share (no text column of a million rows
is built); from Neo4j, from the rows read as text.

Sources (URL, outlet, date, quote) are read afterwards, only for the moves the report
shows, so a million-move graph costs one pass over the moves and a small lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from talentgraph.graph.memory import MemoryBackend
from talentgraph.graph.neo4j_schema import READS
from talentgraph.queries.catalog import counted_statuses
from talentgraph.queries.counted import COUNTED_MOVES, OrgIndex, counted, distinct, sort_order

__all__ = ["MOVE_COLUMNS", "NO_CODE", "MoveTable", "read_move_table", "read_moves", "read_sources", "text_rank"]

# One row per counted move (unit level, every date); ids and names of both ends as named
# in the move (`*_unit`) and of their top-level orgs (`*_top`).
MOVE_COLUMNS = [
    "move_id", "person_id", "person", "date", "precision", "status", "role", "compensation_usd",
    "from_unit_id", "to_unit_id", "from_unit", "to_unit", "from_top_id", "to_top_id", "from_top", "to_top",
]

_MOVES_CYPHER = COUNTED_MOVES + """
RETURN m.id AS move_id, p.id AS person_id, p.name AS person, toString(m.date) AS date,
       m.precision AS precision, m.status AS status, m.role AS role,
       m.compensation_usd AS compensation_usd, from_unit.id AS from_unit_id, to_unit.id AS to_unit_id
"""

_SOURCES_CYPHER = """
UNWIND $ids AS id
MATCH (m:Move {id: id})-[r:REPORTED_BY]->(s:Source)
RETURN m.id AS move_id, s.url AS url, s.outlet AS outlet, toString(s.published) AS published,
       r.quote AS quote
"""


def read_moves(backend: Any, include_status: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every counted move at unit level, with the columns of :data:`MOVE_COLUMNS`, in date
    order (then person, then id)."""
    if isinstance(backend, MemoryBackend):
        table = _memory_table(backend.data, include_status)
        rows = pd.DataFrame(table.columns(np.arange(table.n), MOVE_COLUMNS), columns=MOVE_COLUMNS)
    else:
        rows = _read_rows(backend, include_status)
    for column in ("role", "precision", "status"):
        rows[column] = rows[column].fillna("").astype(str)
    return rows


def read_move_table(backend: Any, include_status: tuple[str, ...] = ()) -> MoveTable:
    """The rows of :func:`read_moves` (same order) as a :class:`MoveTable`.

    In-process it is built from the graph's integer codes, without a text column of a
    million rows; on Neo4j from the rows read as text.
    """
    if isinstance(backend, MemoryBackend):
        return _memory_table(backend.data, include_status)
    return _frame_table(_read_rows(backend, include_status))


def _read_rows(backend: Any, include_status: tuple[str, ...]) -> pd.DataFrame:
    """The counted moves from a Neo4j backend, as text rows in date order (nulls left as read)."""
    params = {"statuses": counted_statuses(include_status), "since": None, "until": None, "level": "unit"}
    rows = backend.read(_MOVES_CYPHER, params)
    if rows.empty:
        rows = pd.DataFrame(columns=[c for c in MOVE_COLUMNS if "_top" not in c and c not in ("from_unit", "to_unit")])
    rows["date"] = pd.to_datetime(rows["date"])
    rows["compensation_usd"] = pd.to_numeric(rows["compensation_usd"])
    index = OrgIndex(backend.read(READS["orgs"]))
    from_names, from_tops, from_top_names = _org_columns(rows["from_unit_id"], index)
    to_names, to_tops, to_top_names = _org_columns(rows["to_unit_id"], index)
    rows = rows.assign(from_unit=from_names, to_unit=to_names, from_top_id=from_tops, to_top_id=to_tops,
                       from_top=from_top_names, to_top=to_top_names).reindex(columns=MOVE_COLUMNS)
    # Date order (then person, then id) everywhere: the moves behind a number are listed so.
    day = _rank(rows["date"].to_numpy())
    person = text_rank(rows["person"].to_numpy(dtype=object))
    order = _with_id_ties(day, person, rows["move_id"].to_numpy(dtype=object))
    return rows.take(order).reset_index(drop=True)


class MoveTable:
    """The counted moves as integer codes, in date order (then person, then id).

    Names of orgs (both levels share one numbering) and of people, and person ids, are
    codes (-1: none, e.g. an unknown origin), so a report groups, sorts and compares a
    million moves as integers; :meth:`columns` gives the text of the few rows it names.
    """

    def __init__(self, *, move_id: np.ndarray, date: np.ndarray, person_id: np.ndarray, person: np.ndarray,
                 person_names: np.ndarray, org_names: np.ndarray, from_unit: np.ndarray, to_unit: np.ndarray,
                 from_top: np.ndarray, to_top: np.ndarray, internal: np.ndarray, paid: np.ndarray,
                 day: np.ndarray, columns: Callable[[np.ndarray, list[str]], dict[str, np.ndarray]]) -> None:
        self.n = len(move_id)
        self.move_id = move_id
        self.date = date
        self.day = day  # the date's rank among the distinct dates: a small integer to sort on
        # year * 12 + month - 1 (datetime64[M] counts months from 1970-01).
        self.month = date.astype("datetime64[M]").astype(np.int64) + 1970 * 12
        self.person_id = person_id
        self.person = person
        self.person_names = person_names
        self.org_names = org_names
        self.from_unit, self.to_unit, self.from_top, self.to_top = from_unit, to_unit, from_top, to_top
        self.internal = internal  # at org level: both ends in one top-level org (an unknown origin never is)
        self.paid = paid  # a compensation is reported
        self._columns = columns
        self._org_code: dict[str, int] | None = None
        self._person_index: pd.Index | None = None

    def columns(self, rows: np.ndarray, names: list[str]) -> dict[str, np.ndarray]:
        """Columns of :data:`MOVE_COLUMNS` (values as :func:`read_moves` has them) for these rows."""
        return self._columns(rows, names)

    def org(self, name: Any) -> int:
        """The code of an org name; :data:`NO_CODE` when no move has it."""
        if self._org_code is None:
            self._org_code = {n: i for i, n in enumerate(self.org_names.tolist())}
        return self._org_code.get(name, NO_CODE) if isinstance(name, str) else NO_CODE

    def people(self, names: list[Any]) -> np.ndarray:
        """The codes of person names (:data:`NO_CODE` for a name no move has)."""
        if self._person_index is None:
            self._person_index = pd.Index(self.person_names)
        found = self._person_index.get_indexer(names)
        return np.where(found >= 0, found, NO_CODE)

    @cached_property
    def org_rank(self) -> np.ndarray:
        """Each org name code's place among the names sorted as text; a last entry (code -1) after all."""
        return np.append(text_rank(self.org_names), len(self.org_names))


NO_CODE = -2  # the code of a name no move has: equal to no code (-1 is "none") and in no group


def _memory_table(data: Any, include_status: tuple[str, ...]) -> MoveTable:
    """The table from :func:`~talentgraph.queries.counted.counted` (the rows of
    ``counted_moves`` at unit level) and the graph codes the queries share."""
    c = counted(data, None, None, "unit", include_status)
    codes = c.codes
    moves = data.moves
    # Sorted as read_moves sorts: by day and person name (ranks the queries share; no name last).
    ranks, names = codes.person_names_sorted
    name_rank = np.where(ranks[c.person] < 0, len(names), ranks[c.person])
    order = _with_id_ties(codes.move_day_rank[1][c.row], name_rank, moves["id"].to_numpy(dtype=object)[c.row])
    row, person, from_unit, to_unit = c.row[order], c.person[order], c.from_unit[order], c.to_unit[order]
    from_top = np.where(from_unit >= 0, codes.org_top[from_unit], -1)
    to_top = codes.org_top[to_unit]
    org_names, name_of = _names(codes.org_name)
    person_names, person_name_of = _names(codes.person_name)
    no_id = len(codes.person_id) - 1  # the person code of "no id"

    def columns(rows: np.ndarray, names: list[str]) -> dict[str, np.ndarray]:
        at = row[rows]
        orgs = {"from_unit": from_unit[rows], "to_unit": to_unit[rows], "from_top": from_top[rows],
                "to_top": to_top[rows]}
        out = {}
        for name in names:
            if name in ("move_id", "date", "precision", "status", "role", "compensation_usd", "person_id"):
                out[name] = moves["id" if name == "move_id" else name].to_numpy()[at]
            elif name == "person":
                out[name] = codes.person_name[person[rows]]
            elif name.endswith("_id"):  # from_unit_id ... to_top_id
                out[name] = _or_none(codes.org_id, orgs[name[:-3]])
            else:
                out[name] = _or_none(codes.org_name, orgs[name])
        return out

    return MoveTable(
        move_id=moves["id"].to_numpy(dtype=object)[row], date=codes.move_date[row],
        person_id=np.where(person < no_id, person, -1), person=person_name_of[person], person_names=person_names,
        org_names=org_names, from_unit=name_of[from_unit], to_unit=name_of[to_unit], from_top=name_of[from_top],
        to_top=name_of[to_top], internal=(from_top == to_top) & (from_unit >= 0),
        paid=moves["compensation_usd"].notna().to_numpy()[row], day=codes.move_day_rank[1][row], columns=columns,
    )


def _frame_table(rows: pd.DataFrame) -> MoveTable:
    """The table of rows read as text (from Neo4j), in their order."""
    n = len(rows)
    person, person_names = pd.factorize(rows["person"].to_numpy(dtype=object))
    # Orgs at both levels share one numbering of names.
    ends = ["from_unit", "to_unit", "from_top", "to_top"]
    factorized = {c: pd.factorize(rows[c].to_numpy(dtype=object)) for c in ends}
    org_names = pd.unique(np.concatenate([np.asarray(u, dtype=object) for _, u in factorized.values()]))
    index = pd.Index(org_names)
    org_codes = {c: np.append(index.get_indexer(uniques), -1)[codes] for c, (codes, uniques) in factorized.items()}
    # Internal at org level: the same top-level org id at both ends (as the queries compare them).
    top_ids = pd.factorize(np.concatenate([rows["from_top_id"].to_numpy(dtype=object),
                                           rows["to_top_id"].to_numpy(dtype=object)]))[0]
    date = rows["date"].to_numpy()

    def columns(chosen: np.ndarray, names: list[str]) -> dict[str, np.ndarray]:
        return {name: rows[name].to_numpy()[chosen] for name in names}

    return MoveTable(
        move_id=rows["move_id"].to_numpy(dtype=object), date=date,
        person_id=pd.factorize(rows["person_id"].to_numpy(dtype=object))[0].astype(np.int64),
        person=person.astype(np.int64), person_names=np.asarray(person_names, dtype=object),
        org_names=np.asarray(org_names, dtype=object), **{c: org_codes[c].astype(np.int64) for c in ends},
        internal=(top_ids[:n] == top_ids[n:]) & (top_ids[:n] >= 0),
        paid=rows["compensation_usd"].notna().to_numpy(), day=_rank(date), columns=columns,
    )


def _names(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct names, each value's name code with a last -1 for code -1): codes by name, so
    two orgs (or people) named alike are one group, as a group-by on names makes them."""
    codes, names = pd.factorize(values)
    return np.asarray(names, dtype=object), np.append(codes, -1).astype(np.int64)


def _org_columns(ids: pd.Series, index: OrgIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(name, top-level id, top-level name) of each org id (None when unknown), looked up once per distinct id."""
    codes, uniques = pd.factorize(ids)
    tops = [index.top.get(org) for org in uniques]
    tables = (
        np.array([*(index.name.get(org) for org in uniques), None], dtype=object),
        np.array([*tops, None], dtype=object),
        np.array([*(index.name.get(top) for top in tops), None], dtype=object),
    )
    return tuple(table[codes] for table in tables)  # code -1 (no id) picks the trailing None


def _or_none(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    out = values[codes]
    out[codes < 0] = None
    return out


def _with_id_ties(day: np.ndarray, person: np.ndarray, move_ids: np.ndarray) -> np.ndarray:
    """Positions sorting the rows by day, then person (integer ranks), then move id, stable, as
    ``sort_values(["date", "person", "move_id"], kind="stable")`` sorts them: the million ids
    are compared as text only within the few (day, person) ties."""
    order = sort_order(day, person)
    tied = (day[order][1:] == day[order][:-1]) & (person[order][1:] == person[order][:-1])
    if not tied.any():
        return order
    # Rank the ids of the tied rows only, then sort once more with that rank as a third key.
    in_tie = np.zeros(len(order), dtype=bool)
    in_tie[order[1:][tied]] = True
    in_tie[order[:-1][tied]] = True
    rows = np.flatnonzero(in_tie)
    ids = move_ids[rows].tolist()
    by_id = sorted(range(len(rows)), key=ids.__getitem__)
    id_rank = np.zeros(len(order), dtype=np.int64)
    id_rank[rows[by_id]] = np.arange(len(rows))
    return sort_order(day, person, id_rank)


def _rank(dates: np.ndarray) -> np.ndarray:
    """Each date's rank among the distinct dates (a missing date after all): a small sort key."""
    missing = np.isnat(dates)
    stamps = dates.astype("datetime64[us]").view(np.int64)
    uniques = distinct(stamps[~missing])
    rank = np.full(len(dates), len(uniques), dtype=np.int64)
    rank[~missing] = np.searchsorted(uniques, stamps[~missing])
    return rank


def text_rank(values: Any) -> np.ndarray:
    """Each value's rank among the distinct texts in Python's order (equal texts, equal ranks;
    a missing one after all): the order ``sort_values`` gives text, as integers."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    order = sorted(range(len(uniques)), key=uniques.__getitem__)
    rank = np.empty(len(uniques) + 1, dtype=np.int64)
    rank[order] = np.arange(len(uniques))
    rank[-1] = len(uniques)  # code -1
    return rank[codes]


def read_sources(backend: Any, move_ids: list[str]) -> pd.DataFrame:
    """The reports of the given moves: ``move_id, url, outlet, published, quote`` (text, "" when absent),
    sorted by move id, date, outlet and URL."""
    columns = ["move_id", "url", "outlet", "published", "quote"]
    if not move_ids:
        return pd.DataFrame(columns=columns)
    if isinstance(backend, MemoryBackend):
        data = backend.data
        reports = data.reports[data.reports["move_id"].isin(set(move_ids))]
        # Only the sources those reports cite take part in the join (the same rows, a smaller table).
        sources = data.sources[data.sources["id"].isin(set(reports["source_id"].tolist()))]
        frame = reports.merge(sources, left_on="source_id", right_on="id", how="left")
        frame["published"] = [v if type(v) is str else _iso(v) for v in frame["published"].tolist()]
    else:
        frame = pd.concat(
            [backend.read(_SOURCES_CYPHER, {"ids": move_ids[i : i + 10_000]})
             for i in range(0, len(move_ids), 10_000)],
            ignore_index=True,
        )
    frame = frame.reindex(columns=columns)
    text = {column: np.array([v if type(v) is str else _text(v) for v in frame[column].tolist()], dtype=object)
            for column in columns}
    # Sorted on integer ranks of the texts (stable), as sort_values(..., kind="stable") sorts them.
    order = sort_order(*(text_rank(text[c]) for c in ("move_id", "published", "outlet", "url")))
    return pd.DataFrame({column: values[order] for column, values in text.items()}, columns=columns)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _iso(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)
