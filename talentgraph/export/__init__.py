"""Exports of the whole graph, for other tools: Gephi, Datasette, spreadsheets, neo4j-admin.

Each format is one module with a ``write(tables, directory) -> list[Written]`` function,
fed the same :class:`~talentgraph.export.tables.Tables` (the six tables of the model,
normalised so that both backends export byte-identical files):

========== ==================================================================== ==============
format     what it writes into DIR                                               for
========== ==================================================================== ==============
graphml    ``talentgraph.graphml``: Person, Org, Move and Source nodes, edges    Gephi, yEd,
           MADE, FROM, TO, REPORTED_BY, PART_OF, MERGED_INTO, WORKED_AT           NetworkX
gexf       ``talentgraph.gexf``: the same graph in Gephi's own format            Gephi
sqlite     ``talentgraph.db``: persons, orgs, moves, sources, reports, stints    Datasette,
           with keys and foreign keys, and the ``moves_view`` view               SQL
csv        one CSV per table, spreadsheet formulas neutralised                   spreadsheets
neo4j-admin node and relationship CSVs with typed headers, ``import.sh`` and     a fast bulk
           ``README.txt`` (the ``neo4j-admin database import full`` command)     load into Neo4j
========== ==================================================================== ==============

>>> import talentgraph, tempfile
>>> tg = talentgraph.open()
>>> written = export_graph(tg.backend.graph(), "csv", tempfile.mkdtemp())
>>> [w.path.name for w in written]
['persons.csv', 'orgs.csv', 'moves.csv', 'sources.csv', 'reports.csv', 'stints.csv']
"""

from __future__ import annotations

import importlib
from pathlib import Path

from talentgraph.errors import TalentGraphError
from talentgraph.export.tables import Tables, Written, normalise
from talentgraph.graph.model import GraphData

__all__ = ["EXPORT_FORMATS", "Written", "export_graph"]

# Format name -> module of this package.
_MODULES = {"graphml": "graphml", "gexf": "gexf", "sqlite": "sqlite", "csv": "csv_files", "neo4j-admin": "neo4j_admin"}
EXPORT_FORMATS = tuple(_MODULES)


def export_graph(graph: GraphData, fmt: str, directory: str | Path) -> list[Written]:
    """Write ``graph`` in format ``fmt`` into ``directory`` (created if missing); the files written."""
    if fmt not in _MODULES:
        raise TalentGraphError(f"no export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise TalentGraphError(f"{directory} is a file; give a folder to export into")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TalentGraphError(f"cannot create {directory}: {exc.strerror or exc}") from None
    module = importlib.import_module(f"talentgraph.export.{_MODULES[fmt]}")
    tables: Tables = normalise(graph)
    try:
        return module.write(tables, directory)
    except OSError as exc:
        raise TalentGraphError(f"cannot write into {directory}: {exc.strerror or exc}") from None
