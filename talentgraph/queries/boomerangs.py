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

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS
from talentgraph.queries.counted import PERSON_COUNTED_MOVES, counted, iso_dates

TITLE = "Boomerangs: people who left and came back"
PARAMS = COMMON_PARAMS
COLUMNS = {"person": "str", "org": "str", "left": "date", "returned": "date", "days_away": "int"}
SORT = (("person", True), ("org", True), ("left", True))

# Each person's counted moves (COUNTED_MOVES written from the person) are gathered in a
# subquery of their own, not by grouping the million moves by person. Each move (back) is
# matched with the earlier moves out of its destination (out) in a list expression, not by
# unwinding every pair of moves into rows: 3 million rows at a million moves. People with
# one counted move cannot have come back.
CYPHER = """MATCH (p:Person)
CALL (p) {
  """ + PERSON_COUNTED_MOVES + """
  RETURN collect({date: m.date, origin: origin, dest: dest}) AS moves
}
WITH p, moves
WHERE size(moves) > 1
UNWIND moves AS back
WITH p, back,
     [out IN moves WHERE out.origin = back.dest AND out.date < back.date | out.date] AS lefts
WHERE size(lefts) > 0
WITH p, back.date AS returned, back.dest AS org,
     reduce(last = lefts[0], d IN lefts | CASE WHEN d > last THEN d ELSE last END) AS left
RETURN p.name AS person, org.name AS org, left, returned,
       duration.inDays(left, returned).days AS days_away
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
    moves = counted(data, since, until, level, include_status)
    out = moves.origin >= 0
    if not out.any():
        return pd.DataFrame(columns=list(COLUMNS))
    n_out = int(out.sum())
    # (person, org) numbered alike for departures (the org left) and returns (the org
    # joined); then (person, org, date) as one sorted integer: the departure a return
    # pairs with is the largest key below the return's own.
    person_org = np.r_[moves.person[out] * moves.codes.n_orgs + moves.origin[out],
                       moves.person * moves.codes.n_orgs + moves.dest]
    visit = np.unique(person_org, return_inverse=True)[1].ravel()
    dates, date_rank = moves.codes.move_day_rank
    n_dates = len(dates)
    day = date_rank[moves.row]
    departures = np.sort(visit[:n_out] * n_dates + day[out])
    before = np.searchsorted(departures, visit[n_out:] * n_dates + day, side="left") - 1
    paired = before >= 0
    before[~paired] = 0
    paired &= departures[before] // n_dates == visit[n_out:]
    back = moves.take(paired)
    left = dates[departures[before[paired]] % n_dates]
    return pd.DataFrame({
        "person": moves.codes.person_name[back.person],
        "org": moves.codes.org_name[back.dest],
        "left": iso_dates(left),
        "returned": iso_dates(back.date),
        "days_away": (back.date - left) // np.timedelta64(1, "D"),
    })
