"""Which labs are the talent magnets, and which the exporters?

The **flows graph** has one arrow from A to B for each pair of orgs with at least one
counted move from A to B (see :mod:`talentgraph.queries.counted`), weighted by the number
of those moves. Its **nodes are the orgs at either end of an arrow**: an org whose only
counted moves came from an unknown origin is not in the graph and is not listed.

**pagerank** is Google's PageRank over that graph (damping 0.85, arrows weighted by
moves), computed as NetworkX computes it, to the same floats: people flow along the
arrows, so an org scores high when many people move to it, above all from orgs that
score high themselves. The scores of all the orgs in the graph add up to 1. An org that
nobody left for another org in the graph (no outgoing arrow) passes its score on to
every org evenly, as NetworkX does by default. Scores are rounded to 12 decimals, so
that orgs in the same position tie.

**inflow** and **outflow** are as in net_flow: the counted moves into and out of the
org, moves from an unknown origin included in inflow. Orgs with fewer than
``min_moves`` moves in and out together are left out of the list (after PageRank is
computed over the whole graph, so the filter does not change anyone's score).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy as sp

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_PAIRS, counted, group_pairs
from talentgraph.queries.net_flow import net_flow_table

TITLE = "Talent hubs (PageRank over the flows graph)"
PARAMS = (*COMMON_PARAMS, Param("min_moves", "int", 1, "list only orgs with at least this many moves in and out"))
COLUMNS = {"org": "str", "pagerank": "float", "inflow": "int", "outflow": "int"}
SORT = (("pagerank", False),)

DAMPING = 0.85
TOL = 1e-13
MAX_ITER = 10_000

# One row per org with a counted move: its inflow and outflow (as in net_flow) and the
# arrows that leave it (flows_out: [{to_org, moves}]). PageRank is done in Python. The
# moves are counted per pair of orgs by COUNTED_PAIRS (the roll-up once per pair of units).
CYPHER = COUNTED_PAIRS + """
UNWIND [[dest, moves, 0, null], [origin, 0, moves, dest]] AS side
WITH side[0] AS org, side[1] AS into, side[2] AS out_of, side[3] AS target
WHERE org IS NOT NULL
WITH org, sum(into) AS inflow, sum(out_of) AS outflow,
     collect(CASE WHEN target IS NOT NULL THEN {to_org: target.name, moves: out_of} END) AS flows_out
RETURN org.name AS org, inflow, outflow, flows_out
ORDER BY org
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
    totals = net_flow_table(moves, min_moves=0)
    known = moves.take(moves.origin >= 0)
    _, origin, dest, size = group_pairs(known.origin, known.dest)
    names = moves.codes.org_name
    edges = pd.DataFrame({"from_org": names[origin], "to_org": names[dest], "moves": size})
    return hubs_table(edges, totals, min_moves)


def finish(frame: pd.DataFrame, params: dict) -> pd.DataFrame:
    """The Neo4j rows (org, inflow, outflow, flows_out) -> the hubs table."""
    edges = pd.DataFrame(
        [(row.org, arrow["to_org"], arrow["moves"]) for row in frame.itertuples() for arrow in row.flows_out],
        columns=["from_org", "to_org", "moves"],
    )
    totals = frame.reindex(columns=["org", "inflow", "outflow"])
    return hubs_table(edges, totals, params["min_moves"])


def hubs_table(edges: pd.DataFrame, totals: pd.DataFrame, min_moves: int = 1) -> pd.DataFrame:
    """PageRank over the weighted flows graph, beside each org's inflow and outflow.

    ``edges``: ``from_org, to_org, moves`` (one row per pair with a known origin);
    ``totals``: ``org, inflow, outflow`` for at least every org of ``edges``. Orgs are
    keyed by name (registry names are unique). Both backends call this function.
    """
    rank = pagerank(edges)
    table = totals[totals["org"].isin(rank.keys())].copy()
    table["pagerank"] = table["org"].map(rank)
    table = table[table["inflow"] + table["outflow"] >= min_moves]
    return table[["org", "pagerank", "inflow", "outflow"]].reset_index(drop=True)


def pagerank(edges: pd.DataFrame) -> dict[str, float]:
    """PageRank of each org in the graph of ``edges`` (``from_org, to_org, moves``).

    NetworkX's own computation (``nx.pagerank`` is a SciPy power iteration over the
    graph's sparse matrix), fed the sparse matrix straight from the edge columns: a
    NetworkX graph of 365,000 arrows takes seconds to build and to turn back into that
    matrix. Nodes are in sorted order and the matrix is canonical (sorted, summed), so
    both backends get the very same floats as ``nx.pagerank``, to the last bit:

    >>> edges = pd.DataFrame({"from_org": ["A", "A", "B", "C", "D"], "to_org": ["B", "C", "C", "A", "A"],
    ...                       "moves": [3, 1, 2, 5, 1]})
    >>> graph = nx.DiGraph()
    >>> graph.add_weighted_edges_from(edges.itertuples(index=False))
    >>> pagerank(edges) == {org: round(score, 12) for org, score in nx.pagerank(
    ...     graph, alpha=DAMPING, weight="weight", tol=TOL, max_iter=MAX_ITER).items()}
    True
    """
    from_org = edges["from_org"].astype(str).to_numpy(dtype=object)
    to_org = edges["to_org"].astype(str).to_numpy(dtype=object)
    nodes = sorted(pd.unique(np.concatenate([from_org, to_org])))
    n = len(nodes)
    if n == 0:
        return {}
    index = pd.Index(nodes)
    weights = edges["moves"].to_numpy(dtype=np.int64).astype(float)
    # What nx.to_scipy_sparse_array builds, then nx's _pagerank_scipy, step for step.
    matrix = sp.sparse.coo_array(
        (weights, (index.get_indexer(from_org), index.get_indexer(to_org))), shape=(n, n), dtype=float
    ).asformat("csr")
    out_weight = matrix.sum(axis=1)
    out_weight[out_weight != 0] = 1.0 / out_weight[out_weight != 0]
    matrix = sp.sparse.dia_array((out_weight.T, 0), shape=matrix.shape).tocsr() @ matrix
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(out_weight == 0)[0]
    # tol is per node: NetworkX stops when the summed change is below n * tol.
    for _ in range(MAX_ITER):
        last = x
        x = DAMPING * (x @ matrix + sum(x[dangling]) * p) + (1 - DAMPING) * p
        if np.absolute(x - last).sum() < n * TOL:
            return {org: round(float(score), 12) for org, score in zip(nodes, x, strict=True)}
    raise nx.PowerIterationFailedConvergence(MAX_ITER)
