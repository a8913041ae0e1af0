"""The bundled data (data/): it loads strictly, every move is sourced, and facts read by
hand from the cited pages come out of the queries on both backends."""

from __future__ import annotations

import pytest

from talentgraph.loaders import default_data_dir, load_data_dir


@pytest.fixture(scope="module")
def bundled():
    return load_data_dir(default_data_dir(), strict=True)


@pytest.fixture
def backend(bundled, make_backend):
    return make_backend(bundled.graph)


def test_loads_strictly_with_every_org_registered(bundled):
    s = bundled.summary
    assert s.rows_rejected == 0 and s.stint_rows_rejected == 0
    assert s.unregistered == []
    assert s.balanced
    assert len(bundled.registry) >= 80


def test_every_move_has_a_source_with_an_http_url(bundled):
    g = bundled.graph
    assert set(g.moves["id"]) <= set(g.reports["move_id"])
    assert g.sources["url"].str.match(r"^https?://").all()


def test_the_june_2025_openai_to_meta_wave(backend):
    # Reuters/WSJ via the cited pages: Lucas Beyer, Alexander Kolesnikov and Xiaohua Zhai
    # left OpenAI's Zurich office for Meta's superintelligence effort in June 2025.
    flows = backend.run("flows", since="2025-06-01", until="2025-08-31")
    openai_meta = flows[(flows["from_org"] == "OpenAI") & (flows["to_org"] == "Meta")]
    assert len(openai_meta) == 1
    people = openai_meta["people"].iat[0].split("; ")
    assert {"Lucas Beyer", "Alexander Kolesnikov", "Xiaohua Zhai"} <= set(people)
    # At unit level the same three leave OpenAI Zurich.
    units = backend.run("flows", since="2025-06-01", until="2025-06-30", level="unit")
    zurich = units[units["from_org"] == "OpenAI Zurich"]
    assert {"Lucas Beyer", "Alexander Kolesnikov", "Xiaohua Zhai"} <= set("; ".join(zurich["people"]).split("; "))


def test_suleyman_joined_microsoft_in_march_2024(backend):
    # Every page but one dates it March 2024 (Microsoft's own announcement, 19 March 2024).
    moves = backend.run("person", name="Mustafa Suleyman")
    to_microsoft = moves[moves["to_org"] == "Microsoft"]
    assert to_microsoft[["date", "from_org", "status"]].values.tolist() == [
        ["2024-03-01", "Inflection AI", "confirmed"]
    ]


def test_zoph_is_a_boomerang(backend):
    # Zoph left OpenAI for Thinking Machines Lab (Feb 2025) and returned in January 2026.
    boomerangs = backend.run("boomerangs")
    zoph = boomerangs[boomerangs["person"] == "Barret Zoph"]
    assert zoph[["org", "left", "returned"]].values.tolist() == [["OpenAI", "2025-02-01", "2026-01-01"]]


def test_meta_is_the_largest_net_gainer_in_2025(backend):
    net = backend.run("net_flow", since="2025-01-01", until="2025-12-31")
    assert net["org"].iat[0] == "Meta"
    assert net["net"].iat[0] > 0

