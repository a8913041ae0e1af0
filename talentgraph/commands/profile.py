"""``talentgraph person NAME`` and ``talentgraph org NAME``: one page about a person or an org.

Each profile is built from catalog queries (so both backends give the same numbers) plus
the lookups that turn a typed name into an id, with "did you mean ...?" on a miss (see
:mod:`talentgraph.queries.lookup`):

- **person**: the ``person`` query (moves with their sources) and the person's stints;
- **org**: inflow, outflow and net (``net_flow``), where its hires came from and where
  its leavers went (``flows``, top N each way), the retention of its hires
  (``retention`` with ``min_hires=1``), where its alumni are now (``alumni``) and its
  ``timeline`` by year (or quarter, or month).

At ``org`` level (the default) a unit stands for its top-level org, as in every query:
``talentgraph org "OpenAI Zurich"`` shows OpenAI and says so; ``--level unit`` shows the
unit alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import click
import pandas as pd

from talentgraph.commands.options import neo4j_option, open_graph, period_options
from talentgraph.graph.neo4j_schema import READS
from talentgraph.output import markdown_table, printable, write_frame
from talentgraph.queries.lookup import focus_org, resolve_org, resolve_person

__all__ = ["Profile", "commands", "org_profile", "person_profile"]

PROFILE_FORMATS = ("table", "md", "json")

# One person's stints with the orgs' names (the in-process backend joins the same tables).
STINTS_OF_PERSON = """
MATCH (p:Person {id: $id})-[w:WORKED_AT]->(o:Org)
RETURN o.name AS org, w.start AS start, w.end AS end, w.role AS role
ORDER BY start, org
"""


@dataclass
class Profile:
    """A titled page: facts (label -> value) then sections (key, title, table)."""

    kind: str
    id: str
    title: str
    facts: dict[str, Any] = field(default_factory=dict)
    sections: list[tuple[str, str, pd.DataFrame]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The profile as JSON-ready data: ``{kind, id, name, facts, <section key>: [rows]}``."""
        out: dict[str, Any] = {"kind": self.kind, "id": self.id, "name": self.title, "facts": self.facts}
        for key, _, frame in self.sections:
            out[key] = json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=15))
        return out


def _table(tg: Any, kind: str) -> pd.DataFrame:
    """The persons or orgs table of either backend (the in-process data, or read from Neo4j)."""
    backend = tg.backend
    if hasattr(backend, "data"):
        return getattr(backend.data, kind)
    return backend.read(READS[kind])


def _stints(tg: Any, person_id: str) -> pd.DataFrame:
    backend = tg.backend
    if hasattr(backend, "data"):
        stints = backend.data.stints
        stints = stints[stints["person_id"] == person_id]
        names = dict(zip(backend.data.orgs["id"], backend.data.orgs["name"]))
        frame = pd.DataFrame({"org": stints["org"].map(names), "start": stints["start"], "end": stints["end"],
                              "role": stints["role"]})
    else:
        frame = backend.read(STINTS_OF_PERSON, {"id": person_id})
    frame = frame.reindex(columns=["org", "start", "end", "role"])
    frame = frame.astype(object).where(frame.notna(), "").astype(str)
    return frame.sort_values(["start", "org"], kind="stable").reset_index(drop=True)


def person_profile(tg: Any, name: str, **common: Any) -> Profile:
    """The moves (with sources) and stints of the person called ``name`` (or with that id).

    ``common`` takes the queries' common parameters: since, until, level, include_status.
    """
    persons = _table(tg, "persons")
    person_id = resolve_person(persons, name)
    full_name = str(persons.loc[persons["id"] == person_id, "name"].iloc[0])
    moves = tg.query("person", name=person_id, **common)
    stints = _stints(tg, person_id)
    facts: dict[str, Any] = {"id": person_id, "moves": len(moves)}
    if len(moves):
        last = moves.iloc[-1]
        status = f" ({last['status']})" if last["status"] else ""
        facts["latest move"] = f"{last['date']} to {last['to_org']}{status}"
    if len(stints):
        facts["stints"] = len(stints)
    profile = Profile("person", person_id, full_name, facts)
    profile.sections.append(("moves", "Moves, with their sources", moves))
    if len(stints):
        profile.sections.append(("stints", "Stints (employment history)", stints))
    return profile


def org_profile(tg: Any, name: str, top: int = 5, freq: str = "year", **common: Any) -> Profile:
    """Inflow, outflow, net, top counterparts, retention, alumni and timeline of the org ``name``.

    ``common`` takes the queries' common parameters: since, until, level, include_status.
    """
    orgs = _table(tg, "orgs")
    org_id = resolve_org(orgs, name)
    by_id = orgs.set_index("id")
    focus = focus_org(orgs, org_id, common.get("level") or "org")
    shown = str(by_id.at[focus, "name"])
    row = by_id.loc[org_id]

    facts: dict[str, Any] = {"id": org_id}
    if focus != org_id:
        facts["shown as"] = f"{shown}, its top-level org (use --level unit for {row['name']} alone)"
    for label, column in (("kind", "kind"), ("country", "country")):
        if isinstance(row.get(column), str) and row[column]:
            facts[label] = row[column]
    parent = row.get("parent")
    if isinstance(parent, str) and parent:
        facts["part of"] = str(by_id.at[parent, "name"]) if parent in by_id.index else parent
    merged_into = row.get("merged_into")
    if isinstance(merged_into, str) and merged_into:
        when = pd.Timestamp(row["merged"]).strftime("%Y-%m-%d") if pd.notna(row.get("merged")) else "?"
        into = str(by_id.at[merged_into, "name"]) if merged_into in by_id.index else merged_into
        facts["merged into"] = f"{into} on {when}"

    net = tg.query("net_flow", **common)
    mine = net[net["org"] == shown]
    for column in ("inflow", "outflow", "net"):
        facts[column] = int(mine[column].iloc[0]) if len(mine) else 0

    flows = tg.query("flows", **common)
    joined = flows.loc[flows["to_org"] == shown, ["from_org", "moves", "people"]].head(top).reset_index(drop=True)
    left = flows.loc[flows["from_org"] == shown, ["to_org", "moves", "people"]].head(top).reset_index(drop=True)
    retention = tg.query("retention", min_hires=1, **common)
    retention = retention[retention["org"] == shown].drop(columns="org").reset_index(drop=True)
    alumni = tg.query("alumni", org=focus, **common).head(top)
    timeline = tg.query("timeline", org=focus, freq=freq, **common)

    profile = Profile("org", focus, shown, facts)
    profile.sections += [
        ("joined_from", f"Hires came from (top {top})", joined),
        ("left_for", f"Leavers went to (top {top})", left),
        ("retention", "Retention of hires (Kaplan-Meier, 730 days)", retention),
        ("alumni", f"Alumni are now at (top {top})", alumni),
        ("timeline", f"Timeline by {freq}", timeline),
    ]
    return profile


def _show(profile: Profile, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(profile.to_dict(), ensure_ascii=False, indent=2, default=str))
        return
    if fmt == "md":
        lines = [f"# {profile.title}", ""]
        lines += [f"- **{label}**: {value}" for label, value in profile.facts.items()]
        for _, title, frame in profile.sections:
            lines += ["", f"## {title}", "", markdown_table(frame) if len(frame) else "(none)"]
        click.echo("\n".join(lines))
        return
    # Names come from the data: escape sequences in them must print as text.
    click.secho(printable(profile.title), bold=True)
    width = max(len(label) for label in profile.facts)
    for label, value in profile.facts.items():
        click.echo(f"  {label.ljust(width)}  {printable(str(value))}")
    for _, title, frame in profile.sections:
        click.echo()
        if len(frame):
            write_frame(frame, "table", title=title)
        else:
            click.echo(f"{title}: none")


def _common_options(func: Any) -> Any:
    options = [
        period_options,
        click.option("--format", "-f", "fmt", type=click.Choice(PROFILE_FORMATS), default="table",
                     show_default=True, help="table for people; md or json for files and pipes."),
        neo4j_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@click.command("person")
@click.argument("name")
@_common_options
@click.pass_context
def person(ctx: click.Context, name: str, since: str | None, until: str | None, level: str | None,
           include_status: str | None, fmt: str, neo4j_uri: str | None) -> None:
    """One person's moves, with their sources, and their stints.

    NAME is the person's name or id; case and accents do not matter ("lukasz kaiser"
    finds Łukasz Kaiser), and a near miss suggests the closest names.

    \b
    Examples:
      talentgraph person "Alexandr Wang"
      talentgraph person "noam shazeer" --include-status candidate,denied
      talentgraph person "Arthur Mensch" -f md > mensch.md
    """
    with open_graph(ctx, neo4j_uri) as tg:
        profile = person_profile(tg, name, **_given(since=since, until=until, level=level,
                                                    include_status=include_status))
    _show(profile, fmt)


@click.command("org")
@click.argument("name")
@_common_options
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, metavar="N",
              help="Rows in the counterpart and alumni tables.")
@click.option("--freq", type=click.Choice(["month", "quarter", "year"]), default="year", show_default=True,
              help="Period of the timeline.")
@click.pass_context
def org(ctx: click.Context, name: str, since: str | None, until: str | None, level: str | None,
        include_status: str | None, fmt: str, neo4j_uri: str | None, top: int, freq: str) -> None:
    """One org: inflow and outflow, where hires come from and leavers go, retention, alumni, timeline.

    NAME is the org's name, an alias or its id; case, accents and punctuation do not
    matter ("open ai", "MSL"), and a near miss suggests the closest names. At org level
    (the default) a unit counts as its top-level org; --level unit shows the unit alone.

    \b
    Examples:
      talentgraph org OpenAI
      talentgraph org "Meta Superintelligence Labs" --level unit --since 2025
      talentgraph org anthropic --top 10 --freq quarter -f md > anthropic.md
    """
    with open_graph(ctx, neo4j_uri) as tg:
        profile = org_profile(tg, name, top=top, freq=freq,
                              **_given(since=since, until=until, level=level, include_status=include_status))
    _show(profile, fmt)


commands = [person, org]
# The registry takes `commands` first; `command` keeps the one-command convention working.
command = person
