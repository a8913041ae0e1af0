"""The Python API: open a backend, load files, run catalog queries as DataFrames.

>>> import talentgraph
>>> tg = talentgraph.open()                      # the bundled data, in-process
>>> flows = tg.query("flows", since="2025-01-01")
>>> list(flows.columns)
['from_org', 'to_org', 'moves', 'people']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from talentgraph.graph.backend import Backend
from talentgraph.graph.memory import MemoryBackend
from talentgraph.loaders import LoadResult, default_data_dir, load_data_dir
from talentgraph.queries.catalog import QUERY_NAMES, catalog, get_query

__all__ = ["TalentGraph", "open", "resolve_data_dir"]


def resolve_data_dir(data: str | Path | None = None) -> Path:
    """``data`` if given, else ``$TALENTGRAPH_DATA``, else the bundled ``data/``."""
    return Path(data or os.environ.get("TALENTGRAPH_DATA") or default_data_dir())


class TalentGraph:
    """A backend with the catalog on top: ``tg.query("flows", ...)`` or ``tg.flows(...)``."""

    def __init__(self, backend: Backend, load_result: LoadResult | None = None) -> None:
        self.backend = backend
        self.load_result = load_result

    def query(self, name: str, /, **params: Any) -> pd.DataFrame:
        """Run a catalog query by name; see ``talentgraph queries`` for the names and parameters."""
        return self.backend.run(name, **params)

    def __getattr__(self, name: str) -> Any:
        if name in QUERY_NAMES:
            def run(**params: Any) -> pd.DataFrame:
                return self.backend.run(name, **params)

            run.__name__ = name
            run.__doc__ = get_query(name).description
            return run
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *QUERY_NAMES]

    @staticmethod
    def catalog() -> list:
        return catalog()

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> TalentGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(  # noqa: A001 - mirrors the builtin on purpose: talentgraph.open(...)
    data: str | Path | None = None,
    neo4j: str | None = None,
    show_progress: bool = False,
) -> TalentGraph:
    """Open talentgraph on a data folder (in-process) or on a Neo4j server.

    ``neo4j`` is a URI (``bolt://``, ``neo4j://``, ``neo4j+s://``); credentials come from
    ``NEO4J_USER``/``NEO4J_PASSWORD``. With a URI, queries run on what the server holds
    (load it with ``talentgraph load --neo4j``); without one, ``data`` is read afresh.
    """
    if neo4j:
        from talentgraph.graph.neo4j_backend import Neo4jBackend

        return TalentGraph(Neo4jBackend(uri=neo4j))
    result = load_data_dir(resolve_data_dir(data), show_progress=show_progress)
    return TalentGraph(MemoryBackend(result.graph), result)
