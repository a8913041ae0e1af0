"""lift_outs: bursts by origin unit (as named) and destination at the level; moves desc, start.

tests/fixtures/lift_outs_moves.csv, one person per row (no two rows merge), read with
tests/fixtures/orgs.yaml (FAIR and TBD Lab are units of MSL, a unit of Meta):

  FAIR -> Anthropic     Ana 2025-02-01, Ben 02-10, Cal 03-12 (exactly 30 days after Ben),
                        Dora 04-12 (31 days after Cal: alone)
  FAIR -> OpenAI        Eli 03-01 (OpenAI), Fay 03-05 (OpenAI Zurich, OpenAI at org level),
                        Gil 03-09 ("Facebook AI Research", an alias of FAIR; rumored)
  * -> TML              Hugo (TBD Lab), Iris (FAIR), Jay (Meta), Kit (MSL), 05-01..05-04:
                        a burst Meta -> TML at org level, but four different units
  FAIR -> TBD Lab       Leo, Mia, Ned 06-01..06-03: internal at org level
  Google Brain -> Anthropic  Opal 2023-04-01, Paz 04-10; Quy 04-25 is after the
                        2023-04-20 merger, so his origin is Google DeepMind
  FAIR -> Mistral       Rae 08-01, Sid 08-05, Tess 08-09 (denied)
  ? -> Mistral          Uma, Vera, Walt 09-01..09-03: unknown origin
"""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import load_fixture

FAIR_ANTHROPIC = ("FAIR", "Anthropic", "2025-02-01", "2025-03-12", 3, "Ana Alves; Ben Baird; Cal Cruz")
FAIR_OPENAI = ("FAIR", "OpenAI", "2025-03-01", "2025-03-09", 3, "Eli Egan; Fay Fung; Gil Gray")


@pytest.fixture(scope="module")
def graph():
    return load_fixture("lift_outs_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=["from_unit", "to_org", "start", "end", "moves", "people"])
    return out.astype({"moves": "int64"})


def test_default(make_backend, graph):
    # Org level on the destination side: Fay's move to OpenAI Zurich joins FAIR -> OpenAI.
    # The mixed-unit raid on TML, the internal FAIR -> TBD Lab moves, the unknown origins and
    # the two-move runs are not lift-outs.
    expected = frame(FAIR_ANTHROPIC, FAIR_OPENAI)
    pd.testing.assert_frame_equal(make_backend(graph).run("lift_outs"), expected)


def test_unit_level(make_backend, graph):
    # Destination as named too: FAIR -> OpenAI (2) and FAIR -> OpenAI Zurich (1) fall short;
    # FAIR -> TBD Lab is no longer internal.
    expected = frame(
        FAIR_ANTHROPIC,
        ("FAIR", "TBD Lab", "2025-06-01", "2025-06-03", 3, "Leo Lund; Mia Moss; Ned Nash"),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("lift_outs", level="unit"), expected)


def test_mixed_units_are_a_burst_not_a_lift_out(make_backend, graph):
    backend = make_backend(graph)
    bursts = backend.run("bursts")
    raid = bursts[(bursts["from_org"] == "Meta") & (bursts["to_org"] == "Thinking Machines Lab")]
    assert raid["moves"].tolist() == [4]
    assert "Thinking Machines Lab" not in set(backend.run("lift_outs")["to_org"])


def test_include_denied(make_backend, graph):
    expected = frame(
        FAIR_ANTHROPIC,
        FAIR_OPENAI,
        ("FAIR", "Mistral AI", "2025-08-01", "2025-08-09", 3, "Rae Ruiz; Sid Sen; Tess Toft"),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("lift_outs", include_status="denied"), expected)


def test_min_moves_two(make_backend, graph):
    # Google Brain before the merger (Opal, Paz) is a unit of its own; Quy, after it, is not
    # in that run. FAIR -> Mistral without the denied move has two.
    expected = frame(
        FAIR_ANTHROPIC,
        FAIR_OPENAI,
        ("Google Brain", "Anthropic", "2023-04-01", "2023-04-10", 2, "Opal Orr; Paz Pena"),
        ("FAIR", "Mistral AI", "2025-08-01", "2025-08-05", 2, "Rae Ruiz; Sid Sen"),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("lift_outs", min_moves=2), expected)


def test_gap_days_31(make_backend, graph):
    # Dora (31 days after Cal) now joins: four moves, and the sort puts them first.
    expected = frame(
        ("FAIR", "Anthropic", "2025-02-01", "2025-04-12", 4, "Ana Alves; Ben Baird; Cal Cruz; Dora Diaz"),
        FAIR_OPENAI,
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("lift_outs", gap_days=31), expected)


def test_since_until(make_backend, graph):
    # 2025-02-05 .. 2025-03: Ana is out (FAIR -> Anthropic keeps Ben and Cal: too few).
    expected = frame(FAIR_OPENAI)
    result = make_backend(graph).run("lift_outs", since="2025-02-05", until="2025-03")
    pd.testing.assert_frame_equal(result, expected)
