"""alumni: people with a counted move out of X, counted by their current org if it is not X.

tests/fixtures/alumni_moves.csv, read with tests/fixtures/orgs.yaml (no two rows merge).
Each person, for X = OpenAI at org level (current org = destination of the latest move):

  Abe  OpenAI -> Anthropic 2021                                      Anthropic
  Bea  OpenAI -> Anthropic 2021, Anthropic -> Meta 2022              Meta
  Cid  OpenAI -> Meta Superintelligence Labs 2025-07-01              Meta (MSL at unit level)
  Dia  OpenAI Zurich -> Meta 2025-06-15                              Meta (Zurich is OpenAI)
  Eli  OpenAI -> Anthropic 2021, back to OpenAI 2023                 OpenAI: not an alumnus
  Fil  OpenAI -> Anthropic 2021, (unknown) -> OpenAI Zurich 2023     OpenAI: not an alumnus
       (at unit level: left OpenAI, now at OpenAI Zurich)
  Gio  OpenAI -> OpenAI Zurich 2024-12-01: internal, no departure    (unit level: OpenAI Zurich)
  Hana (unknown) -> Mistral 2022: never left OpenAI
  Ida  OpenAI -> Mistral 2022 denied                                 only with include_status
  Jon  OpenAI -> TML 2024-06 (month), TML -> Meta 2025-08 candidate  TML (Meta with candidate)
  Kai  Google Brain -> OpenAI 2022-06-01 (before the merger: Google Brain)
  Lev  "Google Brain" -> Anthropic 2023-06-01 (after the 2023-04-20 merger: Google DeepMind)
  Mia  DeepMind -> OpenAI 2020 (DeepMind, a top-level org before the merger)
  Noa  OpenAI -> Anthropic and OpenAI -> Mistral AI, both 2022-01-01: the latest is the one
       whose destination sorts last, Mistral AI

OpenAI alumni at org level: Meta 3 (Bea, Cid, Dia), Anthropic 1 (Abe), Mistral AI 1 (Noa),
Thinking Machines Lab 1 (Jon).
"""

from __future__ import annotations

import pandas as pd
import pytest

from talentgraph.errors import OrgNotFound

from .conftest import load_fixture

OPENAI_ORG_LEVEL = (("Meta", 3), ("Anthropic", 1), ("Mistral AI", 1), ("Thinking Machines Lab", 1))


@pytest.fixture(scope="module")
def graph():
    return load_fixture("alumni_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["current_org", "alumni"]).astype({"alumni": "int64"})


def test_default(make_backend, graph):
    # Ties at 1 are broken by current_org ascending.
    expected = frame(*OPENAI_ORG_LEVEL)
    pd.testing.assert_frame_equal(make_backend(graph).run("alumni", org="OpenAI"), expected)


def test_a_unit_stands_for_its_org_at_org_level(make_backend, graph):
    # "openai zurich" (any case) is OpenAI Zurich, which at org level is OpenAI.
    expected = frame(*OPENAI_ORG_LEVEL)
    pd.testing.assert_frame_equal(make_backend(graph).run("alumni", org="openai zurich"), expected)


def test_unit_level(make_backend, graph):
    # Left OpenAI as named: Abe, Bea, Cid, Fil, Gio, Jon, Noa (Dia left OpenAI Zurich).
    # OpenAI Zurich: Fil, Gio (2); Anthropic: Abe; Meta: Bea; Meta Superintelligence Labs: Cid;
    # Mistral AI: Noa; Thinking Machines Lab: Jon.
    expected = frame(
        ("OpenAI Zurich", 2),
        ("Anthropic", 1),
        ("Meta", 1),
        ("Meta Superintelligence Labs", 1),
        ("Mistral AI", 1),
        ("Thinking Machines Lab", 1),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("alumni", org="openai", level="unit"), expected)


def test_unit_level_for_a_unit(make_backend, graph):
    expected = frame(("Meta", 1))  # Dia
    pd.testing.assert_frame_equal(make_backend(graph).run("alumni", org="OPENAI ZURICH", level="unit"), expected)


def test_denied_and_candidate_when_included(make_backend, graph):
    # Ida's denied move makes her an alumna at Mistral AI (2 with Noa); Jon's candidate move
    # makes Meta his current org (4), so Thinking Machines Lab drops out.
    expected = frame(("Meta", 4), ("Mistral AI", 2), ("Anthropic", 1))
    result = make_backend(graph).run("alumni", org="OpenAI", include_status="denied,candidate")
    pd.testing.assert_frame_equal(result, expected)


def test_until_gives_the_current_org_as_of_then(make_backend, graph):
    # Through 2024: Cid (2025-07) and Dia (2025-06) have not moved yet.
    expected = frame(("Anthropic", 1), ("Meta", 1), ("Mistral AI", 1), ("Thinking Machines Lab", 1))
    pd.testing.assert_frame_equal(make_backend(graph).run("alumni", org="OpenAI", until="2024"), expected)


def test_min_alumni(make_backend, graph):
    expected = frame(("Meta", 3))
    pd.testing.assert_frame_equal(make_backend(graph).run("alumni", org="OpenAI", min_alumni=2), expected)


def test_merged_org_keeps_only_its_moves_before_the_merger(make_backend, graph):
    # Unit level: Google Brain's alumnus is Kai (2022); Lev's 2023 move left Google DeepMind.
    backend = make_backend(graph)
    pd.testing.assert_frame_equal(
        backend.run("alumni", org="Google Brain", level="unit"), frame(("OpenAI", 1))
    )
    pd.testing.assert_frame_equal(
        backend.run("alumni", org="Google DeepMind", level="unit"), frame(("Anthropic", 1))
    )
    # Org level: google-brain (an id) stands for Google: Kai and Lev. DeepMind, its own
    # top-level org before the merger, has Mia.
    pd.testing.assert_frame_equal(
        backend.run("alumni", org="google-brain"), frame(("Anthropic", 1), ("OpenAI", 1))
    )
    pd.testing.assert_frame_equal(backend.run("alumni", org="DeepMind"), frame(("OpenAI", 1)))


def test_unknown_org(make_backend, graph):
    with pytest.raises(OrgNotFound, match="OpenAI"):
        make_backend(graph).run("alumni", org="OpenAl")


def test_nothing_in_window(make_backend, graph):
    result = make_backend(graph).run("alumni", org="OpenAI", since="2030")
    assert list(result.columns) == ["current_org", "alumni"]
    assert result.empty
