"""Writing query results: a terminal table, or CSV / JSON / Markdown that pipe cleanly."""

from __future__ import annotations

import csv
import json
import math
import sys
from typing import TextIO

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

__all__ = ["FORMATS", "neutralise_formula", "printable", "write_frame"]

FORMATS = ("table", "csv", "json", "md")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula (=, +, -, @) with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def printable(text: str) -> str:
    """``text`` with each character a terminal would act on written out as a visible escape.

    Escape sequences, BEL, CR, NUL, line breaks, bidi overrides: data must print as text,
    never move the cursor, recolour or reorder the screen.

    >>> printable("\\x1b[31mred\\x07 \\u202eevil")
    '\\\\x1b[31mred\\\\x07 \\\\u202eevil'
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(c: str) -> str:
    # \x1b for a byte, \u202e beyond: "\x202e" would read as "\x20" then "2e".
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return "inf" if math.isinf(value) else f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return printable(str(value))


def write_frame(frame: pd.DataFrame, fmt: str = "table", out: TextIO | None = None, title: str | None = None) -> None:
    """Write ``frame`` to ``out`` (stdout by default) in one of :data:`FORMATS`."""
    out = out or sys.stdout
    if fmt == "csv":
        safe = frame.map(neutralise_formula)
        # With "\n" as the line end the csv module quotes a cell holding "\n" but not one holding
        # a bare "\r", which readers take for a line break: quote every text cell then.
        bare_cr = any(isinstance(v, str) and "\r" in v for c in safe.columns for v in safe[c])
        quoting = csv.QUOTE_NONNUMERIC if bare_cr else csv.QUOTE_MINIMAL
        safe.to_csv(out, index=False, lineterminator="\n", quoting=quoting)
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=15))
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "md":
        out.write(markdown_table(frame) + "\n")
    else:
        _write_table(frame, out, title)


def _write_table(frame: pd.DataFrame, out: TextIO, title: str | None) -> None:
    console = Console(file=out, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console.width = max(console.width, 160)
    cells = [[_cell(v) for v in frame[c]] for c in frame.columns]
    natural = [max([len(str(c)), *map(len, values)]) for c, values in zip(frame.columns, cells)]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    widths = _fit(natural, numeric, console.width - (3 * len(natural) + 1))
    table = Table(title=escape(title) if title else None)
    for column, width, is_number in zip(frame.columns, widths, numeric):
        table.add_column(str(column), justify="right" if is_number else "left", no_wrap=True, width=width)
    for row in zip(*cells):
        table.add_row(*(escape(_clip(v, w)) for v, w in zip(row, widths)))
    console.print(table)
    if frame.empty:
        console.print("(no rows)")


def _fit(natural: list[int], fixed: list[bool], room: int) -> list[int]:
    """Column widths within ``room``: numbers keep theirs, text shares the rest fairly."""
    widths = list(natural)
    flexible = [i for i, f in enumerate(fixed) if not f]
    left = room - sum(w for w, f in zip(natural, fixed) if f)
    # Water-filling: columns narrower than an equal share keep their width; the rest split.
    while flexible:
        share = max(8, left // len(flexible))
        narrow = [i for i in flexible if natural[i] <= share]
        if not narrow:
            for i in flexible:
                widths[i] = share
            break
        for i in narrow:
            left -= natural[i]
            flexible.remove(i)
    return widths


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table; pipes and newlines in cells are escaped."""
    def md(value: object) -> str:
        return _cell(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(str, frame.columns)) + " |",
             "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in frame.columns) + "|"]
    lines += ["| " + " | ".join(md(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)
