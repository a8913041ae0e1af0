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
from talentgraph.queries.counted import COUNTED_PAIRS, counted, group_pairs

TITLE = "Asymmetric flows between pairs of orgs"
PARAMS = (
    *COMMON_PARAMS,
    Param("min_total", "int", 3, "list only pairs with at least this many moves in both directions together"),
)
COLUMNS = {"org_a": "str", "org_b": "str", "a_to_b": "int", "b_to_a": "int", "ratio": "float"}
SORT = (("ratio", False),)

# Flows per ordered pair, folded onto the unordered pair {x, y} (x: the name that sorts
# first), then turned so that a_to_b >= b_to_a. 1.0 / 0.0 is a float division: Infinity.
# The flows per ordered pair come from COUNTED_PAIRS (the roll-up once per pair of units).
CYPHER = COUNTED_PAIRS + """
WITH origin, dest, moves
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
    moves = counted(data, since, until, level, include_status)
    moves = moves.take(moves.origin >= 0)
    _, origin, dest, flows = group_pairs(moves.origin, moves.dest)
    # Fold each ordered pair onto {x, y}, x the org whose (name, id) sorts first.
    order = moves.codes.org_order
    turned = order[origin] > order[dest]
    x, y = np.where(turned, dest, origin), np.where(turned, origin, dest)
    pair, x, y, _ = group_pairs(x, y)
    x_to_y = np.bincount(pair, weights=np.where(turned, 0, flows), minlength=len(x)).astype(np.int64)
    y_to_x = np.bincount(pair, weights=np.where(turned, flows, 0), minlength=len(x)).astype(np.int64)
    listed = x_to_y + y_to_x >= min_total
    x, y, x_to_y, y_to_x = x[listed], y[listed], x_to_y[listed], y_to_x[listed]
    forward = x_to_y >= y_to_x
    a_to_b, b_to_a = np.where(forward, x_to_y, y_to_x), np.where(forward, y_to_x, x_to_y)
    # inf when nobody went back (the maximum only keeps the unused branch from dividing by 0)
    ratio = np.where(b_to_a > 0, a_to_b / np.maximum(b_to_a, 1), np.inf)
    names = moves.codes.org_name
    return pd.DataFrame({
        "org_a": names[np.where(forward, x, y)],
        "org_b": names[np.where(forward, y, x)],
        "a_to_b": a_to_b,
        "b_to_a": b_to_a,
        "ratio": ratio,
    })
