"""Which labs gain talent and which lose it?

For each org, **inflow** is the number of counted moves into it and **outflow** the
number of counted moves out of it (a move with an unknown origin counts for inflow
only); **net** = inflow - outflow. Orgs with fewer than ``min_moves`` moves in and out
together are left out.
"""

from __future__ import annotations

import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_MOVES, counted_moves

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
    moves = counted_moves(data, since, until, level, include_status)
    return net_flow_table(moves, min_moves)


def net_flow_table(moves: pd.DataFrame, min_moves: int = 1) -> pd.DataFrame:
    """Inflow, outflow and net per org from counted moves (shared with hubs)."""
    inflow = moves.groupby("to_id").size()
    outflow = moves[moves["from_id"].notna()].groupby("from_id").size()
    table = pd.DataFrame({"inflow": inflow, "outflow": outflow}).fillna(0).astype("int64")
    names = dict(zip(moves["to_id"], moves["to_org"])) | dict(zip(moves["from_id"], moves["from_org"]))
    table["org"] = table.index.map(names)
    table["net"] = table["inflow"] - table["outflow"]
    table = table[table["inflow"] + table["outflow"] >= min_moves]
    return table.reset_index(drop=True)
