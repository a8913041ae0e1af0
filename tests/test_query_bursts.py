"""bursts: runs of A->B moves, each at most gap_days after the one before; moves desc, start.

tests/fixtures/bursts_moves.csv, one person per row (no two rows merge), read with
tests/fixtures/orgs.yaml. The moves by pair, at ``org`` level:

  OpenAI -> Meta       Amy 2025-01-01, Bob 01-31 (to MSL; 30 days later: same run),
                       Cy 03-02 (OpenAI Zurich; 30 days later: same run),
                       Dee 03-20 (denied), Di 04-02 (31 days after Cy: a new run),
                       Ed 04-10, Flo 04-10 (same day)
  Anthropic -> OpenAI  Gus 2025-06 (month precision: 06-01), Hana 06-10, Ian 06-20
                       (rumored, counted), Jo 07-01, Kai 07-20 (candidate)
  Stanford -> UCL      Lou 2025 (year precision: 01-01), Mo 01-02, Nia 01-03
  TML -> Mistral       Oli 02-01, Pat 02-05: two moves only
  FAIR -> TBD Lab      Ray, Sue, Tom 05-01..05-03: internal at org level (Meta)
  ? -> Anthropic       Uli, Val, Wes 08-01..08-03: unknown origin, never a burst
  DeepMind -> Anthropic  Xia 2023-04-01, Yan 2023-04-15; Zoe 2023-04-25 is after the
                       2023-04-20 merger, so hers is Google DeepMind -> Anthropic
                       (Google at org level): the merger splits the run
"""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import load_fixture

OPENAI_META_1 = ("OpenAI", "Meta", "2025-01-01", "2025-03-02", 3, "Amy Adams; Bob Baker; Cy Cole")
OPENAI_META_2 = ("OpenAI", "Meta", "2025-04-02", "2025-04-10", 3, "Di Dorsey; Ed Ellis; Flo Fox")
ANTHROPIC_OPENAI = ("Anthropic", "OpenAI", "2025-06-01", "2025-07-01", 4,
                    "Gus Grant; Hana Hill; Ian Irwin; Jo Jensen")
STANFORD_UCL = ("Stanford University", "University College London", "2025-01-01", "2025-01-03", 3,
                "Lou Lane; Mo Mills; Nia Noor")


@pytest.fixture(scope="module")
def graph():
    return load_fixture("bursts_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=["from_org", "to_org", "start", "end", "moves", "people"])
    return out.astype({"moves": "int64"})


def test_default(make_backend, graph):
    # gap exactly 30 days stays in the run (Amy -> Bob -> Cy); 31 days starts a new one (Di).
    # Two 3-move bursts start on 2025-01-01: ties broken by from_org, "OpenAI" first.
    expected = frame(ANTHROPIC_OPENAI, OPENAI_META_1, STANFORD_UCL, OPENAI_META_2)
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts"), expected)


def test_unit_level(make_backend, graph):
    # As named: OpenAI -> Meta is Amy (01-01) and Di, Ed, Flo (04-02..04-10); Bob (to MSL)
    # and Cy (from OpenAI Zurich) are other pairs. FAIR -> TBD Lab is no longer internal.
    expected = frame(
        ANTHROPIC_OPENAI,
        STANFORD_UCL,
        OPENAI_META_2,
        ("FAIR", "TBD Lab", "2025-05-01", "2025-05-03", 3, "Ray Reed; Sue Shaw; Tom Tate"),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts", level="unit"), expected)


def test_denied_bridges_the_gap_when_included(make_backend, graph):
    # Dee (denied, 03-20) is 18 days after Cy and 13 before Di: one run of seven.
    expected = frame(
        ("OpenAI", "Meta", "2025-01-01", "2025-04-10", 7,
         "Amy Adams; Bob Baker; Cy Cole; Dee Dunn; Di Dorsey; Ed Ellis; Flo Fox"),
        ANTHROPIC_OPENAI,
        STANFORD_UCL,
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts", include_status="denied"), expected)


def test_candidate_extends_when_included(make_backend, graph):
    # Kai (candidate, 07-20) is 19 days after Jo.
    expected = frame(
        ("Anthropic", "OpenAI", "2025-06-01", "2025-07-20", 5,
         "Gus Grant; Hana Hill; Ian Irwin; Jo Jensen; Kai Kim"),
        OPENAI_META_1,
        STANFORD_UCL,
        OPENAI_META_2,
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts", include_status="candidate"), expected)


def test_gap_days_31_joins_the_runs(make_backend, graph):
    # Cy (03-02) -> Di (04-02) is exactly 31 days: with gap_days=31 one run of six.
    expected = frame(
        ("OpenAI", "Meta", "2025-01-01", "2025-04-10", 6,
         "Amy Adams; Bob Baker; Cy Cole; Di Dorsey; Ed Ellis; Flo Fox"),
        ANTHROPIC_OPENAI,
        STANFORD_UCL,
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts", gap_days=31), expected)


def test_gap_days_29_splits(make_backend, graph):
    # Amy -> Bob and Bob -> Cy are 30 days apart: over 29, so the first run falls apart.
    expected = frame(ANTHROPIC_OPENAI, STANFORD_UCL, OPENAI_META_2)
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts", gap_days=29), expected)


def test_min_moves_two(make_backend, graph):
    # Adds TML -> Mistral and DeepMind -> Anthropic (Xia, Yan: before the merger). Zoe's
    # move (after it) is Google -> Anthropic, alone. Unknown origins still never count.
    expected = frame(
        ANTHROPIC_OPENAI,
        OPENAI_META_1,
        STANFORD_UCL,
        OPENAI_META_2,
        ("DeepMind", "Anthropic", "2023-04-01", "2023-04-15", 2, "Xia Xu; Yan Yu"),
        ("Thinking Machines Lab", "Mistral AI", "2025-02-01", "2025-02-05", 2, "Oli Ortiz; Pat Price"),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts", min_moves=2), expected)


def test_since_filters_before_runs_are_found(make_backend, graph):
    # since=2025-01-02 drops Amy and Lou (2025 = 2025-01-01): OpenAI -> Meta keeps Bob and Cy
    # (2 moves, too few) and Stanford -> UCL keeps Mo and Nia (2).
    expected = frame(ANTHROPIC_OPENAI, OPENAI_META_2)
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts", since="2025-01-02"), expected)


def test_until(make_backend, graph):
    # until=2025-04-09: Ed and Flo (04-10) are out, so Di is alone; Anthropic's moves are later.
    expected = frame(OPENAI_META_1, STANFORD_UCL)
    pd.testing.assert_frame_equal(make_backend(graph).run("bursts", until="2025-04-09"), expected)


def test_nothing_found(make_backend, graph):
    result = make_backend(graph).run("bursts", min_moves=50)
    assert list(result.columns) == ["from_org", "to_org", "start", "end", "moves", "people"]
    assert result.empty
