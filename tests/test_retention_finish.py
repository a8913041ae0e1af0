"""retention.finish: the Neo4j answer (integer lists per org) -> the same table as in-process.

The Cypher sends start dates as days since 1970-01-01 and tenures as days (-1: not ended),
because the driver decodes integers ~50x faster than dates; these tests pin that decoding
without a server.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from talentgraph.queries.retention import finish, retention_table

PARAMS = {"horizon_days": 30, "min_hires": 1, "as_of": None}


def day(text: str) -> int:
    return (dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days


def answer() -> pd.DataFrame:
    # Acme: a stint of 10 days, one of 40, one still running; Zed has no hire in the window
    # but holds the latest move, which sets the default as_of.
    return pd.DataFrame({
        "org_id": ["acme", "zed"],
        "org": ["Acme", "Zed"],
        "starts": [[day("2025-01-01"), day("2025-01-01"), day("2025-02-01")], []],
        "days": [[10, 40, -1], []],
        "latest": [dt.date(2025, 2, 1), dt.date(2025, 3, 3)],
    })


def expected(as_of: str) -> pd.DataFrame:
    frame = pd.DataFrame({
        "org_id": ["acme"] * 3,
        "org": ["Acme"] * 3,
        "start": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]),
        "ended": pd.to_datetime(["2025-01-11", "2025-02-10", None]),
    })
    return retention_table(frame, pd.Timestamp(as_of), PARAMS["horizon_days"], PARAMS["min_hires"])


def test_default_as_of_is_the_latest_move_of_any_org():
    got = finish(answer(), PARAMS)
    pd.testing.assert_frame_equal(got, expected("2025-03-03"))
    assert got["departures"].tolist() == [2]


def test_given_as_of_hides_later_departures():
    got = finish(answer(), {**PARAMS, "as_of": pd.Timestamp("2025-02-05")})
    pd.testing.assert_frame_equal(got, expected("2025-02-05"))
    assert got[["hires", "departures"]].values.tolist() == [[3, 1]]


def test_no_counted_moves():
    empty = pd.DataFrame(columns=["org_id", "org", "starts", "days", "latest"])
    assert finish(empty, PARAMS).empty
