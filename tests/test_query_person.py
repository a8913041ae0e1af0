"""person: one person's moves, date order, with the URL (or outlet) of every source.

tests/fixtures/person_moves.csv, read with tests/fixtures/orgs.yaml. Łukasz Kaiser's rows
(id lukasz-kaiser; "Lukasz Kaiser" without the accent has the same slug, so the same
person) become these moves:

    2019        ? -> Stanford               year precision (2019-01-01), no source
    2021-06     Google Brain -> OpenAI      role Researcher, https://example.com/a; and
    2021-06-15  Google Brain -> Open AI     outlet The Information (no URL): the same move
                                            (same orgs, 14 days apart); the day-precision
                                            date wins: 2021-06-15
    2023-01-01  OpenAI Zurich -> OpenAI     confirmed, role Lead: internal at org level
    2024-03-01  OpenAI -> Anthropic         denied
    2025-07-01  OpenAI -> MSL               rumored, Chief Scientist, https://example.com/c
    2025-07-03  OpenAI -> Meta Superintelligence Labs   reported, https://example.com/b
    2025-07-05  OpenAI -> MSL               rumored, https://example.com/b again
                                            -> one move of 2025-07-01, status reported,
                                            two distinct sources (b, c)
    2025-10     Meta -> Thinking Machines Lab  candidate, outlet Rumour Mill

Two people called Wei Chen (ids wei-chen-1 and wei-chen-2) left Google Brain: in 2022
(before the 2023-04-20 merger) and in 2024 (after it: Google DeepMind). Ada Lovelace made
two moves on the same day (a tie on date).
"""

from __future__ import annotations

import pandas as pd
import pytest

from talentgraph.errors import PersonNotFound

from .conftest import load_fixture

COLUMNS = ["date", "from_org", "to_org", "role", "status", "sources"]
A, B, C = "https://example.com/a", "https://example.com/b", "https://example.com/c"


@pytest.fixture
def backend(make_backend):
    return make_backend(load_fixture("person_moves.csv").graph)


def expected(rows: list[tuple[str, str, str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS).astype(str)


def check(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_counted_moves_at_org_level(backend) -> None:
    # Org level: Google Brain is Google (its 2021 move is before the merger: Google Brain,
    # a unit of Google), MSL is Meta; the internal 2023 move is left out, and so are the
    # denied and the candidate moves. Sources sort by code point: "The ..." before "https".
    # Accents and case do not matter in the name.
    check(backend.run("person", name="lukasz KAISER"), expected([
        ("2019-01-01", "", "Stanford University", "", "reported", ""),
        ("2021-06-15", "Google", "OpenAI", "Researcher", "reported", f"The Information; {A}"),
        ("2025-07-01", "OpenAI", "Meta", "Chief Scientist", "reported", f"{B}; {C}"),
    ]))


def test_unit_level_with_every_status(backend) -> None:
    # The id finds the person too. Unit level shows the units as named and the move
    # inside OpenAI; include_status adds the denied and the candidate moves.
    check(backend.run("person", name="lukasz-kaiser", level="unit", include_status="denied,candidate"), expected([
        ("2019-01-01", "", "Stanford University", "", "reported", ""),
        ("2021-06-15", "Google Brain", "OpenAI", "Researcher", "reported", f"The Information; {A}"),
        ("2023-01-01", "OpenAI Zurich", "OpenAI", "Lead", "confirmed", "https://example.com/z"),
        ("2024-03-01", "OpenAI", "Anthropic", "", "denied", "https://example.com/d"),
        ("2025-07-01", "OpenAI", "Meta Superintelligence Labs", "Chief Scientist", "reported", f"{B}; {C}"),
        ("2025-10-01", "Meta", "Thinking Machines Lab", "", "candidate", "Rumour Mill"),
    ]))


def test_since_until(backend) -> None:
    # until=2024 means through 2024-12-31: only the 2021 move is in [2021-01-01, 2024-12-31].
    check(backend.run("person", name="Łukasz Kaiser", since="2021", until="2024"), expected([
        ("2021-06-15", "Google", "OpenAI", "Researcher", "reported", f"The Information; {A}"),
    ]))


def test_same_name_needs_the_id(backend) -> None:
    with pytest.raises(PersonNotFound, match=r"2 people are called 'wei chen'; give one of their ids: "
                                             r"wei-chen-1, wei-chen-2"):
        backend.run("person", name="wei chen")


def test_merger_after_the_merge_date(backend) -> None:
    # wei-chen-2 left Google Brain on 2024-02-01, after the merger: Google DeepMind as named,
    # Google at org level.
    check(backend.run("person", name="WEI-CHEN-2", level="unit"), expected([
        ("2024-02-01", "Google DeepMind", "Anthropic", "", "reported", "https://example.com/w2"),
    ]))
    check(backend.run("person", name="wei-chen-2"), expected([
        ("2024-02-01", "Google", "Anthropic", "", "reported", "https://example.com/w2"),
    ]))


def test_tie_on_date_sorted_by_orgs(backend) -> None:
    # Both on 2020-01-01 from UCL: to_org breaks the tie (DeepMind < Stanford University).
    check(backend.run("person", name="Ada Lovelace"), expected([
        ("2020-01-01", "University College London", "DeepMind", "", "reported", ""),
        ("2020-01-01", "University College London", "Stanford University", "", "reported", ""),
    ]))


def test_nothing_counted_gives_an_empty_frame(backend) -> None:
    got = backend.run("person", name="Ada Lovelace", since="2021")
    assert list(got.columns) == COLUMNS
    assert got.empty


def test_unknown_person_suggests_the_closest_names(backend) -> None:
    with pytest.raises(PersonNotFound, match=r"nobody named 'Lukasz Kaizer' in the moves \(did you mean Łukasz Kaiser"):
        backend.run("person", name="Lukasz Kaizer")
