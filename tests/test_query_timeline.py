"""timeline: one org's inflow and outflow per month, quarter or year, zeros included.

tests/fixtures/timeline_moves.csv, one person per row (no two rows merge), read with
tests/fixtures/orgs.yaml (OpenAI Zurich is a unit of OpenAI; DeepMind and Google Brain
merged into Google DeepMind, a unit of Google, on 2023-04-20):

    2024-11-20 Ada  Anthropic -> OpenAI         in
    2025-01    Bo   OpenAI -> Mistral AI        out (month precision: 2025-01-01)
    2025       Cy   ? -> OpenAI                 in (year precision: January 2025)
    2025-02-10 Di   OpenAI Zurich -> Anthropic  out at org level; not OpenAI's at unit level
    2025-03-05 Ed   OpenAI Zurich -> OpenAI     internal at org level; in at unit level
    2025-04-01 Flo  Meta -> Anthropic           not OpenAI's
    2025-06-30 Gil  Meta -> OpenAI              in (rumored: counted)
    2025-07-01 Hu   OpenAI -> Meta              denied
    2025-09-15 Io   Anthropic -> OpenAI         candidate
    2023-02-01 Jo   DeepMind -> Anthropic       before the merger: DeepMind
    2023-06-01 Ka   DeepMind -> Anthropic       after it: Google DeepMind (Google at org level)
    2024-03    Lu   Google Brain -> Meta        after it: Google DeepMind
"""

from __future__ import annotations

import pandas as pd
import pytest

from talentgraph.errors import OrgNotFound, QueryError

from .conftest import load_fixture

COLUMNS = ["period", "inflow", "outflow", "net"]


@pytest.fixture
def backend(make_backend):
    return make_backend(load_fixture("timeline_moves.csv").graph)


def expected(rows: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"period": "str", "inflow": "int64", "outflow": "int64", "net": "int64"})


def check(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_months_with_zeros(backend) -> None:
    # OpenAI at org level: first counted move Ada (2024-11), last Gil (2025-06). January has
    # Bo out and Cy in (year precision lands in January); Ed's move is internal, so March is 0;
    # Hu (denied) and Io (candidate) are not counted, so the range stops at June.
    check(backend.run("timeline", org="OpenAI"), expected([
        ("2024-11", 1, 0, 1),
        ("2024-12", 0, 0, 0),
        ("2025-01", 1, 1, 0),
        ("2025-02", 0, 1, -1),
        ("2025-03", 0, 0, 0),
        ("2025-04", 0, 0, 0),
        ("2025-05", 0, 0, 0),
        ("2025-06", 1, 0, 1),
    ]))


def test_quarters_and_the_org_given_by_id_in_any_case(backend) -> None:
    # Q4 2024: Ada in. Q1 2025: Cy in; Bo and Di out. Q2 2025: Gil in.
    want = expected([("2024-Q4", 1, 0, 1), ("2025-Q1", 1, 2, -1), ("2025-Q2", 1, 0, 1)])
    check(backend.run("timeline", org="openai", freq="quarter"), want)
    check(backend.run("timeline", org="OPENAI", freq="QUARTER"), want)


def test_years(backend) -> None:
    # 2024: Ada in. 2025: Cy and Gil in, Bo and Di out.
    check(backend.run("timeline", org="OpenAI", freq="year"), expected([("2024", 1, 0, 1), ("2025", 2, 2, 0)]))


def test_include_status_extends_the_range(backend) -> None:
    # With denied and candidate: Hu out (2025-07-01) and Io in (2025-09-15) fill Q3.
    check(backend.run("timeline", org="OpenAI", freq="quarter", include_status="denied,candidate"), expected([
        ("2024-Q4", 1, 0, 1),
        ("2025-Q1", 1, 2, -1),
        ("2025-Q2", 1, 0, 1),
        ("2025-Q3", 1, 1, 0),
    ]))


def test_since_until_bound_the_moves_and_the_periods_follow_them(backend) -> None:
    # Moves in Jan-Mar 2025: Bo, Cy (January), Di (February); Ed is internal. The periods
    # run from the first to the last counted move, so March (no counted move) is not listed.
    check(backend.run("timeline", org="OpenAI", since="2025-01-01", until="2025-03"), expected([
        ("2025-01", 1, 1, 0),
        ("2025-02", 0, 1, -1),
    ]))


def test_unit_level(backend) -> None:
    # OpenAI as named: Ada, Cy, Ed (from OpenAI Zurich: now in), Gil in; Bo out; Di left Zurich.
    check(backend.run("timeline", org="OpenAI", level="unit", freq="year"), expected([
        ("2024", 1, 0, 1),
        ("2025", 3, 1, 2),
    ]))
    # OpenAI Zurich as named: Di and Ed left it.
    check(backend.run("timeline", org="openai zurich", level="unit"), expected([
        ("2025-02", 0, 1, -1),
        ("2025-03", 0, 1, -1),
    ]))


def test_a_unit_stands_for_its_top_level_org_at_org_level(backend) -> None:
    # The same years as OpenAI's (test_years): Di's move counts, Ed's is internal.
    check(backend.run("timeline", org="OpenAI Zurich", freq="year"), expected([("2024", 1, 0, 1), ("2025", 2, 2, 0)]))


def test_mergers_before_and_after_the_merge_date(backend) -> None:
    # Google DeepMind as named: Ka (2023-06-01, after the merger) and Lu (2024-03) left it.
    check(backend.run("timeline", org="Google DeepMind", level="unit", freq="year"), expected([
        ("2023", 0, 1, -1),
        ("2024", 0, 1, -1),
    ]))
    # DeepMind keeps only Jo's move (2023-02-01, before the merger).
    check(backend.run("timeline", org="DeepMind", level="unit", freq="year"), expected([("2023", 0, 1, -1)]))
    # At org level Google DeepMind is Google: quarters from 2023-Q2 to 2024-Q1 across a year end.
    check(backend.run("timeline", org="Google DeepMind", freq="quarter"), expected([
        ("2023-Q2", 0, 1, -1),
        ("2023-Q3", 0, 0, 0),
        ("2023-Q4", 0, 0, 0),
        ("2024-Q1", 0, 1, -1),
    ]))


def test_an_org_without_counted_moves_gives_an_empty_frame(backend) -> None:
    got = backend.run("timeline", org="Stanford University")
    assert list(got.columns) == COLUMNS
    assert got.empty


def test_unknown_org_suggests_the_closest_names(backend) -> None:
    with pytest.raises(OrgNotFound, match=r"no org named 'OpenAl' \(did you mean OpenAI or OpenAI Zurich\?\)"):
        backend.run("timeline", org="OpenAl")


def test_org_is_required(backend) -> None:
    with pytest.raises(QueryError, match="org is required"):
        backend.run("timeline")
