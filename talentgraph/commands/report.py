"""``talentgraph report``: the flow report for a period and level (terminal, Markdown or HTML)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from talentgraph.api import TalentGraph
from talentgraph.commands.options import neo4j_option, open_graph
from talentgraph.graph.memory import MemoryBackend

__all__ = ["PROGRESS_MIN_MOVES", "command"]

_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
# Below this many moves every step of an in-process report takes well under a second: a
# spinner would only flicker.
PROGRESS_MIN_MOVES = 100_000


@click.command("report")
@click.option("--since", help="First move date counted: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--until", help="Last move date counted (inclusive; 2025 means through 31 December).")
@click.option("--level", type=click.Choice(["org", "unit"]), default="org", show_default=True,
              help="org: units roll up to their top-level org; unit: orgs as named. "
                   "The HTML report holds both and lets you switch.")
@click.option("--include-status", help="Also count these statuses, e.g. candidate,denied.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to a file: NAME.html (interactive, self-contained) or NAME.md. "
                   "Without it, the report goes to the terminal (plain text when piped).")
@click.option("--top", type=click.IntRange(min=1), metavar="N",
              help="Rows per section (default: 10 in the terminal and Markdown, 50 in HTML).")
@click.option("--max-moves", type=click.IntRange(min=1), default=200, show_default=True, metavar="N",
              help="Moves kept behind each number (the HTML lists them; the text names the first few).")
@neo4j_option
@click.pass_context
def command(ctx: click.Context, since: str | None, until: str | None, level: str, include_status: str | None,
            out: Path | None, top: int | None, max_moves: int, neo4j_uri: str | None) -> None:
    """The flow report: who moved where, who gains, raids, lift-outs, retention, pay.

    Headline numbers, the largest flows, net gainers and losers, the strongest
    asymmetries, poaching bursts and lift-outs, retention by lab, boomerangs, where the
    alumni of the top exporters went, and reported compensation; each row names the
    moves behind it. The HTML report is one file that works offline: a Sankey diagram,
    a network of labs, a monthly timeline, sortable tables, filters, and a click on any
    number lists its moves with links to their sources.

    \b
    Examples:
      talentgraph report --since 2025-01-01                 # in the terminal
      talentgraph report --since 2025 --until 2025 --out flows-2025.md
      talentgraph report --out report.html                  # open it in a browser
      talentgraph report --level unit --top 20 | less       # plain text in a pipe
    """
    from talentgraph.loaders.progress import progress_steps
    from talentgraph.report.build import build_report, build_reports

    fmt = None
    if out is not None:
        fmt = _SUFFIXES.get(out.suffix.lower())
        if fmt is None:
            raise click.BadParameter(f"{out.name}: the file name must end in .html or .md", param_hint="--out")
    with open_graph(ctx, neo4j_uri) as tg, progress_steps(_takes_seconds(tg)) as step:
        if fmt == "html":
            # Both levels, so the page can switch between them; the chosen one opens first.
            levels = (level, "unit" if level == "org" else "org")
            reports = build_reports(tg, since, until, levels, top or 50, max_moves, include_status, progress=step)
        else:
            reports = [build_report(tg, since, until, level, top or 10, max_moves, include_status, progress=step)]
        report = reports[0]
        if fmt == "md":
            from talentgraph.report.text import render_markdown

            step(f"writing {out.name}")
            text = render_markdown(report)
        elif fmt == "html":
            from talentgraph.report.html import render_html

            text = render_html(reports, progress=step)
            step(f"writing {out.name}")
        if fmt is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
    if fmt is None:
        from talentgraph.report.text import render_plain, write_terminal

        if sys.stdout.isatty():
            write_terminal(report)
        else:
            click.echo(render_plain(report), nl=False)
        return
    h = report.headline
    click.echo(f"wrote {out} ({_size(len(text.encode('utf-8')))}): {h['moves']:,} moves, {h['people']:,} people, "
               f"{h['orgs']:,} orgs; {report.period}, {level} level")


def _takes_seconds(tg: TalentGraph) -> bool:
    """Whether the report's steps take seconds, so that a spinner naming each is worth showing:
    from :data:`PROGRESS_MIN_MOVES` moves up in-process, always over the network."""
    if isinstance(tg.backend, MemoryBackend):
        return len(tg.backend.data.moves) >= PROGRESS_MIN_MOVES
    return True


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"
