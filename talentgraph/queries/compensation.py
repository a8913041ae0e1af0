"""What pay packages are reported, by the org people joined?

Takes the counted moves (see :mod:`talentgraph.queries.counted`) that carry a reported
``compensation_usd`` figure in US dollars, grouped by destination. When several reports
of one move give different figures, the move keeps the largest. ``reports`` is the number
of such moves, ``median_usd`` the median of their figures (the mean of the two middle
figures when there is an even number) and ``max_usd`` the largest. A move with an unknown
origin counts here (only its destination matters); a move inside one org (at ``org``
level, FAIR -> TBD Lab) does not. ``kind`` keeps only one kind of figure (signing bonus,
annual package, total package, other); by default every kind is counted together. Only
orgs with at least ``min_reports`` moves are listed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentgraph.graph.model import COMPENSATION_KINDS, GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import DEST_AT_LEVEL, MOVE_FILTER, ORIGIN_AT_LEVEL, counted

TITLE = "Reported compensation by destination"
PARAMS = (
    *COMMON_PARAMS,
    Param("kind", "choice", None, "count only this kind of figure (default: every kind)",
          choices=COMPENSATION_KINDS),
    Param("min_reports", "int", 1, "list only orgs with at least this many moves with a figure"),
)
COLUMNS = {"org": "str", "reports": "int", "median_usd": "float", "max_usd": "float"}
SORT = (("median_usd", False),)

# percentileCont(x, 0.5) interpolates between the two middle values, like a median.
# COUNTED_MOVES with the test for a figure in its first WHERE: at a million moves one in
# twenty has one, and only those are followed to their person and origin and rolled up.
CYPHER = """MATCH (:Person)-[:MADE]->(m:Move)-[:TO]->(to_unit:Org)
WHERE """ + MOVE_FILTER + """
  AND m.compensation_usd IS NOT NULL AND ($kind IS NULL OR m.compensation_kind = $kind)
OPTIONAL MATCH (m)-[:FROM]->(from_unit:Org)
WITH m, """ + DEST_AT_LEVEL + """ AS dest,
     """ + ORIGIN_AT_LEVEL + """ AS origin
WHERE origin IS NULL OR origin <> dest
WITH dest, count(m) AS reports, percentileCont(m.compensation_usd, 0.5) AS median_usd,
     max(m.compensation_usd) AS max_usd
WHERE reports >= $min_reports
RETURN dest.name AS org, reports, median_usd, max_usd
ORDER BY median_usd DESC, org
"""


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    kind: str | None,
    min_reports: int,
) -> pd.DataFrame:
    moves = counted(data, since, until, level, include_status)
    usd = data.moves["compensation_usd"].to_numpy(dtype=float, na_value=np.nan)[moves.row]
    paid = ~np.isnan(usd)
    if kind is not None:
        paid &= data.moves["compensation_kind"].to_numpy(dtype=object)[moves.row] == kind
    paid_moves = pd.DataFrame({"to_id": moves.dest[paid], "compensation_usd": usd[paid]})
    table = paid_moves.groupby("to_id").agg(
        reports=("compensation_usd", "size"),
        median_usd=("compensation_usd", "median"),
        max_usd=("compensation_usd", "max"),
    )
    table["org"] = moves.codes.org_name[table.index.to_numpy(dtype=np.int64)]
    return table[table["reports"] >= min_reports].reset_index(drop=True)
