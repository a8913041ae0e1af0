"""The interface both backends implement (in-process and Neo4j)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import pandas as pd

from talentgraph.graph.gc_pause import gc_paused
from talentgraph.graph.model import GraphData

__all__ = ["Backend"]


class Backend(ABC):
    """A place that holds the graph and answers the catalog's queries.

    Use it as a context manager so connections are closed::

        with MemoryBackend(graph) as backend:
            backend.run("flows", since="2025-01-01")
    """

    name: str = "backend"

    @abstractmethod
    def load(self, graph: GraphData) -> None:
        """Add a normalised graph; loading the same graph twice changes nothing."""

    @abstractmethod
    def run_query(self, query: Any, params: dict[str, Any]) -> pd.DataFrame:
        """Run one catalog query with checked parameters; the raw frame, before the output schema."""

    @abstractmethod
    def graph(self) -> GraphData:
        """Everything the backend holds, as tables (for exports and for comparing backends)."""

    def run(self, name: str, /, **params: Any) -> pd.DataFrame:
        """Run the catalog query ``name``; the frame has the query's exact output schema."""
        from talentgraph.queries.catalog import get_query

        query = get_query(name)
        checked = query.prepare(self.names, query.check_params(params))
        # A large answer is a million new Python objects (gc_pause says why).
        with gc_paused():
            return query.shape(self.run_query(query, checked))

    @abstractmethod
    def names(self, kind: str) -> pd.DataFrame:
        """The ``orgs`` (id, name, aliases) or ``persons`` (id, name) table, to resolve typed names."""

    def close(self) -> None:
        """Release connections; the default has none."""
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
