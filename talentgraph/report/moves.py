"""The moves behind the report's numbers, read once from either backend.

The report's numbers come from the catalog queries (``tg.query``); this module reads the
individual moves those numbers count, so that each number can name them. It reads the
**counted moves** of :mod:`talentgraph.queries.counted` at ``unit`` level (orgs as named,
every date) with their top-level orgs beside them, so one read serves both levels: at
``org`` level the report keeps the rows whose two top-level orgs differ. On the
in-process backend that is :func:`~talentgraph.queries.counted.counted_moves` itself; on
Neo4j it is the same ``COUNTED_MOVES`` Cypher the queries start from.

Sources (URL, outlet, date, quote) are read afterwards, only for the moves the report
shows, so a million-move graph costs one pass over the moves and a small lookup.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentgraph.graph.memory import MemoryBackend
from talentgraph.graph.neo4j_schema import READS
from talentgraph.queries.catalog import counted_statuses
from talentgraph.queries.counted import COUNTED_MOVES, OrgIndex, counted_moves

__all__ = ["MOVE_COLUMNS", "read_moves", "read_sources"]

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
    """Every counted move at unit level, with the columns of :data:`MOVE_COLUMNS`."""
    if isinstance(backend, MemoryBackend):
        data = backend.data
        rows = counted_moves(data, None, None, "unit", include_status)
        rows = rows.rename(columns={"from_org": "from_unit", "to_org": "to_unit"})
        orgs = data.orgs
    else:
        params = {"statuses": counted_statuses(include_status), "since": None, "until": None, "level": "unit"}
        rows = backend.read(_MOVES_CYPHER, params)
        orgs = backend.read(READS["orgs"])
        if rows.empty:
            rows = pd.DataFrame(columns=[c for c in MOVE_COLUMNS if "_top" not in c and c not in
                                         ("from_unit", "to_unit")])
        rows["date"] = pd.to_datetime(rows["date"])
        rows["compensation_usd"] = pd.to_numeric(rows["compensation_usd"])
    index = OrgIndex(orgs)
    rows["from_unit"] = rows["from_unit_id"].map(index.name)
    rows["to_unit"] = rows["to_unit_id"].map(index.name)
    rows["from_top_id"] = rows["from_unit_id"].map(index.top)
    rows["to_top_id"] = rows["to_unit_id"].map(index.top)
    rows["from_top"] = rows["from_top_id"].map(index.name)
    rows["to_top"] = rows["to_top_id"].map(index.name)
    rows = rows.reindex(columns=MOVE_COLUMNS)
    for column in ("role", "precision", "status"):
        rows[column] = rows[column].fillna("").astype(str)
    # Date order (then person, then id) everywhere: the moves behind a number are listed so.
    rows = rows.sort_values(["date", "person", "move_id"], kind="stable").reset_index(drop=True)
    return rows


def read_sources(backend: Any, move_ids: list[str]) -> pd.DataFrame:
    """The reports of the given moves: ``move_id, url, outlet, published, quote`` (text, "" when absent)."""
    columns = ["move_id", "url", "outlet", "published", "quote"]
    if not move_ids:
        return pd.DataFrame(columns=columns)
    if isinstance(backend, MemoryBackend):
        data = backend.data
        reports = data.reports[data.reports["move_id"].isin(set(move_ids))]
        frame = reports.merge(data.sources, left_on="source_id", right_on="id", how="left")
        frame["published"] = frame["published"].map(_iso)
    else:
        frame = pd.concat(
            [backend.read(_SOURCES_CYPHER, {"ids": move_ids[i : i + 10_000]})
             for i in range(0, len(move_ids), 10_000)],
            ignore_index=True,
        )
    frame = frame.reindex(columns=columns)
    for column in columns:
        frame[column] = frame[column].map(_text)
    return frame.sort_values(["move_id", "published", "outlet", "url"], kind="stable").reset_index(drop=True)


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
