"""Between which countries does talent flow?

An org's **country** is the country the registry gives it, or else that of its nearest
parent that has one (TBD Lab -> Meta Superintelligence Labs -> Meta: US). Orgs are taken
at the requested ``level``: at ``org`` level a move from OpenAI Zurich counts for OpenAI,
so for OpenAI's country (US), while at ``unit`` level it counts for OpenAI Zurich (CH).
The flows are the counted moves with a known origin (see
:mod:`talentgraph.queries.counted`), grouped by (origin country, destination country);
``moves`` is their number. A move between two orgs of the same country counts (US -> US).
An org with no known country shows an empty country. Only country pairs with at least
``min_moves`` moves are listed.
"""

from __future__ import annotations

import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_PAIRS, counted, group_pairs

TITLE = "Flows between countries"
PARAMS = (*COMMON_PARAMS, Param("min_moves", "int", 1, "list only country pairs with at least this many moves"))
COLUMNS = {"from_country": "str", "to_country": "str", "moves": "int"}
SORT = (("moves", False),)

# The country of the org or of its nearest ancestor: among the org and its ancestors that
# have a country, the one the fewest PART_OF steps away. Worked out per pair of orgs
# (COUNTED_PAIRS), not per move: ~180,000 times instead of ~870,000 at a million moves.
CYPHER = COUNTED_PAIRS + """
WITH origin, dest, moves
WHERE origin IS NOT NULL
WITH moves,
     [path = (origin)-[:PART_OF*0..]->(a:Org) WHERE a.country <> '' | {steps: length(path), country: a.country}]
       AS from_countries,
     [path = (dest)-[:PART_OF*0..]->(a:Org) WHERE a.country <> '' | {steps: length(path), country: a.country}]
       AS to_countries
WITH moves,
     reduce(best = null, c IN from_countries | CASE WHEN best IS NULL OR c.steps < best.steps THEN c ELSE best END)
       AS from_nearest,
     reduce(best = null, c IN to_countries | CASE WHEN best IS NULL OR c.steps < best.steps THEN c ELSE best END)
       AS to_nearest
WITH coalesce(from_nearest.country, '') AS from_country, coalesce(to_nearest.country, '') AS to_country,
     sum(moves) AS moves
WHERE moves >= $min_moves
RETURN from_country, to_country, moves
ORDER BY moves DESC, from_country, to_country
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
    moves = moves.take(moves.origin >= 0)
    # Countries (own, else the nearest ancestor's, else "") numbered in sorted order.
    country, names = pd.factorize(moves.codes.org_country, sort=True)
    _, origin, dest, size = group_pairs(country[moves.origin], country[moves.dest])
    flows = pd.DataFrame({
        "from_country": names[origin],
        "to_country": names[dest],
        "moves": size,
    })
    return flows[flows["moves"] >= min_moves]
