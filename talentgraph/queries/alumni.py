"""Where are the people who left an org now?

The **alumni** of the org named by ``org`` (its registry name or its id, in any case) are
the people with a counted move out of it (see :mod:`talentgraph.queries.counted`) whose
**current org** is another one. A person's current org is the destination of their
latest counted move (of two moves on the same date, the one whose destination's name
sorts last); someone who left and came back is not an alumnus. The list counts alumni
by current org, each person once. Only current orgs with at least ``min_alumni`` alumni
are listed.

At ``org`` level a unit stands for its top-level org (asking for OpenAI Zurich gives the
alumni of OpenAI), a move between two units of one org is not a departure, and an
alumnus now at another unit of the same org is not an alumnus; at ``unit`` level orgs
are taken as named. ``since`` and ``until`` keep only the moves dated between them: the
current org is then the one as of ``until``. An org that merged into another keeps, under
its own name, only the moves dated before the merger.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import FOCUS_MOVES_OUT, FOCUS_ORG, PERSON_COUNTED_MOVES, counted
from talentgraph.queries.lookup import prepare_org

TITLE = "Where the alumni of an org are now"
PARAMS = (
    *COMMON_PARAMS,
    Param("org", "str", None, "the org the alumni left: its name, an alias or its id (e.g. OpenAI)", required=True),
    Param("min_alumni", "int", 1, "list only current orgs with at least this many alumni"),
)
COLUMNS = {"current_org": "str", "alumni": "int"}
SORT = (("alumni", False),)

# $org is the org's id: talentgraph resolves the name you give to it (see prepare()).
# Reached from the focus org rather than by scanning every counted move (9 s at a million
# moves): the people with a counted move out of it (FOCUS_MOVES_OUT), then each one's own
# counted moves, in career order, for the org they are at now.
CYPHER = FOCUS_ORG + """
CALL (focus) {
  """ + FOCUS_MOVES_OUT + """
  RETURN DISTINCT p
}
CALL (p) {
  """ + PERSON_COUNTED_MOVES + """
  WITH m, dest
  ORDER BY m.date, dest.name, m.id
  WITH collect(dest) AS dests
  RETURN dests[size(dests) - 1] AS now_at
}
WITH focus, p, now_at
WHERE now_at <> focus
WITH now_at, count(p) AS alumni
WHERE alumni >= $min_alumni
RETURN now_at.name AS current_org, alumni
ORDER BY alumni DESC, current_org
"""


# Before the query runs, on either backend: the org's name -> its id (OrgNotFound when unknown).
prepare = prepare_org


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    org: str,
    min_alumni: int,
) -> pd.DataFrame:
    moves = counted(data, since, until, level, include_status)
    codes = moves.codes
    focus = codes.focus(org, level)  # `org` is an id: Backend.run prepared it
    if not len(moves):
        return pd.DataFrame(columns=list(COLUMNS))
    moves = moves.take(moves.career_order())
    n_people = len(codes.person_id)
    # A person's current org: the destination of the last move in career order.
    current = np.full(n_people, -1, dtype=np.int64)
    last = np.r_[moves.person[1:] != moves.person[:-1], True]
    current[moves.person[last]] = moves.dest[last]
    left = np.zeros(n_people, dtype=bool)
    if focus >= 0:  # -1 would pick the moves from an unknown origin
        left[moves.person[moves.origin == focus]] = True
    alumni = np.bincount(current[left & (current != focus) & (current >= 0)], minlength=codes.n_orgs)
    listed = (alumni > 0) & (alumni >= min_alumni)
    return pd.DataFrame({"current_org": codes.org_name[listed], "alumni": alumni[listed]})
