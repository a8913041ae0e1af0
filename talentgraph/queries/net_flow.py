"""Which labs gain talent and which lose it?

For each org, **inflow** is the number of counted moves into it and **outflow** the
number of counted moves out of it (a move with an unknown origin counts for inflow
only); **net** = inflow - outflow. Orgs with fewer than ``min_moves`` moves in and out
together are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_MOVES, Counted, counted

TITLE = "Net flow per org"
PARAMS = (*COMMON_PARAMS, Param("min_moves", "int", 1, "list only orgs with at least this many moves in and out"))
COLUMNS = {"org": "str", "inflow": "int", "outflow": "int", "net": "int"}
SORT = (("net", False),)

CYPHER = COUNTED_MOVES + """
WITH m, origin, dest
UNWIND [[dest, 1, 0], [origin, 0, 1]] AS side
WITH side[0] AS org, side[1] AS into, side[2] AS out_of
WHERE org IS NOT NULL
WITH org, sum(into) AS inflow, sum(out_of) AS outflow
WHERE inflow + outflow >= $min_moves
RETURN org.name AS org, inflow, outflow, inflow - outflow AS net
ORDER BY net DESC, org
"""


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    min_moves: int,
) -> pd.DataFrame:
    moves = counted(data, since, until, level, include_status)
    return net_flow_table(moves, min_moves)


def net_flow_table(moves: Counted, min_moves: int = 1) -> pd.DataFrame:
    """Inflow, outflow and net per org from counted moves (shared with hubs), in order of org id."""
    n_orgs = moves.codes.n_orgs
    inflow = np.bincount(moves.dest, minlength=n_orgs)
    outflow = np.bincount(moves.origin[moves.origin >= 0], minlength=n_orgs)
    moved = inflow + outflow
    listed = (moved > 0) & (moved >= min_moves)
    return pd.DataFrame({
        "inflow": inflow[listed],
        "outflow": outflow[listed],
        "org": moves.codes.org_name[listed],
        "net": inflow[listed] - outflow[listed],
    })
