"""Between two labs, is talent "k times more likely to go A->B than B->A"?

For each **pair** of orgs, ``a_to_b`` is the number of counted moves (see
:mod:`talentgraph.queries.counted`) from A to B and ``b_to_a`` the number from B to A.
Moves with an unknown origin belong to no pair. A pair is listed when
``a_to_b + b_to_a`` is at least ``min_total``; it is turned so that ``a_to_b`` is the
larger count (on a tie, ``org_a`` is the name that sorts first).
``ratio`` = ``a_to_b / b_to_a``, and ``inf`` (infinite) when nobody went from B to A.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_MOVES, counted_moves

TITLE = "Asymmetric flows between pairs of orgs"
PARAMS = (
    *COMMON_PARAMS,
    Param("min_total", "int", 3, "list only pairs with at least this many moves in both directions together"),
)
COLUMNS = {"org_a": "str", "org_b": "str", "a_to_b": "int", "b_to_a": "int", "ratio": "float"}
SORT = (("ratio", False),)

# Flows per ordered pair, folded onto the unordered pair {x, y} (x: the name that sorts
# first), then turned so that a_to_b >= b_to_a. 1.0 / 0.0 is a float division: Infinity.
CYPHER = COUNTED_MOVES + """
WITH origin, dest, count(m) AS moves
WHERE origin IS NOT NULL
WITH origin, moves,
     CASE WHEN origin.name < dest.name OR (origin.name = dest.name AND origin.id < dest.id)
          THEN [origin, dest] ELSE [dest, origin] END AS pair
WITH pair[0] AS x, pair[1] AS y, origin, moves
WITH x, y,
     sum(CASE WHEN origin = x THEN moves ELSE 0 END) AS x_to_y,
     sum(CASE WHEN origin = x THEN 0 ELSE moves END) AS y_to_x
WHERE x_to_y + y_to_x >= $min_total
WITH CASE WHEN x_to_y >= y_to_x THEN [x, y] ELSE [y, x] END AS ab,
     CASE WHEN x_to_y >= y_to_x THEN [x_to_y, y_to_x] ELSE [y_to_x, x_to_y] END AS counts
RETURN ab[0].name AS org_a, ab[1].name AS org_b, counts[0] AS a_to_b, counts[1] AS b_to_a,
       CASE WHEN counts[1] = 0 THEN 1.0 / 0.0 ELSE toFloat(counts[0]) / counts[1] END AS ratio
ORDER BY ratio DESC, org_a, org_b
"""


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    min_total: int,
) -> pd.DataFrame:
    moves = counted_moves(data, since, until, level, include_status)
    moves = moves[moves["from_id"].notna()]
    flows = moves.groupby(["from_id", "to_id"]).size()
    name = dict(zip(moves["from_id"], moves["from_org"])) | dict(zip(moves["to_id"], moves["to_org"]))
    rows = []
    for x, y in {tuple(sorted(pair, key=lambda org: (name[org], org))) for pair in flows.index}:
        x_to_y, y_to_x = int(flows.get((x, y), 0)), int(flows.get((y, x), 0))
        if x_to_y + y_to_x < min_total:
            continue
        a, b, a_to_b, b_to_a = (x, y, x_to_y, y_to_x) if x_to_y >= y_to_x else (y, x, y_to_x, x_to_y)
        rows.append({
            "org_a": name[a],
            "org_b": name[b],
            "a_to_b": a_to_b,
            "b_to_a": b_to_a,
            "ratio": a_to_b / b_to_a if b_to_a else np.inf,
        })
    return pd.DataFrame(rows)
