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
from talentgraph.queries.counted import COUNTED_PAIRS, Counted, counted

TITLE = "Net flow per org"
PARAMS = (*COMMON_PARAMS, Param("min_moves", "int", 1, "list only orgs with at least this many moves in and out"))
COLUMNS = {"org": "str", "inflow": "int", "outflow": "int", "net": "int"}
SORT = (("net", False),)

# Counted per pair of orgs first (COUNTED_PAIRS), then per org: at a million moves that
# is ~180,000 rows to unwind instead of ~950,000.
CYPHER = COUNTED_PAIRS + """
UNWIND [[dest, moves, 0], [origin, 0, moves]] AS side
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
