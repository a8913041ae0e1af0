"""compensation: counted moves with a compensation_usd, by destination; median_usd desc.

tests/fixtures/compensation_moves.csv read with tests/fixtures/orgs.yaml (figures in
millions of US dollars below):

  Ada   OpenAI -> Meta                100  total_package
  Bo    Anthropic -> MSL (Meta)       200  total_package
  Cho   OpenAI -> TBD Lab (Meta)       50  signing_bonus
  Dag   Google DeepMind -> Meta         -  no figure: not a report
  Eda   ? -> Meta (2025-08)           300  annual_package  unknown origin still counts
  Fen   FAIR -> TBD Lab               999  internal at org level
  Gro   Meta -> OpenAI                 10  annual_package
  Hal   Meta -> OpenAI, denied        500
  Ines  Mistral -> Anthropic, reported twice 19 days apart (2 and "$3,000,000"): one
        move that keeps the largest figure, 3
  Jan   Stanford -> TML                 2  annual_package
  Kai   UCL -> TML (rumored)            4  annual_package
  Lia   Stanford -> DeepMind, 2022      1  other          before the merger: DeepMind
  Moe   Stanford -> DeepMind, 2024      5  signing_bonus  after: Google DeepMind (Google)
"""

from __future__ import annotations

import pandas as pd
import pytest

from talentgraph.errors import QueryError
from talentgraph.graph.memory import MemoryBackend

from .conftest import load_fixture

M = 1_000_000.0


@pytest.fixture(scope="module")
def graph():
    return load_fixture("compensation_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=["org", "reports", "median_usd", "max_usd"])
    return out.astype({"reports": "int64", "median_usd": "float64", "max_usd": "float64"})


def test_default_org_level(make_backend, graph):
    # Meta: 50, 100, 200, 300 -> median (100 + 200) / 2 = 150. Anthropic and TML tie at a
    # median of 3 (TML: (2 + 4) / 2): broken by org name.
    expected = frame(
        ("Meta", 4, 150 * M, 300 * M),
        ("OpenAI", 1, 10 * M, 10 * M),
        ("Google", 1, 5 * M, 5 * M),
        ("Anthropic", 1, 3 * M, 3 * M),
        ("Thinking Machines Lab", 2, 3 * M, 4 * M),
        ("DeepMind", 1, 1 * M, 1 * M),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("compensation"), expected)


def test_unit_level(make_backend, graph):
    # TBD Lab: Cho 50 and Fen 999 (no longer internal) -> 524.5. Meta (Ada, Eda) and MSL (Bo)
    # tie at 200: "Meta" sorts first.
    expected = frame(
        ("TBD Lab", 2, 524.5 * M, 999 * M),
        ("Meta", 2, 200 * M, 300 * M),
        ("Meta Superintelligence Labs", 1, 200 * M, 200 * M),
        ("OpenAI", 1, 10 * M, 10 * M),
        ("Google DeepMind", 1, 5 * M, 5 * M),
        ("Anthropic", 1, 3 * M, 3 * M),
        ("Thinking Machines Lab", 2, 3 * M, 4 * M),
        ("DeepMind", 1, 1 * M, 1 * M),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("compensation", level="unit"), expected)


def test_include_denied(make_backend, graph):
    # OpenAI: 10 and 500 -> median 255.
    expected = frame(
        ("OpenAI", 2, 255 * M, 500 * M),
        ("Meta", 4, 150 * M, 300 * M),
        ("Google", 1, 5 * M, 5 * M),
        ("Anthropic", 1, 3 * M, 3 * M),
        ("Thinking Machines Lab", 2, 3 * M, 4 * M),
        ("DeepMind", 1, 1 * M, 1 * M),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("compensation", include_status="denied"), expected)


def test_kind(make_backend, graph):
    expected = frame(("Meta", 1, 50 * M, 50 * M), ("Google", 1, 5 * M, 5 * M))
    pd.testing.assert_frame_equal(make_backend(graph).run("compensation", kind="signing_bonus"), expected)
    expected = frame(
        ("Meta", 1, 300 * M, 300 * M),
        ("OpenAI", 1, 10 * M, 10 * M),
        ("Thinking Machines Lab", 2, 3 * M, 4 * M),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("compensation", kind="annual_package"), expected)


def test_min_reports(make_backend, graph):
    expected = frame(("Meta", 4, 150 * M, 300 * M), ("Thinking Machines Lab", 2, 3 * M, 4 * M))
    pd.testing.assert_frame_equal(make_backend(graph).run("compensation", min_reports=2), expected)


def test_since_until(make_backend, graph):
    # June and July 2025: Ada, Bo, Cho (Dag has no figure) -> 50, 100, 200.
    expected = frame(("Meta", 3, 100 * M, 200 * M))
    result = make_backend(graph).run("compensation", since="2025-06", until="2025-07")
    pd.testing.assert_frame_equal(result, expected)


def test_unknown_kind_is_refused(graph):
    with pytest.raises(QueryError, match="kind"):
        MemoryBackend(graph).run("compensation", kind="stock_options")
