"""hubs: PageRank over the flows graph, checked against PageRank solved by hand.

PageRank with damping d = 0.85 over N nodes: each org's score is
    x_i = (1 - d) / N + d * sum over arrows j->i of x_j * w_ji / W_j + d * D / N
where w_ji is the number of moves j->i, W_j all the moves out of j, and D the summed
score of the dangling orgs (no arrow out), which NetworkX spreads evenly over all nodes.

tests/fixtures/hubs_moves.csv (orgs.yaml tree: OpenAI Zurich is a unit of OpenAI;
Google Brain a unit of Google; DeepMind and Google Brain merged into Google DeepMind, a
unit of Google, on 2023-04-20):

    2023-01-10 Dana  DeepMind -> UCL                 (before the merger: DeepMind)
    2023-03    Eli   UCL -> DeepMind                 (month precision, 2023-03-01)
    2024-02-01 Ann   OpenAI -> Anthropic
    2024-05-01 Ben   OpenAI -> Anthropic
    2024-06-01 Cat   OpenAI -> Mistral
    2024-07-01 Dan   Anthropic -> OpenAI
    2024-08-01 Eve   Mistral AI -> OpenAI            (rumored: counted)
    2024-09-01 Fay   OpenAI Zurich -> OpenAI         (internal at org level)
    2024-10-01 Gus   ? -> OpenAI                     (unknown origin: inflow only)
    2024-11-01 Hal   ? -> Thinking Machines Lab      (TML: only unknown-origin inflow)
    2024-12-01 Ivy   Mistral AI -> Anthropic         (denied)
    2025-03-15 Jon   DeepMind -> Anthropic           (after the merger: Google DeepMind)
    2025       Kim   Google Brain -> Anthropic       (year precision 2025-01-01; merged)
    2025-06-01 Lea   Anthropic -> Mistral AI         (candidate)
"""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import load_fixture

COLUMNS = ["org", "pagerank", "inflow", "outflow"]


@pytest.fixture
def backend(make_backend):
    return make_backend(load_fixture("hubs_moves.csv").graph)


def expected(rows: list[tuple[str, float, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS).astype({"pagerank": "float64", "inflow": "int64", "outflow": "int64"})


def check(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_exact=False, atol=1e-9, rtol=0)


def test_two_orgs_one_dangling(backend) -> None:
    # Since 2025, at org level: Jon and Kim both count Google -> Anthropic (the mergers put
    # DeepMind and Google Brain under Google DeepMind, a unit of Google); Lea is a candidate.
    # N = 2; Anthropic has no arrow out (dangling), so its score is spread over both:
    #   g = 0.075 + 0.85 * a / 2,   a = 0.075 + 0.85 * (g + a / 2),   g + a = 1
    #   g = 0.075 + 0.425 * (1 - g)  =>  1.425 g = 0.5  =>  g = 20/57, a = 37/57.
    # The weight (2 moves) does not matter with a single arrow.
    check(backend.run("hubs", since="2025"), expected([
        ("Anthropic", 37 / 57, 2, 0),
        ("Google", 20 / 57, 0, 2),
    ]))


def test_unit_level_names_the_merged_unit(backend) -> None:
    # Same moves at unit level: both arrows start at Google DeepMind (merged on load).
    check(backend.run("hubs", since="2025-01-01", level="unit"), expected([
        ("Anthropic", 37 / 57, 2, 0),
        ("Google DeepMind", 20 / 57, 0, 2),
    ]))


def test_weights_and_unknown_origins(backend) -> None:
    # 2024 at org level. Arrows: OpenAI->Anthropic 2, OpenAI->Mistral 1, Anthropic->OpenAI 1,
    # Mistral->OpenAI 1. Fay's move is internal (OpenAI -> OpenAI), Ivy's denied. Gus (unknown
    # origin) adds to OpenAI's inflow only; TML (only Hal, unknown origin) is no node, so N = 3:
    #   o = 0.05 + 0.85 (a + m)
    #   a = 0.05 + 0.85 * 2/3 o,   m = 0.05 + 0.85 * 1/3 o   =>  a + m = 0.1 + 0.85 o
    #   o = 0.05 + 0.085 + 0.7225 o  =>  o = 0.135 / 0.2775 = 18/37
    #   a = 0.05 + 0.85 * 12/37 = 241/740,   m = 0.05 + 0.85 * 6/37 = 139/740
    # OpenAI: in Dan, Eve, Gus = 3, out Ann, Ben, Cat = 3. Anthropic 2 in (Ann, Ben), 1 out.
    check(backend.run("hubs", since="2024-01-01", until="2024"), expected([
        ("OpenAI", 18 / 37, 3, 3),
        ("Anthropic", 241 / 740, 2, 1),
        ("Mistral AI", 139 / 740, 1, 1),
    ]))


def test_internal_move_is_an_arrow_at_unit_level(backend) -> None:
    # 2024 at unit level: Fay's OpenAI Zurich -> OpenAI is now an arrow; N = 4.
    #   z = 0.0375 (nobody moves to Zurich; no node is dangling)
    #   o = 0.0375 + 0.85 (a + m + z),  a = 0.0375 + 0.85 * 2/3 o,  m = 0.0375 + 0.85 * 1/3 o
    #   o = 0.0375 + 0.85 (0.075 + 0.85 o + 0.0375)  =>  0.2775 o = 0.133125  =>  o = 71/148
    #   a = 0.0375 + 0.85 * 2/3 * 71/148 = 2747/8880,   m = 0.0375 + 0.85 * 1/3 * 71/148 = 77/444
    # OpenAI's inflow gains Fay: 4.
    check(backend.run("hubs", since="2024-01", until="2024-12", level="unit"), expected([
        ("OpenAI", 71 / 148, 4, 3),
        ("Anthropic", 2747 / 8880, 2, 1),
        ("Mistral AI", 77 / 444, 1, 1),
        ("OpenAI Zurich", 3 / 80, 0, 1),
    ]))


def test_include_status_adds_the_candidate_arrow(backend) -> None:
    # Since 2025 with candidates: Google->Anthropic 2, Anthropic->Mistral 1; Mistral dangles.
    # N = 3:  g = 0.05 + 0.85 m/3,  a = 0.05 + 0.85 (g + m/3),  m = 0.05 + 0.85 (a + m/3)
    # Solved: g = 400/2169, a = 740/2169, m = 343/723 (= 1029/2169; the three add up to 1).
    check(backend.run("hubs", since="2025", include_status="candidate"), expected([
        ("Mistral AI", 343 / 723, 1, 0),
        ("Anthropic", 740 / 2169, 2, 1),
        ("Google", 400 / 2169, 0, 2),
    ]))


# The whole data at org level: two separate parts of one graph, N = 6.
#   DeepMind <-> UCL (2023, before the merger): by symmetry x = 0.025 + 0.85 x  =>  x = 1/6 each:
#   a tie, broken by name: DeepMind before University College London.
#   The other part (OpenAI, Anthropic, Mistral AI, Google with Google -> Anthropic 2):
#   g = 0.025;  o = 0.025 + 0.85 (a + m);  a = 0.025 + 0.85 (2/3 o + g);  m = 0.025 + 0.85 * 1/3 o
#   a + m = 0.07125 + 0.85 o  =>  0.2775 o = 0.0855625  =>  o = 37/120
#   a = 0.025 + 0.85 (37/180 + 1/40) = 1591/7200,   m = 0.025 + 0.85 * 37/360 = 809/7200
# Inflow/outflow: OpenAI 3/3; Anthropic 4 (Ann, Ben, Jon, Kim) / 1; Mistral 1/1; Google 0/2;
# DeepMind 1/1; UCL 1/1. Thinking Machines Lab (inflow 1, unknown origin) is not listed.
WHOLE = [
    ("OpenAI", 37 / 120, 3, 3),
    ("Anthropic", 1591 / 7200, 4, 1),
    ("DeepMind", 1 / 6, 1, 1),
    ("University College London", 1 / 6, 1, 1),
    ("Mistral AI", 809 / 7200, 1, 1),
    ("Google", 1 / 40, 0, 2),
]


def test_whole_graph_with_a_tie(backend) -> None:
    check(backend.run("hubs"), expected(WHOLE))


def test_min_moves_filters_the_list_not_the_scores(backend) -> None:
    # In + out >= 5: OpenAI (6) and Anthropic (5); their scores are those of the whole graph.
    check(backend.run("hubs", min_moves=5), expected(WHOLE[:2]))


def test_nothing_counted_gives_an_empty_frame(backend) -> None:
    got = backend.run("hubs", since="2030")
    assert list(got.columns) == COLUMNS
    assert got.empty
