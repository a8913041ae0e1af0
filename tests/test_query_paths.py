"""paths: contiguous runs of `length` orgs in people's careers, once per person; people desc.

tests/fixtures/paths_moves.csv, read with tests/fixtures/orgs.yaml (no two rows merge).
Careers at org level (first origin, then each destination in date order):

  Ann  Google > OpenAI > Anthropic > Meta
  Bob  Google DeepMind (a unit of Google) > OpenAI > Anthropic  ->  Google > OpenAI > Anthropic
  Cat  (origin unknown) -> Google 2018 (year precision), -> OpenAI 2019-06 (month), -> Anthropic:
       Google > OpenAI > Anthropic (an unknown first origin adds nothing)
  Dov  OpenAI > Anthropic > OpenAI > Anthropic > OpenAI
  Eva  Anthropic > OpenAI > Anthropic > OpenAI
  Fox  Google -> OpenAI 2019, (unknown) -> OpenAI 2020-06, OpenAI -> Anthropic 2021:
       Google > OpenAI > OpenAI > Anthropic collapses to Google > OpenAI > Anthropic
  Gia  Google -> FAIR 2019, FAIR -> TBD Lab 2020 (internal at org level), TBD Lab -> OpenAI 2021:
       Google > Meta > OpenAI; at unit level Google > FAIR > TBD Lab > OpenAI
  Hal  Google Brain (2022, before the merger: Google Brain) > MSL > OpenAI: Google > Meta > OpenAI
  Ian  "Google Brain" 2023-06-01 (after the 2023-04-20 merger: Google DeepMind) > OpenAI >
       Anthropic: Google > OpenAI > Anthropic; at unit level Google DeepMind > OpenAI > Anthropic
  Jay  Google > OpenAI, then OpenAI -> Anthropic denied: Google > OpenAI by default

Paths of 3, by person: Google > OpenAI > Anthropic: Ann, Bob, Cat, Fox, Ian (5);
OpenAI > Anthropic > Meta: Ann (1); OpenAI > Anthropic > OpenAI: Dov (twice: once), Eva (2);
Anthropic > OpenAI > Anthropic: Dov, Eva (2); Google > Meta > OpenAI: Gia, Hal (2).
"""

from __future__ import annotations

import pandas as pd
import pytest

from talentgraph.errors import QueryError

from .conftest import load_fixture


@pytest.fixture(scope="module")
def graph():
    return load_fixture("paths_moves.csv").graph


@pytest.fixture(scope="module")
def ties():
    return load_fixture("paths_ties_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["path", "people"]).astype({"people": "int64"})


def test_default(make_backend, graph):
    # min_people 2 drops Ann's OpenAI > Anthropic > Meta; the three 2s sort by path.
    expected = frame(
        ("Google > OpenAI > Anthropic", 5),
        ("Anthropic > OpenAI > Anthropic", 2),
        ("Google > Meta > OpenAI", 2),
        ("OpenAI > Anthropic > OpenAI", 2),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("paths"), expected)


def test_unit_level(make_backend, graph):
    # Bob and Ian now start at Google DeepMind; Gia's and Hal's careers no longer share a path
    # (Google > FAIR > TBD Lab > OpenAI and Google Brain > Meta Superintelligence Labs > OpenAI).
    expected = frame(
        ("Google > OpenAI > Anthropic", 3),
        ("Anthropic > OpenAI > Anthropic", 2),
        ("Google DeepMind > OpenAI > Anthropic", 2),
        ("OpenAI > Anthropic > OpenAI", 2),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("paths", level="unit"), expected)


def test_denied_counts_when_included(make_backend, graph):
    # Jay's career becomes Google > OpenAI > Anthropic: 6.
    expected = frame(
        ("Google > OpenAI > Anthropic", 6),
        ("Anthropic > OpenAI > Anthropic", 2),
        ("Google > Meta > OpenAI", 2),
        ("OpenAI > Anthropic > OpenAI", 2),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("paths", include_status="denied"), expected)


def test_length_two_and_min_people(make_backend, graph):
    # OpenAI > Anthropic: Ann, Bob, Cat, Dov, Eva, Fox, Ian (7); Google > OpenAI: Ann, Bob, Cat,
    # Fox, Ian, Jay (6; without the collapse Fox would add OpenAI > OpenAI);
    # Anthropic > OpenAI, Google > Meta, Meta > OpenAI: 2 each; Anthropic > Meta: 1.
    expected = frame(("OpenAI > Anthropic", 7), ("Google > OpenAI", 6))
    pd.testing.assert_frame_equal(make_backend(graph).run("paths", length=2, min_people=3), expected)


def test_since_restarts_careers(make_backend, graph):
    # Moves from 2020-01-01 on. Ann: OpenAI > Anthropic > Meta; Cat: OpenAI > Anthropic;
    # Fox: (unknown) > OpenAI > Anthropic = OpenAI > Anthropic; Gia: her first move in the window
    # is internal, the next is TBD Lab -> OpenAI: Meta > OpenAI; Hal alone on Google > Meta >
    # OpenAI; Jay has no counted move. Bob, Ian: Google > OpenAI > Anthropic; Dov, Eva unchanged.
    expected = frame(
        ("Anthropic > OpenAI > Anthropic", 2),
        ("Google > OpenAI > Anthropic", 2),
        ("OpenAI > Anthropic > OpenAI", 2),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("paths", since="2020-01-01"), expected)


def test_same_day_moves_follow_destination_names(make_backend, ties):
    # tests/fixtures/paths_ties_moves.csv:
    # Kim: Google -> Anthropic and Google -> OpenAI both 2019-01-01, then OpenAI -> Meta 2020:
    #   Anthropic sorts before OpenAI, so Google > Anthropic > OpenAI > Meta.
    # Lee: (unknown) -> Anthropic and Stanford -> OpenAI both 2019-01-01, then -> Mistral 2020:
    #   the first move is the one to Anthropic, whose origin is unknown: Anthropic > OpenAI >
    #   Mistral AI (Stanford is not the first origin).
    expected = frame(
        ("Anthropic > OpenAI > Meta", 1),
        ("Anthropic > OpenAI > Mistral AI", 1),
        ("Google > Anthropic > OpenAI", 1),
    )
    pd.testing.assert_frame_equal(make_backend(ties).run("paths", min_people=1), expected)


def test_length_one_counts_each_org_once_per_person(make_backend, ties):
    expected = frame(("Anthropic", 2), ("OpenAI", 2), ("Google", 1), ("Meta", 1), ("Mistral AI", 1))
    pd.testing.assert_frame_equal(make_backend(ties).run("paths", length=1, min_people=1), expected)


def test_length_zero_is_refused(make_backend, ties):
    with pytest.raises(QueryError, match="length"):
        make_backend(ties).run("paths", length=0)


def test_nothing_in_window(make_backend, graph):
    result = make_backend(graph).run("paths", since="2030")
    assert list(result.columns) == ["path", "people"]
    assert result.empty
