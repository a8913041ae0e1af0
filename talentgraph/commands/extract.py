"""`talentgraph extract`: candidate moves from news articles, as a moves CSV to review."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from talentgraph.errors import InputError
from talentgraph.graph.registry import OrgRegistry
from talentgraph.output import write_frame

__all__ = ["command"]


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


@click.command("extract")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the CSV to this file instead of stdout (nothing is written when no move is found).")
@click.option("--date", "date", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date of the articles that carry none (a date in a page's metadata "
                   "or a text's Date: header wins).")
@click.option("--orgs", type=click.Path(dir_okay=False, path_type=Path),
              help="Org registry (YAML). Default: orgs.yaml of the data folder.")
@click.option("--explain", is_flag=True,
              help="Also list on stderr the sentences a rule read as a move but left out, and why "
                   "(negation, refusal, rumour, denial).")
@click.pass_context
def command(ctx: click.Context, articles: tuple[Path, ...], out: Path | None, date: dt.date | None,
            orgs: Path | None, explain: bool) -> None:
    """Find candidate moves in news ARTICLES (English, French), for review.

    ARTICLES are plain text (.txt), saved pages (.html, .htm: the main text is pulled out
    of the page), or lists of saved pages (.urls, .list: one `URL<TAB>path` or `path` a
    line; the URL becomes the source_url). A text file may start with `Title:`, `Source:`,
    `Date:` and `URL:` lines and an empty line.

    A candidate needs a named person, a named destination org and a move verb linking
    them in one sentence ("joined", "left X for Y", "poached from", "a rejoint",
    "a quitté X pour Y", "débauché par" ...). Money, deals, products, rumours, refusals
    and denials give none. Each row is a move of the moves format (status `candidate`)
    with the sentence as `quote`: review it, then load the file as it is.

    \b
    Examples:
      talentgraph extract story.txt --date 2025-06-30
      talentgraph extract saved/*.html --out candidates.csv
      talentgraph extract pages.urls --out candidates.csv   # URL<TAB>saved-page.html
      talentgraph load candidates.csv --strict              # after review
    """
    registry = OrgRegistry.from_yaml(orgs or ctx.obj["data"] / "orgs.yaml")
    # Imported here: the rules compile ~100 ms of patterns every other verb need not pay for.
    from talentgraph.extract import candidates_frame, extract_articles

    results = extract_articles(list(articles), registry, date=date)
    candidates = [c for r in results for c in r.candidates]
    for r in results:
        if r.undated:
            click.echo(f"{r.article.path}: {r.undated} move(s) left out: the article has no date; "
                       "give --date YYYY-MM-DD", err=True)
        if explain:
            for sentence, reason in r.rejected:
                click.echo(f"{r.article.path}: left out ({reason}): {sentence}", err=True)
    if not candidates:
        click.echo(f"no candidate move found in {len(results)} article(s); nothing written", err=True)
        return
    frame = candidates_frame(candidates)
    if out is None:
        write_frame(frame, "csv", out=sys.stdout)
        return
    try:
        with out.open("w", encoding="utf-8", newline="") as fh:
            write_frame(frame, "csv", out=fh)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", str(out)) from None
    click.echo(f"{len(candidates)} candidate move(s) from {len(results)} article(s) written to {out}", err=True)
