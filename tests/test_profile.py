"""`talentgraph person` and `talentgraph org`: profiles on both backends, checked by hand.

Org profiles use the moves below (MOVES) with tests/fixtures/orgs.yaml. Every date has day
precision; Eli's move is denied, so it is not counted.

    Ann  OpenAI -> Anthropic            2023-03-01
    Ben  OpenAI -> Anthropic            2023-09-01
    Cat  Google DeepMind -> Anthropic   2024-02-01   (a unit of Google)
    Dov  ? -> Anthropic                 2024-05-01   (origin unknown: inflow only)
    Eli  Anthropic -> Mistral AI        2024-07-01   denied
    Gus  OpenAI Zurich -> Anthropic     2024-10-01   (a unit of OpenAI)
    Fay  Stanford -> Anthropic          2025-01-01
    Cat  Anthropic -> MSL               2025-02-01   (a unit of Meta)
    Ann  Anthropic -> OpenAI            2025-06-01   (the latest counted move: as_of)

Anthropic: inflow 6 (Ann, Ben, Cat, Dov, Gus, Fay), outflow 2 (Cat, Ann), net 4.
Hires came from OpenAI 3 (Ann, Ben, Gus), Google 1 (Cat), Stanford University 1 (Fay);
leavers went to Meta 1 (Cat) and OpenAI 1 (Ann). Alumni: Cat now at Meta, Ann at OpenAI.
Timeline by year: 2023 in 2; 2024 in 3 (Eli's denied move does not count); 2025 in 1,
out 2.

Retention: six stints. Ann 2023-03-01 -> 2025-06-01 = 366 + 365 + 92 = 823 days (ended);
Ben 2023-09-01 -> as_of 2025-06-01 = 366 + 273 = 639 (censored); Cat 2024-02-01 ->
2025-02-01 = 366 (ended); Dov 2024-05-01 -> 396 (censored); Gus 2024-10-01 -> 243
(censored); Fay 2025-01-01 -> 151 (censored). Kaplan-Meier: at day 366 four stints are
at risk (Ann, Ben, Cat, Dov), one ends: S = 3/4, which holds at 730 days. At day 823 only
Ann is at risk and leaves: S = 0, so the median tenure is 823 days.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from talentgraph.loaders import load_data_dir

from .conftest import FIXTURES

MOVES = """person,from_org,to_org,date,status
Ann,OpenAI,Anthropic,2023-03-01,
Ben,OpenAI,Anthropic,2023-09-01,
Cat,Google DeepMind,Anthropic,2024-02-01,
Dov,,Anthropic,2024-05-01,
Eli,Anthropic,Mistral AI,2024-07-01,denied
Gus,OpenAI Zurich,Anthropic,2024-10-01,
Fay,Stanford,Anthropic,2025-01-01,
Cat,Anthropic,MSL,2025-02-01,
Ann,Anthropic,OpenAI,2025-06-01,
"""
A, B, C = "https://example.com/a", "https://example.com/b", "https://example.com/c"


def run(*args, env=None):
    # NEO4J_URI in the environment selects Neo4j: the in-process runs must not see it.
    env = env or {"NEO4J_URI": None}
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def cli_on(backend_name, make_backend, tmp_path):
    """``cli_on(data_dir)`` -> ``run(*args)``: the CLI on that data, in-process or loaded into Neo4j."""

    def make(data):
        if backend_name == "memory":
            return lambda *args: run("--data", data, *args)
        make_backend(load_data_dir(data).graph)
        env = {"NEO4J_URI": os.environ.get("NEO4J_URI", "bolt://localhost:7687")}
        return lambda *args: run("--data", data, *args, "--neo4j", env=env)  # --neo4j last: optional URI

    return make


@pytest.fixture
def org_cli(cli_on, tmp_path):
    data = tmp_path / "orgdata"
    data.mkdir()
    shutil.copy(FIXTURES / "orgs.yaml", data / "orgs.yaml")
    (data / "moves.csv").write_text(MOVES, encoding="utf-8")
    return cli_on(data)


@pytest.fixture
def person_cli(cli_on, tmp_path):
    data = tmp_path / "persondata"
    data.mkdir()
    shutil.copy(FIXTURES / "orgs.yaml", data / "orgs.yaml")
    shutil.copy(FIXTURES / "person_moves.csv", data / "moves.csv")
    shutil.copy(FIXTURES / "stints.csv", data / "stints.csv")
    return cli_on(data)


def ok_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_org_profile_in_json(org_cli):
    profile = ok_json(org_cli("org", "anthropic", "-f", "json"))
    assert profile == {
        "kind": "org",
        "id": "anthropic",
        "name": "Anthropic",
        "facts": {"id": "anthropic", "kind": "lab", "country": "US", "inflow": 6, "outflow": 2, "net": 4},
        "joined_from": [
            {"from_org": "OpenAI", "moves": 3, "people": "Ann; Ben; Gus"},
            {"from_org": "Google", "moves": 1, "people": "Cat"},
            {"from_org": "Stanford University", "moves": 1, "people": "Fay"},
        ],
        "left_for": [
            {"to_org": "Meta", "moves": 1, "people": "Cat"},
            {"to_org": "OpenAI", "moves": 1, "people": "Ann"},
        ],
        "retention": [{"hires": 6, "departures": 2, "retention": 0.75, "median_tenure_days": 823.0}],
        "alumni": [{"current_org": "Meta", "alumni": 1}, {"current_org": "OpenAI", "alumni": 1}],
        "timeline": [
            {"period": "2023", "inflow": 2, "outflow": 0, "net": 2},
            {"period": "2024", "inflow": 3, "outflow": 0, "net": 3},
            {"period": "2025", "inflow": 1, "outflow": 2, "net": -1},
        ],
    }


def test_org_top_and_freq(org_cli):
    profile = ok_json(org_cli("org", "Anthropic", "--top", "1", "--freq", "quarter", "--since", "2025", "-f", "json"))
    # Since 2025: Fay in (Stanford), Cat out (Meta), Ann out (OpenAI). The stints that
    # start in 2025: Fay's only, censored; so 1 hire, no departure, retention 1.
    assert profile["facts"]["inflow"] == 1 and profile["facts"]["outflow"] == 2
    assert profile["joined_from"] == [{"from_org": "Stanford University", "moves": 1, "people": "Fay"}]
    assert profile["left_for"] == [{"to_org": "Meta", "moves": 1, "people": "Cat"}]
    assert profile["retention"] == [{"hires": 1, "departures": 0, "retention": 1.0, "median_tenure_days": None}]
    assert profile["timeline"] == [
        {"period": "2025-Q1", "inflow": 1, "outflow": 1, "net": 0},
        {"period": "2025-Q2", "inflow": 0, "outflow": 1, "net": -1},
    ]


def test_a_unit_shows_its_top_level_org_and_says_so(org_cli):
    # At org level OpenAI Zurich stands for OpenAI: in Ann (2025); out Ann, Ben (2023) and
    # Gus (2024, from the Zurich unit).
    profile = ok_json(org_cli("org", "OpenAI Zurich", "-f", "json"))
    assert (profile["id"], profile["name"]) == ("openai", "OpenAI")
    assert profile["facts"] == {
        "id": "openai-zurich",
        "shown as": "OpenAI, its top-level org (use --level unit for OpenAI Zurich alone)",
        "kind": "unit", "country": "CH", "part of": "OpenAI", "inflow": 1, "outflow": 3, "net": -2,
    }
    # At unit level the Zurich office only lost Gus.
    unit = ok_json(org_cli("org", "OpenAI Zurich", "--level", "unit", "-f", "json"))
    assert (unit["id"], unit["name"]) == ("openai-zurich", "OpenAI Zurich")
    assert (unit["facts"]["inflow"], unit["facts"]["outflow"], unit["facts"]["net"]) == (0, 1, -1)
    assert unit["left_for"] == [{"to_org": "Anthropic", "moves": 1, "people": "Gus"}]
    assert unit["timeline"] == [{"period": "2024", "inflow": 0, "outflow": 1, "net": -1}]


def test_merged_org_facts(org_cli):
    profile = ok_json(org_cli("org", "google brain", "--level", "unit", "-f", "json"))
    assert profile["facts"]["merged into"] == "Google DeepMind on 2023-04-20"
    assert profile["facts"]["part of"] == "Google"


def test_org_profile_as_a_table_and_markdown(org_cli):
    result = org_cli("org", "Anthropic")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:7] == ["Anthropic", "  id       anthropic", "  kind     lab", "  country  US",
                         "  inflow   6", "  outflow  2", "  net      4"]
    assert "Hires came from (top 5)" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour in a pipe
    md = org_cli("org", "Anthropic", "-f", "md").stdout
    assert md.startswith("# Anthropic\n\n- **id**: anthropic\n")
    assert ("## Timeline by year\n\n| period | inflow | outflow | net |\n|---|---:|---:|---:|\n"
            "| 2023 | 2 | 0 | 2 |") in md


def test_org_miss_suggests_names(org_cli):
    result = org_cli("org", "Anthropik")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no org named 'Anthropik' (did you mean Anthropic")
    assert len(result.stderr.strip().splitlines()) == 1


def test_person_profile_with_sources(person_cli):
    # See tests/test_query_person.py for how Łukasz Kaiser's rows become three counted moves.
    profile = ok_json(person_cli("person", "lukasz kaiser", "-f", "json"))
    assert profile == {
        "kind": "person",
        "id": "lukasz-kaiser",
        "name": "Łukasz Kaiser",
        "facts": {"id": "lukasz-kaiser", "moves": 3, "latest move": "2025-07-01 to Meta (reported)"},
        "moves": [
            {"date": "2019-01-01", "from_org": "", "to_org": "Stanford University", "role": "", "status": "reported",
             "sources": ""},
            {"date": "2021-06-15", "from_org": "Google", "to_org": "OpenAI", "role": "Researcher",
             "status": "reported", "sources": f"The Information; {A}"},
            {"date": "2025-07-01", "from_org": "OpenAI", "to_org": "Meta", "role": "Chief Scientist",
             "status": "reported", "sources": f"{B}; {C}"},
        ],
    }


def test_person_profile_with_stints(person_cli):
    # Kim Kato's stints (tests/fixtures/stints.csv) imply two moves, status derived:
    # Stanford -> Google Brain (2019-07) and Google Brain -> OpenAI (2023-01); at org level
    # Google Brain (before its 2023 merger) is Google.
    profile = ok_json(person_cli("person", "Kim Kato", "-f", "json"))
    assert profile["facts"] == {"id": "kim-kato", "moves": 2, "latest move": "2023-01-01 to OpenAI (derived)",
                                "stints": 4}
    assert [(m["date"], m["from_org"], m["to_org"], m["status"]) for m in profile["moves"]] == [
        ("2019-07-01", "Stanford University", "Google", "derived"),
        ("2023-01-01", "Google", "OpenAI", "derived"),
    ]
    assert profile["stints"] == [
        {"org": "Stanford University", "start": "2015", "end": "2019-06", "role": "PhD student"},
        {"org": "Google Brain", "start": "2019-07", "end": "2022-12", "role": "Research Scientist"},
        {"org": "Google Brain", "start": "2020-01", "end": "2022-12", "role": "Senior Research Scientist"},
        {"org": "OpenAI", "start": "2023-01", "end": "", "role": "Member of Technical Staff"},
    ]


def test_person_as_a_table(person_cli):
    result = person_cli("person", "Łukasz Kaiser", "--level", "unit", "--include-status", "denied")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == [
        "Łukasz Kaiser", "  id           lukasz-kaiser", "  moves        5",
        "  latest move  2025-07-01 to Meta Superintelligence Labs (reported)",
    ]
    assert "Moves, with their sources" in result.stdout
    assert "Stints" not in result.stdout  # Łukasz has none


def test_person_miss_suggests_names(person_cli):
    result = person_cli("person", "Lukas Kaisr")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nobody named 'Lukas Kaisr' in the moves (did you mean Łukasz Kaiser")


def test_two_people_with_one_name(person_cli):
    result = person_cli("person", "Wei Chen")
    assert result.exit_code == 1
    assert "give one of their ids: wei-chen-1, wei-chen-2" in result.stderr
    assert ok_json(person_cli("person", "wei-chen-2", "-f", "json"))["facts"]["moves"] == 1
