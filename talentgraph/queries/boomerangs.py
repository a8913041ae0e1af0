"""Who left an org and came back?

A **boomerang** is a counted move of a person into an org (see
:mod:`talentgraph.queries.counted`) paired with the most recent counted move of the same
person out of that org dated strictly earlier: ``left`` is the date of that departure,
``returned`` the date of the return, ``days_away`` the days between them. A person who
came back twice is listed twice. Both moves must be counted moves, so both fall between
``since`` and ``until``. A return from an unknown origin counts; a departure must name
the org left.

At ``org`` level units stand for their top-level org, so leaving FAIR and coming back to
TBD Lab is a return to Meta, and a move between two units of one org is neither a
departure nor a return. At ``unit`` level orgs are taken as named. An org that merged
into another is itself before the merger date and the other after it: leaving Google
Brain in 2022 and joining "Google Brain" in 2024 is a return to Google (org level) but
not to Google Brain, which by then is Google DeepMind.
"""

from __future__ import annotations

import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS
from talentgraph.queries.counted import COUNTED_MOVES, counted_moves

TITLE = "Boomerangs: people who left and came back"
PARAMS = COMMON_PARAMS
COLUMNS = {"person": "str", "org": "str", "left": "date", "returned": "date", "days_away": "int"}
SORT = (("person", True), ("org", True), ("left", True))

CYPHER = COUNTED_MOVES + """
WITH p, collect({move: m, origin: origin, dest: dest}) AS moves
UNWIND moves AS back
UNWIND moves AS out
WITH p, back, out
WHERE out.origin = back.dest AND out.move.date < back.move.date
WITH p, back.move AS m, back.dest AS org, max(out.move.date) AS left
RETURN p.name AS person, org.name AS org, left, m.date AS returned,
       duration.inDays(left, m.date).days AS days_away
ORDER BY person, org, left
"""


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
) -> pd.DataFrame:
    moves = counted_moves(data, since, until, level, include_status)
    returns = moves[["move_id", "person_id", "person", "to_id", "to_org", "date"]]
    departures = moves.loc[moves["from_id"].notna(), ["person_id", "from_id", "date"]]
    pairs = returns.merge(
        departures, left_on=["person_id", "to_id"], right_on=["person_id", "from_id"], suffixes=("", "_out")
    )
    pairs = pairs[pairs["date_out"] < pairs["date"]]
    latest = pairs.groupby("move_id").agg(
        person=("person", "first"), org=("to_org", "first"), left=("date_out", "max"), returned=("date", "first")
    )
    latest["days_away"] = (latest["returned"] - latest["left"]).dt.days
    return latest.reset_index(drop=True)
