"""``talentgraph cypher``: run an analyst's Cypher against Neo4j, read-only unless ``--write``.

The read-only rule has two layers. :func:`talentgraph.cypher_guard.check_read_only`
refuses write clauses, unknown procedures and ``IN TRANSACTIONS`` before anything is
sent: that is the gate. The statement then runs in a READ-access session
(``execute_read``), where a cluster serves it from a reader and Neo4j 5.26 refuses
writes even on a single instance; other servers may not enforce the access mode on a
single instance, which is why the tokenizer comes first.
"""

from __future__ import annotations

import base64
import json
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import click
import pandas as pd

from talentgraph.commands.options import neo4j_option
from talentgraph.cypher_guard import check_read_only
from talentgraph.errors import BackendUnavailable, QueryError
from talentgraph.output import FORMATS, write_frame

__all__ = ["CypherResult", "command", "parse_params", "plain", "run_cypher"]


@dataclass
class CypherResult:
    """What a statement returned: the rows as a DataFrame, write counters and server warnings."""

    frame: pd.DataFrame
    counters: dict[str, int]
    warnings: list[str]


def parse_params(items: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """``K=V`` pairs as Cypher parameters: V read as JSON when it parses, else kept as text.

    >>> parse_params(["n=3", "names=[\\"Ada\\"]", "org=OpenAI", "since=2025-01-01", "s=\\"42\\""])
    {'n': 3, 'names': ['Ada'], 'org': 'OpenAI', 'since': '2025-01-01', 's': '42'}
    """
    params: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not K=V", param_hint="--param")
        try:
            # NaN and Infinity are not JSON numbers a user means: keep them as text.
            params[key] = json.loads(value, parse_constant=_no_constant)
        except ValueError:
            params[key] = value
    return params


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def plain(value: Any) -> Any:
    """A driver value as plain Python for tables and JSON.

    Nodes become ``{"_labels": [...], **properties}``, relationships
    ``{"_type": ..., **properties}``, paths the list of their nodes and relationships,
    temporal values ISO text, points ``{"srid", "x", "y"[, "z"]}``, bytes base64 text.
    """
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        items: list[Any] = [plain(value.start_node)]
        for rel in value.relationships:
            items += [plain(rel), plain(rel.end_node)]
        return items
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return value.iso_format()
    if hasattr(value, "srid"):  # neo4j.spatial points
        return {"srid": value.srid, **dict(zip(("x", "y", "z"), value))}
    return str(value)


@contextmanager
def _quiet_driver_notifications() -> Iterator[None]:
    # The driver logs every server notification as a multi-line WARNING; we print them as
    # one line each instead.
    log = logging.getLogger("neo4j.notifications")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def run_cypher(backend: Any, cypher: str, params: dict[str, Any] | None = None, write: bool = False) -> CypherResult:
    """Run one statement on a :class:`~talentgraph.graph.neo4j_backend.Neo4jBackend`.

    Without ``write`` the statement must pass :func:`check_read_only` and runs in a
    READ-access managed transaction; with it, it runs as an auto-commit transaction in a
    WRITE session (so ``CALL { ... } IN TRANSACTIONS`` works).
    """
    import neo4j
    from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable

    if not cypher.strip():
        raise QueryError("no Cypher given")
    if not write:
        check_read_only(cypher)
    params = params or {}

    def collect(result: Any) -> tuple[list[str], list[list[Any]], Any]:
        keys = list(result.keys())
        rows = [[plain(v) for v in record.values()] for record in result]
        return keys, rows, result.consume()

    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    try:
        with _quiet_driver_notifications(), backend.driver.session(
            database=backend.database, default_access_mode=mode
        ) as session:
            if write:
                keys, rows, summary = collect(session.run(cypher, params))
            else:
                keys, rows, summary = session.execute_read(lambda tx: collect(tx.run(cypher, params)))
    except Neo4jError as exc:
        message = (exc.message or str(exc)).strip().splitlines()[0]
        if exc.code == "Neo.ClientError.Statement.AccessMode":
            raise QueryError(f"Neo4j refused to write in a read-only session ({message}); "
                             "add --write to allow writes") from None
        if exc.code == "Neo.ClientError.Statement.SyntaxError":
            raise QueryError(f"Cypher syntax error: {message}") from None
        raise QueryError(f"Neo4j refused the query: {message}") from None
    except ServiceUnavailable as exc:
        raise BackendUnavailable(f"lost the connection to Neo4j at {backend.uri}: {exc}") from None
    except DriverError as exc:  # e.g. a parameter value the driver cannot send
        raise QueryError(f"the Neo4j driver refused the query: {exc}") from None
    frame = pd.DataFrame(rows, columns=keys) if keys else pd.DataFrame()
    if len(frame):
        frame = frame.infer_objects()
    counters = {k: v for k, v in vars(summary.counters).items() if isinstance(v, int) and not isinstance(v, bool)
                and v and not k.startswith("_")}
    warnings = [
        _warning_text(status.status_description)
        for status in summary.gql_status_objects
        if status.is_notification and str(status.severity).endswith("WARNING")
    ]
    return CypherResult(frame, counters, warnings)


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    # Maps, lists, nodes: compact JSON text in a table, CSV or Markdown cell.
    def cell(value: Any) -> Any:
        return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list)) else value

    return frame.map(cell) if len(frame) else frame


@click.command("cypher")
@click.argument("statement", metavar="CYPHER")
@click.option("--param", "-p", "params", multiple=True, metavar="K=V",
              help="A parameter $K; V is read as JSON when it parses (3, true, [\"a\"]), else as text. Repeatable.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people; csv, json or md for pipes and files.")
@click.option("--write", is_flag=True,
              help="Allow statements that change the database (CREATE, MERGE, SET, DELETE, procedures ...).")
@neo4j_option
def command(statement: str, params: tuple[str, ...], fmt: str, write: bool, neo4j_uri: str | None) -> None:
    """Run your own Cypher on the Neo4j server; read-only unless --write.

    Needs a server: --neo4j URI or NEO4J_URI (user and password from NEO4J_USER and
    NEO4J_PASSWORD). Statements that could write (CREATE, MERGE, SET, REMOVE, DELETE,
    FOREACH, LOAD CSV, IN TRANSACTIONS, schema and admin commands, procedures not known
    to be read-only) are refused before they are sent, and the rest runs in a read
    transaction. Keywords inside strings, comments or `backticked names` do not count.
    Nodes and maps print as JSON.

    \b
    Examples (NEO4J_URI and NEO4J_PASSWORD set; or add --neo4j URI after the CYPHER):
      talentgraph cypher 'MATCH (p:Person)-[:MADE]->(m:Move) RETURN p.name AS name, count(m) AS moves
                          ORDER BY moves DESC LIMIT 10'
      talentgraph cypher 'MATCH (:Org {id: $org})<-[:TO]-(m:Move) RETURN m.date AS date' -p org=openai -f csv
      talentgraph cypher 'MATCH (p:Person) WHERE p.id IN $ids RETURN p' -p 'ids=["ada-lovelace"]' -f json
      talentgraph cypher 'CALL db.schema.visualization()' --neo4j bolt://localhost:7687
      talentgraph cypher --write 'MATCH (m:Move {id: $id}) SET m.status = "confirmed"' -p id=m-0123
    """
    from talentgraph.commands.options import neo4j_uri_from
    from talentgraph.graph.neo4j_backend import Neo4jBackend

    values = parse_params(params)  # usage errors first, before any connection
    uri = neo4j_uri_from(neo4j_uri)
    if not uri:
        raise BackendUnavailable("talentgraph cypher needs a Neo4j server: pass --neo4j URI or set NEO4J_URI "
                                 "(the in-process backend does not run Cypher)")
    with Neo4jBackend(uri=uri) as backend:
        result = run_cypher(backend, statement, values, write=write)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.counters:
        click.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.counters.items()), err=True)
    if not len(result.frame.columns):
        return
    frame = result.frame if fmt == "json" else _text_cells(result.frame)
    write_frame(frame, fmt)


def _warning_text(description: object) -> str:
    # "warn: label does not exist. The label ..." -> one line without the "warn:" prefix.
    text = " ".join(str(description).split())
    return text[len("warn: "):] if text.startswith("warn: ") else text
