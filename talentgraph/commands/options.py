"""Option bundles and helpers shared by the CLI verbs (SPEC §7).

Every verb that can use Neo4j takes ``--neo4j [URI]`` (:func:`neo4j_option`); verbs that
run catalog queries take the :func:`query_options` bundle.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import click

from talentgraph.api import TalentGraph
from talentgraph.api import open as open_graph_api
from talentgraph.output import FORMATS

__all__ = [
    "check_uri", "collect_params", "neo4j_option", "neo4j_uri_from", "open_graph", "period_options", "query_options",
]


def check_uri(uri: str) -> str:
    """Refuse a URI that carries a password: it would show in the process list."""
    parts = urlsplit(uri)
    if parts.password:
        raise click.BadParameter(
            "never put the password in the URI (it shows in the process list); set NEO4J_PASSWORD",
            param_hint="--neo4j",
        )
    return uri


def neo4j_option(func: Callable) -> Callable:
    """``--neo4j [URI]``: use Neo4j (URI, else $NEO4J_URI, else bolt://localhost:7687)."""
    return click.option(
        "--neo4j", "neo4j_uri", is_flag=False, flag_value="", default=None, metavar="[URI]",
        help="Use Neo4j instead of the in-process backend. URI or $NEO4J_URI; "
             "credentials from $NEO4J_USER/$NEO4J_PASSWORD, never from a flag.",
    )(func)


def neo4j_uri_from(value: str | None) -> str | None:
    """The URI chosen by --neo4j, or by NEO4J_URI in the environment, else None (in-process)."""
    if value is None:
        return os.environ.get("NEO4J_URI") or None
    return check_uri(value or os.environ.get("NEO4J_URI") or "bolt://localhost:7687")


def open_graph(ctx: click.Context, neo4j_uri: str | None) -> TalentGraph:
    """The graph a verb works on: Neo4j when chosen, else the data folder, in-process."""
    uri = neo4j_uri_from(neo4j_uri)
    return open_graph_api(data=ctx.obj["data"], neo4j=uri, show_progress=True)


def period_options(func: Callable) -> Callable:
    """The common query parameters as options: --since/--until/--level/--include-status."""
    options = [
        click.option("--since", help="First move date counted: YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--until", help="Last move date counted (inclusive)."),
        click.option("--level", type=click.Choice(["org", "unit"]), help="org (default) or unit."),
        click.option("--include-status", help="Also count these statuses, e.g. candidate,denied."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def query_options(func: Callable) -> Callable:
    """The bundle of `query`: the period options, --param and --format."""
    options = [
        period_options,
        click.option("--param", "-p", "params", multiple=True, metavar="K=V",
                     help="A query parameter, e.g. -p min_moves=2 (repeatable)."),
        click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                     help="table for people; csv, json or md for pipes and files."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def collect_params(params: tuple[str, ...], **named: Any) -> dict[str, Any]:
    """``--param k=v`` items and the named options that were given, as one dict."""
    out: dict[str, Any] = {k: v for k, v in named.items() if v is not None}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not K=V", param_hint="--param")
        out[key.strip()] = value
    return out
