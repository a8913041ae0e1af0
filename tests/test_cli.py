"""The CLI through click's runner: output, exit codes, errors as one line."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from talentgraph.queries import flows

from .conftest import FIXTURES


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURES / "orgs.yaml", folder / "orgs.yaml")
    shutil.copy(FIXTURES / "merge_moves.csv", folder / "moves.csv")
    shutil.copy(FIXTURES / "stints.csv", folder / "stints.csv")
    return folder


def run(*args, env=None):
    # NEO4J_URI in the environment selects Neo4j (SPEC §7); `make test` exports it for the
    # Neo4j half of the suite, so these in-process runs take it out.
    env = {"NEO4J_URI": None} if env is None else env
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def test_load_prints_a_summary_that_adds_up(data_dir):
    result = run("--data", data_dir, "load")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # merge_moves.csv: 18 rows, 13 moves + Kim's 2 implied moves = 15, 5 rows merged.
    assert lines[:4] == [
        "rows read              18",
        "moves loaded           15",
        "rows merged             5  (duplicate reports folded into a move)",
        "rows rejected           0",
    ]
    assert "unregistered orgs (1): acme-robotics-inc" in result.stdout


def test_bad_rows_go_to_the_rejects_file(data_dir, tmp_path):
    rejects = tmp_path / "out" / "bad.csv"
    result = run("--data", data_dir, "load", FIXTURES / "bad_moves.csv", "--rejects", rejects)
    assert result.exit_code == 0
    assert "rows rejected          14" in result.stdout
    assert f"rejected {FIXTURES / 'bad_moves.csv'}:2: person: empty" in result.stderr
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 15  # header + 14


def test_strict_fails_with_one_line_and_exit_1(data_dir):
    result = run("--data", data_dir, "load", "--strict", FIXTURES / "bad_moves.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {FIXTURES / 'bad_moves.csv'}:2: person: empty")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_not_utf8_is_one_line_exit_1(data_dir, tmp_path):
    path = tmp_path / "moves.csv"
    # "person,to_org,date\n" is 19 bytes, "Jos" 3 more: the Latin-1 é is byte 22 (from 0).
    path.write_bytes("person,to_org,date\nJosé,OpenAI,2025\n".encode("latin-1"))
    result = run("--data", data_dir, "load", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {path}:2: not UTF-8 (byte 0xe9 at offset 22); re-save the file as UTF-8"
    )


def test_query_csv_pipes_cleanly(data_dir):
    result = run("--data", data_dir, "query", "flows", "--since", "2025", "-f", "csv")
    assert result.exit_code == 0
    # 2025 counted moves with a known origin, at org level (see test_backends for the list):
    # Anthropic->OpenAI: Cleo (Jan), Dan twice (Jan, Apr); the others once each.
    assert result.stdout.splitlines() == [
        "from_org,to_org,moves,people",
        "Anthropic,OpenAI,3,Cleo Chen; Dan Diaz",
        "Acme Robotics Inc.,OpenAI,1,Jon Jones",
        "Google,Anthropic,1,Gia Gold",
        "OpenAI,Anthropic,1,Gia Gold",
        "OpenAI,Meta,1,Ada Lovelace",
    ]


def test_query_json_and_params(data_dir):
    result = run("--data", data_dir, "query", "flows", "-p", "min_moves=3", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"from_org": "Google", "to_org": "OpenAI", "moves": 4, "people": "Bob Brown; Ivy Ito; Kim Kato"},
        {"from_org": "Anthropic", "to_org": "OpenAI", "moves": 3, "people": "Cleo Chen; Dan Diaz"},
    ]


def test_show_cypher_prints_parameters_for_the_browser(data_dir):
    result = run("query", "flows", "--since", "2025-06", "--show-cypher")
    assert result.exit_code == 0
    first, *rest = result.stdout.splitlines()
    assert first.startswith(':params {since: "2025-06-01", until: null, level: "org"')
    # The query text follows the :params line, as Neo4j Browser takes them in turn.
    assert "\n".join(rest).strip() == flows.CYPHER.strip()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["query", "nope"], 2, "'nope' is not one of"),
        (["query", "flows", "-p", "bogus=1"], 1, "flows has no parameter bogus"),
        (["query", "flows", "-p", "min_moves=many"], 1, "parameter min_moves='many'"),
        (["query", "flows", "--since", "last year"], 1, "parameter since='last year'"),
        (["query", "flows", "--neo4j", "bolt://neo4j:secret@localhost:1"], 2, "never put the password in the URI"),
        (["query", "flows", "--neo4j", "bolt://127.0.0.1:1"], 1, "cannot reach Neo4j at bolt://127.0.0.1:1"),
    ],
)
def test_errors_exit_codes(data_dir, args, code, message):
    result = run("--data", data_dir, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert "secret" not in result.stderr


def test_queries_lists_the_catalog():
    result = run("queries")
    assert result.exit_code == 0
    for name in ("flows", "net_flow", "asymmetry", "bursts", "lift_outs", "retention", "boomerangs",
                 "paths", "alumni", "hubs", "compensation", "timeline", "geography", "person"):
        assert f"\n{name} - " in "\n" + result.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_text(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert len(cli.commands[command].help or "") > 20
