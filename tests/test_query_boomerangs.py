"""boomerangs: each return to an org with the latest earlier departure from it; person, org, left.

tests/fixtures/boomerangs_moves.csv, read with tests/fixtures/orgs.yaml (no two rows merge).
Each person's story, and what it gives at org level:

  Ana  OpenAI -> Anthropic 2020-01-01, back to OpenAI 2021-01-01: 366 days (2020 is leap)
  Bo   FAIR -> OpenAI 2019-06-01, OpenAI -> TBD Lab 2020-06-01, TBD Lab -> Anthropic
       2021-06-01, Anthropic -> Meta 2022-06-01: two returns to Meta (366 and 365 days);
       at unit level he never comes back to the unit he left
  Cal  FAIR -> TBD Lab 2021-01-01, back to FAIR 2022-01-01: internal at org level (none);
       at unit level a return to FAIR, 365 days
  Dan  Anthropic -> Mistral 2021-03-01, (origin unknown) -> Anthropic 2022-03-01: 365
  Eli  Google Brain -> OpenAI 2022-01-01 (before the 2023-04-20 merger: Google Brain),
       OpenAI -> "Google Brain" 2024-01-01 (after it: Google DeepMind): Google at org level,
       730 days; at unit level Google Brain != Google DeepMind, none
  Fay  DeepMind -> Anthropic 2021-06-01 (DeepMind, its own top-level org before the merger),
       Anthropic -> "DeepMind" 2023-06-01 (Google DeepMind, in Google): none at either level
  Gil  Google DeepMind -> OpenAI 2023-06-01, OpenAI -> "Google Brain" 2024-06-01 (Google
       DeepMind): 366 days (2024 is leap) at both levels
  Hu   Mistral -> OpenAI 2022-03 (month: 03-01), OpenAI -> Mistral 2023 (year: 01-01): 306
  Ivo  OpenAI -> Anthropic 2021-01-01, Anthropic -> OpenAI 2022-01-01 denied: none by default
  Jan  Anthropic -> OpenAI 2021-05-01 candidate, OpenAI -> Anthropic 2022-05-01: none by default
  Kai  OpenAI -> Anthropic 2020-01-01, OpenAI -> Mistral 2021-01-01, Mistral -> OpenAI
       2022-01-01: the most recent departure is 2021-01-01, 365 days (one row, not two)
  Lia  Anthropic -> OpenAI and OpenAI -> Anthropic, both 2021-01-01: a departure on the day of
       the return is not earlier, none
"""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import load_fixture

COLUMNS = ["person", "org", "left", "returned", "days_away"]

ANA = ("Ana Abel", "OpenAI", "2020-01-01", "2021-01-01", 366)
BO_1 = ("Bo Berg", "Meta", "2019-06-01", "2020-06-01", 366)
BO_2 = ("Bo Berg", "Meta", "2021-06-01", "2022-06-01", 365)
CAL = ("Cal Cruz", "FAIR", "2021-01-01", "2022-01-01", 365)
DAN = ("Dan Diaz", "Anthropic", "2021-03-01", "2022-03-01", 365)
ELI = ("Eli Eden", "Google", "2022-01-01", "2024-01-01", 730)
GIL = ("Gil Gray", "Google", "2023-06-01", "2024-06-01", 366)
HU = ("Hu Hart", "Mistral AI", "2022-03-01", "2023-01-01", 306)
IVO = ("Ivo Imre", "OpenAI", "2021-01-01", "2022-01-01", 365)
JAN = ("Jan Jung", "Anthropic", "2021-05-01", "2022-05-01", 365)
KAI = ("Kai Kerr", "OpenAI", "2021-01-01", "2022-01-01", 365)


@pytest.fixture(scope="module")
def graph():
    return load_fixture("boomerangs_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS).astype({"days_away": "int64"})


def test_default(make_backend, graph):
    # Sorted by person, org, left: Bo's two returns to Meta in the order he left.
    expected = frame(ANA, BO_1, BO_2, DAN, ELI, GIL, HU, KAI)
    pd.testing.assert_frame_equal(make_backend(graph).run("boomerangs"), expected)


def test_unit_level(make_backend, graph):
    # Bo and Eli drop out (other unit on return), Cal comes in, Gil's org is Google DeepMind.
    expected = frame(ANA, CAL, DAN, ("Gil Gray", "Google DeepMind", "2023-06-01", "2024-06-01", 366), HU, KAI)
    pd.testing.assert_frame_equal(make_backend(graph).run("boomerangs", level="unit"), expected)


def test_denied_return_counts_when_included(make_backend, graph):
    expected = frame(ANA, BO_1, BO_2, DAN, ELI, GIL, HU, IVO, KAI)
    pd.testing.assert_frame_equal(make_backend(graph).run("boomerangs", include_status="denied"), expected)


def test_candidate_departure_counts_when_included(make_backend, graph):
    expected = frame(ANA, BO_1, BO_2, DAN, ELI, GIL, HU, IVO, JAN, KAI)
    result = make_backend(graph).run("boomerangs", include_status="denied,candidate")
    pd.testing.assert_frame_equal(result, expected)


def test_both_moves_inside_the_window(make_backend, graph):
    # 2021-01-01 .. 2022-12-31: Ana left in 2020 (out); Bo's first round is 2019-2020 (out),
    # his second 2021-06-01 -> 2022-06-01 (in); Dan in; Eli and Gil return in 2024 (out);
    # Hu returns 2023-01-01 (out); Kai's 2020 departure is out but the 2021 one is in.
    expected = frame(BO_2, DAN, KAI)
    result = make_backend(graph).run("boomerangs", since="2021-01-01", until="2022")
    pd.testing.assert_frame_equal(result, expected)


def test_nothing_in_window(make_backend, graph):
    result = make_backend(graph).run("boomerangs", since="2030")
    assert list(result.columns) == COLUMNS
    assert result.empty
