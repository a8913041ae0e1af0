"""The graph of SPEC §2 as a NetworkX ``MultiDiGraph``, shared by the GraphML and GEXF exports.

Nodes are keyed ``Label:id`` (``Person:ada-lovelace``, ``Org:openai``, ``Move:m-…``,
``Source:s-…``) so that ids of different kinds never collide. Each node has ``labels``
(its Neo4j label), ``label`` (what Gephi shows: a name, an outlet, or for a move
"person: from → to, date") and its properties; a move also has the extra columns of its
input as properties, as in Neo4j. Each edge has ``type`` (``MADE``, ``FROM``, ``TO``,
``REPORTED_BY``, ``PART_OF``, ``MERGED_INTO``, ``WORKED_AT``) and its properties.

The file formats cannot hold everything a property can be: a missing value is left out
(not written as an empty string), a list or a map becomes JSON text, a date ISO text.
It is a multigraph because one person may have two stints at one org.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from talentgraph.export.tables import Tables, json_text

__all__ = ["node_key", "to_networkx"]

_LABELS = {"persons": "Person", "orgs": "Org", "moves": "Move", "sources": "Source"}
# Attributes every node has.
_OWN = ("labels", "label")
# Columns that are links (edges), not properties.
_LINKS = {"orgs": {"parent", "merged_into", "merged"}, "moves": {"person_id", "from_org", "to_org", "extra"}}


def node_key(label: str, node_id: str) -> str:
    """``Org:openai``: the node's key in the exported graph."""
    return f"{label}:{node_id}"


def _attrs(values: dict[str, Any]) -> dict[str, Any]:
    """Values a file can hold: no None, lists and maps as JSON text."""
    out = {}
    for key, value in values.items():
        if isinstance(value, (list, dict)):
            value = json_text(value)
        if value is not None:
            out[key] = value
    return out


def _extra(value: Any) -> Any:
    # Extra input columns are text in files; other values (from JSON Lines) as JSON text.
    return value if isinstance(value, str) or value is None else json_text(value) or None


def to_networkx(tables: Tables) -> nx.MultiDiGraph:
    """The whole graph, nodes and edges in the order of the tables (so files are reproducible)."""
    graph = nx.MultiDiGraph()
    names = {row["id"]: row["name"] for row in tables["orgs"].rows}
    people = {row["id"]: row["name"] for row in tables["persons"].rows}
    for table, label in _LABELS.items():
        for row in tables[table].rows:
            props = {k: v for k, v in row.items() if k != "id" and k not in _LINKS.get(table, ())}
            if table == "moves":
                # The model's properties and the node's own labels win a name clash.
                extra = {k: _extra(v) for k, v in row["extra"].items() if k not in row and k not in _OWN}
                props = {**extra, **props}
            graph.add_node(node_key(label, row["id"]), labels=label, label=_display(table, row, names, people),
                           **_attrs(props))

    def edge(kind: str, tail: str, head: str, **props: Any) -> None:
        graph.add_edge(tail, head, type=kind, **_attrs(props))

    for row in tables["moves"].rows:
        move = node_key("Move", row["id"])
        edge("MADE", node_key("Person", row["person_id"]), move)
        if row["from_org"]:
            edge("FROM", move, node_key("Org", row["from_org"]))
        edge("TO", move, node_key("Org", row["to_org"]))
    for row in tables["reports"].rows:
        edge("REPORTED_BY", node_key("Move", row["move_id"]), node_key("Source", row["source_id"]), quote=row["quote"])
    for row in tables["orgs"].rows:
        if row["parent"]:
            edge("PART_OF", node_key("Org", row["id"]), node_key("Org", row["parent"]))
        if row["merged_into"]:
            edge("MERGED_INTO", node_key("Org", row["id"]), node_key("Org", row["merged_into"]), date=row["merged"])
    for row in tables["stints"].rows:
        edge("WORKED_AT", node_key("Person", row["person_id"]), node_key("Org", row["org"]),
             start=row["start"], end=row["end"], role=row["role"])
    return graph


def _display(table: str, row: dict[str, Any], orgs: dict[str, str], people: dict[str, str]) -> str:
    if table in ("persons", "orgs"):
        return str(row["name"])
    if table == "sources":
        return str(row["outlet"] or row["url"] or row["id"])
    origin = orgs.get(row["from_org"], "?") if row["from_org"] else "?"
    person = people.get(row["person_id"], row["person_id"])
    return f"{person}: {origin} → {orgs.get(row['to_org'], row['to_org'])}, {row['date']}"
