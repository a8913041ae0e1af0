"""The six tables of the model as plain Python rows, the common input of every export format.

Both backends hold the same facts with small differences of form (``""`` or ``None``
for a missing text, ``NaN`` or ``None`` for a missing number, lists or arrays):
:func:`normalise` irons them out so that an export from Neo4j and one from the
in-process backend are the same files. Missing values are ``None``; dates are ISO
``YYYY-MM-DD`` text; rows are sorted by their key, one per key (the last, as Neo4j's
``MERGE`` on the key keeps it).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from talentgraph.graph.model import (
    MOVE_COLUMNS,
    ORG_COLUMNS,
    PERSON_COLUMNS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
    STINT_COLUMNS,
    GraphData,
)

__all__ = ["KEYS", "Table", "Tables", "Written", "json_text", "normalise"]

# Table -> its columns (the model's order) and the kind of each column that is not text.
_COLUMNS = {
    "persons": PERSON_COLUMNS, "orgs": ORG_COLUMNS, "moves": MOVE_COLUMNS,
    "sources": SOURCE_COLUMNS, "reports": REPORT_COLUMNS, "stints": STINT_COLUMNS,
}
_KINDS = {
    "orgs": {"aliases": "list", "merged": "date", "registered": "bool"},
    "moves": {"date": "date", "compensation_usd": "float", "extra": "map"},
}
# The key of each table (the Neo4j MERGE keys), which is also the sort order.
KEYS = {
    "persons": ("id",), "orgs": ("id",), "moves": ("id",), "sources": ("id",),
    "reports": ("move_id", "source_id"), "stints": ("person_id", "org", "start"),
}


@dataclass
class Table:
    """One table: its columns, the kind of each (text, date, float, bool, list, map) and rows."""

    name: str
    columns: list[str]
    kinds: dict[str, str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


Tables = dict[str, Table]


@dataclass(frozen=True)
class Written:
    """A file an export wrote, and what it holds (e.g. ``11 rows`` or ``56 nodes, 80 edges``)."""

    path: Path
    holds: str


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value == ""


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def _date(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "iso_format"):  # neo4j.time.Date
        return value.iso_format()[:10]
    return pd.Timestamp(str(value)).strftime("%Y-%m-%d")


def _float(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def _bool(value: Any) -> bool | None:
    return None if _missing(value) else bool(value)


def _list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    items = value.tolist() if hasattr(value, "tolist") else list(value) if isinstance(value, (list, tuple)) else [value]
    return [str(v) for v in items if not _missing(v)]


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, pd.Timestamp)) or hasattr(value, "iso_format"):
        return _date(value)
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _map(value: Any) -> dict[str, Any]:
    return _plain(value) if isinstance(value, dict) else {}


_CONVERT = {"text": _text, "date": _date, "float": _float, "bool": _bool, "list": _list, "map": _map}


def json_text(value: Any) -> str | None:
    """A list or map as compact JSON text (None when empty), the form of formats with flat cells."""
    if not value:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def normalise(graph: GraphData) -> Tables:
    """Every table of ``graph`` as :class:`Table` rows with plain values, sorted by key."""
    tables: Tables = {}
    for name, columns in _COLUMNS.items():
        frame: pd.DataFrame = getattr(graph, name)
        kinds = {c: _KINDS.get(name, {}).get(c, "text") for c in columns}
        values = {c: (frame[c].tolist() if c in frame else [None] * len(frame)) for c in columns}
        rows = [
            {c: _CONVERT[kinds[c]](values[c][i]) for c in columns}
            for i in range(len(frame))
        ]
        # One row per key, the last one winning, as Neo4j's MERGE on the key keeps it (two
        # stints of one person at one org with the same start are one WORKED_AT there).
        unique = {tuple(row[k] or "" for k in KEYS[name]): row for row in rows}
        tables[name] = Table(name, list(columns), kinds, [unique[key] for key in sorted(unique)])
    return tables
