"""``export --to neo4j-admin``: CSV files for ``neo4j-admin database import full``.

The bulk importer builds a new database from CSV files far faster than ``load --neo4j``
(which suits incremental loads). DIR receives:

- node files ``nodes_persons.csv``, ``nodes_orgs.csv``, ``nodes_moves.csv``,
  ``nodes_sources.csv``, each with an ``id:ID(Label)`` column (one id space per label,
  stored as the ``id`` property), the properties, and ``:LABEL``;
- relationship files ``rels_made.csv``, ``rels_from.csv``, ``rels_to.csv``,
  ``rels_reported_by.csv``, ``rels_part_of.csv``, ``rels_merged_into.csv``,
  ``rels_worked_at.csv``, each with ``:START_ID(Label)``, ``:END_ID(Label)``, the
  properties and ``:TYPE``;
- ``import.sh`` with the exact command, ``constraints.cypher`` with the unique
  constraints that ``load --neo4j`` creates (to run once the database is started), and
  ``README.txt``.

Property types follow what ``load --neo4j`` writes, so both routes give the same graph:
``date:date`` on moves and on MERGED_INTO, ``compensation_usd:double``,
``registered:boolean``, ``aliases:string[]``; everything else is a string. An empty
field means "no property", as Neo4j has no empty value. The extra input columns of moves
become string properties (numbers, booleans typed when every value of the column is one).
"""

from __future__ import annotations

import csv
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talentgraph.export.tables import Tables, Written, json_text
from talentgraph.graph.neo4j_schema import CONSTRAINTS

__all__ = ["write"]

# Candidates for the array delimiter: the first that no alias contains.
_ARRAY_DELIMITERS = (";", "|", "\u001f")


@dataclass
class _File:
    name: str
    header: list[str]
    rows: list[list[Any]]
    nodes: bool


def _typed(column: str, kind: str) -> str:
    suffix = {"date": ":date", "float": ":double", "bool": ":boolean", "list": ":string[]"}.get(kind, "")
    return column + suffix


def _cell(value: Any, kind: str, delimiter: str) -> Any:
    if value is None:
        return None
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        return format(value, ".17g")
    if kind == "list":
        return delimiter.join(value) if value else None
    return value


def _extra_columns(rows: list[dict[str, Any]], taken: set[str]) -> dict[str, str]:
    """Extra move properties and their import type: boolean, long, double or string."""
    values: dict[str, list[Any]] = {}
    for row in rows:
        for key, value in row["extra"].items():
            if key not in taken and value is not None:
                values.setdefault(key, []).append(value)
    kinds = {}
    for key in sorted(values):
        seen = values[key]
        if all(isinstance(v, bool) for v in seen):
            kinds[key] = "boolean"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in seen):
            kinds[key] = "long"
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in seen):
            kinds[key] = "double"
        else:
            kinds[key] = "string"
    return kinds


def _extra_cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string" and not isinstance(value, str):
        return json_text(value) if isinstance(value, (list, dict)) else str(value)
    return value


def _files(tables: Tables, delimiter: str) -> list[_File]:
    files: list[_File] = []

    def node_file(table: str, label: str, skip: set[str]) -> None:
        t = tables[table]
        props = [c for c in t.columns if c != "id" and c not in skip]
        header = [f"id:ID({label})", *(_typed(c, t.kinds[c]) for c in props), ":LABEL"]
        rows = [[row["id"], *(_cell(row[c], t.kinds[c], delimiter) for c in props), label] for row in t.rows]
        files.append(_File(f"nodes_{table}.csv", header, rows, nodes=True))

    node_file("persons", "Person", set())
    node_file("orgs", "Org", {"parent", "merged_into", "merged"})
    # Moves: the model's properties, then the extra input columns (the model wins a clash).
    moves = tables["moves"]
    links = {"person_id", "from_org", "to_org", "extra"}
    props = [c for c in moves.columns if c != "id" and c not in links]
    extra = _extra_columns(moves.rows, set(moves.columns))
    header = [
        "id:ID(Move)", *(_typed(c, moves.kinds[c]) for c in props),
        *(f"{k}:{v}" if v != "string" else k for k, v in extra.items()), ":LABEL",
    ]
    rows = [
        [row["id"], *(_cell(row[c], moves.kinds[c], delimiter) for c in props),
         *(_extra_cell(row["extra"].get(k), v) for k, v in extra.items()), "Move"]
        for row in moves.rows
    ]
    files.append(_File("nodes_moves.csv", header, rows, nodes=True))
    node_file("sources", "Source", set())

    def rel_file(name: str, start: str, end: str, kind: str, rows: list[list[Any]], props: list[str] = ()) -> None:
        header = [f":START_ID({start})", f":END_ID({end})", *props, ":TYPE"]
        files.append(_File(f"rels_{name}.csv", header, [[*r, kind] for r in rows], nodes=False))

    rel_file("made", "Person", "Move", "MADE", [[r["person_id"], r["id"]] for r in moves.rows])
    rel_file("from", "Move", "Org", "FROM", [[r["id"], r["from_org"]] for r in moves.rows if r["from_org"]])
    rel_file("to", "Move", "Org", "TO", [[r["id"], r["to_org"]] for r in moves.rows])
    rel_file("reported_by", "Move", "Source", "REPORTED_BY",
             [[r["move_id"], r["source_id"], r["quote"]] for r in tables["reports"].rows], ["quote"])
    orgs = tables["orgs"].rows
    rel_file("part_of", "Org", "Org", "PART_OF", [[r["id"], r["parent"]] for r in orgs if r["parent"]])
    rel_file("merged_into", "Org", "Org", "MERGED_INTO",
             [[r["id"], r["merged_into"], r["merged"]] for r in orgs if r["merged_into"]], ["date:date"])
    rel_file("worked_at", "Person", "Org", "WORKED_AT",
             [[r["person_id"], r["org"], r["start"], r["end"], r["role"]] for r in tables["stints"].rows],
             ["start", "end", "role"])
    return files


def _delimiter(tables: Tables) -> str:
    aliases = [a for row in tables["orgs"].rows for a in row["aliases"]]
    for candidate in _ARRAY_DELIMITERS:
        if not any(candidate in a for a in aliases):
            return candidate
    raise ValueError("every array delimiter appears in an org alias")  # pragma: no cover - a control character


def command(files: list[str], delimiter: str, database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command line for these files."""
    parts = ["neo4j-admin", "database", "import", "full"]
    # ./name, not name: neo4j-admin 2025+ cannot resolve the parent folder of a bare file name.
    parts += [f"--nodes=./{shlex.quote(f)}" for f in files if f.startswith("nodes_")]
    parts += [f"--relationships=./{shlex.quote(f)}" for f in files if f.startswith("rels_")]
    # Quotes and newlines may occur in quotes and notes; a non-default delimiter must be said.
    parts += ["--multiline-fields=true"]
    return " ".join([*parts, "--array-delimiter=" + shlex.quote(delimiter), shlex.quote(database)])


def write(tables: Tables, directory: Path) -> list[Written]:
    delimiter = _delimiter(tables)
    written = []
    for f in _files(tables, delimiter):
        path = directory / f.name
        with path.open("w", encoding="utf-8", newline="") as out:
            # CRLF, as RFC 4180 has it: the csv module then also quotes cells holding a bare
            # CR, which a "\n" terminator leaves bare and every reader splits into two rows.
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(f.header)
            writer.writerows(f.rows)
        written.append(Written(path, f"{len(f.rows)} {'nodes' if f.nodes else 'relationships'}"))
    names = [w.path.name for w in written]
    line = command(names, delimiter)
    script = directory / "import.sh"
    script.write_text(
        "#!/bin/sh\n"
        "# Builds a NEW Neo4j database from these CSV files (written by talentgraph export --to neo4j-admin).\n"
        "# Stop the database first; the import refuses to overwrite an existing one unless you add\n"
        "# --overwrite-destination=true. Give another database name as the first argument.\n"
        "# Then start the database and run constraints.cypher (e.g. cypher-shell -f constraints.cypher).\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        + line.removesuffix(" neo4j") + ' "${1:-neo4j}"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    constraints = directory / "constraints.cypher"
    constraints.write_text("".join(c.strip() + ";\n" for c in CONSTRAINTS), encoding="utf-8")
    readme = directory / "README.txt"
    readme.write_text(
        "Files for neo4j-admin database import full, written by talentgraph export --to neo4j-admin.\n\n"
        "1. Stop Neo4j (or pick a database name that does not exist yet).\n"
        "2. From this folder run:\n\n"
        f"   {line}\n\n"
        "   (import.sh does the same; with Neo4j's bin/ not on your PATH, call its neo4j-admin).\n"
        "3. Start Neo4j (CREATE DATABASE for a new name on Enterprise) and create the unique\n"
        "   constraints talentgraph expects: cypher-shell -f constraints.cypher\n\n"
        "Ids: one id space per label (Person, Org, Move, Source), stored as the id property.\n"
        "Types: date:date on Move and MERGED_INTO, compensation_usd:double, registered:boolean,\n"
        f"aliases:string[] (array delimiter {delimiter!r}). An empty field means no property: an org\n"
        "without aliases gets no aliases property (talentgraph reads that as no aliases).\n",
        encoding="utf-8",
    )
    return [*written, Written(script, "the import command"), Written(constraints, f"{len(CONSTRAINTS)} constraints"),
            Written(readme, "how to import")]
