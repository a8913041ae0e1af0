"""Counted moves: the rows every org-level query starts from (SPEC §5-6), in both languages.

A **counted move** has a status in the counted set (confirmed, reported, derived,
rumored, plus any ``include_status``), a date in ``[since, until]``, and is not
internal: at ``org`` level each org rolls up to its top-level ancestor (Meta
Superintelligence Labs -> Meta), at ``unit`` level orgs stay as named, and a move whose
origin and destination are the same org at that level is left out. A move with an
unknown origin is counted (for inflow); queries that need an origin drop it.
Mergers were applied at load time (a 2024 move "to Google Brain" is stored as a move
to Google DeepMind), so both backends see the same orgs.

In-process, :func:`counted` gives the counted moves as integer arrays over
:class:`GraphCodes` (orgs and people numbered once per graph), so that a query groups
and sorts numbers and looks names up only for the rows it outputs; at a million moves
that is the difference between seconds and tens of seconds. :func:`counted_moves` is the
same rows as a DataFrame.
"""

from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass, fields
from functools import cached_property

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import counted_statuses

__all__ = [
    "COUNTED_MOVES", "COUNTED_PAIRS", "DEST_AMONG_UNITS", "DEST_AT_LEVEL", "EVERY_ORIGIN", "FOCUS_MOVES_OUT",
    "FOCUS_ORG", "MOVES_OUT_OF_FOCUS", "MOVE_FILTER", "ORIGIN_AT_LEVEL", "ORIGIN_SIZES", "PERSON_COUNTED_MOVES",
    "UNITS", "Counted", "GraphCodes", "OrgIndex", "columns_to_rows", "counted", "counted_moves", "distinct",
    "graph_codes", "group_pairs", "iso_dates", "people_by", "sort_order",
]

# The Cypher parts, shared so that every query counts the same moves. MOVE_FILTER: the
# move m has a counted status and a date in [since, until].
MOVE_FILTER = """m.status IN $statuses
  AND ($since IS NULL OR m.date >= date($since))
  AND ($until IS NULL OR m.date <= date($until))"""
# from_unit and to_unit (orgs as named) at $level: at org level their top-level ancestor.
# Only units have a PART_OF, so the other orgs skip the walk up: at a million moves the
# walk for every move was a third of the db hits of flows. The test has no label on the far
# end (a PART_OF always ends at an Org), so Neo4j answers it from the org's relationship
# counts (getDegree) rather than by reading its relationships: 2.5x fewer db hits.
ORIGIN_AT_LEVEL = """CASE WHEN from_unit IS NULL OR $level = 'unit' OR NOT (from_unit)-[:PART_OF]->() THEN from_unit
          ELSE [(from_unit)-[:PART_OF*]->(top:Org) WHERE NOT (top)-[:PART_OF]->() | top][0] END"""
TOP_OF_TO_UNIT = "[(to_unit)-[:PART_OF*]->(top:Org) WHERE NOT (top)-[:PART_OF]->() | top][0]"
DEST_AT_LEVEL = """CASE WHEN $level = 'unit' OR NOT (to_unit)-[:PART_OF]->() THEN to_unit
          ELSE """ + TOP_OF_TO_UNIT + " END"
# The same where `units` (UNITS) is in scope: each row's test is a look-up in a set, not
# a read of the org's relationships (flows at a million moves: 0.3 of 3.7 server
# CPU-seconds, as an org with few relationships keeps them in a chain that the test walks).
DEST_AMONG_UNITS = """CASE WHEN $level = 'unit' OR NOT to_unit IN units THEN to_unit
          ELSE """ + TOP_OF_TO_UNIT + " END"
# `units`: every org that has a parent, as a list (a thousand at a million moves).
UNITS = """MATCH (unit:Org)-[:PART_OF]->()
WITH collect(DISTINCT unit) AS units
"""

# Shared head of the Cypher queries: yields p (Person), m (Move), origin and dest (Org
# nodes at the requested level; origin may be null) and from_unit/to_unit (as named).
COUNTED_MOVES = """MATCH (p:Person)-[:MADE]->(m:Move)-[:TO]->(to_unit:Org)
WHERE """ + MOVE_FILTER + """
OPTIONAL MATCH (m)-[:FROM]->(from_unit:Org)
WITH p, m, from_unit, to_unit,
     """ + DEST_AT_LEVEL + """ AS dest,
     """ + ORIGIN_AT_LEVEL + """ AS origin
WHERE origin IS NULL OR origin <> dest"""

# Inside `CALL (p) { ... }`: the counted moves of one person p, as COUNTED_MOVES counts
# them; yields m, dest and origin. Per person, so that a query sorting or pairing each
# career's moves does it on a few moves at a time rather than on the million at once.
PERSON_COUNTED_MOVES = """MATCH (p)-[:MADE]->(m:Move)-[:TO]->(to_unit:Org)
  WHERE """ + MOVE_FILTER + """
  OPTIONAL MATCH (m)-[:FROM]->(from_unit:Org)
  WITH m, """ + DEST_AT_LEVEL + """ AS dest,
       """ + ORIGIN_AT_LEVEL + """ AS origin
  WHERE origin IS NULL OR origin <> dest"""

# One org's queries: `focus` is the org of id $org at the level (its top-level ancestor at
# org level). MOVES_OUT_OF_FOCUS yields m, from_unit and to_unit for the moves out of it
# that have a counted status and date, reached from it (down PART_OF to the orgs that stand
# for it at the level, then along FROM) rather than by scanning every move; FOCUS_MOVES_OUT
# keeps the counted ones (not internal) and yields p, m and dest.
FOCUS_ORG = """MATCH (target:Org {id: $org})
WITH CASE $level WHEN 'unit' THEN target
     ELSE [(target)-[:PART_OF*0..]->(top:Org) WHERE NOT (top)-[:PART_OF]->(:Org) | top][0] END AS focus"""
MOVES_OUT_OF_FOCUS = """MATCH (focus)<-[:PART_OF*0..]-(from_unit:Org)
  WHERE $level = 'org' OR from_unit = focus
  MATCH (m:Move)-[:FROM]->(from_unit), (m)-[:TO]->(to_unit:Org)
  WHERE """ + MOVE_FILTER
FOCUS_MOVES_OUT = MOVES_OUT_OF_FOCUS + """
  MATCH (p:Person)-[:MADE]->(m)
  WITH p, m, """ + DEST_AT_LEVEL + """ AS dest
  WHERE dest <> focus"""
# Every org at the level in turn as `focus`, with `units` (UNITS), for the queries whose
# answer is grouped by origin (flows, bursts, lift_outs: query modules with
# SPLIT_BY_ORIGIN). $origins, when not null, keeps only the orgs of those ids: the Neo4j
# backend splits the origins into groups of about equal size (ORIGIN_SIZES) and runs one
# read per group at once, since Community runs a statement on one core and one origin's
# rows never mix with another's.
EVERY_ORIGIN = UNITS + """MATCH (focus:Org)
WHERE ($origins IS NULL OR focus.id IN $origins)
  AND ($level = 'unit' OR NOT (focus)-[:PART_OF]->())"""
# The orgs of EVERY_ORIGIN and how many moves leave each (a degree the store keeps, so no
# expansion; at org level a unit's moves are not added to its org's: a guide for sharing
# the work, not an answer).
ORIGIN_SIZES = """MATCH (focus:Org)
WHERE $level = 'unit' OR NOT (focus)-[:PART_OF]->()
RETURN collect(focus.id) AS ids, collect(COUNT { (focus)<-[:FROM]-() }) AS moves"""

# The counted moves per pair of orgs at the level: yields origin (null: unknown), dest and
# moves (how many). For the queries that only count: the moves are grouped by the orgs as
# named first, so the roll-up to the level runs once per pair of units (~200,000 at a
# million moves) rather than once per move.
COUNTED_PAIRS = """MATCH (:Person)-[:MADE]->(m:Move)-[:TO]->(to_unit:Org)
WHERE """ + MOVE_FILTER + """
OPTIONAL MATCH (m)-[:FROM]->(from_unit:Org)
WITH from_unit, to_unit, count(m) AS moves
WITH """ + DEST_AT_LEVEL + """ AS dest,
     """ + ORIGIN_AT_LEVEL + """ AS origin, moves
WHERE origin IS NULL OR origin <> dest
WITH origin, dest, sum(moves) AS moves"""


class OrgIndex:
    """Org ids to names, top-level ancestors and countries, computed once per graph."""

    def __init__(self, orgs: pd.DataFrame) -> None:
        parent = dict(zip(orgs["id"], orgs["parent"]))
        self.name = dict(zip(orgs["id"], orgs["name"]))
        own_country = dict(zip(orgs["id"], orgs["country"]))
        self.top: dict[str, str] = {}
        self.country: dict[str, str] = {}
        for org in orgs["id"]:
            node, country = org, None
            while True:
                if country is None and isinstance(own_country.get(node), str) and own_country[node]:
                    country = own_country[node]
                up = parent.get(node)
                if not isinstance(up, str) or not up:
                    break
                node = up
            self.top[org] = node
            self.country[org] = country or ""

    def at_level(self, ids: pd.Series, level: str) -> pd.Series:
        return ids.map(self.top) if level == "org" else ids


class GraphCodes:
    """A graph's orgs, people and moves as integer codes, built once per graph (:func:`graph_codes`).

    Org codes follow the sorted org ids, so code order is the order of a sorted group-by
    on ids. Person codes are in order of first appearance among the moves. ``-1`` means
    none (a move with an unknown origin). The ``move_*`` arrays follow ``data.moves``.
    """

    def __init__(self, data: GraphData) -> None:
        orgs, moves = data.orgs, data.moves
        index = OrgIndex(orgs)
        from_codes, from_ids = pd.factorize(moves["from_org"])
        to_codes, to_ids = pd.factorize(moves["to_org"])
        ids = sorted({*orgs["id"], *index.top.values(), *from_ids, *to_ids})
        code = {org: i for i, org in enumerate(ids)}
        self.org_id = np.array(ids, dtype=object)
        self.org_name = np.array([index.name.get(org) for org in ids], dtype=object)
        self.org_country = np.array([index.country.get(org, "") for org in ids], dtype=object)
        # An org missing from the org table (a load never leaves one) is its own top.
        self.org_top = np.array([code[index.top.get(org, org)] for org in ids], dtype=np.int64)
        self.org_code = code
        self.move_from = _recode(from_codes, from_ids, code)
        self.move_to = _recode(to_codes, to_ids, code)
        person_codes, person_ids = pd.factorize(moves["person_id"])
        self.person_id = np.append(np.asarray(person_ids, dtype=object), None)  # the last: no id
        self.move_person = np.where(person_codes < 0, len(person_ids), person_codes).astype(np.int64)
        self.person_name = _lookup(data.persons, self.person_id, "name")
        self.move_date = pd.to_datetime(moves["date"]).to_numpy()
        self.move_id = moves["id"]  # read only to order same-day moves (see Counted.career_order)
        status_codes, self.status_values = pd.factorize(moves["status"])
        self.move_status = status_codes

    @property
    def n_orgs(self) -> int:
        return len(self.org_id)

    def focus(self, org_id: str, level: str) -> int:
        """The code of the org a query is about (at org level a unit stands for its top org); -1 if unknown."""
        code = self.org_code.get(org_id, -1)
        return int(self.org_top[code]) if level == "org" and code >= 0 else code

    @cached_property
    def org_names_sorted(self) -> tuple[np.ndarray, list[str]]:
        """(each org's index in the sorted distinct names, orgs without a name after the last; those names)."""
        return _dense_rank(self.org_name)

    @property
    def org_name_rank(self) -> np.ndarray:
        return self.org_names_sorted[0]

    @cached_property
    def org_order(self) -> np.ndarray:
        """Each org's place when orgs are sorted by name, then id."""
        rank = np.empty(self.n_orgs, dtype=np.int64)
        rank[np.lexsort((np.arange(self.n_orgs), self.org_name_rank))] = np.arange(self.n_orgs)
        return rank

    @cached_property
    def person_names_sorted(self) -> tuple[np.ndarray, list[str]]:
        """(each person's index in the sorted distinct names, -1 without a name; those names)."""
        return _dense_rank(self.person_name, missing=-1)

    @cached_property
    def move_day_rank(self) -> tuple[np.ndarray, np.ndarray]:
        """(the distinct move dates sorted, each move's index among them): dates as small integers."""
        days, rank = np.unique(self.move_date, return_inverse=True)
        return days, rank.astype(np.int64)


def _lookup(table: pd.DataFrame, ids: np.ndarray, column: str) -> np.ndarray:
    """``table[column]`` for each of ``ids`` (None when absent; of a repeated id, the last row)."""
    index = pd.Index(table["id"])
    if not index.is_unique:
        index = pd.Index(table["id"].iloc[::-1]).drop_duplicates()
        table = table.iloc[::-1].drop_duplicates("id")
    values = np.append(table[column].to_numpy(dtype=object), None)
    return values[index.get_indexer(ids)]


def _recode(codes: np.ndarray, uniques: pd.Index, code: dict[str, int]) -> np.ndarray:
    """Codes of one factorize -> the graph's org codes (-1 stays -1)."""
    table = np.array([code[u] for u in uniques] + [-1], dtype=np.int64)
    return table[codes]


def _dense_rank(values: np.ndarray, missing: int | None = None) -> tuple[np.ndarray, list[str]]:
    """(rank of each value among the distinct texts, those texts sorted); ``missing`` (default:
    after the last) for a value that is not text. Python's order, as ``sorted`` gives it."""
    distinct = sorted({v for v in values.tolist() if isinstance(v, str)})
    place = {text: i for i, text in enumerate(distinct)}
    absent = len(distinct) if missing is None else missing
    return np.array([place.get(v, absent) if isinstance(v, str) else absent for v in values.tolist()],
                    dtype=np.int64), distinct


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted: ``np.unique`` without the hash
    table NumPy 2.3+ uses there, 50x slower than a sort on a million values."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def sort_order(*keys: np.ndarray) -> np.ndarray:
    """Positions that sort the rows by the first key, then the next ... (stable).

    ``np.lexsort(keys[::-1])``, but integer keys whose ranges fit are folded into one
    int64 and sorted once, 3-10x faster (with the position folded in too when it fits, so
    that no two rows tie and the fastest sort is stable).
    """
    n = len(keys[0])
    combined, span = np.zeros(n, dtype=np.int64), 1
    for key in keys:
        low = int(key.min()) if n else 0
        width = (int(key.max()) - low + 1) if n else 1
        if span * width >= 2**62:
            return np.lexsort(keys[::-1])
        combined = combined * width + (key - low)
        span *= width
    if span * max(n, 1) < 2**62:
        return np.argsort(combined * n + np.arange(n))
    return np.argsort(combined, kind="stable")


_CODES: dict[int, tuple[tuple[object, ...], GraphCodes]] = {}


def graph_codes(data: GraphData) -> GraphCodes:
    """The codes of ``data``, built on its first query and kept while ``data`` lives.

    They are rebuilt when a table of ``data`` is replaced; :meth:`MemoryBackend.load`
    makes a new :class:`GraphData`, so a load always gets fresh codes. Tables are never
    changed in place once loaded.
    """
    tables = (data.moves, data.orgs, data.persons)
    key = id(data)
    entry = _CODES.get(key)
    if entry is not None and all(a is b for a, b in zip(entry[0], tables)):
        return entry[1]
    codes = GraphCodes(data)
    if entry is None:
        weakref.finalize(data, _CODES.pop, key, None)
    _CODES[key] = (tables, codes)
    return codes


@dataclass(frozen=True)
class Counted:
    """The counted moves as parallel arrays, in the order of ``data.moves``.

    ``row`` is the move's position in ``data.moves``; ``origin`` and ``dest`` are org
    codes at the requested level (``origin`` -1 when unknown), ``from_unit`` and
    ``to_unit`` the orgs as named in the move.
    """

    codes: GraphCodes
    row: np.ndarray
    person: np.ndarray
    date: np.ndarray
    origin: np.ndarray
    dest: np.ndarray
    from_unit: np.ndarray
    to_unit: np.ndarray

    def __len__(self) -> int:
        return len(self.row)

    @property
    def day(self) -> np.ndarray:
        """Each move's date as its rank among the graph's distinct dates: a small integer to sort on."""
        return self.codes.move_day_rank[1][self.row]

    def take(self, which: np.ndarray) -> Counted:
        """The moves picked by a boolean mask or positions, in that order."""
        arrays = {f.name: getattr(self, f.name)[which] for f in fields(self) if f.name != "codes"}
        return Counted(self.codes, **arrays)

    def career_order(self) -> np.ndarray:
        """Positions sorting the moves by person, then date, destination name and move id.

        The order of a career (paths, alumni): same-day moves by their destination's name,
        then by id. Ids are compared only among moves tied on the rest, which are few.
        """
        day, name = self.day, self.codes.org_name_rank[self.dest]
        order = sort_order(self.person, day, name)
        person, day, name = self.person[order], day[order], name[order]
        tied = (person[1:] == person[:-1]) & (day[1:] == day[:-1]) & (name[1:] == name[:-1])
        for start in np.flatnonzero(np.r_[tied, False] & ~np.r_[False, tied]):
            stop = start + 1
            while stop < len(tied) and tied[stop]:
                stop += 1
            block = order[start : stop + 1]
            ids = self.codes.move_id.iloc[self.row[block]].tolist()
            order[start : stop + 1] = block[sorted(range(len(block)), key=ids.__getitem__)]
        return order


def counted(
    data: GraphData,
    since: pd.Timestamp | None = None,
    until: pd.Timestamp | None = None,
    level: str = "org",
    include_status: tuple[str, ...] = (),
) -> Counted:
    """The counted moves of ``data`` as :class:`Counted` arrays."""
    codes = graph_codes(data)
    # A last False for the -1 of a missing status.
    allowed = np.append(np.isin(np.asarray(codes.status_values, dtype=object), counted_statuses(include_status)), False)
    keep = allowed[codes.move_status]
    if since is not None:
        keep &= codes.move_date >= since.to_datetime64()
    if until is not None:
        keep &= codes.move_date <= until.to_datetime64()
    keep &= codes.move_to >= 0  # no destination: not a move the graph can hold
    row = np.flatnonzero(keep)
    from_unit, to_unit = codes.move_from[row], codes.move_to[row]
    if level == "org":
        origin = np.where(from_unit >= 0, codes.org_top[from_unit], -1)
        dest = codes.org_top[to_unit]
    else:
        origin, dest = from_unit, to_unit
    external = (origin != dest) | (from_unit < 0)
    row = row[external]
    return Counted(
        codes=codes,
        row=row,
        person=codes.move_person[row],
        date=codes.move_date[row],
        origin=origin[external],
        dest=dest[external],
        from_unit=from_unit[external],
        to_unit=to_unit[external],
    )


def counted_moves(
    data: GraphData,
    since: pd.Timestamp | None = None,
    until: pd.Timestamp | None = None,
    level: str = "org",
    include_status: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The counted moves, one row each, with orgs at ``level``.

    Columns: ``move_id, person_id, person, date, precision, status, role,
    compensation_usd, from_id, to_id, from_org, to_org`` (names at the level) and
    ``from_unit_id, to_unit_id`` (orgs as named in the move).
    """
    c = counted(data, since, until, level, include_status)
    m = data.moves.take(c.row)
    codes = c.codes
    out = pd.DataFrame({
        "move_id": m["id"],
        "person_id": m["person_id"],
        "person": codes.person_name[c.person],
        "date": m["date"],
        "precision": m["precision"],
        "status": m["status"],
        "role": m["role"],
        "compensation_usd": m["compensation_usd"],
        "from_id": _or_none(codes.org_id, c.origin),
        "to_id": codes.org_id[c.dest],
        "from_org": _or_none(codes.org_name, c.origin),
        "to_org": codes.org_name[c.dest],
        "from_unit_id": m["from_org"],
        "to_unit_id": m["to_org"],
    })
    return out.reset_index(drop=True)


def _or_none(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``values[codes]``, None where the code is -1."""
    out = values[codes]
    out[codes < 0] = None
    return out


def group_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Group rows by the code pair (a, b): (group of each row, a and b of each group, group sizes).

    Groups come in order of (a, b), as a sorted group-by on ids gives them.
    """
    width = int(max(a.max(initial=0), b.max(initial=0))) + 1
    pairs, group, size = np.unique(a.astype(np.int64) * width + b, return_inverse=True, return_counts=True)
    return group.ravel(), pairs // width, pairs % width, size


def people_by(codes: GraphCodes, group: np.ndarray, person: np.ndarray, n_groups: int) -> np.ndarray:
    """A ``people`` cell for each group 0..n_groups-1: distinct names, sorted, ``; ``-joined.

    ``group`` and ``person`` give each row's group and person code; groups without a
    named person get ``""``. Names are sorted once for all groups, and only groups of more
    than one name are joined in Python.
    """
    out = np.full(n_groups, "", dtype=object)
    person_rank, sorted_names = codes.person_names_sorted
    rank = person_rank[person]
    named = rank >= 0
    width = len(sorted_names) + 1
    keys = distinct(group[named].astype(np.int64) * width + rank[named])
    if not len(keys):
        return out
    group, rank = keys // width, keys % width
    names = np.array(sorted_names, dtype=object)[rank]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    stops = np.r_[starts[1:], len(group)]
    out[group[starts]] = names[starts]
    listed = names.tolist()
    for start, stop in zip(starts[stops - starts > 1].tolist(), stops[stops - starts > 1].tolist()):
        out[group[start]] = "; ".join(listed[start:stop])
    return out


def iso_dates(dates: np.ndarray) -> np.ndarray:
    """Dates as ``YYYY-MM-DD`` text (empty for none), for many rows at once."""
    text = np.datetime_as_string(np.asarray(dates, dtype="datetime64[D]"), unit="D").astype(object)
    text[np.isnat(dates)] = ""
    return text


def columns_to_rows(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """A Neo4j answer sent as rows of columns (a list per column) -> one row per item.

    A query with a large answer returns it so because the Python driver spends ~20 us on
    each record it receives, several seconds for 10^5 rows, and far less on a few long
    lists. The rows of ``frame`` hold the items in turn (a query split by origin is several
    reads, and flows sends a row per origin). ``names`` columns (lists of names) become the
    sorted ``; ``-joined text of their distinct names, as :meth:`Query.shape` would make
    them.
    """
    if not len(frame):
        return pd.DataFrame(columns=list(columns))
    out = {}
    for column, kind in columns.items():
        values = list(itertools.chain.from_iterable(frame[column]))
        if kind == "names":
            # Most pairs have one person: their name is the text, no set or sort to build.
            values = [names[0] if len(names) == 1 and isinstance(names[0], str)
                      else "; ".join(sorted({str(v) for v in names if v is not None})) for names in values]
        elif kind == "int" and None not in values:
            # Ten times faster than pandas converting the list (0.06 s for flows at a million moves).
            values = np.fromiter(values, dtype=np.int64, count=len(values))
        out[column] = values
    return pd.DataFrame(out)
