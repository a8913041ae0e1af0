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
from talentgraph.graph.names import slugs
from talentgraph.loaders.dates import DATE_HELP, parse_dates
from talentgraph.loaders.tables import RawTable, Reject
from talentgraph.loaders.text import clean_each, has_white_space, strip_each

__all__ = [
    "MOVE_FIELDS", "REPORT_COLUMNS", "REQUIRED_MOVE_FIELDS", "Distinct", "check_moves", "clean_text",
    "stripped",
]

REQUIRED_MOVE_FIELDS = ("person", "to_org", "date")
MOVE_FIELDS = (
    "person", "person_id", "from_org", "to_org", "date", "role", "status",
    "source_url", "source", "source_date", "quote", "compensation_usd",
    "compensation_kind", "notes",
)
_MONEY_NOISE = re.compile(r"^\$|[,_ ]")  # "$1,500,000" -> "1500000"
# A line that is not an http(s) URL (the lines being one URL each); empty lines are fine.
_NOT_HTTP_LINE = re.compile(r"(?im)^(?!https?://[^\s]+$).+$")
_RESERVED = {"id", "precision", "extra"}  # Move properties that are not input columns
_NO_EXTRA: dict[str, str] = {}  # the extra columns of a row that has none (shared, never mutated)
# The checked reports, one per accepted row, that normalisation turns into moves.
REPORT_COLUMNS = [
    "file", "line", "person", "person_id", "from_name", "to_name", "date", "precision",
    "role", "status", "source_url", "source", "source_date", "quote",
    "compensation_usd", "compensation_kind", "notes", "extra",
]


_SAMPLE = 1_000  # rows looked at to guess whether a column repeats its values


class Distinct:
    """One column's distinct values and, for each row, which of them it holds.

    A file repeats its org names, outlets, dates and statuses thousands of times: a
    function of the text runs once per distinct value, and ``pd.factorize``'s integer
    codes carry each answer back to every row at C speed.
    """

    def __init__(self, series: pd.Series) -> None:
        values = series.to_numpy(dtype=object)
        self.index = series.index
        if len(values) > _SAMPLE and len(set(values[:_SAMPLE].tolist())) > _SAMPLE // 2:
            # Mostly distinct (URLs, quotes): hashing every cell to find repeats costs more
            # than it saves, so each row is its own value (codes None: row i holds value i).
            self.codes: np.ndarray | None = None
            all_text = pd.api.types.infer_dtype(values, skipna=False) == "string"  # one C pass
            self.values: list[str] = (values.tolist() if all_text
                                      else [v if isinstance(v, str) else "" for v in values])
            self.values.append("")
            return
        codes, uniques = pd.factorize(values)
        # Code -1 (a missing cell) reads as the empty text, held one past the last value.
        self.codes = np.where(codes < 0, len(uniques), codes)
        self.values = [*uniques, ""]

    def take(self, answers: list, dtype: object = object) -> pd.Series:
        """Every row's entry of ``answers`` (one per distinct value)."""
        column = np.asarray(answers, dtype=dtype)
        column = column[:-1] if self.codes is None else column[self.codes]
        return pd.Series(column, index=self.index, dtype=dtype, copy=False)  # a fresh array: no copy


def clean_text(series: pd.Series) -> pd.Series:
    """Trim and fold inner runs of white space (names arrive with stray tabs and newlines)."""
    values = Distinct(series)
    return values.take(clean_each(values.values))


def stripped(series: pd.Series) -> pd.Series:
    """Cells without surrounding white space."""
    values = Distinct(series)
    return values.take(strip_each(values.values))


def _not_http_urls(urls: list[str]) -> np.ndarray:
    """For each (stripped) URL: is it present but not an http(s) URL?

    One regex pass over the joined text instead of a Python call per URL: a large file
    has as many distinct URLs as rows. A URL holding a line break is bad either way.
    """
    bad = np.zeros(len(urls), dtype=bool)
    joined = "\n".join(urls)
    # The usual file: every URL present starts http:// or https://, has something after it,
    # and holds no white space. Substring counts (memchr speed) prove it without a regex;
    # the first URL, with no line break before it, is looked at on its own.
    present = len(urls) - urls.count("")
    http = joined.count("\nhttp://") + joined.count("\nhttps://") + urls[0].startswith(("http://", "https://"))
    if (http == present and "://\n" not in joined and not joined.endswith("://")
            and joined.count("\n") == len(urls) - 1 and not has_white_space(joined, besides="\n")):
        return bad
    starts = np.cumsum([0] + [len(u) + 1 for u in urls])
    for match in _NOT_HTTP_LINE.finditer(joined):
        bad[int(np.searchsorted(starts, match.start(), side="right")) - 1] = True
    if joined.count("\n") > len(urls) - 1:  # the joins are not the only line breaks
        bad |= np.fromiter(("\n" in u for u in urls), dtype=bool, count=len(urls))
    return bad


def _repeated(value: object, n: int) -> np.ndarray:
    """An object array of ``n`` times ``value``: fill() takes 3 ms a million, np.full 70 ms."""
    array = np.empty(n, dtype=object)
    array.fill(value)
    return array


def check_moves(table: RawTable) -> tuple[pd.DataFrame, list[Reject]]:
    """Split a raw moves table into checked reports and rejects."""
    f = table.frame
    n = len(f)
    for col in MOVE_FIELDS:
        if col not in f:
            # Empty text, as an object column: pandas would scan and convert a str column.
            f[col] = pd.Series(_repeated("", n), index=f.index, dtype=object, copy=False)
    # Every value and every test of a value is computed once per distinct text.
    people = Distinct(f["person"])
    names = clean_each(people.values)
    person = people.take(names)
    no_person = people.take([not v for v in names], bool)
    ids = Distinct(f["person_id"])
    given_ids = strip_each(ids.values)
    person_id = ids.take(given_ids)
    default_ids = slugs(people.values)
    default_id = people.take(default_ids)
    no_given_id = ids.take([not v for v in given_ids], bool)
    person_id[no_given_id] = default_id[no_given_id]
    no_person_id = no_given_id & people.take([not v for v in default_ids], bool)
    to_orgs = Distinct(f["to_org"])
    to_clean = clean_each(to_orgs.values)
    to_name = to_orgs.take(to_clean)
    no_to = to_orgs.take([not v for v in to_clean], bool)
    from_name = clean_text(f["from_org"])
    dates = parse_dates(f["date"])
    source_dates = parse_dates(f["source_date"])
    statuses = Distinct(f["status"])
    status_values = [v.strip().lower() or "reported" for v in statuses.values]
    status = statuses.take(status_values)
    bad_status = statuses.take([v not in STATUSES for v in status_values], bool)
    amounts = Distinct(f["compensation_usd"])
    amount_text = [_MONEY_NOISE.sub("", v.strip()) for v in amounts.values]
    amount_values = pd.to_numeric(pd.Series(amount_text, dtype=object), errors="coerce").to_numpy(dtype=float)
    compensation = amounts.take(amount_values, float)
    not_number = amounts.take([t != "" and np.isnan(a) for t, a in zip(amount_text, amount_values)], bool)
    kinds = Distinct(f["compensation_kind"])
    kind_values = [v.strip().lower() for v in kinds.values]
    comp_kind = kinds.take(kind_values)
    bad_kind = kinds.take([v != "" and v not in COMPENSATION_KINDS for v in kind_values], bool)
    urls = Distinct(f["source_url"])
    clean_urls = strip_each(urls.values)
    url = urls.take(clean_urls)
    bad_url = urls.take(_not_http_urls(clean_urls), bool)

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

    check(no_person, "person", lambda p: "empty; every move needs the person's name")
    check(no_person_id, "person_id",
          lambda p: f"cannot make an id from {f['person'].iat[p]!r}; give a person_id")
    check(no_to, "to_org", lambda p: "empty; every move needs the org joined")
    check(dates["date"].isna(), "date",
          lambda p: f"empty; {DATE_HELP}" if dates["blank"].iat[p] else f"{raw('date')(p)} is not a date ({DATE_HELP})")
    check(bad_status, "status",
          lambda p: f"{raw('status')(p)} is not one of {', '.join(STATUSES)}")
    check(not_number, "compensation_usd",
          lambda p: f"{raw('compensation_usd')(p)} is not a number (US dollars, e.g. 1500000)")
    check(np.isinf(compensation), "compensation_usd",  # "1e999" parses, as infinity
          lambda p: f"{raw('compensation_usd')(p)} is not a finite number (US dollars, e.g. 1500000)")
    check(compensation < 0, "compensation_usd", lambda p: f"{raw('compensation_usd')(p)} is negative")
    check(bad_kind, "compensation_kind",
          lambda p: f"{raw('compensation_kind')(p)} is not one of {', '.join(COMPENSATION_KINDS)}")
    check(~source_dates["blank"] & source_dates["date"].isna(), "source_date",
          lambda p: f"{raw('source_date')(p)} is not a date ({DATE_HELP})")
    check(bad_url, "source_url",
          lambda p: f"{raw('source_url')(p)} is not an http(s) URL")

    extra_cols = [c for c in f.columns if c not in MOVE_FIELDS and c != "_line" and c]
    if extra_cols:
        # An extra column named like a property the model sets itself is kept under another name.
        names = {c: f"extra_{c}" if c in _RESERVED else c for c in extra_cols}
        extras = [{names[k]: v for k, v in rec.items() if v != ""} for rec in f[extra_cols].to_dict("records")]
    else:
        # One shared empty map: a million of them cost a quarter second; nothing mutates it.
        extras = _repeated(_NO_EXTRA, n)

    reports = pd.DataFrame(
        {
            "file": pd.Series(_repeated(table.file, n), dtype=object, copy=False),
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
            "source_date": pd.Series(source_dates["iso"].to_numpy(), dtype=object),
            "quote": stripped(f["quote"]),
            "compensation_usd": compensation,
            "compensation_kind": comp_kind,
            "notes": stripped(f["notes"]),
            "extra": pd.Series(extras, dtype=object),
        },
        columns=REPORT_COLUMNS,
        copy=False,  # the columns are fresh arrays already
    )
    if failed.any():
        reports = reports[~failed].reset_index(drop=True)
    rejected = [
        Reject(table.file, int(f["_line"].iat[pos]), column, reason,
               {k: v for k, v in f.iloc[pos].items() if k != "_line"})
        for pos, column, reason in sorted(rejects)
    ]
    return reports, rejected
