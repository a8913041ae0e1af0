"""`talentgraph export`: every format read back, on both backends, against hand counts.

The fixture is merge_moves.csv + stints.csv with tests/fixtures/orgs.yaml:

- 11 people (Ada, Bob, Cleo, Dan, Eve, Finn, Gia, Hal, Ivy, Jon from the moves; Kim from
  the stints);
- 16 orgs: the 15 of the registry and the unregistered Acme Robotics Inc.;
- 15 moves: 18 rows - 5 merged into others = 13, plus the 2 moves Kim's stints imply
  (Stanford -> Google Brain, Google Brain -> OpenAI); every one has a known origin;
- 18 sources (18 distinct URLs) and 18 reports; 4 stints (Kim: Stanford, Google Brain
  twice, OpenAI);
- PART_OF 6 (openai-zurich, msl, tbd, fair, gdm, google-brain), MERGED_INTO 2
  (google-brain and deepmind into gdm, 2023-04-20).

So the graph has 11 + 16 + 15 + 18 = 60 nodes and MADE 15 + FROM 15 + TO 15 +
REPORTED_BY 18 + PART_OF 6 + MERGED_INTO 2 + WORKED_AT 4 = 75 relationships.
Ada's three reports merge into one move: OpenAI -> TBD Lab on 2025-06-20 (the day
precision wins), confirmed, with the largest package (250,000,000 USD, total_package),
the extra column team=x-team and the quote "Ada joins Meta" on one of its 3 reports.
"""

from __future__ import annotations

import csv
import glob
import os
import shutil
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from talentgraph.graph.model import MOVE_COLUMNS
from talentgraph.loaders import load_data_dir

from .conftest import FIXTURES, REPO, load_fixture

NODES = {"Person": 11, "Org": 16, "Move": 15, "Source": 18}
EDGES = {"MADE": 15, "FROM": 15, "TO": 15, "REPORTED_BY": 18, "PART_OF": 6, "MERGED_INTO": 2, "WORKED_AT": 4}
TABLES = {"persons": 11, "orgs": 16, "moves": 15, "sources": 18, "reports": 18, "stints": 4}
ADA_MOVE = "m-2c8fb57ace9a014b"


def run(*args, env=None):
    # NEO4J_URI in the environment selects Neo4j: the in-process runs must not see it.
    env = env or {"NEO4J_URI": None}
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def _data_dir(folder: Path, moves: str = "merge_moves.csv") -> Path:
    folder.mkdir()
    shutil.copy(FIXTURES / "orgs.yaml", folder / "orgs.yaml")
    shutil.copy(FIXTURES / moves, folder / "moves.csv")
    shutil.copy(FIXTURES / "stints.csv", folder / "stints.csv")
    return folder


@pytest.fixture
def export(backend_name, make_backend, tmp_path):
    """``export(fmt) -> DIR``: the CLI's export of the fixture, from the parametrised backend."""
    data = _data_dir(tmp_path / "data")
    extra: list[str] = []
    env = None
    if backend_name == "neo4j":
        make_backend(load_fixture("merge_moves.csv", "stints.csv").graph)  # the server now holds it
        extra = ["--neo4j"]  # last: it takes an optional URI
        env = {"NEO4J_URI": os.environ.get("NEO4J_URI", "bolt://localhost:7687")}

    def do(fmt: str) -> Path:
        out = tmp_path / f"out-{fmt}"
        result = run("--data", data, "export", "--to", fmt, out, *extra, env=env)
        assert result.exit_code == 0, result.output
        return out

    return do


def test_graphml_reads_back_with_every_node_and_edge(export):
    graph = nx.read_graphml(export("graphml") / "talentgraph.graphml")
    assert isinstance(graph, nx.MultiDiGraph)
    assert Counter(d["labels"] for _, d in graph.nodes(data=True)) == NODES
    assert Counter(d["type"] for _, _, d in graph.edges(data=True)) == EDGES
    move = graph.nodes[f"Move:{ADA_MOVE}"]
    assert move == {
        "labels": "Move", "label": "Ada Lovelace: OpenAI → TBD Lab, 2025-06-20", "date": "2025-06-20",
        "precision": "day", "status": "confirmed", "compensation_usd": 250000000.0,
        "compensation_kind": "total_package", "team": "x-team",
    }
    out = sorted((d["type"], v) for _, v, d in graph.out_edges(f"Move:{ADA_MOVE}", data=True))
    assert [t for t, _ in out] == ["FROM", "REPORTED_BY", "REPORTED_BY", "REPORTED_BY", "TO"]
    assert ("FROM", "Org:openai") in out and ("TO", "Org:tbd") in out
    quotes = [d.get("quote") for _, _, d in graph.out_edges(f"Move:{ADA_MOVE}", data=True)]
    assert quotes.count("Ada joins Meta") == 1
    # Kim's two Google Brain stints stay two edges; a missing end is left out, not "".
    kim = [d for _, v, d in graph.out_edges("Person:kim-kato", data=True) if d["type"] == "WORKED_AT"]
    assert sorted(d["start"] for d in kim) == ["2015", "2019-07", "2020-01", "2023-01"]
    assert [d.get("end") for d in kim if d["start"] == "2023-01"] == [None]
    # Lists as JSON text; None left out; booleans stay booleans.
    assert graph.nodes["Org:openai"]["aliases"] == '["Open AI","ChatGPT maker"]'
    acme = graph.nodes["Org:acme-robotics-inc"]
    assert acme["registered"] is False and "country" not in acme
    merged = [d for _, v, d in graph.out_edges("Org:deepmind", data=True)]
    assert [(d["type"], d["date"]) for d in merged] == [("MERGED_INTO", "2023-04-20")]


def test_gexf_reads_back_with_relationships_as_edge_labels(export):
    graph = nx.read_gexf(export("gexf") / "talentgraph.gexf")
    assert Counter(d["labels"] for _, d in graph.nodes(data=True)) == NODES
    assert Counter(d["label"] for _, _, d in graph.edges(data=True)) == EDGES
    assert Counter(d["relationship"] for _, _, d in graph.edges(data=True)) == EDGES
    assert graph.nodes["Person:ada-lovelace"]["label"] == "Ada Lovelace"
    assert graph.nodes[f"Move:{ADA_MOVE}"]["compensation_usd"] == 250000000.0
    stints = [d for _, _, d in graph.edges(data=True) if d["label"] == "WORKED_AT"]
    assert sorted(d["start_date"] for d in stints) == ["2015", "2019-07", "2020-01", "2023-01"]
    assert not any("start" in d or "end" in d for d in stints)  # GEXF's own time spells stay unused


def test_sqlite_has_the_tables_keys_and_the_moves_view(export):
    db = sqlite3.connect(export("sqlite") / "talentgraph.db")
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    assert counts == TABLES
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    refs = {(r[2], r[3]) for r in db.execute("PRAGMA foreign_key_list(moves)")}
    assert refs == {("persons", "person_id"), ("orgs", "from_org"), ("orgs", "to_org")}
    assert [r[1] for r in db.execute("PRAGMA table_info(persons)") if r[5]] == ["id"]
    assert sorted(r[1] for r in db.execute("PRAGMA table_info(reports)") if r[5]) == ["move_id", "source_id"]
    assert db.execute(
        "SELECT person, from_org, to_org, date, status, compensation_usd, reports FROM moves_view WHERE move_id = ?",
        (ADA_MOVE,),
    ).fetchone() == ("Ada Lovelace", "OpenAI", "TBD Lab", "2025-06-20", "confirmed", 250000000.0, 3)
    # Into OpenAI: Bob twice, Kim (from her stints), Hal, Ivy, Cleo, Dan twice, Jon.
    assert db.execute("SELECT count(*) FROM moves_view WHERE to_org = 'OpenAI'").fetchone() == (9,)
    assert db.execute("SELECT json_extract(extra, '$.team') FROM moves WHERE id = ?", (ADA_MOVE,)).fetchone() == (
        "x-team",)
    assert db.execute("SELECT json_extract(aliases, '$[0]'), registered FROM orgs WHERE id = 'openai'").fetchone() == (
        "Open AI", 1)
    assert db.execute("SELECT country, registered, parent FROM orgs WHERE id = 'acme-robotics-inc'").fetchone() == (
        None, 0, None)
    assert db.execute("SELECT name FROM orgs WHERE id = (SELECT parent FROM orgs WHERE id = 'tbd')").fetchone() == (
        "Meta Superintelligence Labs",)
    assert db.execute('SELECT start, "end" FROM stints WHERE org = ? ORDER BY start', ("openai",)).fetchall() == [
        ("2023-01", None)]
    db.close()


def test_csv_has_one_file_per_table(export):
    out = export("csv")
    for table, rows in TABLES.items():
        with (out / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            assert len(list(csv.DictReader(f))) == rows, table
    with (out / "moves.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == MOVE_COLUMNS
        ada = next(r for r in reader if r["id"] == ADA_MOVE)
    assert (ada["person_id"], ada["from_org"], ada["to_org"], ada["date"], ada["compensation_usd"], ada["extra"]) == (
        "ada-lovelace", "openai", "tbd", "2025-06-20", "250000000", '{"team":"x-team"}')
    with (out / "orgs.csv").open(encoding="utf-8", newline="") as f:
        acme = next(r for r in csv.DictReader(f) if r["id"] == "acme-robotics-inc")
    assert (acme["registered"], acme["country"], acme["aliases"]) == ("false", "", "")


def test_neo4j_admin_files_have_typed_headers_and_the_command(export):
    out = export("neo4j-admin")

    def read(name: str) -> list[list[str]]:
        with (out / name).open(encoding="utf-8", newline="") as f:
            return list(csv.reader(f))

    headers = {
        "nodes_persons.csv": ["id:ID(Person)", "name", ":LABEL"],
        "nodes_orgs.csv": ["id:ID(Org)", "name", "aliases:string[]", "kind", "country", "registered:boolean", ":LABEL"],
        "nodes_moves.csv": ["id:ID(Move)", "date:date", "precision", "status", "role", "compensation_usd:double",
                            "compensation_kind", "notes", "team", ":LABEL"],
        "nodes_sources.csv": ["id:ID(Source)", "url", "outlet", "published", ":LABEL"],
        "rels_made.csv": [":START_ID(Person)", ":END_ID(Move)", ":TYPE"],
        "rels_from.csv": [":START_ID(Move)", ":END_ID(Org)", ":TYPE"],
        "rels_to.csv": [":START_ID(Move)", ":END_ID(Org)", ":TYPE"],
        "rels_reported_by.csv": [":START_ID(Move)", ":END_ID(Source)", "quote", ":TYPE"],
        "rels_part_of.csv": [":START_ID(Org)", ":END_ID(Org)", ":TYPE"],
        "rels_merged_into.csv": [":START_ID(Org)", ":END_ID(Org)", "date:date", ":TYPE"],
        "rels_worked_at.csv": [":START_ID(Person)", ":END_ID(Org)", "start", "end", "role", ":TYPE"],
    }
    rows = {"nodes_persons.csv": 11, "nodes_orgs.csv": 16, "nodes_moves.csv": 15, "nodes_sources.csv": 18,
            "rels_made.csv": 15, "rels_from.csv": 15, "rels_to.csv": 15, "rels_reported_by.csv": 18,
            "rels_part_of.csv": 6, "rels_merged_into.csv": 2, "rels_worked_at.csv": 4}
    for name, header in headers.items():
        table = read(name)
        assert table[0] == header, name
        assert len(table) - 1 == rows[name], name
    assert read("rels_merged_into.csv")[1:] == [["deepmind", "gdm", "2023-04-20", "MERGED_INTO"],
                                                ["google-brain", "gdm", "2023-04-20", "MERGED_INTO"]]
    openai = next(r for r in read("nodes_orgs.csv") if r[0] == "openai")
    assert openai == ["openai", "OpenAI", "Open AI;ChatGPT maker", "lab", "US", "true", "Org"]
    command = (
        "neo4j-admin database import full --nodes=./nodes_persons.csv --nodes=./nodes_orgs.csv "
        "--nodes=./nodes_moves.csv --nodes=./nodes_sources.csv --relationships=./rels_made.csv "
        "--relationships=./rels_from.csv --relationships=./rels_to.csv --relationships=./rels_reported_by.csv "
        "--relationships=./rels_part_of.csv --relationships=./rels_merged_into.csv "
        "--relationships=./rels_worked_at.csv --multiline-fields=true --array-delimiter=';'"
    )
    script = (out / "import.sh").read_text(encoding="utf-8")
    assert command + ' "${1:-neo4j}"\n' in script
    assert os.access(out / "import.sh", os.X_OK)
    assert command + " neo4j" in (out / "README.txt").read_text(encoding="utf-8")
    assert (out / "constraints.cypher").read_text(encoding="utf-8").count("REQUIRE n.id IS UNIQUE;") == 4


def test_formulas_are_neutralised_in_csv_only(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "orgs.yaml", data / "orgs.yaml")
    (data / "moves.csv").write_text(
        "person,from_org,to_org,date,role,notes,quote,source_url\n"
        "Zed Zane,OpenAI,Anthropic,2025-01-01,=1+2,@SUM(A1),-x,https://z.example/1\n",
        encoding="utf-8",
    )
    out = tmp_path / "csv"
    assert run("--data", data, "export", "--to", "csv", out).exit_code == 0
    with (out / "moves.csv").open(encoding="utf-8", newline="") as f:
        move = next(csv.DictReader(f))
    assert (move["role"], move["notes"]) == ("'=1+2", "'@SUM(A1)")
    with (out / "reports.csv").open(encoding="utf-8", newline="") as f:
        assert next(csv.DictReader(f))["quote"] == "'-x"
    # The bulk-import files are data for Neo4j, not for a spreadsheet: kept as they are.
    admin = tmp_path / "admin"
    assert run("--data", data, "export", "--to", "neo4j-admin", admin).exit_code == 0
    with (admin / "nodes_moves.csv").open(encoding="utf-8", newline="") as f:
        assert next(csv.DictReader(f))["role"] == "=1+2"


def test_export_twice_replaces_the_files(tmp_path):
    data = _data_dir(tmp_path / "data")
    for _ in range(2):
        result = run("--data", data, "export", "--to", "sqlite", tmp_path / "out")
        assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "out" / "talentgraph.db")
    assert db.execute("SELECT count(*) FROM moves").fetchone() == (15,)
    db.close()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["talentgraph.db"]
    assert result.stdout == f"{tmp_path / 'out' / 'talentgraph.db'}  6 tables, 82 rows, view moves_view\n"


def test_one_row_per_key_as_neo4j_merges_them(backend_name, make_backend, tmp_path):
    # Two stints of Kim at OpenAI starting in 2020: Neo4j's MERGE on (person, org, start)
    # keeps one WORKED_AT with the last row's end and role; every export does the same.
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "orgs.yaml", data / "orgs.yaml")
    (data / "moves.csv").write_text("person,to_org,date\nZed,Anthropic,2025-01-01\n", encoding="utf-8")
    (data / "stints.csv").write_text("person,person_id,org,start,end,role\nKim,,OpenAI,2020,2021,a\n"
                                     "Kim,,OpenAI,2020,2022,b\n", encoding="utf-8")
    extra, env = [], None
    if backend_name == "neo4j":
        make_backend(load_data_dir(data).graph)
        extra, env = ["--neo4j"], {"NEO4J_URI": os.environ.get("NEO4J_URI", "bolt://localhost:7687")}
    for fmt in ("csv", "sqlite"):
        result = run("--data", data, "export", "--to", fmt, tmp_path / fmt, *extra, env=env)
        assert result.exit_code == 0, result.output
    with (tmp_path / "csv" / "stints.csv").open(encoding="utf-8", newline="") as f:
        assert list(csv.reader(f))[1:] == [["kim", "openai", "2020", "2022", "b"]]
    db = sqlite3.connect(tmp_path / "sqlite" / "talentgraph.db")
    assert db.execute('SELECT person_id, org, start, "end", role FROM stints').fetchall() == [
        ("kim", "openai", "2020", "2022", "b")]
    db.close()


def test_a_file_where_the_folder_should_be_is_a_usage_error(tmp_path):
    (tmp_path / "taken").write_text("x")
    result = run("--data", _data_dir(tmp_path / "data"), "export", "--to", "csv", tmp_path / "taken")
    assert result.exit_code == 2
    assert "is a file" in result.stderr


@pytest.mark.neo4j
def test_both_backends_export_the_same_files(neo4j_server, tmp_path):
    """Every format but SQLite (its file holds page layout), byte for byte, from both backends."""
    data = _data_dir(tmp_path / "data")
    neo4j_server.clear()
    neo4j_server.load(load_fixture("merge_moves.csv", "stints.csv").graph)
    env = {"NEO4J_URI": os.environ.get("NEO4J_URI", "bolt://localhost:7687")}
    for fmt in ("graphml", "gexf", "csv", "neo4j-admin"):
        mem, neo = tmp_path / f"mem-{fmt}", tmp_path / f"neo-{fmt}"
        assert run("--data", data, "export", "--to", fmt, mem).exit_code == 0
        assert run("--data", data, "export", "--to", fmt, neo, "--neo4j", env=env).exit_code == 0
        for path in sorted(mem.iterdir()):
            assert path.read_bytes() == (neo / path.name).read_bytes(), f"{fmt}: {path.name}"


# What Neo4j's own launcher opens on newer JDKs (the import tool needs direct buffers).
_OPENS = ["--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED"]


def _import_tool() -> tuple[str, str] | None:
    """(java, classpath) of the neo4j-admin that the test launcher's Maven build brought, if any."""
    libs = glob.glob(str(REPO / "neo4j-server" / "target" / "*" / "lib"))
    # The 5.26 LTS first: it runs on the default JDK without extra flags.
    for lib in sorted(libs, key=lambda path: (not Path(path).parent.name.startswith("5."), path)):
        if not glob.glob(os.path.join(lib, "neo4j-import-tool-*.jar")):
            continue
        version = Path(lib).parent.name
        java = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java" if version.startswith("20") else shutil.which("java")
        if java and os.path.exists(java):
            return java, os.path.join(lib, "*")
    return None


@pytest.mark.neo4j
def test_neo4j_admin_really_imports_the_files(tmp_path):
    tool = _import_tool()
    if tool is None:
        # CI builds the launcher (and its jars) before the tests: there, a missing tool is a failure.
        if os.environ.get("CI") == "true":
            pytest.fail("no neo4j-import-tool jar in neo4j-server/target/*/lib: scripts/neo4j.sh build did not run")
        pytest.skip("no neo4j-import-tool jar in neo4j-server/target/*/lib: run scripts/neo4j.sh build")
    java, classpath = tool
    out = tmp_path / "bulk"
    assert run("--data", _data_dir(tmp_path / "data"), "export", "--to", "neo4j-admin", out).exit_code == 0
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("")
    command = (out / "import.sh").read_text().splitlines()[-1].replace(' "${1:-neo4j}"', " neo4j")
    args = command.split()[1:]  # after "neo4j-admin"
    args = [a.replace("'", "") for a in args]
    done = subprocess.run(
        [java, "-Xmx512m", *_OPENS, "-cp", classpath, "org.neo4j.cli.AdminTool", *args],
        cwd=out, env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # Properties: Person id+name 22; Org id, name, kind, registered 16 each + country 11
    # + aliases 10 = 85; Move id, date, precision, status 15 each + role 2 (Kim's derived
    # moves) + compensation_usd, compensation_kind, team 1 each = 65; Source id, url,
    # outlet 18 each + published 2 = 56; MERGED_INTO date 2, REPORTED_BY quote 1,
    # WORKED_AT start 4 + end 3 + role 4 = 14. Total 242.
    assert "60 nodes" in done.stdout
    assert "75 relationships" in done.stdout
    assert "242 properties" in done.stdout
