"""How many people moved from one lab to another?

A **flow** from A to B counts the counted moves (see :mod:`talentgraph.queries.counted`)
whose origin is A and destination is B. Moves with an unknown origin are not flows.
``moves`` is the number of moves, ``people`` the names of the people who made them.
Only pairs with at least ``min_moves`` moves are listed.

>>> import talentgraph
>>> tg = talentgraph.open()
>>> tg.flows(since="2025-01-01").columns.tolist()
['from_org', 'to_org', 'moves', 'people']
"""

from __future__ import annotations

import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import (
    DEST_AMONG_UNITS,
    EVERY_ORIGIN,
    MOVES_OUT_OF_FOCUS,
    columns_to_rows,
    counted,
    group_pairs,
    people_by,
)

TITLE = "Flows between orgs"
PARAMS = (*COMMON_PARAMS, Param("min_moves", "int", 1, "list only pairs with at least this many moves"))
COLUMNS = {"from_org": "str", "to_org": "str", "moves": "int", "people": "names"}
SORT = (("moves", False),)

# Each org at the level in turn is the origin (EVERY_ORIGIN), and its moves out are grouped
# twice: first by the destination as named, so that the roll-up to the level is done once
# per pair rather than once per move, then by the destination at the level. One origin's
# pairs never mix with another's, so the Neo4j backend splits the origins between reads
# run at once (SPLIT_BY_ORIGIN). Reaching the moves from their origins beats scanning
# them all at a million moves (4.3 CPU-seconds against 5.5).
# The answer comes back as a row per origin, its pairs as three lists (finish() turns them
# into rows): at a million moves, 365,000 records would cost the Python driver ~7 s more
# than 5,000 records of lists, and one record of four lists for all origins cost the
# server 0.6 CPU-seconds more (collecting them, and sending each pair's origin name).
# `people` has a name per move (a DISTINCT per pair cost more than it saved); finish()
# keeps each name once.
SPLIT_BY_ORIGIN = True
CYPHER = EVERY_ORIGIN + """
CALL (focus, units) {
  """ + MOVES_OUT_OF_FOCUS + """
  MATCH (p:Person)-[:MADE]->(m)
  WITH to_unit, count(m) AS moves, collect(p.name) AS people
  WITH """ + DEST_AMONG_UNITS + """ AS dest, moves, people
  WHERE dest <> focus
  WITH dest, sum(moves) AS moves, collect(people) AS people
  WHERE moves >= $min_moves
  RETURN collect(dest.name) AS to_org, collect(moves) AS moves,
         collect(reduce(all = [], names IN people | all + names)) AS people
}
RETURN focus.name AS from_org, to_org, moves, people
"""


def finish(frame: pd.DataFrame, params: dict) -> pd.DataFrame:
    """The Neo4j rows (one per origin, its pairs as lists) -> one row per pair, each name once in ``people``."""
    frame = frame.assign(from_org=[[origin] * len(dests) for origin, dests in zip(frame["from_org"], frame["to_org"])])
    return columns_to_rows(frame, COLUMNS)


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
    moves = moves.take(moves.origin >= 0)
    group, origin, dest, size = group_pairs(moves.origin, moves.dest)
    listed = size >= min_moves
    # Names only for the pairs listed: with min_moves > 1 most pairs are not.
    rows = listed[group]
    people = people_by(moves.codes, group[rows], moves.person[rows], len(size))
    names = moves.codes.org_name
    return pd.DataFrame({
        "from_org": names[origin[listed]],
        "to_org": names[dest[listed]],
        "moves": size[listed],
        "people": people[listed],
    })
