"""``export --to csv``: one CSV per table, for spreadsheets and scripts.

``persons.csv``, ``orgs.csv``, ``moves.csv``, ``sources.csv``, ``reports.csv`` and
``stints.csv``, UTF-8, with a header row, columns in the model's order. Missing values
are empty cells, dates ``YYYY-MM-DD``, booleans ``true``/``false``, lists and maps
(org ``aliases``, the ``extra`` input columns of a move) compact JSON. Text that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``) gets a
leading ``'``, as in ``talentgraph query -f csv``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from talentgraph.export.tables import Tables, Written, json_text
from talentgraph.output import neutralise_formula

__all__ = ["cell", "write"]


def cell(value: Any, kind: str) -> str:
    """One value as CSV cell text."""
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        return format(value, ".15g")
    if kind in ("list", "map"):
        return str(neutralise_formula(json_text(value) or ""))
    return str(neutralise_formula(str(value)))


def write(tables: Tables, directory: Path) -> list[Written]:
    written = []
    for table in tables.values():
        path = directory / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            # CRLF, as RFC 4180 has it: the csv module then also quotes cells holding a bare
            # CR, which a "\n" terminator leaves bare and every reader splits into two rows.
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(table.columns)
            for row in table.rows:
                writer.writerow([cell(row[c], table.kinds[c]) for c in table.columns])
        written.append(Written(path, f"{len(table)} rows"))
    return written
