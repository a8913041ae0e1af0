"""The in-process backend: the graph as pandas frames, queried with pandas and NetworkX.

It is the default: no server, and the data is read afresh from files on each run.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentgraph.graph.backend import Backend
from talentgraph.graph.model import GraphData

__all__ = ["MemoryBackend"]

_KEYS = {
    "persons": ["id"], "orgs": ["id"], "moves": ["id"], "sources": ["id"],
    "reports": ["move_id", "source_id"], "stints": ["person_id", "org", "start"],
}


class MemoryBackend(Backend):
    """Holds a :class:`GraphData`; each query is a pandas/NetworkX function over it."""

    name = "memory"

    def __init__(self, graph: GraphData | None = None) -> None:
        self.data = graph if graph is not None else GraphData()

    def load(self, graph: GraphData) -> None:
        # Same keys as Neo4j's MERGE: a second load of the same rows replaces, never duplicates.
        merged = {}
        for table, keys in _KEYS.items():
            old, new = getattr(self.data, table), getattr(graph, table)
            if old.empty:
                merged[table] = new.reset_index(drop=True)
                continue
            both = pd.concat([old, new], ignore_index=True)
            merged[table] = both.drop_duplicates(keys, keep="last").reset_index(drop=True)
        self.data = GraphData(**merged)

    def run_query(self, query: Any, params: dict[str, Any]) -> pd.DataFrame:
        return query.compute(self.data, **params)

    def graph(self) -> GraphData:
        return self.data

    def names(self, kind: str) -> pd.DataFrame:
        return getattr(self.data, kind)
