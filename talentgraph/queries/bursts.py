"""Poaching raids: when did many people move from one lab to another in a short time?

For each origin A and destination B, take the counted moves from A to B (see
:mod:`talentgraph.queries.counted`; moves with an unknown origin have no A and are left
out) in date order. A **burst** is a longest possible run of those moves in which each
move is dated at most ``gap_days`` days after the one before it; ``start`` and ``end``
are the dates of its first and last move, ``moves`` the number of moves in it and
``people`` the names of the people who made them. Only bursts of at least ``min_moves``
moves are listed. A move dated by month or year counts as the first day of that month or
year, so ``2025-06`` is 2025-06-01.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_MOVES, Counted, counted, iso_dates, people_by, sort_order

TITLE = "Bursts of moves between two orgs"
PARAMS = (
    *COMMON_PARAMS,
    Param("gap_days", "int", 30, "a burst continues while each move is at most this many days after the one before"),
    Param("min_moves", "int", 3, "list only bursts of at least this many moves"),
)
COLUMNS = {
    "from_org": "str", "to_org": "str", "start": "date", "end": "date", "moves": "int", "people": "names",
}
SORT = (("moves", False), ("start", True))

# The run detection, shared with lift_outs. It expects `origin`, `dest`, `m` (the move)
# and `p` (its person) and leaves one row per run: `origin`, `dest` and `run`, the run's
# moves as {date, person} maps in date order. A run starts at the first move of a pair
# and at every move dated more than $gap_days after the one before it.
RUNS = """
WITH origin, dest, m.date AS date, p.name AS person
ORDER BY date
WITH origin, dest, collect({date: date, person: person}) AS seq
WITH origin, dest, seq,
     [i IN range(0, size(seq) - 1)
      WHERE i = 0 OR duration.inDays(seq[i - 1].date, seq[i].date).days > $gap_days] AS starts
UNWIND range(0, size(starts) - 1) AS k
WITH origin, dest, seq[starts[k] .. coalesce(starts[k + 1], size(seq))] AS run
WHERE size(run) >= $min_moves
"""

CYPHER = COUNTED_MOVES + """
WITH origin, dest, m, p
WHERE origin IS NOT NULL
""" + RUNS + """
RETURN origin.name AS from_org, dest.name AS to_org, run[0].date AS start, run[-1].date AS `end`,
       size(run) AS moves, [x IN run | x.person] AS people
ORDER BY moves DESC, start, from_org, to_org
"""


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    gap_days: int,
    min_moves: int,
) -> pd.DataFrame:
    moves = counted(data, since, until, level, include_status)
    moves = moves.take(moves.origin >= 0)
    bursts = find_runs(moves, moves.origin, gap_days, min_moves)
    names = moves.codes.org_name
    bursts["from_org"] = names[bursts.pop("origin").to_numpy(dtype=np.int64)]
    bursts["to_org"] = names[bursts.pop("dest").to_numpy(dtype=np.int64)]
    return bursts


def find_runs(moves: Counted, origin: np.ndarray, gap_days: int, min_moves: int) -> pd.DataFrame:
    """The bursts among counted moves, grouped by ``origin`` (org codes, one per move) and ``moves.dest``.

    Returns one row per run of at least ``min_moves`` moves, with the columns
    ``origin``, ``dest`` (org codes), ``start``, ``end`` (ISO dates), ``moves``, ``people``.
    """
    order = sort_order(origin, moves.dest, moves.day)
    origin, dest, date = origin[order], moves.dest[order], moves.date[order]
    days = date.astype("datetime64[D]").astype(np.int64)
    # A run starts at a pair's first move and at each move more than gap_days after the one before.
    starts_run = np.ones(len(order), dtype=bool)
    starts_run[1:] = (origin[1:] != origin[:-1]) | (dest[1:] != dest[:-1]) | (days[1:] - days[:-1] > gap_days)
    run = np.cumsum(starts_run) - 1
    first = np.flatnonzero(starts_run)
    size = np.diff(np.r_[first, len(order)])
    # Names only for the runs listed: at scale almost every run is a single move.
    listed = size >= min_moves
    rows = listed[run]
    people = people_by(moves.codes, run[rows], moves.person[order][rows], len(size))
    first, size = first[listed], size[listed]
    return pd.DataFrame({
        "origin": origin[first],
        "dest": dest[first],
        "start": iso_dates(date[first]),
        "end": iso_dates(date[first + size - 1]),
        "moves": size,
        "people": people[listed],
    })
