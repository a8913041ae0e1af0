"""The graph model of SPEC §2, as the tables both backends hold.

A loaded graph is a :class:`GraphData`: one pandas DataFrame per node or relationship
kind, with the columns declared here. The in-process backend queries these frames
directly; the Neo4j backend writes them as nodes and relationships::

    (:Person {id, name})-[:MADE]->(:Move {id, date, precision, status, ...})
    (:Move)-[:FROM]->(:Org)   (:Move)-[:TO]->(:Org)
    (:Move)-[:REPORTED_BY {quote}]->(:Source {id, url, outlet, published})
    (:Org)-[:PART_OF]->(:Org)   (:Org)-[:MERGED_INTO {date}]->(:Org)
    (:Person)-[:WORKED_AT {start, end, role}]->(:Org)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

__all__ = [
    "COMPENSATION_KINDS",
    "COUNTED_STATUSES",
    "ORG_KINDS",
    "PRECISIONS",
    "STATUSES",
    "STATUS_RANK",
    "GraphData",
    "Org",
]

ORG_KINDS = ("lab", "company", "university", "startup", "unit", "government", "other")
COMPENSATION_KINDS = ("signing_bonus", "annual_package", "total_package", "other")
PRECISIONS = ("year", "month", "day")

# Most certain first. `derived` (a move implied by two consecutive stints) is an inference,
# so it ranks below a press report and above hearsay. `denied` is handled apart: it wins
# only when every report of a move says denied.
STATUS_RANK = {"confirmed": 0, "reported": 1, "derived": 2, "rumored": 3, "candidate": 4, "denied": 5}
STATUSES = tuple(STATUS_RANK)
# What the canned queries count unless --include-status asks for more (SPEC §6).
COUNTED_STATUSES = ("confirmed", "reported", "derived", "rumored")


@dataclass(frozen=True)
class Org:
    """One organisation of the registry (or an unregistered one met in the data)."""

    id: str
    name: str
    kind: str = "other"
    country: str | None = None
    parent: str | None = None
    merged_into: str | None = None
    merged: dt.date | None = None
    aliases: tuple[str, ...] = ()
    registered: bool = True


# Column order of each table; both backends and every export follow it.
PERSON_COLUMNS = ["id", "name"]
ORG_COLUMNS = ["id", "name", "aliases", "kind", "country", "parent", "merged_into", "merged", "registered"]
MOVE_COLUMNS = [
    "id", "person_id", "from_org", "to_org", "date", "precision", "status",
    "role", "compensation_usd", "compensation_kind", "notes", "extra",
]
SOURCE_COLUMNS = ["id", "url", "outlet", "published"]
REPORT_COLUMNS = ["move_id", "source_id", "quote"]
STINT_COLUMNS = ["person_id", "org", "start", "end", "role"]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@dataclass
class GraphData:
    """A normalised graph: every table of the model, ready for either backend.

    ``moves.date`` is a ``datetime64`` (first day of the month or year for coarser
    precisions) and ``moves.precision`` says which. ``extra`` holds the unknown columns
    of the input, as a dict per move.
    """

    persons: pd.DataFrame = field(default_factory=lambda: _empty(PERSON_COLUMNS))
    orgs: pd.DataFrame = field(default_factory=lambda: _empty(ORG_COLUMNS))
    moves: pd.DataFrame = field(default_factory=lambda: _empty(MOVE_COLUMNS))
    sources: pd.DataFrame = field(default_factory=lambda: _empty(SOURCE_COLUMNS))
    reports: pd.DataFrame = field(default_factory=lambda: _empty(REPORT_COLUMNS))
    stints: pd.DataFrame = field(default_factory=lambda: _empty(STINT_COLUMNS))
