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

import contextlib
import functools
import gc
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from talentgraph.errors import TalentGraphError
from talentgraph.queries.catalog import COMMON_PARAMS, counted_statuses
from talentgraph.queries.counted import distinct, iso_dates, sort_order
from talentgraph.report.moves import MoveTable, read_move_table, read_sources, text_rank

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
    *,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """The flow report for one period and level (see the module docstring).

    ``tg`` is an open :class:`talentgraph.api.TalentGraph` (either backend); ``top`` rows
    per section; ``max_moves`` move ids kept per number; ``progress(label)`` is told each
    step as it starts (at a million moves each takes a second or more).
    """
    return build_reports(tg, since, until, (level or "org",), top, max_moves, include_status,
                         progress=progress)[0]


def build_reports(
    tg: Any,
    since: str | None = None,
    until: str | None = None,
    levels: tuple[str, ...] = ("org", "unit"),
    top: int = 10,
    max_moves: int = DEFAULT_MAX_MOVES,
    include_status: str | tuple[str, ...] | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Report]:
    """One report per level, sharing one read of the moves (the HTML report embeds both)."""
    with collector_paused():
        return _build_reports(tg, since, until, levels, top, max_moves, include_status, progress)


def _build_reports(tg: Any, since: str | None, until: str | None, levels: tuple[str, ...], top: int,
                   max_moves: int, include_status: str | tuple[str, ...] | None,
                   progress: Callable[[str], None] | None) -> list[Report]:
    step = progress or (lambda label: None)
    params = _check(since, until, levels, include_status)
    step("reading the moves")
    table = read_move_table(tg.backend, params["include_status"])
    reports, builders = [], []
    for level in params["levels"]:
        step(f"building the {level}-level report")
        builders.append(_Builder(tg, table, params, level, top, max_moves))
        reports.append(builders[-1].build())
    step("reading the sources of the moves named")
    _attach_moves(tg.backend, table, reports, [b.named_rows() for b in builders])
    return reports


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (reference counting still frees
    what the block drops; a report makes no cycles worth collecting).

    A report at a million moves creates a few hundred thousand small objects (records,
    evidence lists); each batch of them set off a collection that walked every object
    alive, the loaded graph's million-odd included: 4x the time of creating them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


class _Groups:
    """Positions of the rows per org or person code (-1: in no group), in row order.

    One stable sort on first use (a radix sort when the codes fit 16 bits), then each
    lookup is a binary search: ``groupby().indices`` builds a dict of every group, seconds
    at a million rows for the few dozen groups a report reads.
    """

    def __init__(self, codes: np.ndarray) -> None:
        self.codes = codes
        self._order: np.ndarray | None = None
        self._sorted: np.ndarray | None = None

    def get(self, code: int) -> np.ndarray:
        if code < 0:
            return np.empty(0, dtype=np.int64)
        if self._order is None:
            # Shifted by one so that -1 (no group) sorts first as 0.
            keys = self.codes + 1
            if keys.max(initial=0) < 2**16:
                keys = keys.astype(np.uint16)
            self._order = np.argsort(keys, kind="stable")
            self._sorted = keys[self._order]
        key = code + 1
        if key > np.iinfo(self._sorted.dtype).max:
            return np.empty(0, dtype=np.int64)
        # A needle of the keys' own type: a mixed search would convert the million keys each time.
        needle = self._sorted.dtype.type(key)
        low, high = np.searchsorted(self._sorted, needle, "left"), np.searchsorted(self._sorted, needle, "right")
        return self._order[low:high]


class _Builder:
    """Builds one level's report: queries for the numbers, move codes for the evidence.

    Positions are into the period's moves of the level (date order) unless named
    otherwise; ``every`` holds the level's moves of every date (a departure may fall after
    the period).
    """

    def __init__(self, tg: Any, table: MoveTable, params: dict[str, Any], level: str, top: int,
                 max_moves: int) -> None:
        self.tg = tg
        self.t = table
        self.level = level
        self.top = top
        self.max_moves = max_moves
        self.since: pd.Timestamp | None = params["since"]
        self.until: pd.Timestamp | None = params["until"]
        self.include_status: tuple[str, ...] = params["include_status"]
        t = table
        # The counted moves at this level (rows of the table), every date: at org level both
        # ends roll up and internal moves drop out.
        self.every = np.arange(t.n) if level == "unit" else np.flatnonzero(~t.internal)
        keep = np.ones(len(self.every), dtype=bool)
        dates = t.date[self.every]
        if self.since is not None:
            keep &= dates >= self.since.to_datetime64()
        if self.until is not None:
            keep &= dates <= self.until.to_datetime64()
        self.in_every = np.flatnonzero(keep)  # the period's moves, as positions in `every`
        self.rows = self.every[self.in_every]  # the period's moves, as rows of the table
        self.date = t.date[self.rows]
        self.month = t.month[self.rows]
        self.person_id = t.person_id[self.rows]
        unit = level == "unit"
        self.from_org = (t.from_unit if unit else t.from_top)[self.rows]
        self.to_org = (t.to_unit if unit else t.to_top)[self.rows]
        self.from_unit = t.from_unit[self.rows]
        self.paid = t.paid[self.rows]
        self.person = t.person[self.rows]
        self._named: list[np.ndarray] = []  # rows of the moves the evidence names
        self.by_to = _Groups(self.to_org)
        self.by_from = _Groups(self.from_org)
        self.by_from_unit = _Groups(self.from_unit)

    def pair(self, a: Any, b: Any, origins: _Groups | None = None) -> np.ndarray:
        """The positions of the moves from org ``a`` (or from unit ``a``, with ``origins`` the
        groups by unit) to org ``b``, by name: the origin's moves, filtered."""
        out = (origins or self.by_from).get(self.t.org(a))
        return out[self.to_org[out] == self.t.org(b)]

    # -- queries ------------------------------------------------------------------------
    def query(self, name: str, **params: Any) -> pd.DataFrame:
        # Dates as ISO text: `until` is already widened to the end of its month or year.
        return self.tg.query(name, since=_iso(self.since), until=_iso(self.until), level=self.level,
                             include_status=",".join(self.include_status), **params)

    # -- evidence -----------------------------------------------------------------------
    def evidence(self, positions: np.ndarray) -> Evidence:
        positions = np.sort(np.asarray(positions, dtype=np.int64))
        return self._evidence(self.rows[positions])

    def evidence_every(self, positions: np.ndarray) -> Evidence:
        """Evidence from positions in ``every`` (a departure may fall after the period)."""
        return self._evidence(self.every[np.sort(positions)])

    def _evidence(self, rows: np.ndarray) -> Evidence:
        """The evidence of these rows of the table (in date order)."""
        picked = spread(rows, self.max_moves)
        self._named.append(picked)
        return Evidence(moves=self.t.move_id[picked].tolist(), total=len(rows),
                        months=_month_counts(self.t.month[rows]))

    def named_rows(self) -> np.ndarray:
        """The rows of the table of every move this level's evidence names."""
        return np.concatenate([np.empty(0, dtype=np.int64), *self._named])

    def between(self, positions: np.ndarray, start: str, end: str) -> np.ndarray:
        dates = self.date[positions]
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
        people = self.person_id[self.person_id >= 0]
        headline = {
            "moves": inflow,  # every counted move has a destination: inflow counts each once
            "people": int(np.count_nonzero(np.bincount(people))) if len(people) else 0,
            "orgs": len(net),
            "flows": int(flows["moves"].sum()),
            "unknown_origin": inflow - int(net["outflow"].sum()),
        }
        return Report(
            since=_iso(self.since), until=_iso(self.until), level=self.level,
            statuses=counted_statuses(self.include_status), top=self.top, max_moves=self.max_moves,
            headline=headline, headline_evidence=self.evidence(np.arange(len(self.rows))),
            sections=sections, months=self.every_month(), moves={}, orgs=orgs,
        )

    def every_month(self) -> list[tuple[str, int]]:
        if len(self.month) == 0:
            return []
        low = int(self.month.min())
        counts = np.bincount(self.month - low)
        return [(_month_label(low + i), int(n)) for i, n in enumerate(counts.tolist())]

    def flows_section(self, flows: pd.DataFrame) -> Section:
        items = [
            Item(cells={"from_org": r.from_org, "to_org": r.to_org, "moves": int(r.moves)},
                 evidence={"moves": self.evidence(self.pair(r.from_org, r.to_org))}, main=["moves"])
            for r in flows.head(self.top).itertuples()
        ]
        return Section(
            "flows", "Largest flows", "Counted moves from one org to another (origin known).",
            [Column("from_org", "from", "org"), Column("to_org", "to", "org"), Column("moves", "moves", "count")],
            items, len(flows), "No move with a known origin in this period.",
        )

    def org_item(self, r: Any) -> Item:
        into = self.evidence(self.by_to.get(self.t.org(r.org)))
        out_of = self.evidence(self.by_from.get(self.t.org(r.org)))
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
            items.append(Item(
                cells={"org_a": r.org_a, "org_b": r.org_b, "a_to_b": int(r.a_to_b), "b_to_a": int(r.b_to_a),
                       "ratio": float(r.ratio)},
                evidence={"a_to_b": self.evidence(self.pair(r.org_a, r.org_b)),
                          "b_to_a": self.evidence(self.pair(r.org_b, r.org_a))},
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
        origins = self.by_from if name == "bursts" else self.by_from_unit
        items = []
        for r in table.head(self.top).itertuples():
            start, end = str(r.start), str(r.end)
            positions = self.between(self.pair(getattr(r, origin), r.to_org, origins), start, end)
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
            hires = self.by_to.get(self.t.org(r.org))
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
        """For each move of the period, the position in ``every`` of the move that ended the
        stint it started (the person's next counted move dated strictly later, any date), or
        -1. Of several moves on that next date, the first in date/person/id order (the
        table's order, so the first position)."""
        person, day = self.t.person_id[self.every], self.t.day[self.every]
        if not len(person):
            return np.full(len(self.in_every), -1, dtype=np.int64)
        order = sort_order(person, day)  # stable: same person and day in table order
        person, day = person[order], day[order]
        starts = np.r_[True, (person[1:] != person[:-1]) | (day[1:] != day[:-1])]
        first = np.flatnonzero(starts)
        # Per (person, day): the first move of that person's next day, if any.
        following = np.full(len(first), -1, dtype=np.int64)
        following[:-1] = np.where(person[first[1:]] == person[first[:-1]], order[first[1:]], -1)
        following[person[first] < 0] = -1  # no person id: nobody's stint
        ends = np.empty(len(order), dtype=np.int64)
        ends[order] = following[np.cumsum(starts) - 1]
        return ends[self.in_every]

    def boomerangs_section(self) -> Section:
        table = self.query("boomerangs")
        items = []
        # Longest time away first: the query sorts by person, a report reads better so.
        ranked = table.sort_values(["days_away", "person", "org", "left"], ascending=[False, True, True, True],
                                   kind="stable").head(self.top)
        people = self.t.people(ranked["person"].tolist())
        # The moves of those people, found in one pass (code -1, no name, picks the last entry: False).
        wanted = np.zeros(len(self.t.person_names) + 1, dtype=bool)
        wanted[people[people >= 0]] = True
        theirs = np.flatnonzero(wanted[self.person])
        for r, person in zip(ranked.itertuples(), people.tolist()):
            mine = theirs[self.person[theirs] == person]
            org = self.t.org(r.org)
            left = mine[(self.from_org[mine] == org) & (self.date[mine] == np.datetime64(r.left))]
            back = mine[(self.to_org[mine] == org) & (self.date[mine] == np.datetime64(r.returned))]
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
        left_by = {exporter: self.by_from.get(self.t.org(exporter)) for exporter in exporters["org"]}
        current = self.latest_moves(np.concatenate([np.empty(0, dtype=np.int64), *left_by.values()]))
        id_column = "from_unit_id" if self.level == "unit" else "from_top_id"
        items, total = [], 0
        for exporter, left in left_by.items():
            # The id of the org by that name (of two orgs named alike, the one of the last move).
            org_id = self.t.columns(self.rows[left[-1:]], [id_column])[id_column][0]
            table = self.query("alumni", org=org_id)
            total += len(table)
            leavers = self.person_id[left]
            now = current[distinct(leavers[leavers >= 0])]
            # Per departure, where its person is now (-1, no org's code, without a person id).
            latest = np.where(leavers >= 0, current[np.maximum(leavers, 0)], -1)
            now_at = np.where(latest >= 0, self.to_org[latest], -1)
            for r in table.head(self.top).itertuples():
                org = self.t.org(r.current_org)
                here = now[self.to_org[now] == org]
                departures = left[now_at == org]
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

    def latest_moves(self, positions: np.ndarray) -> np.ndarray:
        """Per person id, the position of their latest move of the period, for the people of
        the moves at ``positions`` (-1 for everybody else): latest by date, then destination
        name, then move id, the order of the alumni query."""
        current = np.full(self.t.person_id.max(initial=-1) + 1, -1, dtype=np.int64)
        wanted = np.zeros(len(current), dtype=bool)
        who = self.person_id[positions]
        wanted[who[who >= 0]] = True
        mine = np.flatnonzero(wanted[self.person_id] & (self.person_id >= 0))
        # Within one person and day the table is in id order, so position breaks the last ties.
        order = mine[sort_order(self.person_id[mine], self.t.day[self.rows[mine]],
                                self.t.org_rank[self.to_org[mine]])]
        person = self.person_id[order]
        last = np.r_[person[1:] != person[:-1], True] if len(order) else np.zeros(0, dtype=bool)
        current[person[last]] = order[last]
        return current

    def compensation_section(self) -> Section:
        table = self.query("compensation")
        items = []
        for r in table.head(self.top).itertuples():
            into = self.by_to.get(self.t.org(r.org))
            items.append(Item(
                cells={"org": r.org, "reports": int(r.reports), "median_usd": float(r.median_usd),
                       "max_usd": float(r.max_usd)},
                evidence={"reports": self.evidence(into[self.paid[into]])}, main=["reports"],
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
    picks, listed = _picks(len(items), most)
    return items[picks] if isinstance(items, np.ndarray) else [items[i] for i in listed]


@functools.lru_cache(maxsize=1024)
def _picks(length: int, most: int) -> tuple[np.ndarray, list[int]]:
    """The positions :func:`spread` keeps, as an array and a list. Cached: the lists of a report
    have few distinct lengths (most are cut at ``max_moves``), and the HTML report spreads
    every list again for each cut it tries."""
    picks = np.unique(np.round(np.linspace(0, length - 1, most)).astype(np.int64))
    picks.flags.writeable = False
    return picks, picks.tolist()


def _month_counts(months: np.ndarray) -> list[tuple[str, int]]:
    """(month, moves) for each month with moves, in date order."""
    if not len(months):
        return []
    low = int(months.min())
    counts = np.bincount(months - low)
    return [(_month_label(low + m), int(counts[m])) for m in np.flatnonzero(counts).tolist()]


def _attach_moves(backend: Any, table: MoveTable, reports: list[Report], named: list[np.ndarray]) -> None:
    """Fill each report's ``moves`` with a record (and sources) of every move it names.

    ``named[i]``: the rows of the table that report ``i`` names (repeats allowed).
    """
    chosen = distinct(np.concatenate([np.empty(0, dtype=np.int64), *named]))
    ids = table.move_id[chosen].tolist()
    sources = read_sources(backend, ids)
    # Sources come sorted by move: one slice of the list per move (map() builds the records in C).
    source_ids = sources["move_id"].to_numpy(dtype=object)
    listed = list(map(SourceRecord, *(sources[c].tolist() for c in ("url", "outlet", "published", "quote"))))
    starts = np.flatnonzero(np.r_[True, source_ids[1:] != source_ids[:-1]]) if len(listed) else np.empty(0, int)
    stops = np.r_[starts[1:], len(listed)].astype(np.int64)
    by_move = {source_ids[a]: listed[a:b] for a, b in zip(starts.tolist(), stops.tolist())}
    names = ["date", "precision", "person", "person_id", "from_top", "to_top", "from_unit", "to_unit", "status",
             "role", "compensation_usd"]
    columns = table.columns(chosen, names)
    texts = {name: _texts(columns[name]) for name in names if name not in ("date", "compensation_usd")}
    dates = iso_dates(columns["date"]).tolist()
    whens = [_when(date, precision) for date, precision in zip(dates, texts.pop("precision"))]
    money = [_number(x) for x in columns["compensation_usd"].tolist()]
    records = list(map(MoveRecord, ids, dates, whens, *texts.values(), money,
                       [by_move.get(move_id, []) for move_id in ids]))
    # Each report lists its moves by date, then id: ranks of both, sorted as integers.
    id_rank = text_rank(ids)
    day = text_rank(dates)
    for report, rows in zip(reports, named):
        mine = np.searchsorted(chosen, distinct(rows))
        mine = mine[sort_order(day[mine], id_rank[mine])]
        report.moves = {ids[i]: records[i] for i in mine.tolist()}


def _default(query: str, param: str) -> Any:
    from talentgraph.queries.catalog import get_query

    return next(p.default for p in get_query(query).params if p.name == param)


@functools.lru_cache(maxsize=4096)
def _month_label(month: int) -> str:
    return f"{int(month) // 12:04d}-{int(month) % 12 + 1:02d}"


def _when(date: str, precision: str) -> str:
    """A ``YYYY-MM-DD`` date at its precision (SPEC §4: a month-precise move shows as 2025-06)."""
    if precision == "year":
        return date[:4]
    if precision == "month":
        return date[:7]
    return date


def _iso(value: pd.Timestamp | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%d")


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _texts(values: np.ndarray) -> list[str]:
    """:func:`_str` of each value (most are text already)."""
    return [v if type(v) is str else _str(v) for v in values.tolist()]


def _str(value: Any) -> str:
    """Text, "" for none (None, NaN, pd.NA), as ``fillna("").astype(str)`` gives it."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)
