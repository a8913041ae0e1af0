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

import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_MOVES, counted_moves, names

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
    moves = counted_moves(data, since, until, level, include_status)
    moves = moves[moves["from_id"].notna()]
    bursts = find_runs(moves, "from_id", "to_id", gap_days, min_moves)
    org_name = dict(zip(moves["from_id"], moves["from_org"])) | dict(zip(moves["to_id"], moves["to_org"]))
    bursts["from_org"] = bursts["origin"].map(org_name)
    bursts["to_org"] = bursts["dest"].map(org_name)
    return bursts


def find_runs(moves: pd.DataFrame, origin: str, dest: str, gap_days: int, min_moves: int) -> pd.DataFrame:
    """The bursts among counted moves, grouped by the columns ``origin`` and ``dest``.

    Returns one row per run of at least ``min_moves`` moves, with the columns
    ``origin``, ``dest`` (the ids in those columns), ``start``, ``end``, ``moves``, ``people``.
    """
    columns = ["origin", "dest", "start", "end", "moves", "people"]
    if moves.empty:
        return pd.DataFrame(columns=columns)
    ordered = moves.sort_values([origin, dest, "date"], kind="stable")
    days_after_previous = ordered.groupby([origin, dest], sort=False)["date"].diff().dt.days
    # The first move of a pair has no previous move (NaN): it always starts a run.
    starts_run = ~(days_after_previous <= gap_days)
    run_id = starts_run.cumsum()
    # Keep only the moves of long-enough runs before the per-run Python step (the names):
    # at scale almost every run is a single move.
    size = run_id.map(run_id.value_counts())
    kept = ordered[(size >= min_moves).to_numpy()]
    runs = kept.groupby(run_id[(size >= min_moves).to_numpy()], sort=False).agg(
        origin=(origin, "first"),
        dest=(dest, "first"),
        start=("date", "min"),
        end=("date", "max"),
        moves=("move_id", "size"),
        people=("person", names),
    )
    return runs.reset_index(drop=True)[columns]
