"""Both backends hold the same graph and answer the same way (run once per backend)."""

from __future__ import annotations

import pandas as pd
import pytest

from talentgraph.graph.model import GraphData

from .conftest import load_fixture

KEYS = {
    "persons": ["id"], "orgs": ["id"], "moves": ["id"], "sources": ["id"],
    "reports": ["move_id", "source_id"], "stints": ["person_id", "org", "start"],
}


def comparable(graph: GraphData, table: str) -> pd.DataFrame:
    """A table in a canonical form: sorted, plain Python values, missing as None."""
    frame = getattr(graph, table).copy()
    if table == "moves":
        frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
        frame["extra"] = frame["extra"].map(lambda d: sorted(d.items()) if isinstance(d, dict) else [])
    if table == "orgs":
        frame["merged"] = pd.to_datetime(frame["merged"]).dt.strftime("%Y-%m-%d")
        frame["registered"] = frame["registered"].astype(bool)
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.sort_values(KEYS[table]).reset_index(drop=True)


@pytest.fixture(scope="module")
def loaded():
    return load_fixture("merge_moves.csv", "stints.csv")


@pytest.mark.parametrize("table", list(KEYS))
def test_backend_holds_exactly_the_loaded_graph(make_backend, loaded, table):
    backend = make_backend(loaded.graph)
    pd.testing.assert_frame_equal(comparable(backend.graph(), table), comparable(loaded.graph, table))


def test_loading_twice_changes_nothing(make_backend, loaded):
    backend = make_backend(loaded.graph)
    backend.load(loaded.graph)
    again = backend.graph()
    for table in KEYS:
        pd.testing.assert_frame_equal(comparable(again, table), comparable(loaded.graph, table))
    # 15 moves: the 13 of merge_moves.csv, plus Kim's two implied by stints.csv.
    assert len(again.moves) == 15
    assert len(again.persons) == 11


def test_counts_of_the_fixture(make_backend, loaded):
    # Hand count of merge_moves.csv + stints.csv: 10 people in the moves, plus Kim Kato
    # from the stints; 18 sources (every row of merge_moves.csv has its own URL); 4 stints.
    g = make_backend(loaded.graph).graph()
    assert (len(g.persons), len(g.sources), len(g.stints)) == (11, 18, 4)


def test_flows_and_net_flow_by_hand(make_backend, loaded):
    # Counted moves of merge_moves.csv + stints.csv at org level (denied/candidate out):
    #   Ada   OpenAI -> Meta (TBD Lab)          Bob  Google -> OpenAI twice (Brain, GDM)
    #   Cleo  Anthropic -> OpenAI               Dan  Anthropic -> OpenAI twice
    #   Gia   OpenAI -> Anthropic, Google -> Anthropic
    #   Hal   DeepMind -> OpenAI (before the merger DeepMind is its own top-level org)
    #   Ivy   Google -> OpenAI (DeepMind became Google DeepMind, a unit of Google)
    #   Jon   Acme Robotics Inc. -> OpenAI      Kim  Stanford -> Google, Google -> OpenAI
    backend = make_backend(loaded.graph)
    flows = backend.run("flows")
    expected = pd.DataFrame(
        [
            ["Google", "OpenAI", 4, "Bob Brown; Ivy Ito; Kim Kato"],
            ["Anthropic", "OpenAI", 3, "Cleo Chen; Dan Diaz"],
            ["Acme Robotics Inc.", "OpenAI", 1, "Jon Jones"],
            ["DeepMind", "OpenAI", 1, "Hal Hart"],
            ["Google", "Anthropic", 1, "Gia Gold"],
            ["OpenAI", "Anthropic", 1, "Gia Gold"],
            ["OpenAI", "Meta", 1, "Ada Lovelace"],
            ["Stanford University", "Google", 1, "Kim Kato"],
        ],
        columns=["from_org", "to_org", "moves", "people"],
    ).astype({"moves": "int64"})
    pd.testing.assert_frame_equal(flows, expected)

    net = backend.run("net_flow")
    # OpenAI: in 4 (from Google) + 3 (Anthropic) + 1 (DeepMind) + 1 (Acme) = 9, out 2
    # (Gia, Ada) -> +7. Google: in 1 (Kim, from Stanford), out 4 + 1 (Gia) = 5 -> -4.
    expected_net = pd.DataFrame(
        [
            ["OpenAI", 9, 2, 7],
            ["Anthropic", 2, 3, -1],
            ["Meta", 1, 0, 1],
            ["Acme Robotics Inc.", 0, 1, -1],
            ["DeepMind", 0, 1, -1],
            ["Stanford University", 0, 1, -1],
            ["Google", 1, 5, -4],
        ],
        columns=["org", "inflow", "outflow", "net"],
    ).astype({"inflow": "int64", "outflow": "int64", "net": "int64"})
    expected_net = expected_net.sort_values(["net", "org"], ascending=[False, True]).reset_index(drop=True)
    pd.testing.assert_frame_equal(net, expected_net)
