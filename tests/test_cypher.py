"""`talentgraph cypher`: the read-only gate (tokenizer) and the verb against a real Neo4j.

The gate's cases are checked twice: against :func:`check_read_only` (no server), and,
for the Neo4j half, against the server's own classification of each statement
(``EXPLAIN`` -> ``query_type``), so the lists below cannot drift from what Neo4j really
does with them.
"""

from __future__ import annotations

import json
import os

import neo4j
import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from talentgraph.commands import cypher as cypher_command
from talentgraph.cypher_guard import WriteRefused, check_read_only, decode_unicode_escapes, tokenize
from talentgraph.errors import QueryError

from .conftest import load_fixture

# Statements that only read: the gate lets them through, Neo4j classifies them as reads
# ("r"; "s" for the DBMS procedure dbms.components).
READS = [
    "MATCH (p:Person) RETURN p.name AS name",
    "RETURN 'CREATE' AS s",
    'RETURN "DETACH DELETE n" AS s',
    "RETURN 'it\\'s a MERGE' AS s",
    "RETURN 1 AS `SET`, 2 AS `DELETE`",
    "RETURN 1 AS `a``CREATE`",
    "MATCH (n) // CREATE (m)\nRETURN count(n) AS n",
    "MATCH (n) /* SET n.x = 1 */ RETURN count(n) AS n",
    "MATCH (n:Person) WHERE n.set IS NULL RETURN n.delete AS d",
    "MATCH (n:SET) RETURN n",
    "MATCH ()-[r:CREATE]->() RETURN r",
    "RETURN $delete AS d",
    "RETURN {create: 1}.create AS c",
    "WITH 1 AS start RETURN start",
    "RETURN '\\\\u0027 CREATE' AS s",  # an escaped backslash: \u0027 is text, not a quote
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.schema.visualization()",
    "CALL db . propertyKeys()",
    "CALL `db`.`relationshipTypes`()",
    "CALL dbms.components() YIELD name RETURN name",
    "CALL () { MATCH (n) RETURN count(n) AS c } RETURN c",
    "MATCH (n) CALL (n) { RETURN n.name AS name } RETURN name",
    "SHOW TRANSACTIONS",
    "SHOW INDEXES YIELD name RETURN name",
    "RETURN 1 AS x;",
    "match (n) return count(n) as n",
]

# Statements that write: refused by the gate, and Neo4j classifies them as writes
# ("w", "rw" or "s" for schema); `word` is what the refusal names.
WRITES = [
    ("CREATE (n:Tmp)", "CREATE"),
    ("MATCH (n) MERGE (m:Tmp {id: 1})", "MERGE"),
    ("MATCH (n:Person) SET n.x = 1", "SET"),
    ("MATCH (n:Tmp) DELETE n", "DELETE"),
    ("MATCH (n:Tmp) DETACH DELETE n", "DETACH"),
    ("MATCH (n:Tmp) REMOVE n.x", "REMOVE"),
    ("MATCH (n:Tmp) REMOVE n:Tmp", "REMOVE"),
    ("INSERT (n:Tmp)", "INSERT"),
    ("FOREACH (x IN [1, 2] | CREATE (:Tmp {x: x}))", "FOREACH"),
    ("UNWIND [1] AS x CALL { CREATE (:Tmp) } IN TRANSACTIONS", "CREATE"),
    ("CALL db.createLabel('X')", "db.createLabel"),
    ("CALL db./* split */createLabel('X')", "db.createLabel"),
    ("CALL `db`.`createProperty`('x')", "db.createProperty"),
    ("cReAtE (n:Tmp)", "cReAtE"),
    ("MATCH (n) DETACH/**/DELETE n", "DETACH"),
    ("MATCH (n) /* RETURN n */ DELETE n", "DELETE"),
    ("MATCH (n) // comment\rCREATE (m:Tmp)", "CREATE"),  # \r ends a line comment in Neo4j
    ("MATCH (n) \\u0053ET n.x = 1", "SET"),  # Neo4j decodes \uXXXX before it parses
    ("MATCH (n) WHERE n.name = '\\u0027 SET n.x = 1 //'", "SET"),  # \u0027 closes the string
    ("MATCH (n) WHERE n.name = '\\\\\\u0027 SET n.x = 1 //'", "SET"),  # an odd backslash run
    # Undecoded, all of this after MATCH (n) looks like one comment; decoded, \u002a/ ends it.
    ("MATCH (n) /* \\u002a/ CREATE (m:Tmp) //*/", "CREATE"),
    ("MATCH (n) WITH n LIMIT 1 CALL (n) { SET n.x = 1 } RETURN 1", "SET"),
    ("USE neo4j CREATE (n:Tmp)", "CREATE"),
    ("CREATE INDEX tmp_x IF NOT EXISTS FOR (n:Tmp) ON (n.x)", "CREATE"),
    ("DROP INDEX tmp_x IF EXISTS", "DROP"),
    ("MATCH (n) WHERE n.x IS :: STRING SET n.y = 1", "SET"),
    ("MATCH (n)\u00a0SET n.x = 1", "SET"),  # no-break space is whitespace to Neo4j
]

# Refused on purpose though Neo4j would not write: the gate leans to refusing.
REFUSED_BY_POLICY = [
    ("LOAD CSV FROM 'file:///x.csv' AS row RETURN row", "LOAD"),  # makes the server fetch a file/URL
    ("CALL apoc.create.node(['X'], {})", "apoc.create.node"),  # not a known read-only procedure
    ("CALL my.unknown.procedure()", "my.unknown.procedure"),
    ("CALL db.clearQueryCaches()", "db.clearQueryCaches"),
    ("WITH 1 AS set RETURN set", "set"),  # a keyword as a variable: backticks fix it
    ("START DATABASE neo4j", "START DATABASE"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("GRANT ROLE reader TO alice", "GRANT"),
    ("ALTER USER alice SET PASSWORD 'abcdefgh'", "ALTER"),
]


@pytest.mark.parametrize("statement", READS)
def test_reads_pass_the_gate(statement):
    check_read_only(statement)


@pytest.mark.parametrize(("statement", "word"), WRITES + REFUSED_BY_POLICY)
def test_writes_are_refused_and_named(statement, word):
    with pytest.raises(WriteRefused) as refused:
        check_read_only(statement)
    message = str(refused.value)
    assert word in message
    assert "--write" in message


@pytest.mark.parametrize("statement", [
    "MATCH (n) RETURN n; CREATE (m)",
    "RETURN 1; RETURN 2",
    "RETURN 1 AS a; // two\nMATCH (n) RETURN n",
    "RETURN 1 AS a; ';'",
])
def test_more_than_one_statement_is_refused(statement):
    with pytest.raises(QueryError, match="one statement at a time"):
        check_read_only(statement)


@pytest.mark.parametrize(("statement", "what"), [
    ("RETURN 'abc AS s", "unterminated string"),
    ("RETURN 1 /* no end", "unterminated /\\* comment"),
    ("RETURN 1 AS `x", "unterminated `backticked name`"),
])
def test_unterminated_literals_are_errors(statement, what):
    with pytest.raises(QueryError, match=what):
        check_read_only(statement)


def test_the_refusal_gives_the_place_in_the_original_text():
    # "MATCH (n)\n" is line 1; on line 2 "  WITH n " is 9 characters: SET is at column 10.
    with pytest.raises(WriteRefused, match="SET at line 2, column 10"):
        check_read_only("MATCH (n)\n  WITH n SET n.x = 1")


def test_tokens_drop_comments_and_keep_literals_whole():
    tokens = tokenize("MATCH (n) /* a */ WHERE n.name = 'x // y' // z\nRETURN `a b`")
    assert [(t.kind, t.text) for t in tokens] == [
        ("word", "MATCH"), ("punct", "("), ("word", "n"), ("punct", ")"), ("word", "WHERE"),
        ("word", "n"), ("punct", "."), ("word", "name"), ("punct", "="), ("string", "x // y"),
        ("word", "RETURN"), ("name", "a b"),
    ]


def test_unicode_escapes_decode_like_java():
    # \u0041 is A; "\\u0041" is an escaped backslash then u0041; three backslashes: one escaped, then \u0041.
    assert decode_unicode_escapes("\\u0041")[0] == "A"
    assert decode_unicode_escapes("\\\\u0041")[0] == "\\\\u0041"
    assert decode_unicode_escapes("\\\\\\u0041")[0] == "\\\\A"


def test_params_are_json_when_they_parse():
    assert cypher_command.parse_params(["n=3", "f=1.5", "b=true", "l=[1, 2]", "m={\"a\": 1}", "s=\"7\"",
                                        "t=OpenAI", "d=2025-01-01", "e=", "x=NaN"]) == {
        "n": 3, "f": 1.5, "b": True, "l": [1, 2], "m": {"a": 1}, "s": "7",
        "t": "OpenAI", "d": "2025-01-01", "e": "", "x": "NaN",
    }


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def test_without_a_server_the_error_says_how_to_give_one():
    result = run("cypher", "RETURN 1", env={"NEO4J_URI": ""})
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: talentgraph cypher needs a Neo4j server: pass --neo4j URI or set NEO4J_URI "
        "(the in-process backend does not run Cypher)"
    )


def test_a_bad_param_is_a_usage_error():
    result = run("cypher", "RETURN $x", "-p", "x")
    assert result.exit_code == 2
    assert "'x' is not K=V" in result.stderr


# -- against a real Neo4j ---------------------------------------------------------------

@pytest.fixture
def server(neo4j_server):
    """The server holding merge_moves.csv + stints.csv (11 people, 16 orgs, 15 moves)."""
    neo4j_server.clear()
    neo4j_server.driver.execute_query("MATCH (n:Tmp) DETACH DELETE n")
    neo4j_server.load(load_fixture("merge_moves.csv", "stints.csv").graph)
    yield neo4j_server
    neo4j_server.driver.execute_query("MATCH (n:Tmp) DETACH DELETE n")


def _query_type(server, statement: str) -> str:
    with server.driver.session(default_access_mode=neo4j.WRITE_ACCESS) as session:
        return session.run("EXPLAIN " + statement).consume().query_type


@pytest.mark.neo4j
def test_neo4j_agrees_the_reads_are_reads_and_the_writes_write(server):
    for statement in READS:
        expected = ("r", "s") if "dbms." in statement else ("r",)
        assert _query_type(server, statement) in expected, statement
    for statement, _ in WRITES:
        assert _query_type(server, statement) in ("w", "rw", "s"), statement


def neo4j_run(*args):
    # --neo4j last: it takes an optional URI, so before CYPHER it would swallow it.
    return run(*args, "--neo4j", env={"NEO4J_URI": os.environ.get("NEO4J_URI", "bolt://localhost:7687")})


@pytest.mark.neo4j
def test_cypher_prints_rows_as_csv(server):
    result = neo4j_run("cypher", "MATCH (p:Person) RETURN p.name AS name ORDER BY name LIMIT 3", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == "name\nAda Lovelace\nBob Brown\nCleo Chen\n"


@pytest.mark.neo4j
def test_params_reach_the_server(server):
    # Moves into OpenAI in merge_moves.csv: Bob (2), Kim (derived from her stints), Hal,
    # Ivy, Cleo, Dan (2), Jon = 9.
    result = neo4j_run("cypher", "MATCH (m:Move)-[:TO]->(:Org {id: $org}) RETURN count(m) AS moves",
                       "-p", "org=openai", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"moves": 9}]
    result = neo4j_run("cypher", "MATCH (p:Person) WHERE p.id IN $ids RETURN count(p) AS n, $n + 1 AS m, $d AS d",
                       "-p", 'ids=["ada-lovelace", "bob-brown", "nobody"]', "-p", "n=2", "-p", "d=2025-01-01",
                       "-f", "json")
    assert json.loads(result.stdout) == [{"n": 2, "m": 3, "d": "2025-01-01"}]


@pytest.mark.neo4j
def test_nodes_come_out_as_maps(server):
    result = neo4j_run("cypher", "MATCH (o:Org {id: 'openai-zurich'}) RETURN o", "-f", "json")
    node = json.loads(result.stdout)[0]["o"]
    assert node["_labels"] == ["Org"]
    assert (node["id"], node["name"], node["kind"], node["country"]) == ("openai-zurich", "OpenAI Zurich", "unit", "CH")
    result = neo4j_run("cypher", "MATCH (o:Org {id: 'openai-zurich'}) RETURN o.name AS name, o", "-f", "csv")
    header, row = result.stdout.splitlines()
    assert header == "name,o"
    assert row.startswith('OpenAI Zurich,"{""_labels"": [""Org""]')


@pytest.mark.neo4j
def test_a_keyword_in_a_string_is_fine_and_a_write_is_refused(server):
    result = neo4j_run("cypher", "RETURN 'CREATE' AS s", "-f", "csv")
    assert (result.exit_code, result.stdout) == (0, "s\nCREATE\n")
    result = neo4j_run("cypher", "MATCH (n:Person) SET n.hacked = true")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: SET at line 1, column 18 sets properties or labels; add --write")
    assert len(result.stderr.strip().splitlines()) == 1
    records, _, _ = server.driver.execute_query("MATCH (n:Person) WHERE n.hacked IS NOT NULL RETURN count(n) AS c")
    assert records[0]["c"] == 0


@pytest.mark.neo4j
def test_write_flag_allows_writes_and_reports_counters(server):
    result = neo4j_run("cypher", "--write", "CREATE (:Tmp {x: 1}), (:Tmp {x: 2})")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "nodes created: 2" in result.stderr
    records, _, _ = server.driver.execute_query("MATCH (n:Tmp) RETURN count(n) AS c")
    assert records[0]["c"] == 2


@pytest.mark.neo4j
def test_the_server_refuses_writes_in_the_read_session_too(server, monkeypatch):
    # Defence in depth: with the tokenizer switched off, the READ-access session still
    # stops the write (Neo4j 5.26 enforces the access mode on a single instance).
    monkeypatch.setattr(cypher_command, "check_read_only", lambda statement: None)
    with pytest.raises(QueryError, match="read-only session"):
        cypher_command.run_cypher(server, "CREATE (:Tmp {x: 1})")
    records, _, _ = server.driver.execute_query("MATCH (n:Tmp) RETURN count(n) AS c")
    assert records[0]["c"] == 0


@pytest.mark.neo4j
def test_a_syntax_error_is_one_line(server):
    result = neo4j_run("cypher", "MATCH (n RETURN n")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: Cypher syntax error: Invalid input 'RETURN'")
    assert "(line 1, column 10 (offset: 9))" in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.neo4j
def test_read_only_procedures_run(server):
    result = neo4j_run("cypher", "CALL db.labels() YIELD label RETURN label ORDER BY label", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == "label\nMove\nOrg\nPerson\nSource\n"


@pytest.mark.neo4j
def test_a_missing_label_warns_on_stderr_in_one_line(server):
    result = neo4j_run("cypher", "MATCH (n:Persn) RETURN count(n) AS c", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout == "c\n0\n"
    # The server's own wording follows: 5.26 ends "does not exist.", 2026.x adds "in database
    # `neo4j`. Verify that the spelling is correct." Ours is the one-line "warning: " form.
    warning = result.stderr.strip()
    assert warning.startswith("warning: label does not exist. The label `Persn` does not exist")
    assert "\n" not in warning
