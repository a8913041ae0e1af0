"""Writing query results: a terminal table, or CSV / JSON / Markdown that pipe cleanly."""

from __future__ import annotations

import json
import math
import sys
from typing import TextIO

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

__all__ = ["FORMATS", "write_frame", "neutralise_formula"]

FORMATS = ("table", "csv", "json", "md")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula (=, +, -, @) with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _control_free(text: str) -> str:
    # Terminal escape sequences in data must print as text, never act on the terminal.
    return "".join(c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" for c in text)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return "inf" if math.isinf(value) else f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return _control_free(str(value))


def write_frame(frame: pd.DataFrame, fmt: str = "table", out: TextIO | None = None, title: str | None = None) -> None:
    """Write ``frame`` to ``out`` (stdout by default) in one of :data:`FORMATS`."""
    out = out or sys.stdout
    if fmt == "csv":
        frame.map(neutralise_formula).to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=15))
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "md":
        out.write(markdown_table(frame) + "\n")
    else:
        console = Console(file=out, highlight=False, soft_wrap=False)
        table = Table(title=escape(title) if title else None, show_lines=False)
        for column in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[column])
            table.add_column(column, justify="right" if numeric else "left", overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(escape(_cell(v)) for v in row))
        console.print(table)
        if frame.empty:
            console.print("(no rows)")


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table; pipes and newlines in cells are escaped."""
    def md(value: object) -> str:
        return _cell(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(str, frame.columns)) + " |",
             "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in frame.columns) + "|"]
    lines += ["| " + " | ".join(md(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)
