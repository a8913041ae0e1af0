"""geography: counted moves with a known origin by (origin country, destination country).

tests/fixtures/geography_moves.csv read with tests/fixtures/orgs.yaml. Countries there:
OpenAI US (its unit OpenAI Zurich CH), Meta US (MSL, TBD Lab, FAIR: none of their own),
Google US (Google DeepMind GB, Google Brain none), DeepMind GB, Anthropic US, Mistral FR,
Stanford US, UCL GB; "Acme Robotics" is not in the registry (no country).

  row  move                                  org level         unit level
  Ari  OpenAI Zurich -> Mistral              US -> FR          CH -> FR
  Bea  Mistral -> Google DeepMind            FR -> US (Google) FR -> GB
  Cem  Mistral -> Meta (2025-03)             FR -> US          FR -> US
  Dov  UCL -> DeepMind, 2022 (before merger) GB -> GB          GB -> GB
  Ema  UCL -> DeepMind, 2024 (after: GDM)    GB -> US (Google) GB -> GB
  Fox  Anthropic -> TBD Lab                  US -> US          US -> US (TBD Lab -> MSL -> Meta)
  Gal  Acme Robotics -> Anthropic            '' -> US          '' -> US
  Hed  ? -> Mistral                          left out (no origin)
  Ira  FAIR -> TBD Lab                       internal          US -> US
  Jen  Stanford -> Google Brain, 2022        US -> US          US -> US (Google Brain -> Google)
  Kip  Stanford -> OpenAI, denied            left out unless included
  Lux  Mistral -> OpenAI                     FR -> US          FR -> US
"""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import load_fixture


@pytest.fixture(scope="module")
def graph():
    return load_fixture("geography_moves.csv").graph


def frame(*rows: tuple) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=["from_country", "to_country", "moves"])
    return out.astype({"moves": "int64"})


def test_default_org_level(make_backend, graph):
    # FR -> US: Bea, Cem, Lux. US -> US: Fox, Jen. Ties at 1 by from_country then
    # to_country, the empty country first.
    expected = frame(
        ("FR", "US", 3),
        ("US", "US", 2),
        ("", "US", 1),
        ("GB", "GB", 1),
        ("GB", "US", 1),
        ("US", "FR", 1),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("geography"), expected)


def test_unit_level(make_backend, graph):
    # US -> US: Fox, Ira, Jen. FR -> US: Cem, Lux. GB -> GB: Dov, Ema.
    expected = frame(
        ("US", "US", 3),
        ("FR", "US", 2),
        ("GB", "GB", 2),
        ("", "US", 1),
        ("CH", "FR", 1),
        ("FR", "GB", 1),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("geography", level="unit"), expected)


def test_include_denied_and_tie(make_backend, graph):
    # Kip makes US -> US 3, tied with FR -> US: "FR" sorts first.
    expected = frame(
        ("FR", "US", 3),
        ("US", "US", 3),
        ("", "US", 1),
        ("GB", "GB", 1),
        ("GB", "US", 1),
        ("US", "FR", 1),
    )
    pd.testing.assert_frame_equal(make_backend(graph).run("geography", include_status="denied"), expected)


def test_min_moves(make_backend, graph):
    expected = frame(("FR", "US", 3), ("US", "US", 2))
    pd.testing.assert_frame_equal(make_backend(graph).run("geography", min_moves=2), expected)


def test_until(make_backend, graph):
    # Through 2023: Dov (DeepMind still British and on its own) and Jen.
    expected = frame(("GB", "GB", 1), ("US", "US", 1))
    pd.testing.assert_frame_equal(make_backend(graph).run("geography", until="2023"), expected)


def test_since_month(make_backend, graph):
    # From 2025-03-01: Cem (2025-03 = 03-01), Fox, Gal, Lux (Hed has no origin, Ira internal).
    expected = frame(("FR", "US", 2), ("", "US", 1), ("US", "US", 1))
    pd.testing.assert_frame_equal(make_backend(graph).run("geography", since="2025-03"), expected)
