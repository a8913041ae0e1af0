"""retention: stints from counted moves, Kaplan-Meier survival at horizon_days; retention desc.

tests/fixtures/retention_moves.csv, read with tests/fixtures/orgs.yaml (no two rows merge:
a person's moves go to different orgs or are more than 90 days apart). The latest counted
move is Lu's, 2023-07-01: the default as_of. Stint lengths in days (E = ended, C = censored
at 2023-07-01):

  Anthropic  Ada  2021-01-01 -> 2021-07-20 (Mistral)       200 E
             Ben  2021-01-01 -> 2022-01-01 (TML)           365 E
             Cy   2021-01-01 (unknown origin), still there 911 C  (730 + 181)
             Dee  2021-01-01 -> 2023-01-01 (OpenAI)        730 E  exactly the horizon
             Eve  2022-06 (month: 06-01), still there      395 C  (365 + 30)
             Finn 2021-01-01 -> 2023-01-02 (Mistral)       731 E  one day past it
             Mo   2024-01-01 denied, Ned 2022-09-01 candidate: not counted
  Meta       Gus  2021-03-01 to FAIR; FAIR -> TBD Lab 2022-03-01 is internal at org level;
                  -> Google DeepMind 2023-03-01             730 E
             Hal  2021-03-01 to MSL -> Mistral 2021-09-01   184 E
             Ivy  2022 (year: 01-01), unknown origin        546 C  (365 + 181)
             Jo   2022-01-01 -> OpenAI 2022-02-01            31 E
             Kim  2021-03-01 to FAIR, still there           852 C  (730 + 122)
  Mistral AI Ada 2021-07-20, Hal 2021-09-01, Finn 2023-01-02: all C
  OpenAI     Jo 2022-02-01, Dee 2023-01-01: C.   TML: Ben 2022-01-01: C
  Google     Gus 2023-03-01 (Google DeepMind, a unit of Google): C
  UCL        Lu 2023-07-01: C on the day it starts (0 days)

Kaplan-Meier by hand, S(t) = product over departure days d <= t of (1 - gone(d) / at_risk(d)):
  Anthropic  n=6: S(200) = 5/6; S(365) = 5/6 * 4/5 = 2/3; Eve censored at 395 leaves 3 at
             risk: S(730) = 2/3 * 2/3 = 4/9; S(731) = 4/9 * 1/2 = 2/9.
             retention(730) = 4/9 (2/3 if Dee's departure on day 730 did not count);
             median = 730 (first S <= 1/2).
  Meta       n=5: S(31) = 4/5; S(184) = 3/5; Ivy censored at 546 leaves 2: S(730) = 3/10.
             retention = 0.3, median = 730.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from .conftest import load_fixture

NAN = math.nan
COLUMNS = ["org", "hires", "departures", "retention", "median_tenure_days"]


@pytest.fixture(scope="module")
def graph():
    return load_fixture("retention_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=COLUMNS)
    return out.astype({"hires": "int64", "departures": "int64", "retention": "float64",
                       "median_tenure_days": "float64"})


def test_default(make_backend, graph):
    # min_hires=5: only Anthropic (6 stints) and Meta (5). Candidate Ned is not a hire (6, not 7).
    expected = frame(
        ("Anthropic", 6, 4, 4 / 9, 730.0),
        ("Meta", 5, 3, 0.3, 730.0),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("retention"), expected)


def test_departure_one_day_before_the_horizon_is_not_counted(make_backend, graph):
    # horizon 729: Dee (730) and Gus (730) have not left yet.
    # Anthropic S(729) = S(365) = 2/3; Meta S(729) = S(184) = 3/5. Medians do not change.
    expected = frame(
        ("Anthropic", 6, 4, 2 / 3, 730.0),
        ("Meta", 5, 3, 0.6, 730.0),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("retention", horizon_days=729), expected)


def test_min_hires_one_lists_censored_only_orgs_with_no_median(make_backend, graph):
    # Orgs whose stints are all censored keep S = 1 and never reach 1/2: median empty.
    # Five ties at 1.0, broken by org name ascending.
    expected = frame(
        ("Google", 1, 0, 1.0, NAN),
        ("Mistral AI", 3, 0, 1.0, NAN),
        ("OpenAI", 2, 0, 1.0, NAN),
        ("Thinking Machines Lab", 1, 0, 1.0, NAN),
        ("University College London", 1, 0, 1.0, NAN),
        ("Anthropic", 6, 4, 4 / 9, 730.0),
        ("Meta", 5, 3, 0.3, 730.0),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("retention", min_hires=1), expected)


def test_denied_included_moves_as_of_and_ties_a_censoring_with_a_departure(make_backend, graph):
    # Mo's denied move (UCL -> Anthropic, 2024-01-01) becomes a stint and the latest move:
    # as_of = 2024-01-01. Ned (candidate) stays out.
    # Anthropic n=7: Mo 0 C, Ada 200 E, Ben 365 E, Eve 579 C (2022-06-01 -> 2024-01-01),
    #   Dee 730 E, Finn 731 E, Cy 1095 C. S(200) = 5/6, S(365) = 4/6, 3 at risk on 730:
    #   S(730) = 4/6 * 2/3 = 4/9.
    # Meta n=5: Jo 31 E, Hal 184 E, Gus 730 E, Ivy 730 C (2022-01-01 -> 2024-01-01),
    #   Kim 1036 C. Ivy, censored on the day Gus leaves, is still at risk that day:
    #   S(730) = 3/5 * (1 - 1/3) = 2/5 (it would be 3/10 if she were dropped first).
    expected = frame(
        ("Anthropic", 7, 4, 4 / 9, 730.0),
        ("Meta", 5, 3, 0.4, 730.0),
    )
    result = make_backend(graph).run("retention", include_status="denied")
    pd.testing.assert_frame_equal(result, expected)


def test_window_selects_hires_but_departures_after_until_still_end_stints(make_backend, graph):
    # Hires dated in 2021 only (Eve 2022-06 is out). Ben's departure (2022-01-01) is after
    # `until` and still ends his stint; as_of stays 2023-07-01 (the whole data).
    # Anthropic n=5: 200 E, 365 E, 730 E, 731 E, Cy 911 C:
    #   S = 4/5, 3/5, 3/5 * 2/3 = 2/5 on day 730, median 730.
    # Meta n=3: Hal 184 E, Gus 730 E, Kim 852 C: S(184) = 2/3, S(730) = 1/3, median 730.
    # Mistral AI: Ada 2021-07-20, Hal 2021-09-01, both C.
    expected = frame(
        ("Mistral AI", 2, 0, 1.0, NAN),
        ("Anthropic", 5, 4, 0.4, 730.0),
        ("Meta", 3, 2, 1 / 3, 730.0),
    )
    result = make_backend(graph).run("retention", since="2021", until="2021", min_hires=1)
    pd.testing.assert_frame_equal(result, expected)


def test_internal_move_starts_no_stint(make_backend, graph):
    # Hires from 2022-01-01 on. Gus's FAIR -> TBD Lab (2022-03-01) is internal: no Meta hire.
    # Meta: Ivy (year precision, 2022-01-01) 546 C and Jo 31 E: S(31) = 1/2 = median 31.
    expected = frame(
        ("Anthropic", 1, 0, 1.0, NAN),
        ("Google", 1, 0, 1.0, NAN),
        ("Mistral AI", 1, 0, 1.0, NAN),
        ("OpenAI", 2, 0, 1.0, NAN),
        ("Thinking Machines Lab", 1, 0, 1.0, NAN),
        ("University College London", 1, 0, 1.0, NAN),
        ("Meta", 2, 1, 0.5, 31.0),
    )
    result = make_backend(graph).run("retention", since="2022-01-01", min_hires=1)
    pd.testing.assert_frame_equal(result, expected)


def test_unit_level(make_backend, graph):
    # As named, FAIR -> TBD Lab ends Gus's FAIR stint (365 E) and starts one at TBD Lab.
    # FAIR: Gus 365 E, Kim 852 C -> S(365) = 1/2, median 365.
    # Meta (as named): Jo 31 E, Ivy 546 C -> S(31) = 1/2, median 31.
    # TBD Lab, Meta Superintelligence Labs, Google DeepMind, TML, UCL: one stint each (< 2).
    expected = frame(
        ("Mistral AI", 3, 0, 1.0, NAN),
        ("OpenAI", 2, 0, 1.0, NAN),
        ("FAIR", 2, 1, 0.5, 365.0),
        ("Meta", 2, 1, 0.5, 31.0),
        ("Anthropic", 6, 4, 4 / 9, 730.0),
    )
    result = make_backend(graph).run("retention", level="unit", min_hires=2)
    pd.testing.assert_frame_equal(result, expected)


def test_explicit_as_of(make_backend, graph):
    # as_of 2022-01-01: Eve (hired 2022-06) is left out; departures after as_of are unknown.
    # Anthropic n=5: Ada 200 E, Ben 365 E (leaves on as_of), Cy, Dee, Finn 365 C:
    #   S(200) = 4/5, S(365) = 4/5 * 3/4 = 3/5; never <= 1/2.
    # Meta n=5: Ivy and Jo hired on as_of (0 C; Jo leaves after it), Hal 184 E,
    #   Gus and Kim 306 C (2021-03-01 -> 2022-01-01): S(184) = 2/3.
    expected = frame(
        ("Meta", 5, 1, 2 / 3, NAN),
        ("Anthropic", 5, 2, 0.6, NAN),
    )
    result = make_backend(graph).run("retention", as_of="2022-01-01")
    pd.testing.assert_frame_equal(result, expected)


def test_no_hires_in_window(make_backend, graph):
    result = make_backend(graph).run("retention", since="2030", min_hires=0)
    assert list(result.columns) == COLUMNS
    assert result.empty
