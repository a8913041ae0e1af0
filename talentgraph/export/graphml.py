"""``export --to graphml``: ``talentgraph.graphml``, for Gephi, yEd, Cytoscape or NetworkX.

The graph of :mod:`talentgraph.export.network`: nodes keyed ``Label:id`` with
``labels``, ``label`` and their properties as typed GraphML data, edges with ``type``
and their properties. ``networkx.read_graphml`` reads it back as a ``MultiDiGraph``.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from talentgraph.export.network import to_networkx
from talentgraph.export.tables import Tables, Written

__all__ = ["FILENAME", "write"]

FILENAME = "talentgraph.graphml"


def write(tables: Tables, directory: Path) -> list[Written]:
    graph = to_networkx(tables)
    path = directory / FILENAME
    nx.write_graphml(graph, path, encoding="utf-8", prettyprint=True)
    return [Written(path, f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")]
