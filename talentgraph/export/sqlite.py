"""``export --to sqlite``: one SQLite database, ready for Datasette or any SQL client.

``talentgraph.db`` holds one table per entity with its primary key and foreign keys::

    persons (id PK, name)
    orgs    (id PK, name, aliases, kind, country, parent -> orgs, merged_into -> orgs, merged, registered)
    moves   (id PK, person_id -> persons, from_org -> orgs, to_org -> orgs, date, precision, status,
             role, compensation_usd, compensation_kind, notes, extra)
    sources (id PK, url, outlet, published)
    reports (move_id -> moves, source_id -> sources, quote; PK (move_id, source_id))
    stints  (person_id -> persons, org -> orgs, start, end, role; PK (person_id, org, start))

and the view ``moves_view``: one row per move with the person's and the orgs' names and
the number of reports, the table to browse first. Dates are ``YYYY-MM-DD`` text, missing
values NULL, ``registered`` 0/1, ``aliases`` and ``extra`` JSON text (SQLite's ``json_each``
reads them). Foreign-key columns are indexed, so Datasette's facets and joins stay fast.
An existing ``talentgraph.db`` in DIR is replaced as a whole (written aside, then renamed).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from talentgraph.errors import TalentGraphError
from talentgraph.export.tables import Table, Tables, Written, json_text

__all__ = ["FILENAME", "SCHEMA", "write"]

FILENAME = "talentgraph.db"

SCHEMA = """
CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE orgs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    aliases TEXT,
    kind TEXT,
    country TEXT,
    parent TEXT REFERENCES orgs(id),
    merged_into TEXT REFERENCES orgs(id),
    merged TEXT,
    registered INTEGER
);
CREATE TABLE moves (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    from_org TEXT REFERENCES orgs(id),
    to_org TEXT NOT NULL REFERENCES orgs(id),
    date TEXT NOT NULL,
    precision TEXT,
    status TEXT,
    role TEXT,
    compensation_usd REAL,
    compensation_kind TEXT,
    notes TEXT,
    extra TEXT
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    url TEXT,
    outlet TEXT,
    published TEXT
);
CREATE TABLE reports (
    move_id TEXT NOT NULL REFERENCES moves(id),
    source_id TEXT NOT NULL REFERENCES sources(id),
    quote TEXT,
    PRIMARY KEY (move_id, source_id)
);
CREATE TABLE stints (
    person_id TEXT NOT NULL REFERENCES persons(id),
    org TEXT NOT NULL REFERENCES orgs(id),
    start TEXT NOT NULL,
    "end" TEXT,
    role TEXT,
    PRIMARY KEY (person_id, org, start)
);
CREATE INDEX orgs_parent ON orgs(parent);
CREATE INDEX orgs_merged_into ON orgs(merged_into);
CREATE INDEX moves_person_id ON moves(person_id);
CREATE INDEX moves_from_org ON moves(from_org);
CREATE INDEX moves_to_org ON moves(to_org);
CREATE INDEX moves_date ON moves(date);
CREATE INDEX reports_source_id ON reports(source_id);
CREATE INDEX stints_org ON stints(org);
CREATE VIEW moves_view AS
SELECT m.id AS move_id,
       m.date,
       m.precision,
       p.name AS person,
       f.name AS from_org,
       t.name AS to_org,
       m.role,
       m.status,
       m.compensation_usd,
       m.compensation_kind,
       (SELECT count(*) FROM reports r WHERE r.move_id = m.id) AS reports
FROM moves m
JOIN persons p ON p.id = m.person_id
LEFT JOIN orgs f ON f.id = m.from_org
JOIN orgs t ON t.id = m.to_org
ORDER BY m.date, p.name;
"""


def _value(value: Any, kind: str) -> Any:
    if kind in ("list", "map"):
        return json_text(value)
    if kind == "bool" and value is not None:
        return int(value)
    return value


def _insert(db: sqlite3.Connection, table: Table) -> None:
    columns = ", ".join(f'"{c}"' for c in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    db.executemany(
        f"INSERT INTO {table.name} ({columns}) VALUES ({marks})",  # names from the model, values bound
        ([_value(row[c], table.kinds[c]) for c in table.columns] for row in table.rows),
    )


def write(tables: Tables, directory: Path) -> list[Written]:
    path = directory / FILENAME
    partial = directory / (FILENAME + ".partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        with db:
            # Orgs point at orgs (parent, merged_into): check the keys at commit, not row by row.
            db.execute("PRAGMA defer_foreign_keys = ON")
            for table in tables.values():
                _insert(db, table)
    except sqlite3.IntegrityError as exc:
        db.close()
        partial.unlink(missing_ok=True)
        # A dangling reference or a duplicate key: the export must not hide it.
        raise TalentGraphError(f"the graph does not fit the SQLite schema: {exc}") from None
    except BaseException:
        db.close()
        partial.unlink(missing_ok=True)
        raise
    db.close()
    os.replace(partial, path)
    rows = sum(len(t) for t in tables.values())
    return [Written(path, f"{len(tables)} tables, {rows} rows, view moves_view")]
