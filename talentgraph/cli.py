"""The command line: one verb per job, each a thin shell over the Python API.

Library errors (:class:`talentgraph.errors.TalentGraphError`) become one line on
stderr and exit code 1; usage errors exit 2 (click); ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from talentgraph.api import resolve_data_dir
from talentgraph.commands import register as register_verbs
from talentgraph.commands.options import collect_params, neo4j_option, neo4j_uri_from, open_graph, query_options
from talentgraph.errors import TalentGraphError
from talentgraph.loaders import data_files, load_files, write_rejects
from talentgraph.output import printable, write_frame
from talentgraph.queries.catalog import QUERY_NAMES, catalog, get_query

__all__ = ["cli", "main"]


# The neo4j driver logs connection trouble and server notices as warnings; with no handler
# configured, Python prints those on stderr (its "last resort"), around the one-line error.
# A NullHandler on the driver's logger silences that unless --debug; an application that
# configures logging still receives the records through propagation.
_QUIET_DRIVER = logging.NullHandler()


def _stderr(message: str) -> None:
    click.echo(printable(message), err=True)


class _Group(click.Group):
    """Turns library errors into one line on stderr and exit code 1 (tracebacks with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TalentGraphError as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            # Messages quote file contents (header cells, names): escape sequences in them
            # must print as text, and a line break must not split the one-line error.
            raise click.ClickException(printable(str(exc))) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), envvar="TALENTGRAPH_DATA",
              help="Data folder: orgs.yaml + moves*.csv|tsv|jsonl + stints*.csv "
                   "(default: $TALENTGRAPH_DATA, else the bundled data/).")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.version_option(package_name="talentgraph")
@click.pass_context
def cli(ctx: click.Context, data: Path | None, debug: bool) -> None:
    """talentgraph: who moved between AI labs, as a graph you can query.

    \b
    Quick start (bundled data, no server needed):
      talentgraph load                       # check the data, print the load summary
      talentgraph queries                    # the catalog of questions
      talentgraph query flows --since 2025-01-01
      talentgraph query flows -f csv > flows.csv

    Add --neo4j (with NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD set) to use a Neo4j server.
    """
    ctx.ensure_object(dict)
    ctx.obj["data"] = resolve_data_dir(data)
    ctx.obj["debug"] = debug
    driver_log = logging.getLogger("neo4j")
    if debug:
        driver_log.removeHandler(_QUIET_DRIVER)
    elif _QUIET_DRIVER not in driver_log.handlers:
        driver_log.addHandler(_QUIET_DRIVER)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--orgs", type=click.Path(dir_okay=False, path_type=Path),
              help="Org registry (YAML). Default: orgs.yaml of the data folder.")
@neo4j_option
@click.option("--strict", is_flag=True, help="Load nothing if any row is rejected.")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), default=Path("rejects.csv"),
              show_default=True, help="Where rejected rows are written (only when there are some).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, metavar="N",
              help="Rows per Neo4j transaction (default 10,000). Smaller for a server with little memory.")
@click.pass_context
def load(ctx: click.Context, files: tuple[Path, ...], orgs: Path | None, neo4j_uri: str | None,
         strict: bool, rejects: Path, batch_size: int | None) -> None:
    """Check moves and stints files, and write them to Neo4j with --neo4j.

    Without FILES, loads every moves*/stints* file of the data folder. Files named
    stints*.csv are employment histories; the others are moves (CSV, TSV or JSONL).
    Without --neo4j nothing is stored: the files are checked and the summary printed.

    \b
    Examples:
      talentgraph load --strict                          # check the bundled data
      talentgraph load my_moves.csv --rejects bad.csv    # check your own file
      NEO4J_PASSWORD=... talentgraph load --neo4j bolt://localhost:7687
    """
    uri = neo4j_uri_from(neo4j_uri) if neo4j_uri is not None else None
    backend = None
    if uri:
        from talentgraph.graph.neo4j_backend import Neo4jBackend

        sized = {"batch_size": batch_size} if batch_size else {}
        backend = ctx.with_resource(Neo4jBackend(uri=uri, **sized))  # fail fast, before reading files
    data_dir = ctx.obj["data"]
    if not files:
        registry_path, found = data_files(data_dir)
        files = tuple(found)
    else:
        registry_path = data_dir / "orgs.yaml"
    # The registry's file, not the registry: a large one is read while the moves are.
    result = load_files(list(files), orgs or registry_path, strict=strict, show_progress=True)
    for line in result.summary.lines():
        click.echo(line)
    if result.rejects:
        write_rejects(result.rejects, rejects)
        for reject in result.rejects[:10]:
            _stderr(f"rejected {reject}")
        if len(result.rejects) > 10:
            _stderr(f"... and {len(result.rejects) - 10} more")
        _stderr(f"rejected rows written to {rejects}")
    if backend is not None:
        written = _load_with_progress(backend, result.graph)
        click.echo(f"written to Neo4j at {uri}: " + ", ".join(f"{k} {v:,}" for k, v in written.items()))


def _load_with_progress(backend: Any, graph: Any) -> dict[str, int]:
    from rich.console import Console
    from rich.progress import Progress

    total = len(graph.moves) + len(graph.orgs) + len(graph.persons) + len(graph.sources)
    console = Console(stderr=True)
    if total < 20_000 or not console.is_terminal:
        return backend.load(graph)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("writing to Neo4j", total=None)
        return backend.load(graph, progress=lambda kind, n: bar.update(task, advance=n, description=f"writing {kind}"))


@cli.command("queries")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_queries(fmt: str) -> None:
    """List the catalog: each query's question, parameters and output columns."""
    entries = [
        {
            "name": q.name,
            "question": q.question,
            "params": [{"name": p.name, "default": p.default if not isinstance(p.default, tuple) else list(p.default),
                        "help": p.help} for p in q.params],
            "columns": list(q.columns),
        }
        for q in catalog()
    ]
    if fmt == "json":
        click.echo(json.dumps(entries, indent=2, default=str))
        return
    for e in entries:
        click.secho(e["name"], bold=True, nl=False)
        click.echo(f" - {e['question']}")
        click.echo(f"    columns: {', '.join(e['columns'])}")
        own = [p for p in e["params"] if p["name"] not in ("since", "until", "level", "include_status")]
        for p in own:
            click.echo(f"    -p {p['name']}=...  {p['help']} (default: {p['default']})")
    click.echo("\nEvery query also takes --since, --until, --level org|unit and --include-status.")


@cli.command()
@click.argument("name", type=click.Choice(QUERY_NAMES), metavar="NAME")
@query_options
@neo4j_option
@click.option("--show-cypher", is_flag=True, help="Print the Cypher and its parameters (for Neo4j Browser) and stop.")
@click.pass_context
def query(ctx: click.Context, name: str, since: str | None, until: str | None, level: str | None,
          include_status: str | None, params: tuple[str, ...], fmt: str, neo4j_uri: str | None,
          show_cypher: bool) -> None:
    """Run the catalog query NAME (see `talentgraph queries`).

    \b
    Examples:
      talentgraph query flows --since 2025-01-01 --until 2025-12-31
      talentgraph query asymmetry -p min_total=2 --format md
      talentgraph query timeline -p org=OpenAI -p freq=quarter
      talentgraph query flows --show-cypher     # paste into Neo4j Browser
    """
    given = collect_params(params, since=since, until=until, level=level, include_status=include_status)
    q = get_query(name)
    if show_cypher:
        checked = q.check_params(given)
        if q.prepare_fn is not None:
            # Names typed by the user become the ids the Cypher expects ($org, $name).
            with open_graph(ctx, neo4j_uri) as tg:
                checked = q.prepare(tg.backend.names, checked)
        cypher_params = q.cypher_params(checked)
        click.echo(":params " + _cypher_map(cypher_params))
        click.echo(q.cypher)
        return
    with open_graph(ctx, neo4j_uri) as tg:
        frame = tg.query(name, **given)
    write_frame(frame, fmt, title=q.title if fmt == "table" else None)


def _cypher_map(params: dict[str, Any]) -> str:
    """Parameters as a Cypher map literal, the form Neo4j Browser's :params takes."""
    def literal(value: Any) -> str:
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(literal(v) for v in value) + "]"
        return json.dumps(str(value))

    return "{" + ", ".join(f"{k}: {literal(v)}" for k, v in params.items()) + "}"


register_verbs(cli)


def main() -> None:
    """Console entry point."""
    try:
        cli(prog_name="talentgraph")
    except BrokenPipeError:
        # `talentgraph query ... | head` closes the pipe early: not an error.
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
