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
from talentgraph.queries.counted import (
    DEST_AMONG_UNITS,
    EVERY_ORIGIN,
    MOVES_OUT_OF_FOCUS,
    Counted,
    counted,
    iso_dates,
    people_by,
    sort_order,
)

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

# Bursts and lift_outs at a million moves: collecting every move of a pair as a map and
# sorting them all at once took more than the 2 GiB a transaction may use, so each step
# keeps little, and each origin org at the level is a subquery of its own, split between
# reads run at once as in flows (SPLIT_BY_ORIGIN). PAIR_MOVES, inside the CALL: the
# counted moves out of the origin `focus`, grouped by the orgs as named with only each
# move's date and node, so that the roll-up to $level is done once per pair of units, not
# once per move. It leaves from_unit (as named), dest (at $level), and the lists dates and
# moves.
PAIR_MOVES = MOVES_OUT_OF_FOCUS + """
  WITH from_unit, to_unit, collect(m.date) AS dates, collect(m) AS moves
  WITH from_unit, """ + DEST_AMONG_UNITS + """ AS dest, dates, moves
  WHERE dest <> focus"""
# RUNS expects one row per pair: origin, dest, and dates and moves as lists of lists (one
# per pair of units). Pairs with fewer than $min_moves moves are dropped first; each
# pair's moves are sorted on their own (many small sorts: 2 s less than one sort of all
# the moves). A run starts at a pair's first move and at every move dated more than
# $gap_days after the one before. One row per run listed: origin, dest, start, `end`,
# moves and run_moves (the move nodes), so that names are read only for the runs listed
# (a quarter of the moves), by RUN_PEOPLE.
RUNS = """
WHERE reduce(n = 0, part IN dates | n + size(part)) >= $min_moves
CALL (dates, moves) {
  UNWIND range(0, size(dates) - 1) AS part
  UNWIND range(0, size(dates[part]) - 1) AS i
  WITH dates[part][i] AS date, moves[part][i] AS m
  ORDER BY date
  RETURN collect(date) AS sorted_dates, collect(m) AS sorted_moves
}
WITH origin, dest, sorted_dates AS dates, sorted_moves AS moves, duration({days: $gap_days}) AS gap
WITH origin, dest, dates, moves, [i IN range(1, size(dates) - 1) WHERE dates[i] > dates[i - 1] + gap] AS breaks
WITH origin, dest, dates, moves, [0] + breaks AS starts, breaks + [size(dates)] AS ends
UNWIND [k IN range(0, size(starts) - 1) WHERE ends[k] - starts[k] >= $min_moves | [starts[k], ends[k]]] AS run
WITH origin, dest, dates[run[0]] AS start, dates[run[1] - 1] AS `end`, run[1] - run[0] AS moves,
     moves[run[0] .. run[1]] AS run_moves"""
RUN_PEOPLE = "[x IN run_moves | [(x)<-[:MADE]-(p:Person) | p.name][0]] AS people"

SPLIT_BY_ORIGIN = True

CYPHER = EVERY_ORIGIN + """
CALL (focus, units) {
  """ + PAIR_MOVES + """
  WITH focus AS origin, dest, collect(dates) AS dates, collect(moves) AS moves""" + RUNS + """
  RETURN origin.name AS from_org, dest.name AS to_org, start, `end`, moves, """ + RUN_PEOPLE + """
}
RETURN from_org, to_org, start, `end`, moves, people
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
