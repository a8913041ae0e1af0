"""The flow report as text: a terminal (rich), plain text for pipes, and Markdown.

All three lay out the same :class:`~talentgraph.report.build.Report`: the same sections,
rows and numbers, each row followed by the people and dates of the moves behind it (the
first :data:`SHOWN` of them, then "and N more"). Nothing here counts anything.

Data is text, never markup: control characters are shown escaped (a name cannot move
the cursor or colour the terminal), rich markup is escaped, and Markdown punctuation is
backslash-escaped so a name like ``<img src=x>`` or ``[x](javascript:...)`` stays text.
"""

from __future__ import annotations

import math
import re
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from talentgraph.report.build import Evidence, Item, Report, Section

__all__ = ["SHOWN", "cell_text", "item_moves", "moves_text", "render_markdown", "render_plain", "write_terminal"]

SHOWN = 8  # moves named per row in the text report; the HTML report lists them all


# -- shared by the three layouts ------------------------------------------------------------
def cell_text(value: Any, kind: str) -> str:
    """One cell as text, by column kind (see :class:`~talentgraph.report.build.Column`)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if kind in ("count", "people", "int", "days"):
        number = round(float(value))
        return f"{number:,}" if abs(number) >= 10_000 else str(number)
    if kind == "ratio":
        return "inf" if math.isinf(value) else f"{value:.2f}".rstrip("0").rstrip(".")
    if kind == "share":
        return f"{value:.1%}"
    if kind == "usd":
        return f"${value:,.0f}"
    return _printable(str(value))


def moves_parts(report: Report, evidence: Evidence, shown: int = SHOWN) -> list[str]:
    """``["Ada Lovelace (2025-06)", "Bob Brown (2025-07-15)", "and 3 more"]``: who moved, and when."""
    parts = [f"{_printable(report.moves[i].person)} ({report.moves[i].when})" for i in evidence.moves[:shown]]
    rest = evidence.total - len(parts)
    if rest > 0:
        parts.append(f"and {rest:,} more" if parts else f"{rest:,} moves")
    return parts


def item_moves(report: Report, section: Section, item: Item, shown: int = SHOWN) -> list[str]:
    """The moves naming a row, as parts; with several counted columns each group is labelled
    (``in: ...``, ``out: ...``) and an empty group is left out."""
    labels = {c.key: c.label for c in section.columns}
    parts: list[str] = []
    for key in item.main:
        group = moves_parts(report, item.evidence[key], shown)
        if len(item.main) > 1 and group:
            group[0] = f"{labels[key]}: {group[0]}"
            group[-1] += ";"
        parts += group
    if parts and parts[-1].endswith(";"):
        parts[-1] = parts[-1][:-1]
    return parts


def moves_text(report: Report, section: Section, item: Item, shown: int = SHOWN) -> str:
    """The moves naming a row on one line: ``in: Ada Lovelace (2025-06), ...; out: ...``."""
    return _join(item_moves(report, section, item, shown))


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text += ("" if not text else " " if part.startswith("and ") or text.endswith(";") else ", ") + part
    return text


def _headline(report: Report) -> str:
    h = report.headline
    known = f"{h['flows']:,} with a known origin"
    unknown = f", {h['unknown_origin']:,} from an unknown one" if h["unknown_origin"] else ""
    people = _plural(h["people"], "person", "people")
    return (f"{h['moves']:,} {_plural(h['moves'], 'move')} by {h['people']:,} {people} "
            f"between {h['orgs']:,} {_plural(h['orgs'], 'org')} ({known}{unknown}).")


def _scope(report: Report) -> str:
    return f"{report.period}, {report.level} level; counted statuses: {', '.join(report.statuses)}"


def _count_line(section: Section) -> str:
    if not section.items:
        return "none"
    shown = len(section.items)
    return f"top {shown} of {section.total_items}" if section.total_items > shown else f"all {shown}"


def _row(section: Section, item: Item) -> list[str]:
    return [cell_text(item.cells.get(c.key), c.kind) for c in section.columns]


def _numeric(kind: str) -> bool:
    return kind in ("count", "people", "int", "days", "ratio", "share", "usd")


def _plural(n: int, one: str, many: str | None = None) -> str:
    return one if n == 1 else (many or one + "s")


def _printable(text: str) -> str:
    # Terminal escape sequences in data print as text, never act on the terminal.
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


# -- terminal --------------------------------------------------------------------------------
def write_terminal(report: Report, out: TextIO | None = None) -> None:
    """The report as rich tables, for a person at a terminal."""
    console = Console(file=out, highlight=False)
    console.print(f"[bold]Talent flow report[/bold]  {escape(_scope(report))}")
    console.print(escape(_headline(report)))
    for section in report.sections:
        console.print()
        table = Table(title=f"[bold]{escape(section.title)}[/bold] ({escape(_count_line(section))})\n"
                            f"[dim]{escape(section.blurb)}[/dim]",
                      title_justify="left", title_style="none", box=box.SIMPLE_HEAD)
        if not section.items:
            console.print(f"[bold]{escape(section.title)}[/bold]")
            console.print(f"  {escape(section.empty)}", style="dim")
            continue
        for column in section.columns:
            table.add_column(escape(column.label), justify="right" if _numeric(column.kind) else "left",
                             no_wrap=True)
        table.add_column("the moves behind it", overflow="fold")
        for item in section.items:
            table.add_row(*(escape(v) for v in _row(section, item)),
                          escape(moves_text(report, section, item)))
        console.print(table)


# -- plain text ------------------------------------------------------------------------------
def render_plain(report: Report) -> str:
    """The report as plain text (no colour, no box drawing): what a pipe or a file gets."""
    lines = [f"Talent flow report: {_scope(report)}", _headline(report)]
    for section in report.sections:
        lines += ["", f"{section.title} ({_count_line(section)})"]
        if not section.items:
            lines.append("  " + section.empty)
            continue
        lines.append(section.blurb)
        rows = [_row(section, item) for item in section.items]
        headers = [c.label for c in section.columns]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
        right = [_numeric(c.kind) for c in section.columns]

        def line(cells: list[str], widths: list[int] = widths, right: list[bool] = right) -> str:
            return "  " + "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()

        lines.append(line(headers))
        for item, row in zip(section.items, rows):
            lines.append(line(row))
            lines += _wrap(item_moves(report, section, item), "      ", 100)
    return "\n".join(lines) + "\n"


def _wrap(parts: list[str], indent: str, width: int) -> list[str]:
    """Parts joined as in :func:`moves_text`, broken into lines between parts, never inside a name."""
    lines: list[str] = []
    current: list[str] = []
    for part in parts:
        if current and len(indent + _join([*current, part])) > width:
            joiner = "" if current[-1].endswith(";") or part.startswith("and ") else ","
            lines.append(indent + _join(current) + joiner)
            current = []
        current.append(part)
    if current:
        lines.append(indent + _join(current))
    return lines


# -- Markdown --------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#!])")


def md(text: str) -> str:
    """Text for a Markdown table cell: punctuation that could become markup is escaped."""
    text = _printable(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_url(url: str) -> str | None:
    """A link target, only for http(s) URLs; characters that would end the link are encoded."""
    if not re.match(r"^https?://", url, flags=re.IGNORECASE):
        return None
    return "".join(c if c.isascii() and c.isprintable() and c not in " ()<>" else
                   "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in url)


def render_markdown(report: Report) -> str:
    """The report as Markdown, with a closing list of every named move and its sources."""
    lines = ["# Talent flow report", "", md(_scope(report)), "", md(_headline(report))]
    cited: dict[str, None] = {}
    for section in report.sections:
        lines += ["", f"## {md(section.title)}", ""]
        if not section.items:
            lines.append(md(section.empty))
            continue
        lines += [f"{md(section.blurb)} {md(_count_line(section).capitalize())}.", ""]
        lines.append("| " + " | ".join([*(md(c.label) for c in section.columns), "the moves behind it"]) + " |")
        lines.append("|" + "|".join([*("---:" if _numeric(c.kind) else "---" for c in section.columns), "---"]) + "|")
        for item in section.items:
            for key in item.main:
                cited.update(dict.fromkeys(item.evidence[key].moves[:SHOWN]))
            cells = [*(md(v) for v in _row(section, item)), md(moves_text(report, section, item))]
            lines.append("| " + " | ".join(cells) + " |")
    if cited:
        lines += ["", "## The moves named above, with their sources", ""]
        for move_id in sorted(cited, key=lambda i: (report.moves[i].date, report.moves[i].person, i)):
            lines.append(_md_move(report, move_id))
    return "\n".join(lines) + "\n"


def _md_move(report: Report, move_id: str) -> str:
    """One named move: a line with who, when, where and status, then one line per source."""
    m = report.moves[move_id]
    origin = m.from_unit or "unknown origin"
    details = ", ".join(md(x) for x in (m.status, m.role) if x)
    line = f"- **{m.when} {md(m.person)}**: {md(origin)} -> {md(m.to_unit)} ({details})"
    if re.fullmatch(r"[\w.:-]+", move_id):
        line += f" `{move_id}`"
    for s in m.sources:
        label = md(s.outlet or s.url or "source")
        url = _md_url(s.url)
        text = f"[{label}](<{url}>)" if url else label
        if s.published:
            text += f", {md(s.published)}"
        if s.quote:
            text += f": “{md(s.quote)}”"
        line += "\n  - " + text
    return line
