"""The flow report's content, computed once and rendered three ways (terminal, Markdown, HTML).

:func:`build_report` runs the catalog queries through ``tg.query`` (so the numbers are the
very numbers of ``talentgraph query``, on either backend) and attaches to each number the
moves behind it, read once by :mod:`talentgraph.report.moves`. The result is a plain
:class:`Report` (dataclasses of text and numbers); the renderers in ``text.py`` and
``html.py`` only lay it out, they never count.

Sections, in order: the largest flows, net gainers, net losers, the strongest asymmetries,
poaching bursts, lift-outs, retention by lab, boomerangs, where the alumni of the top
exporters went, reported compensation. Each section keeps its query's sort and its ``top``
first rows; each count in it carries an :class:`Evidence`: the ids of the moves behind it
(date order, at most ``max_moves``), how many there are in all, and how many fall in each
month (so the HTML report can recount it for a shorter period).

>>> import talentgraph
>>> tg = talentgraph.open()
>>> report = build_report(tg, since="2025-01-01", top=3)
>>> [s.key for s in report.sections][:3]
['flows', 'gainers', 'losers']
>>> flow = report.sections[0].items[0]
>>> flow.evidence["moves"].total == flow.cells["moves"]
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from talentgraph.errors import TalentGraphError
from talentgraph.queries.catalog import COMMON_PARAMS, counted_statuses
from talentgraph.report.moves import read_moves, read_sources

__all__ = [
    "DEFAULT_MAX_MOVES",
    "Column",
    "Evidence",
    "Item",
    "MoveRecord",
    "Report",
    "Section",
    "SourceRecord",
    "build_report",
    "build_reports",
]

DEFAULT_MAX_MOVES = 200
EXPORTERS = 3  # the alumni section follows the alumni of this many top exporters


@dataclass
class Column:
    """One column of a section: ``kind`` tells the renderers how to show and sort it.

    Kinds: ``org``, ``person``, ``date``, ``count`` (a number of moves, with evidence),
    ``people`` (a number of people, with evidence), ``int``, ``ratio`` (``inf`` allowed),
    ``share`` (0..1), ``days``, ``usd``.
    """

    key: str
    label: str
    kind: str


@dataclass
class Evidence:
    """The moves behind one number."""

    moves: list[str]  # move ids in date order; at most max_moves, spread over the dates
    total: int  # how many moves in all
    months: list[tuple[str, int]] = field(default_factory=list)  # ("YYYY-MM", moves), date order


@dataclass
class Item:
    """One row of a section: its cells and, per counted column, the moves behind the number."""

    cells: dict[str, Any]
    evidence: dict[str, Evidence]
    main: list[str]  # the columns whose moves name the row in the text report
    # Numbers whose moves are those of other columns together (net: inflow and outflow).
    joined: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Section:
    key: str
    title: str
    blurb: str  # one sentence: what the numbers mean
    columns: list[Column]
    items: list[Item]
    total_items: int  # rows the query gave before the cut to `top`
    empty: str  # what to say when there is no row


@dataclass
class SourceRecord:
    url: str
    outlet: str
    published: str
    quote: str


@dataclass
class MoveRecord:
    """A move named by the report, with both levels of its orgs and its sources."""

    id: str
    date: str  # YYYY-MM-DD (first day of the month or year for coarser dates)
    when: str  # the date at its precision: 2025-06-12, 2025-06 or 2025
    person: str
    person_id: str
    from_org: str  # top-level org ("" when the origin is unknown)
    to_org: str
    from_unit: str  # as named in the move
    to_unit: str
    status: str
    role: str
    compensation_usd: float | None
    sources: list[SourceRecord] = field(default_factory=list)


@dataclass
class Report:
    """Everything a rendering needs, for one period and one level."""

    since: str | None
    until: str | None
    level: str
    statuses: list[str]
    top: int
    max_moves: int
    headline: dict[str, int]  # moves, people, orgs, unknown_origin, flows
    headline_evidence: Evidence  # the moves counted in the period
    sections: list[Section]
    months: list[tuple[str, int]]  # counted moves per month, every month of the period
    moves: dict[str, MoveRecord]  # every move named anywhere in the report
    orgs: list[Item] = field(default_factory=list)  # net-flow rows of every org the sections name

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def period(self) -> str:
        """The period in words: ``2025-01-01 to 2025-12-31``, ``from 2025-01-01``, ``all dates``."""
        if self.since and self.until:
            return f"{self.since} to {self.until}"
        if self.since:
            return f"from {self.since}"
        if self.until:
            return f"until {self.until}"
        return "all dates"


def build_report(
    tg: Any,
    since: str | None = None,
    until: str | None = None,
    level: str | None = None,
    top: int = 10,
    max_moves: int = DEFAULT_MAX_MOVES,
    include_status: str | tuple[str, ...] | None = None,
) -> Report:
    """The flow report for one period and level (see the module docstring).

    ``tg`` is an open :class:`talentgraph.api.TalentGraph` (either backend); ``top`` rows
    per section; ``max_moves`` move ids kept per number.
    """
    return build_reports(tg, since, until, (level or "org",), top, max_moves, include_status)[0]


def build_reports(
    tg: Any,
    since: str | None = None,
    until: str | None = None,
    levels: tuple[str, ...] = ("org", "unit"),
    top: int = 10,
    max_moves: int = DEFAULT_MAX_MOVES,
    include_status: str | tuple[str, ...] | None = None,
) -> list[Report]:
    """One report per level, sharing one read of the moves (the HTML report embeds both)."""
    params = _check(since, until, levels, include_status)
    rows = read_moves(tg.backend, params["include_status"])
    reports = [
        _Builder(tg, rows, params, level, top, max_moves).build()
        for level in params["levels"]
    ]
    _attach_moves(tg.backend, rows, reports)
    return reports


def _check(since: Any, until: Any, levels: tuple[str, ...], include_status: Any) -> dict[str, Any]:
    """The period, levels and statuses, checked as the catalog checks them (one-line errors)."""
    common = {p.name: p for p in COMMON_PARAMS}
    checked = {
        "since": common["since"].convert(since),
        "until": common["until"].convert(until),
        "levels": tuple(common["level"].convert(level) for level in levels),
        "include_status": common["include_status"].convert(include_status),
    }
    if checked["since"] is not None and checked["until"] is not None and checked["since"] > checked["until"]:
        raise TalentGraphError(f"since {since} is after until {until}: nothing to report")
    return checked


class _Builder:
    """Builds one level's report: queries for the numbers, move rows for the evidence."""

    def __init__(self, tg: Any, rows: pd.DataFrame, params: dict[str, Any], level: str, top: int,
                 max_moves: int) -> None:
        self.tg = tg
        self.level = level
        self.top = top
        self.max_moves = max_moves
        self.since: pd.Timestamp | None = params["since"]
        self.until: pd.Timestamp | None = params["until"]
        self.include_status: tuple[str, ...] = params["include_status"]
        self.every = _at_level(rows, level)  # counted at this level, every date
        keep = np.ones(len(self.every), dtype=bool)
        if self.since is not None:
            keep &= (self.every["date"] >= self.since).to_numpy()
        if self.until is not None:
            keep &= (self.every["date"] <= self.until).to_numpy()
        self.moves = self.every[keep].reset_index(drop=True)  # counted in the period
        self.month = (self.moves["date"].dt.year * 12 + self.moves["date"].dt.month - 1).to_numpy()
        # Row positions (date order) per key, computed once: every number's evidence is a lookup.
        self.by_pair = _groups(self.moves, ["from_org", "to_org"])
        self.by_to = _groups(self.moves, ["to_org"])
        self.by_from = _groups(self.moves, ["from_org"])
        self.by_unit_pair = _groups(self.moves, ["from_unit", "to_org"])
        self.by_person = _groups(self.moves, ["person"])

    # -- queries ------------------------------------------------------------------------
    def query(self, name: str, **params: Any) -> pd.DataFrame:
        # Dates as ISO text: `until` is already widened to the end of its month or year.
        return self.tg.query(name, since=_iso(self.since), until=_iso(self.until), level=self.level,
                             include_status=",".join(self.include_status), **params)

    # -- evidence -----------------------------------------------------------------------
    def evidence(self, positions: np.ndarray | list[int]) -> Evidence:
        positions = np.sort(np.asarray(positions, dtype=np.int64))
        months = np.unique(self.month[positions], return_counts=True)
        return Evidence(
            moves=self.moves["move_id"].iloc[spread(positions, self.max_moves)].tolist(),
            total=len(positions),
            months=[(_month_label(m), int(n)) for m, n in zip(*months)],
        )

    def between(self, positions: np.ndarray, start: str, end: str) -> np.ndarray:
        dates = self.moves["date"].to_numpy()[positions]
        return positions[(dates >= np.datetime64(start)) & (dates <= np.datetime64(end))]

    # -- the report ---------------------------------------------------------------------
    def build(self) -> Report:
        net = self.query("net_flow")
        flows = self.query("flows")
        sections = [
            self.flows_section(flows),
            *self.net_sections(net),
            self.asymmetry_section(),
            self.runs_section("bursts"),
            self.runs_section("lift_outs"),
            self.retention_section(),
            self.boomerangs_section(),
            self.alumni_section(net),
            self.compensation_section(),
        ]
        named = {item.cells[c.key] for section in sections for item in section.items for c in section.columns
                 if c.kind == "org" and c.key != "from_unit"}
        orgs = [self.org_item(r) for r in net.itertuples() if r.org in named]
        inflow = int(net["inflow"].sum())
        headline = {
            "moves": inflow,  # every counted move has a destination: inflow counts each once
            "people": int(self.moves["person_id"].nunique()),
            "orgs": len(net),
            "flows": int(flows["moves"].sum()),
            "unknown_origin": inflow - int(net["outflow"].sum()),
        }
        return Report(
            since=_iso(self.since), until=_iso(self.until), level=self.level,
            statuses=counted_statuses(self.include_status), top=self.top, max_moves=self.max_moves,
            headline=headline, headline_evidence=self.evidence(np.arange(len(self.moves))),
            sections=sections, months=self.every_month(), moves={}, orgs=orgs,
        )

    def every_month(self) -> list[tuple[str, int]]:
        if len(self.month) == 0:
            return []
        counts = np.bincount(self.month - self.month.min())
        return [(_month_label(self.month.min() + i), int(n)) for i, n in enumerate(counts)]

    def flows_section(self, flows: pd.DataFrame) -> Section:
        items = [
            Item(cells={"from_org": r.from_org, "to_org": r.to_org, "moves": int(r.moves)},
                 evidence={"moves": self.evidence(self.by_pair.get((r.from_org, r.to_org), []))}, main=["moves"])
            for r in flows.head(self.top).itertuples()
        ]
        return Section(
            "flows", "Largest flows", "Counted moves from one org to another (origin known).",
            [Column("from_org", "from", "org"), Column("to_org", "to", "org"), Column("moves", "moves", "count")],
            items, len(flows), "No move with a known origin in this period.",
        )

    def org_item(self, r: Any) -> Item:
        into = self.evidence(self.by_to.get((r.org,), []))
        out_of = self.evidence(self.by_from.get((r.org,), []))
        return Item(cells={"org": r.org, "inflow": int(r.inflow), "outflow": int(r.outflow), "net": int(r.net)},
                    evidence={"inflow": into, "outflow": out_of}, main=["inflow", "outflow"],
                    joined={"net": ["inflow", "outflow"]})

    def net_sections(self, net: pd.DataFrame) -> list[Section]:
        columns = [Column("org", "org", "org"), Column("inflow", "in", "count"),
                   Column("outflow", "out", "count"), Column("net", "net", "int")]
        gainers = net[net["net"] > 0]
        # Losers: most negative first (the query sorts by net descending; ties by name).
        losers = net[net["net"] < 0].sort_values(["net", "org"], kind="stable")
        return [
            Section("gainers", "Net gainers", "Moves in minus moves out (an unknown origin counts as in only).",
                    columns, [self.org_item(r) for r in gainers.head(self.top).itertuples()], len(gainers),
                    "No org gained people in this period."),
            Section("losers", "Net losers", "Orgs that lost more people than they hired.",
                    columns, [self.org_item(r) for r in losers.head(self.top).itertuples()], len(losers),
                    "No org lost people in this period."),
        ]

    def asymmetry_section(self) -> Section:
        table = self.query("asymmetry")
        items = []
        for r in table.head(self.top).itertuples():
            ab = self.by_pair.get((r.org_a, r.org_b), [])
            ba = self.by_pair.get((r.org_b, r.org_a), [])
            items.append(Item(
                cells={"org_a": r.org_a, "org_b": r.org_b, "a_to_b": int(r.a_to_b), "b_to_a": int(r.b_to_a),
                       "ratio": float(r.ratio)},
                evidence={"a_to_b": self.evidence(ab), "b_to_a": self.evidence(ba)},
                main=["a_to_b", "b_to_a"], joined={"ratio": ["a_to_b", "b_to_a"]},
            ))
        min_total = _default("asymmetry", "min_total")
        return Section(
            "asymmetry", "Strongest asymmetries",
            f"Pairs with at least {min_total} moves both ways together; ratio = A->B / B->A (inf: nobody went back).",
            [Column("org_a", "A", "org"), Column("org_b", "B", "org"), Column("a_to_b", "A->B", "count"),
             Column("b_to_a", "B->A", "count"), Column("ratio", "ratio", "ratio")],
            items, len(table), f"No pair of orgs with {min_total} or more moves between them.",
        )

    def runs_section(self, name: str) -> Section:
        table = self.query(name)
        origin = "from_org" if name == "bursts" else "from_unit"
        groups = self.by_pair if name == "bursts" else self.by_unit_pair
        items = []
        for r in table.head(self.top).itertuples():
            start, end = str(r.start), str(r.end)
            positions = self.between(np.asarray(groups.get((getattr(r, origin), r.to_org), []), dtype=np.int64),
                                     start, end)
            items.append(Item(
                cells={origin: getattr(r, origin), "to_org": r.to_org, "start": start, "end": end,
                       "moves": int(r.moves)},
                evidence={"moves": self.evidence(positions)}, main=["moves"],
            ))
        gap, least = _default(name, "gap_days"), _default(name, "min_moves")
        if name == "bursts":
            title, blurb = "Poaching bursts", (f"Runs of at least {least} moves from one org to another, "
                                               f"each at most {gap} days after the one before.")
            first = Column("from_org", "from", "org")
        else:
            title, blurb = "Lift-outs", (f"Bursts whose people all left the same unit (as named): at least {least} "
                                         f"moves, each at most {gap} days after the one before.")
            first = Column("from_unit", "from unit", "org")
        return Section(
            name, title, blurb,
            [first, Column("to_org", "to", "org"), Column("start", "start", "date"), Column("end", "end", "date"),
             Column("moves", "moves", "count")],
            items, len(table), f"No run of {least} or more moves within {gap} days of each other.",
        )

    def retention_section(self) -> Section:
        table = self.query("retention")
        ends = self.departures()
        items = []
        for r in table.head(self.top).itertuples():
            hires = np.asarray(self.by_to.get((r.org,), []), dtype=np.int64)
            gone = ends[hires]
            gone = self.evidence_every(gone[gone >= 0])
            items.append(Item(
                cells={"org": r.org, "hires": int(r.hires), "departures": int(r.departures),
                       "retention": float(r.retention), "median_tenure_days": _number(r.median_tenure_days)},
                evidence={"hires": self.evidence(hires), "departures": gone},
                main=["hires", "departures"],
            ))
        horizon, least = _default("retention", "horizon_days"), _default("retention", "min_hires")
        return Section(
            "retention", "Retention by lab",
            f"Share of the period's hires still there {horizon} days later (Kaplan-Meier; stints still "
            f"running count as far as they go); median tenure in days. Orgs with at least {least} hires.",
            [Column("org", "org", "org"), Column("hires", "hires", "count"),
             Column("departures", "departures", "count"), Column("retention", "retention", "share"),
             Column("median_tenure_days", "median tenure (days)", "days")],
            items, len(table), f"No org with {least} or more hires in this period.",
        )

    def departures(self) -> np.ndarray:
        """For each move of the period, the position in ``self.every`` of the move that ended
        the stint it started (the person's next counted move dated strictly later, any date),
        or -1. Of several moves on that next date, the first in date/person/id order."""
        every = self.every
        order = np.lexsort((np.arange(len(every)), every["date"].to_numpy(), every["person_id"].to_numpy()))
        key = every[["person_id", "date"]].iloc[order]
        first_of_day = ~key.duplicated().to_numpy()
        days = pd.DataFrame({"person_id": key["person_id"].to_numpy()[first_of_day],
                             "date": key["date"].to_numpy()[first_of_day],
                             "pos": order[first_of_day]})
        days["next"] = days.groupby("person_id")["pos"].shift(-1).fillna(-1).astype(np.int64)
        nxt = days.set_index(["person_id", "date"])["next"]
        lookup = pd.MultiIndex.from_arrays([self.moves["person_id"], self.moves["date"]])
        return nxt.reindex(lookup).fillna(-1).astype(np.int64).to_numpy()

    def evidence_every(self, positions: np.ndarray) -> Evidence:
        """Evidence from positions in ``self.every`` (a departure may fall after the period)."""
        positions = np.sort(positions)
        rows = self.every.iloc[positions]
        month = (rows["date"].dt.year * 12 + rows["date"].dt.month - 1).to_numpy()
        months = np.unique(month, return_counts=True)
        return Evidence(moves=rows["move_id"].iloc[spread(np.arange(len(rows)), self.max_moves)].tolist(),
                        total=len(positions),
                        months=[(_month_label(m), int(n)) for m, n in zip(*months)])

    def boomerangs_section(self) -> Section:
        table = self.query("boomerangs")
        dates = self.moves["date"].to_numpy()
        from_org = self.moves["from_org"].to_numpy()
        to_org = self.moves["to_org"].to_numpy()
        items = []
        # Longest time away first: the query sorts by person, a report reads better so.
        ranked = table.sort_values(["days_away", "person", "org", "left"], ascending=[False, True, True, True],
                                   kind="stable")
        for r in ranked.head(self.top).itertuples():
            mine = np.asarray(self.by_person.get((r.person,), []), dtype=np.int64)
            left = mine[(from_org[mine] == r.org) & (dates[mine] == np.datetime64(r.left))]
            back = mine[(to_org[mine] == r.org) & (dates[mine] == np.datetime64(r.returned))]
            items.append(Item(
                cells={"person": r.person, "org": r.org, "left": str(r.left), "returned": str(r.returned),
                       "days_away": int(r.days_away)},
                evidence={"days_away": self.evidence(np.concatenate([left, back]))}, main=["days_away"],
            ))
        return Section(
            "boomerangs", "Boomerangs", "People who left an org and came back; the longest time away first.",
            [Column("person", "person", "person"), Column("org", "org", "org"), Column("left", "left", "date"),
             Column("returned", "returned", "date"), Column("days_away", "days away", "days")],
            items, len(table), "Nobody left an org and came back in this period.",
        )

    def alumni_section(self, net: pd.DataFrame) -> Section:
        exporters = net.sort_values(["outflow", "org"], ascending=[False, True], kind="stable")
        exporters = exporters[exporters["outflow"] > 0].head(EXPORTERS)
        # A person's current org: the destination of their latest counted move in the period
        # (same order as the alumni query: date, then destination name, then move id).
        latest = self.moves.sort_values(["date", "to_org", "move_id"], kind="stable").groupby("person_id").tail(1)
        current = pd.Series(latest.index.to_numpy(), index=latest["person_id"].to_numpy())
        ids = dict(zip(self.moves["from_org"], self.moves["from_id"]))
        to_org = self.moves["to_org"].to_numpy()
        items, total = [], 0
        for exporter in exporters["org"]:
            table = self.query("alumni", org=ids[exporter])
            total += len(table)
            left = np.asarray(self.by_from.get((exporter,), []), dtype=np.int64)
            leavers = self.moves.iloc[left]
            now = current.reindex(leavers["person_id"].unique()).to_numpy()
            for r in table.head(self.top).itertuples():
                here = now[to_org[now] == r.current_org]
                people = set(self.moves["person_id"].iloc[here])
                departures = left[leavers["person_id"].isin(people).to_numpy()]
                items.append(Item(
                    cells={"exporter": exporter, "current_org": r.current_org, "alumni": int(r.alumni)},
                    evidence={"alumni": self.evidence(np.unique(np.concatenate([departures, here])))},
                    main=["alumni"],
                ))
        return Section(
            "alumni", f"Where the alumni of the top {EXPORTERS} exporters went",
            "People who left one of the orgs with the most departures, counted by the org of their latest move.",
            [Column("exporter", "left", "org"), Column("current_org", "now at", "org"),
             Column("alumni", "alumni", "people")],
            items, total, "Nobody left an org in this period.",
        )

    def compensation_section(self) -> Section:
        table = self.query("compensation")
        paid = self.moves["compensation_usd"].notna().to_numpy()
        items = []
        for r in table.head(self.top).itertuples():
            into = np.asarray(self.by_to.get((r.org,), []), dtype=np.int64)
            items.append(Item(
                cells={"org": r.org, "reports": int(r.reports), "median_usd": float(r.median_usd),
                       "max_usd": float(r.max_usd)},
                evidence={"reports": self.evidence(into[paid[into]])}, main=["reports"],
            ))
        return Section(
            "compensation", "Reported compensation",
            "Moves with a reported figure in US dollars, by destination (the largest figure when reports differ).",
            [Column("org", "org", "org"), Column("reports", "moves", "count"), Column("median_usd", "median", "usd"),
             Column("max_usd", "max", "usd")],
            items, len(table), "No reported compensation in this period.",
        )


def spread(items: Any, most: int) -> Any:
    """At most ``most`` of ``items`` (in date order), spread evenly from the first to the last,
    so that a cut list still has moves from every part of the period (a period filter in the
    HTML report finds some)."""
    if len(items) <= most:
        return items
    picks = np.unique(np.round(np.linspace(0, len(items) - 1, most)).astype(np.int64))
    return items[picks] if isinstance(items, np.ndarray) else [items[i] for i in picks]


def _at_level(rows: pd.DataFrame, level: str) -> pd.DataFrame:
    """The counted moves at ``level``: at org level both ends roll up, internal moves drop out."""
    if level == "unit":
        out = rows.assign(from_org=rows["from_unit"], to_org=rows["to_unit"], from_id=rows["from_unit_id"],
                          to_id=rows["to_unit_id"])
    else:
        internal = (rows["from_top_id"] == rows["to_top_id"]).to_numpy()
        out = rows[~internal].assign(from_org=rows["from_top"], to_org=rows["to_top"], from_id=rows["from_top_id"],
                                     to_id=rows["to_top_id"])
    return out.reset_index(drop=True)


def _groups(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, np.ndarray]:
    """Positions of the rows per key (rows with a missing key are in no group)."""
    if frame.empty:
        return {}
    groups = frame.groupby(keys, sort=False, dropna=True).indices
    return {(k if isinstance(k, tuple) else (k,)): v for k, v in groups.items()}


def _attach_moves(backend: Any, rows: pd.DataFrame, reports: list[Report]) -> None:
    """Fill each report's ``moves`` with a record (and sources) of every move it names."""
    named: set[str] = set()
    for report in reports:
        named.update(_named(report))
    chosen = rows[rows["move_id"].isin(named)]
    sources = read_sources(backend, chosen["move_id"].tolist())
    by_move: dict[str, list[SourceRecord]] = {}
    for s in sources.itertuples():
        by_move.setdefault(s.move_id, []).append(SourceRecord(s.url, s.outlet, s.published, s.quote))
    records = {
        r.move_id: MoveRecord(
            id=r.move_id, date=r.date.strftime("%Y-%m-%d"), when=_when(r.date, r.precision), person=_str(r.person),
            person_id=_str(r.person_id), from_org=_str(r.from_top), to_org=_str(r.to_top),
            from_unit=_str(r.from_unit), to_unit=_str(r.to_unit), status=r.status, role=r.role,
            compensation_usd=_number(r.compensation_usd), sources=by_move.get(r.move_id, []),
        )
        for r in chosen.itertuples()
    }
    for report in reports:
        report.moves = {i: records[i] for i in sorted(_named(report), key=lambda i: (records[i].date, i))}


def _named(report: Report) -> set[str]:
    ids = set(report.headline_evidence.moves)
    for section in [*report.sections, Section("orgs", "", "", [], report.orgs, 0, "")]:
        for item in section.items:
            for evidence in item.evidence.values():
                ids.update(evidence.moves)
    return ids


def _default(query: str, param: str) -> Any:
    from talentgraph.queries.catalog import get_query

    return next(p.default for p in get_query(query).params if p.name == param)


def _month_label(month: int) -> str:
    return f"{int(month) // 12:04d}-{int(month) % 12 + 1:02d}"


def _when(date: pd.Timestamp, precision: str) -> str:
    """A date at its precision (SPEC §4: a month-precise move shows as 2025-06)."""
    if precision == "year":
        return date.strftime("%Y")
    if precision == "month":
        return date.strftime("%Y-%m")
    return date.strftime("%Y-%m-%d")


def _iso(value: pd.Timestamp | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%d")


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _str(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
