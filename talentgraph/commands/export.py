"""``talentgraph export``: the whole graph as files for Gephi, Datasette, spreadsheets or neo4j-admin."""

from __future__ import annotations

from pathlib import Path

import click

from talentgraph.commands.options import neo4j_option, open_graph
from talentgraph.export import EXPORT_FORMATS, export_graph

__all__ = ["command"]


@click.command("export")
@click.option("--to", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="graphml or gexf (Gephi), sqlite (Datasette), csv (one file per table), "
                   "neo4j-admin (bulk-import CSVs and the command).")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@neo4j_option
@click.pass_context
def command(ctx: click.Context, fmt: str, directory: Path, neo4j_uri: str | None) -> None:
    """Write every person, org, move, source, report and stint into DIR.

    DIR is created if needed; files of the same names in it are replaced. Works on the
    in-process data (--data) or, with --neo4j, on what the server holds; both give the
    same files.

    \b
      graphml      DIR/talentgraph.graphml   nodes Person/Org/Move/Source, edges with a type
      gexf         DIR/talentgraph.gexf      the same graph in Gephi's format
      sqlite       DIR/talentgraph.db        tables with keys, view moves_view
      csv          DIR/<table>.csv           persons, orgs, moves, sources, reports, stints
      neo4j-admin  DIR/nodes_*.csv, rels_*.csv, import.sh, constraints.cypher, README.txt

    \b
    Examples:
      talentgraph export --to gexf out/             # open out/talentgraph.gexf in Gephi
      talentgraph export --to sqlite out/ && datasette out/talentgraph.db
      talentgraph export --to csv out/ --neo4j      # what the Neo4j server holds
      talentgraph export --to neo4j-admin bulk/ && sh bulk/import.sh
    """
    with open_graph(ctx, neo4j_uri) as tg:
        graph = tg.backend.graph()
    written = export_graph(graph, fmt, directory)
    width = max(len(str(w.path)) for w in written)
    for w in written:
        click.echo(f"{str(w.path).ljust(width)}  {w.holds}")
