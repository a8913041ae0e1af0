"""``export --to gexf``: ``talentgraph.gexf``, Gephi's own format.

The graph of :mod:`talentgraph.export.network`, with three renamings that GEXF forces:
in GEXF an edge's ``type`` means directed or undirected, so the relationship type is the
edge's ``label`` (Gephi shows it, and can filter and colour by it) and the attribute
``relationship``; ``start``/``end`` mean time spells, so a stint's dates are the
attributes ``start_date`` and ``end_date``; and a move's extra input column named like
another GEXF keyword (``id``, ``weight`` ...) gets a trailing ``_``.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from talentgraph.export.network import to_networkx
from talentgraph.export.tables import Tables, Written

__all__ = ["FILENAME", "write"]

FILENAME = "talentgraph.gexf"
_RENAMES = {"start": "start_date", "end": "end_date"}
# Other names NetworkX's GEXF writer takes for the file's own structure; an extra input
# column of a move could bear one, so it gets a suffix.
_RESERVED = ("id", "pid", "viz", "spells", "slices", "parents", "weight", "networkx_key")


def _rename(data: dict) -> None:
    for old, new in _RENAMES.items():
        if old in data:
            data[new] = data.pop(old)
    for name in _RESERVED:
        if name in data:
            data[name + "_"] = data.pop(name)


def write(tables: Tables, directory: Path) -> list[Written]:
    graph = to_networkx(tables)
    for _, data in graph.nodes(data=True):
        _rename(data)
    for _, _, data in graph.edges(data=True):
        kind = data.pop("type")
        _rename(data)
        data["label"] = kind
        data["relationship"] = kind
    path = directory / FILENAME
    nx.write_gexf(graph, path, encoding="utf-8", prettyprint=True)
    return [Written(path, f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")]
