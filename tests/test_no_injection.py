"""No Cypher injection: every value travels as a parameter, every label and type is fixed.

Three kinds of evidence:

- the source: no Cypher in talentgraph/ is built with an f-string, ``%``, ``.format`` or
  ``+`` of a value, and every label and relationship type its Cypher names is one of the
  model's (SPEC §2);
- a real Neo4j: names, roles, notes, quotes, outlets and even column names made of
  Cypher-breaking payloads are loaded beside a known graph, read back unchanged, found by
  the name queries, and nothing else in the graph changed;
- the read-only gate of ``talentgraph cypher`` (talentgraph.cypher_guard): attacks that
  try to slip a write past it, each refused; a few also end to end against the server.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from talentgraph.cypher_guard import check_read_only
from talentgraph.errors import QueryError
from talentgraph.graph.memory import MemoryBackend
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders import load_files

from .conftest import FIXTURES, REPO, load_fixture

PACKAGE = REPO / "talentgraph"
LABELS = {"Person", "Org", "Move", "Source"}
TYPES = {"MADE", "TO", "FROM", "REPORTED_BY", "PART_OF", "MERGED_INTO", "WORKED_AT"}

# Fragments only Cypher has: a clause with the thing that follows it, a node or relationship pattern.
CYPHER = re.compile(
    r"\b(?:OPTIONAL\s+)?MATCH\s*\(|\bMERGE\s*\(|\bCREATE\s*\(|\bCREATE\s+(?:CONSTRAINT|INDEX)\b|\bUNWIND\s+[$\[\w]"
    r"|\bDETACH\s+DELETE\b|\bRETURN\s+[\w.($*]+.*\bAS\b|\bWHERE\s+\w+\s*[.:]|\bCALL\s*\{|\bCALL\s+\w+\.\w+"
    r"|-\[\s*\w*\s*:\s*\w+|\(\s*\w*\s*:\s*[A-Z]\w*\s*[{)]|\bSET\s+\w+\s*(?:\.\w+\s*=|\+=|:)|\bLOAD\s+CSV\b"
)
NODE_LABEL = re.compile(r"\(\s*\w*\s*:\s*(`[^`]*`|\$|\w+)")
LABEL_PREDICATE = re.compile(r"\b[a-z_]\w*:([A-Z]\w*)\b")
REL_TYPE = re.compile(r"\[\s*\w*\s*:\s*(`[^`]*`|\$|\w+)((?:\s*\|\s*:?\s*\w+)*)")


def _python_files(package: Path) -> list[Path]:
    return sorted(package.rglob("*.py"))


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings or bare expression statements."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found.add(id(node.value))
    return found


def _literal_text(node: ast.AST) -> str | None:
    """The text of a string constant, or an f-string's literal parts with ``{}`` for each value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "⟨value⟩" for v in node.values)
    return None


PURE = {"indent", "dedent"}  # text helpers that only reshape a constant (textwrap)


def _is_constant_operand(node: ast.AST) -> bool:
    """Made only of literals, module CONSTANTS and textwrap reshaping (COUNTED_MOVES + "...")."""
    pure_calls = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)
                  and isinstance(n.func, ast.Name) and n.func.id in PURE}
    return all(n.id.isupper() or id(n) in pure_calls for n in ast.walk(node) if isinstance(n, ast.Name))


def built_cypher(package: Path = PACKAGE) -> list[str]:
    """Every place in the package where Cypher text is assembled from values."""
    hits = []
    for path in _python_files(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(package.parent)
        for node in ast.walk(tree):
            text = None
            if isinstance(node, ast.JoinedStr):
                text = _literal_text(node)
                kind = "f-string"
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
                text = _literal_text(node.left)
                kind = "% formatting"
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "format"):
                text = _literal_text(node.func.value)
                kind = ".format"
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and not _is_constant_operand(node):
                text = " ".join(t for t in (_literal_text(node.left), _literal_text(node.right)) if t) or None
                kind = "+ of a value"
            if text and CYPHER.search(text):
                hits.append(f"{where}:{node.lineno}: Cypher built by {kind}: {text[:80]!r}")
    return hits


def cypher_texts() -> list[tuple[str, str]]:
    """(where, text) of every string in talentgraph/ that is Cypher (docstrings left out)."""
    texts = []
    for path in _python_files(PACKAGE):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstring_nodes(tree)
        for node in ast.walk(tree):
            text = _literal_text(node)
            if text and id(node) not in skip and CYPHER.search(text):
                texts.append((f"{path.relative_to(REPO)}:{node.lineno}", text))
    return texts


def test_the_scanner_sees_built_cypher(tmp_path):
    # The scan must be able to fail: plant each forbidden form in a throwaway package.
    planted = tmp_path / "talentgraph"
    planted.mkdir()
    (planted / "bad.py").write_text(
        "label = 'Person'\nname = 'x'\n"
        "a = f'MATCH (n:{label}) RETURN n'\n"
        "b = \"MATCH (n) WHERE n.name = '%s' RETURN n\" % name\n"
        "c = 'MERGE (p:Person {{id: {}}})'.format(name)\n"
        "d = 'MATCH (n) WHERE n.name = ' + name + ' RETURN n.id AS id'\n"
        "e = 'CALL {' + indent(name, ' ') + '}'\n"
        "SAFE = 'MATCH (n:Person) RETURN n.id AS id'\nOK = SAFE + ' LIMIT 1' + indent(SAFE.strip(), ' ')\n"
        "msg = f'CALL {name} at {name}: procedure not known'\n",
        encoding="utf-8",
    )
    hits = built_cypher(planted)
    assert sorted({int(h.split(":")[1]) for h in hits}) == [3, 4, 5, 6, 7], hits


def test_no_cypher_is_built_from_values():
    assert built_cypher() == []


def test_no_cypher_constant_holds_a_python_placeholder():
    # "MATCH (n:{label})" or "... = '%s'" would be formatted somewhere later: values go in $params.
    placeholder = re.compile(r"\{\w*\}|%\(\w+\)[sdr]|%[sdr]|\$\{")
    assert [(w, m.group()) for w, text in cypher_texts() for m in placeholder.finditer(text)] == []


def test_the_code_has_cypher_to_check():
    # Guard against a scanner that silently finds nothing: the writes and the catalog are there.
    texts = cypher_texts()
    assert sum("neo4j_schema.py" in w for w, _ in texts) >= 8
    assert sum("talentgraph/queries/" in w for w, _ in texts) >= 10


def test_every_label_and_relationship_type_is_one_of_the_model():
    labels, types, dynamic = set(), set(), []
    for where, text in cypher_texts():
        outside_brackets = re.sub(r"\[\s*\w*\s*:[^\[\]]*\]", "[]", text)  # [r:TYPE] is no label
        for label in NODE_LABEL.findall(text) + LABEL_PREDICATE.findall(outside_brackets):
            if label.startswith(("`", "$")):
                dynamic.append((where, label))
            labels.add(label)
        for first, rest in REL_TYPE.findall(text):
            for rel in [first, *re.findall(r"\w+", rest)]:
                if rel.startswith(("`", "$")):
                    dynamic.append((where, rel))
                types.add(rel)
    assert dynamic == []
    assert labels <= LABELS, labels - LABELS
    assert types <= TYPES, types - TYPES
    assert labels == LABELS and types >= {"MADE", "TO", "FROM", "REPORTED_BY", "PART_OF"}


# -- hostile values through a real Neo4j --------------------------------------------------------
PAYLOADS = [
    "'}) DETACH DELETE n //",
    '" OR 1=1 //',
    "`) MATCH (n) DETACH DELETE n //",
    "``` `` `",
    "$param",
    "${injection}",
    "\\u0027}) DETACH DELETE n //",
    "\\'}) DETACH DELETE n //",
    "Robert'); DROP TABLE students;--",
    "MATCH (n) DETACH DELETE n",
    "CALL db.createLabel('Pwned')",
    "{id: 'x'}) SET m.pwned = true //",
    "\\",
    "/* unclosed comment",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "\x1b[31mred\x1b[0m",
    "名前 🙂 \u202eevil",
    "nul\x00byte",
]


def hostile_csv(path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["person", "from_org", "to_org", "date", "role", "source", "source_url", "quote", "notes",
                     "`x`}) SET m.pwned = true //"])
    for i, payload in enumerate(PAYLOADS):
        writer.writerow([f"Hostile {i} {payload}", f"Lab {i} {payload}", "OpenAI", f"2024-{i % 12 + 1:02d}",
                         payload, f"Outlet {payload}", f"https://example.com/{i}?q={payload.replace(' ', '+')}"
                         if " " not in payload.strip() else "", payload, payload, payload])
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "moves.csv"
    hostile_csv(path)
    result = load_files([path], OrgRegistry.from_yaml(FIXTURES / "orgs.yaml"), strict=True)
    assert result.summary.moves_loaded == len(PAYLOADS)
    return result


@pytest.mark.neo4j
def test_hostile_values_round_trip_through_neo4j_and_harm_nothing(neo4j_server, hostile):
    known = load_fixture("merge_moves.csv", "stints.csv").graph
    neo4j_server.clear()
    try:
        neo4j_server.load(known)
        neo4j_server.load(hostile.graph)
        back = neo4j_server.graph()
        expected = hostile.graph
        # Every hostile text came back exactly as it went in.
        people = dict(zip(back.persons["id"], back.persons["name"]))
        for pid, name in zip(expected.persons["id"], expected.persons["name"]):
            assert people[pid] == name
        orgs = dict(zip(back.orgs["id"], back.orgs["name"]))
        assert all(orgs[i] == n for i, n in zip(expected.orgs["id"], expected.orgs["name"]))
        moves = back.moves.set_index("id")
        for _, move in expected.moves.iterrows():
            got = moves.loc[move["id"]]
            assert (got["role"], got["notes"]) == (move["role"], move["notes"])
            assert got["extra"] == move["extra"] and move["extra"], move["extra"]
        quotes = set(back.reports["quote"])
        outlets = set(back.sources["outlet"])
        for payload in PAYLOADS:
            stripped = payload.strip()
            assert stripped in quotes and f"Outlet {' '.join(payload.split())}" in outlets
        # ... and the rest of the graph is exactly the known graph: nothing deleted, nothing set.
        assert len(back.moves) == len(known.moves) + len(expected.moves)
        assert set(known.moves["id"]) <= set(back.moves["id"])
        assert set(known.persons["id"]) <= set(back.persons["id"])
        assert len(back.stints) == len(known.stints)
        schema = neo4j_server.read(
            "CALL db.labels() YIELD label WITH collect(label) AS labels "
            "CALL db.relationshipTypes() YIELD relationshipType WITH labels, collect(relationshipType) AS types "
            "CALL db.propertyKeys() YIELD propertyKey RETURN labels, types, collect(propertyKey) AS keys")
        assert set(schema["labels"][0]) == LABELS
        assert set(schema["types"][0]) <= TYPES
        assert "pwned" not in schema["keys"][0]
        # The name lookups take hostile names as plain values too, with the same answers as in-process.
        memory = MemoryBackend(hostile.graph)
        neo4j_server.clear()
        neo4j_server.load(hostile.graph)
        for name in list(expected.persons["name"])[:8]:
            pd.testing.assert_frame_equal(neo4j_server.run("person", name=name), memory.run("person", name=name))
        for name in [n for n in expected.orgs["name"] if n.startswith("Lab ")][:8]:
            got = neo4j_server.run("timeline", org=name)
            pd.testing.assert_frame_equal(got, memory.run("timeline", org=name))
            assert got["outflow"].sum() == 1
    finally:
        neo4j_server.clear()


@pytest.mark.neo4j
def test_hostile_query_parameters_are_values_on_the_command_line(neo4j_server, hostile, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    neo4j_server.clear()
    try:
        neo4j_server.load(hostile.graph)
        runner = CliRunner()
        before = neo4j_server.read("MATCH (n) RETURN count(n) AS n")["n"][0]
        for payload in PAYLOADS[:12]:
            result = runner.invoke(cli, ["query", "person", "-p", f"name={payload}", "--neo4j", "-f", "json"])
            # Not a person's full name: "did you mean", never a crash or a write.
            assert result.exit_code == 1, result.output
            assert "Traceback" not in result.output
            result = runner.invoke(cli, ["query", "flows", "--since", payload, "--neo4j"])
            assert result.exit_code in (1, 2) and "Traceback" not in result.output
        named = f"Hostile 0 {PAYLOADS[0]}"
        result = runner.invoke(cli, ["query", "person", "-p", f"name={named}", "--neo4j", "-f", "json"])
        assert result.exit_code == 0, result.output
        assert neo4j_server.read("MATCH (n) RETURN count(n) AS n")["n"][0] == before
    finally:
        neo4j_server.clear()


# -- the read-only gate of `talentgraph cypher` ---------------------------------------------------
ATTACKS = [
    "CREATE (n:Pwned)",
    "create (n:Pwned)",
    "cReAtE (n:Pwned)",
    "MATCH (n) MERGE (m:Pwned {id: 1})",
    "MATCH (n) SET n.pwned = true",
    "MATCH (n) SET n:Pwned",
    "MATCH (n) SET n += {pwned: true}",
    "MATCH (n) REMOVE n.name",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) detach\ndelete n",
    "MATCH (n) DETACH/* hidden */DELETE n",
    "MATCH (n) // a comment\nDETACH DELETE n",
    "MATCH (n) // a comment\rDETACH DELETE n",
    "MATCH (n) /* CREATE */ DELETE n",
    "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    "MATCH (n) RETURN 'x'; CREATE (:Pwned)",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load csv from 'https://example.com/x.csv' as l return l",
    "CALL db.createLabel('Pwned')",
    "CALL db.createProperty('pwned')",
    "call dbms.setConfigValue('db.logs.query.enabled', 'off')",
    "CALL apoc.create.node(['Pwned'], {})",
    "CALL `db`.`createLabel`('Pwned')",
    "CALL db.labels() YIELD label CALL db.createLabel(label + 'X') RETURN 1",
    "CALL { CREATE (:Pwned) } RETURN 1",
    "MATCH (n) CALL (n) { DETACH DELETE n } RETURN 1",
    "MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "FOREACH (x IN [1] | CREATE (:Pwned))",
    "UNWIND [1] AS x MERGE (:Pwned {x: x})",
    "\\u0043REATE (n:Pwned)",
    "\\u0063reate (n:Pwned)",
    "\\uu0043REATE (n:Pwned)",
    "RETURN '\\u0027 CREATE (:Pwned) //'",
    "RETURN \"\\u0022 CREATE (:Pwned) //\"",
    "RETURN 'a\\\\' CREATE (:Pwned) RETURN 'b'",
    "RETURN \"a\\\"\" CREATE (:Pwned) //\"",
    "MATCH (n) // comment \\u000a DETACH DELETE n",
    "MATCH (n) WHERE n.name = '' OR 1=1 DETACH DELETE n",
    "WITH 1 AS x CREATE (:Pwned)",
    "MATCH (n)\u00a0DETACH\u2003DELETE n",
    "MATCH (n)\u3000SET n.pwned = 1",
    "ſet",
    "MATCH (n) ſET n.x = 1",
    "USE system CREATE USER pwned SET PASSWORD 'password123'",
    "ALTER USER neo4j SET PASSWORD 'changed-it'",
    "DROP CONSTRAINT move_id",
    "CREATE INDEX pwned FOR (n:Move) ON (n.pwned)",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "STOP DATABASE neo4j",
    "GRANT ALL ON DATABASE * TO PUBLIC",
    "INSERT (:Pwned)",
    "MATCH (n) WITH n.x AS x, n CREATE (:Pwned)",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_read_only_gate_refuses_every_write(attack):
    with pytest.raises(QueryError):
        check_read_only(attack)


@pytest.mark.parametrize("harmless", [
    "MATCH (p:Person) RETURN p.name AS name",
    "RETURN 'CREATE (:Pwned)' AS s, \"DETACH DELETE\" AS t",
    "MATCH (n) // DETACH DELETE n\nRETURN count(n) AS n",
    "MATCH (n) /* SET n.x = 1 */ RETURN n.set AS `set`",
    "MATCH (n:Move) WHERE n.status = $delete RETURN n.id AS id",
    "CALL db.labels() YIELD label RETURN label",
])
def test_the_read_only_gate_lets_reads_through(harmless):
    check_read_only(harmless)


@pytest.mark.neo4j
def test_the_cypher_verb_changes_nothing_on_a_real_server(neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    neo4j_server.clear()
    try:
        neo4j_server.load(load_fixture("merge_moves.csv").graph)
        count = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels"
        before = neo4j_server.read(count).iloc[0].tolist()
        runner = CliRunner()
        for attack in ATTACKS[:12] + ATTACKS[19:21] + ATTACKS[30:34] + ATTACKS[37:40]:
            result = runner.invoke(cli, ["cypher", attack, "--neo4j"])
            assert result.exit_code != 0, (attack, result.output)
            assert "Traceback" not in result.output
        after = neo4j_server.read(count).iloc[0].tolist()
        assert after == before
        labels = neo4j_server.read("CALL db.labels() YIELD label RETURN collect(label) AS l")["l"][0]
        assert "Pwned" not in labels
    finally:
        neo4j_server.clear()
