"""Employment histories (SPEC §3): ``person, person_id, org, start, end, role``.

Each stint becomes a ``WORKED_AT`` relationship. Two consecutive stints of one person
(ordered by start) imply a move from the first org to the second, dated at the start
of the second, with status ``derived``; these implied moves go through the same
normalisation as reported ones, so a reported move and the move its stints imply
become one move.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentgraph.graph.names import name_key, slug
from talentgraph.loaders.dates import DATE_HELP, parse_dates
from talentgraph.loaders.moves import REPORT_COLUMNS, clean_text
from talentgraph.loaders.tables import RawTable, Reject

__all__ = ["REQUIRED_STINT_FIELDS", "STINT_FIELDS", "check_stints", "implied_moves"]

REQUIRED_STINT_FIELDS = ("person", "org", "start")
STINT_FIELDS = ("person", "person_id", "org", "start", "end", "role")


def check_stints(table: RawTable) -> tuple[pd.DataFrame, list[Reject]]:
    """Checked stints (person, person_id, org_name, start, end, precisions, role, file, line) and rejects."""
    f = table.frame
    for col in STINT_FIELDS:
        if col not in f:
            f[col] = ""
    person = clean_text(f["person"])
    person_id = f["person_id"].astype(str).str.strip()
    person_id = person_id.where(person_id != "", person.map(slug))
    org = clean_text(f["org"])
    start = parse_dates(f["start"])
    end = parse_dates(f["end"])
    end_given = f["end"].astype(str).str.strip() != ""
    checks = [
        (person == "", "person", lambda p: "empty; every stint needs the person's name"),
        (person_id == "", "person_id", lambda p: "cannot make an id from the name; give a person_id"),
        (org == "", "org", lambda p: "empty; every stint needs its org"),
        (start["date"].isna(), "start", lambda p: f"{f['start'].iat[p]!r} is not a date ({DATE_HELP})"),
        (end_given & end["date"].isna(), "end", lambda p: f"{f['end'].iat[p]!r} is not a date ({DATE_HELP})"),
        (end_given & (end["date"] < start["date"]), "end", lambda p: "is before start"),
    ]
    failed = np.zeros(len(f), dtype=bool)
    rejects = []
    for bad, column, reason in checks:
        hits = np.asarray(bad, dtype=bool) & ~failed
        for pos in np.flatnonzero(hits):
            rejects.append(Reject(table.file, int(f["_line"].iat[pos]), column, reason(int(pos)),
                                  {k: v for k, v in f.iloc[pos].items() if k != "_line"}))
        failed |= hits
    ok = ~failed
    stints = pd.DataFrame({
        "file": table.file,
        "line": f["_line"].to_numpy(),
        "person": person,
        "person_id": person_id,
        "org_name": org,
        "start": f["start"].astype(str).str.strip(),
        "end": f["end"].astype(str).str.strip(),
        "start_date": start["date"],
        "start_precision": start["precision"],
        "role": f["role"].astype(str).str.strip(),
    })[ok].reset_index(drop=True)
    rejects.sort(key=lambda r: r.line)
    return stints, rejects


def implied_moves(stints: pd.DataFrame) -> pd.DataFrame:
    """The moves that consecutive stints imply, as reports ready for normalisation."""
    s = stints.sort_values(["person_id", "start_date"], kind="stable").reset_index(drop=True)
    prev_all = s.shift()
    # A new role at the same org is not a move.
    same_org = s["org_name"].map(name_key).eq(prev_all["org_name"].fillna("").map(name_key))
    keep = s["person_id"].eq(prev_all["person_id"]) & ~same_org
    nxt = s[keep]
    prev = prev_all[keep]
    n = len(nxt)
    return pd.DataFrame(
        {
            "file": nxt["file"],
            "line": nxt["line"],
            "person": nxt["person"],
            "person_id": nxt["person_id"],
            "from_name": prev["org_name"],
            "to_name": nxt["org_name"],
            "date": nxt["start_date"],
            "precision": nxt["start_precision"],
            "role": nxt["role"],
            "status": "derived",
            "source_url": "",
            "source": "",
            "source_date": "",
            "quote": "",
            "compensation_usd": np.full(n, np.nan),
            "compensation_kind": "",
            "notes": "",
            "extra": [{} for _ in range(n)],
        },
        columns=REPORT_COLUMNS,
    ).reset_index(drop=True)
