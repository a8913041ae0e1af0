"""Checking move reports (SPEC §3): one row of a moves file -> one report, or one reject.

The checks are vectorised over the whole file. A row fails on the first column that is
wrong, and the reason says what was expected, so the reject line reads
``moves.csv:12: date: '2025-13' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from talentgraph.graph.model import COMPENSATION_KINDS, STATUSES
from talentgraph.graph.names import slug
from talentgraph.loaders.dates import DATE_HELP, parse_dates
from talentgraph.loaders.tables import RawTable, Reject

__all__ = ["MOVE_FIELDS", "REPORT_COLUMNS", "REQUIRED_MOVE_FIELDS", "check_moves"]

REQUIRED_MOVE_FIELDS = ("person", "to_org", "date")
MOVE_FIELDS = (
    "person", "person_id", "from_org", "to_org", "date", "role", "status",
    "source_url", "source", "source_date", "quote", "compensation_usd",
    "compensation_kind", "notes",
)
_MONEY_NOISE = re.compile(r"^\$|[,_ ]")  # "$1,500,000" -> "1500000"
_HTTP_URL = re.compile(r"(?i)^https?://\S+$")
_RESERVED = {"id", "precision", "extra"}  # Move properties that are not input columns
# The checked reports, one per accepted row, that normalisation turns into moves.
REPORT_COLUMNS = [
    "file", "line", "person", "person_id", "from_name", "to_name", "date", "precision",
    "role", "status", "source_url", "source", "source_date", "quote",
    "compensation_usd", "compensation_kind", "notes", "extra",
]


def clean_text(series: pd.Series) -> pd.Series:
    """Trim and fold inner runs of white space (names arrive with stray tabs and newlines).

    Done once per distinct value: a file repeats its org and outlet names thousands of times.
    """
    values = series.astype(object)
    mapping = {v: " ".join(str(v).split()) for v in pd.unique(values)}
    return values.map(mapping)


def stripped(series: pd.Series) -> pd.Series:
    """Cells without surrounding white space; a plain loop beats pandas' string accessor here."""
    return pd.Series([str(v).strip() for v in series.tolist()], index=series.index, dtype=object)


def unique_map(series: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """``series.map(func)``, calling ``func`` once per distinct value."""
    return series.map({v: func(v) for v in pd.unique(series)})


def check_moves(table: RawTable) -> tuple[pd.DataFrame, list[Reject]]:
    """Split a raw moves table into checked reports and rejects."""
    f = table.frame
    n = len(f)
    for col in MOVE_FIELDS:
        if col not in f:
            f[col] = ""
    person = clean_text(f["person"])
    person_id = stripped(f["person_id"])
    person_id = person_id.where(person_id != "", unique_map(person, slug))
    to_name = clean_text(f["to_org"])
    from_name = clean_text(f["from_org"])
    dates = parse_dates(f["date"])
    source_dates = parse_dates(f["source_date"])
    status = unique_map(f["status"], lambda v: str(v).strip().lower() or "reported")
    comp_text = unique_map(f["compensation_usd"], lambda v: _MONEY_NOISE.sub("", str(v).strip()))
    compensation = pd.to_numeric(comp_text, errors="coerce")
    comp_kind = unique_map(f["compensation_kind"], lambda v: str(v).strip().lower())
    url = stripped(f["source_url"])

    failed = np.zeros(n, dtype=bool)
    rejects: list[tuple[int, str, str]] = []  # (position, column, reason)

    def check(bad: pd.Series, column: str, reason: Callable[[int], str]) -> None:
        nonlocal failed
        hits = np.asarray(bad, dtype=bool) & ~failed
        for pos in np.flatnonzero(hits):
            rejects.append((int(pos), column, reason(int(pos))))
        failed |= hits

    def raw(column: str) -> Callable[[int], str]:
        return lambda pos: repr(f[column].iat[pos])

    check(person == "", "person", lambda p: "empty; every move needs the person's name")
    check(person_id == "", "person_id",
          lambda p: f"cannot make an id from {f['person'].iat[p]!r}; give a person_id")
    check(to_name == "", "to_org", lambda p: "empty; every move needs the org joined")
    check(stripped(f["date"]) == "", "date", lambda p: f"empty; {DATE_HELP}")
    check(dates["date"].isna(), "date", lambda p: f"{raw('date')(p)} is not a date ({DATE_HELP})")
    check(~status.isin(STATUSES), "status",
          lambda p: f"{raw('status')(p)} is not one of {', '.join(STATUSES)}")
    check((comp_text != "") & compensation.isna(), "compensation_usd",
          lambda p: f"{raw('compensation_usd')(p)} is not a number (US dollars, e.g. 1500000)")
    check(np.isinf(compensation), "compensation_usd",  # "1e999" parses, as infinity
          lambda p: f"{raw('compensation_usd')(p)} is not a finite number (US dollars, e.g. 1500000)")
    check(compensation < 0, "compensation_usd", lambda p: f"{raw('compensation_usd')(p)} is negative")
    check((comp_kind != "") & ~comp_kind.isin(COMPENSATION_KINDS), "compensation_kind",
          lambda p: f"{raw('compensation_kind')(p)} is not one of {', '.join(COMPENSATION_KINDS)}")
    check((stripped(f["source_date"]) != "") & source_dates["date"].isna(), "source_date",
          lambda p: f"{raw('source_date')(p)} is not a date ({DATE_HELP})")
    check(pd.Series([bool(u) and not _HTTP_URL.match(u) for u in url.tolist()], index=url.index), "source_url",
          lambda p: f"{raw('source_url')(p)} is not an http(s) URL")

    extra_cols = [c for c in f.columns if c not in MOVE_FIELDS and c != "_line" and c]
    if extra_cols:
        # An extra column named like a property the model sets itself is kept under another name.
        names = {c: f"extra_{c}" if c in _RESERVED else c for c in extra_cols}
        extras = [{names[k]: v for k, v in rec.items() if v != ""} for rec in f[extra_cols].to_dict("records")]
    else:
        extras = [{} for _ in range(n)]

    source_date_text = source_dates["date"].dt.strftime("%Y-%m-%d").where(source_dates["date"].notna(), "")
    ok = ~failed
    reports = pd.DataFrame(
        {
            "file": table.file,
            "line": f["_line"].to_numpy(),
            "person": person,
            "person_id": person_id,
            "from_name": from_name,
            "to_name": to_name,
            "date": dates["date"],
            "precision": dates["precision"],
            "role": clean_text(f["role"]),
            "status": status,
            "source_url": url,
            "source": clean_text(f["source"]),
            "source_date": source_date_text,
            "quote": stripped(f["quote"]),
            "compensation_usd": compensation.where(comp_text != ""),
            "compensation_kind": comp_kind,
            "notes": stripped(f["notes"]),
            "extra": extras,
        },
        columns=REPORT_COLUMNS,
    )[ok].reset_index(drop=True)
    rejected = [
        Reject(table.file, int(f["_line"].iat[pos]), column, reason,
               {k: v for k, v in f.iloc[pos].items() if k != "_line"})
        for pos, column, reason in sorted(rejects)
    ]
    return reports, rejected
