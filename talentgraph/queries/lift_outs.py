"""Lift-outs: when did a team leave one unit together for the same org?

A **lift-out** is a burst (see :mod:`talentgraph.queries.bursts`) in which every person
left the same unit: the origin is the org exactly as named in the move (FAIR, not Meta),
while the destination is taken at the requested ``level`` (at ``org`` level, a move to
TBD Lab counts for Meta). For each unit and destination, the counted moves (see
:mod:`talentgraph.queries.counted`) are taken in date order, and a lift-out is a longest
possible run of them in which each move is dated at most ``gap_days`` days after the
one before it; ``start`` and ``end`` are the dates of its first and last move, ``moves``
the number of moves and ``people`` the names of the people who made them. Only
lift-outs of at least ``min_moves`` moves are listed. Moves with an unknown origin, and
moves internal at the requested level (FAIR -> TBD Lab at ``org`` level), are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.bursts import PAIR_MOVES, RUN_PEOPLE, RUNS, find_runs
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import EVERY_ORIGIN, counted

TITLE = "Lift-outs: teams leaving one unit together"
PARAMS = (
    *COMMON_PARAMS,
    Param("gap_days", "int", 30, "a lift-out continues while each move is at most this many days after the one before"),
    Param("min_moves", "int", 3, "list only lift-outs of at least this many moves"),
)
COLUMNS = {
    "from_unit": "str", "to_org": "str", "start": "date", "end": "date", "moves": "int", "people": "names",
}
SORT = (("moves", False), ("start", True))

# The runs of bursts, by the origin as named (each origin org at the level still has its
# own subquery, which sees its units); moves internal at $level are still left out.
SPLIT_BY_ORIGIN = True
CYPHER = EVERY_ORIGIN + """
CALL (focus, units) {
  """ + PAIR_MOVES + """
  WITH from_unit AS origin, dest, collect(dates) AS dates, collect(moves) AS moves""" + RUNS + """
  RETURN origin.name AS from_unit, dest.name AS to_org, start, `end`, moves, """ + RUN_PEOPLE + """
}
RETURN from_unit, to_org, start, `end`, moves, people
ORDER BY moves DESC, start, from_unit, to_org
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
    moves = moves.take(moves.from_unit >= 0)
    lift_outs = find_runs(moves, moves.from_unit, gap_days, min_moves)
    names = moves.codes.org_name
    lift_outs["from_unit"] = names[lift_outs.pop("origin").to_numpy(dtype=np.int64)]
    lift_outs["to_org"] = names[lift_outs.pop("dest").to_numpy(dtype=np.int64)]
    return lift_outs
