"""asymmetry: unordered pairs of orgs, turned so that a_to_b >= b_to_a, ratio desc.

tests/fixtures/asymmetry_moves.csv, one person per row (so no two rows merge), read
with tests/fixtures/orgs.yaml. At ``org`` level the rows give:

  OpenAI -> Meta    Alice, Ben (to MSL), Cara (OpenAI Zurich -> TBD Lab), Dan (2024,
                    year precision, FAIR)                                      4
                    + Finn (denied)                                            excluded
  Meta -> OpenAI    Eve                                                        1
                    + Gia (candidate)                                          excluded
  FAIR -> TBD Lab   Hal: internal at org level (Meta -> Meta)                  left out
  ? -> Meta         Ivy: unknown origin, no pair                               left out
  Mistral <-> Anthropic   2 each way (Jon, Kim / Lea, Max)                     tie
  TML -> Google     Ned (Google Brain, 2024: after the 2023-04-20 merger -> Google
                    DeepMind), Ola (DeepMind, 2024 -> Google DeepMind), Pia    3
  DeepMind -> TML   Quinn, 2022: before the merger DeepMind is itself          1
  Stanford -> UCL   Rui, Sam, Tia                                              3
  Mistral -> Stanford   Uma, Vic (rumored counts)                              2
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from .conftest import load_fixture

INF = math.inf


@pytest.fixture(scope="module")
def graph():
    return load_fixture("asymmetry_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=["org_a", "org_b", "a_to_b", "b_to_a", "ratio"])
    return out.astype({"a_to_b": "int64", "b_to_a": "int64", "ratio": "float64"})


def test_default_org_level(make_backend, graph):
    # min_total 3: Mistral/Stanford (2) and DeepMind/TML (1) are too small.
    # Two infinite ratios tie: broken by org_a, "Stanford University" < "Thinking Machines Lab".
    # Anthropic/Mistral tie 2-2: org_a is the name that sorts first, ratio 1.
    expected = frame(
        ("Stanford University", "University College London", 3, 0, INF),
        ("Thinking Machines Lab", "Google", 3, 0, INF),
        ("OpenAI", "Meta", 4, 1, 4.0),
        ("Anthropic", "Mistral AI", 2, 2, 1.0),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("asymmetry"), expected)


def test_unit_level(make_backend, graph):
    # Orgs as named: OpenAI->Meta 1, OpenAI->MSL 1, OpenAI Zurich->TBD Lab 1, OpenAI->FAIR 1,
    # Meta->OpenAI 1, FAIR->TBD Lab 1 (no longer internal): every pair below 3.
    # The three moves to Google Brain / DeepMind / Google DeepMind, all after the merger,
    # are one pair TML -> Google DeepMind.
    expected = frame(
        ("Stanford University", "University College London", 3, 0, INF),
        ("Thinking Machines Lab", "Google DeepMind", 3, 0, INF),
        ("Anthropic", "Mistral AI", 2, 2, 1.0),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("asymmetry", level="unit"), expected)


def test_include_status(make_backend, graph):
    # Finn (denied) adds to OpenAI -> Meta (5), Gia (candidate) to Meta -> OpenAI (2): 5 / 2.
    expected = frame(
        ("Stanford University", "University College London", 3, 0, INF),
        ("Thinking Machines Lab", "Google", 3, 0, INF),
        ("OpenAI", "Meta", 5, 2, 2.5),
        ("Anthropic", "Mistral AI", 2, 2, 1.0),
    )
    result = make_backend(graph).run("asymmetry", include_status="denied,candidate")
    pd.testing.assert_frame_equal(result, expected)


def test_min_total_one(make_backend, graph):
    # Every pair with a known origin: the 2022 DeepMind (not yet merged) -> TML pair appears
    # apart from Google; four infinite ratios ordered by org_a.
    expected = frame(
        ("DeepMind", "Thinking Machines Lab", 1, 0, INF),
        ("Mistral AI", "Stanford University", 2, 0, INF),
        ("Stanford University", "University College London", 3, 0, INF),
        ("Thinking Machines Lab", "Google", 3, 0, INF),
        ("OpenAI", "Meta", 4, 1, 4.0),
        ("Anthropic", "Mistral AI", 2, 2, 1.0),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("asymmetry", min_total=1), expected)


def test_min_total_boundary(make_backend, graph):
    # min_total 2 keeps Mistral -> Stanford (exactly 2), still drops DeepMind -> TML (1).
    result = make_backend(graph).run("asymmetry", min_total=2)
    assert ("Mistral AI", "Stanford University") in set(zip(result["org_a"], result["org_b"]))
    assert "DeepMind" not in set(result["org_a"]) | set(result["org_b"])
    assert len(result) == 5


def test_until_year(make_backend, graph):
    # until=2024 means through 2024-12-31: Dan (2024 = 2024-01-01), Ned, Ola, Quinn.
    expected = frame(
        ("DeepMind", "Thinking Machines Lab", 1, 0, INF),
        ("OpenAI", "Meta", 1, 0, INF),
        ("Thinking Machines Lab", "Google", 2, 0, INF),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("asymmetry", until="2024", min_total=1), expected)


def test_since_month_and_tie_orientation(make_backend, graph):
    # since=2025-03 is inclusive from 2025-03-01: Cara (OpenAI->Meta), Eve (Meta->OpenAI),
    # Kim (Mistral->Anthropic), Max (Anthropic->Mistral), Tia (Stanford->UCL, on 03-01).
    # On a 1-1 tie org_a is the name that sorts first: "Meta" before "OpenAI".
    expected = frame(
        ("Stanford University", "University College London", 1, 0, INF),
        ("Anthropic", "Mistral AI", 1, 1, 1.0),
        ("Meta", "OpenAI", 1, 1, 1.0),
    )
    result = make_backend(graph).run("asymmetry", since="2025-03", min_total=1)
    pd.testing.assert_frame_equal(result, expected)


def test_nothing_left(make_backend, graph):
    result = make_backend(graph).run("asymmetry", min_total=100)
    assert list(result.columns) == ["org_a", "org_b", "a_to_b", "b_to_a", "ratio"]
    assert result.empty
