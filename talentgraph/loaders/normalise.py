"""From checked reports to the graph: the normalisation rules of SPEC §4 and §5.

Order matters and is the spec's: resolve org names (unknown names become unregistered
orgs), apply mergers by date, then merge duplicate reports into moves.

Two reports are the same move when they have the same person, the same destination (or
one destination is a unit of the other), the same origin (or one unknown, or one a unit
of the other), and dates at most 90 days apart. Reports are taken in date order and each
joins the first move whose every report it matches (so every pair inside a move obeys
the rule); otherwise it starts a new move. The merged move keeps the most specific
origin and destination, the earliest date among its finest-precision reports, the most
certain status, the largest compensation and every source.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from talentgraph.graph.model import (
    MOVE_COLUMNS,
    PERSON_COLUMNS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
    STATUS_RANK,
    GraphData,
)
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders.hashing import HELPER_MIN_KEYS, HashHelper, digests, hex_ids

__all__ = ["MERGE_WINDOW_DAYS", "build_graph", "move_id"]

MERGE_WINDOW_DAYS = 90
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
_DENIED = STATUS_RANK["denied"]


def move_id(person_id: str, from_org: str | None, to_org: str, date: pd.Timestamp) -> str:
    """The stable id of a move: a hash of who, from where, to where and when.

    >>> move_id("ada-lovelace", None, "openai", pd.Timestamp("2025-06-01"))
    'm-a814f534ee21786e'
    """
    return _hash("m-", f"{person_id}|{from_org or ''}|{to_org}|{date:%Y-%m-%d}")


def move_digests(moves: pd.DataFrame, helper: HashHelper | None = None) -> bytes:
    """The digests of :func:`move_id` for every row of a moves frame (see :mod:`.hashing`)."""
    codes, days = pd.factorize(moves["date"])
    day_text = np.asarray(pd.DatetimeIndex(days).strftime("%Y-%m-%d"), dtype=object)[codes]
    origins = moves["from_org"].to_numpy(dtype=object)
    origins = np.where(np.equal(origins, None), "", origins)  # origin unknown: empty in the key
    columns = (moves["person_id"].to_numpy(dtype=object), origins, moves["to_org"].to_numpy(dtype=object), day_text)
    return helper.split(*columns, sep="|") if helper is not None else digests(*columns, sep="|")


def _has_repeats(packed: bytes) -> bool:
    """Do two of these digests repeat? Compared as integers: hashing their hex costs more."""
    return pd.Series(np.frombuffer(packed, dtype=np.uint64)).duplicated().any()


def source_id(url: str, outlet: str, published: str) -> str:
    """The stable id of a source: its URL, or its outlet and date when it has no URL."""
    return _hash("s-", url if url else f"{outlet}|{published}")


def _hash(prefix: str, key: str) -> str:
    # The bulk hashing's own definition, for one key: the ids cannot drift apart.
    return hex_ids(prefix, digests([key]))[0]


def build_graph(reports: pd.DataFrame, registry: OrgRegistry, stints: pd.DataFrame | None = None) -> GraphData:
    """Normalise checked reports (and resolved stints) into a :class:`GraphData`.

    ``reports`` has the columns of :data:`talentgraph.loaders.moves.REPORT_COLUMNS`;
    the registry gains the unregistered orgs it meets.
    """
    reports = reports.reset_index(drop=True)
    with HashHelper(enabled=len(reports) >= HELPER_MIN_KEYS) as helper:
        mentions = _mentions(reports)
        # The sources' keys need only the reports: the helper hashes them while the moves are made.
        source_digests = helper.submit(mentions.keys[mentions.first_of_source])
        moves, reports = _moves(reports, registry, helper)
        sources, links = _sources(reports, mentions, source_digests(), _ids_by_cluster(moves, len(reports)))
    return GraphData(
        persons=_persons(reports, stints),
        orgs=registry.to_frame(),
        # Date order, ties in the order the moves were first reported: deterministic, and no
        # string sort (the slowest step of a large load).
        moves=moves[MOVE_COLUMNS].iloc[_date_order(moves["date"].to_numpy())].reset_index(drop=True),
        sources=sources,
        reports=links,
        stints=_worked_at(stints),
    )


def _date_order(dates: np.ndarray) -> np.ndarray:
    """``np.argsort(dates, kind="stable")``, sorting each date's rank among the distinct dates.

    A million moves fall on a few thousand days: their ranks fit 16 bits, which numpy sorts
    stably by radix, several times faster than a timsort of the dates themselves.
    """
    codes, days = pd.factorize(dates)
    if len(days) > 2**16 or (codes < 0).any():  # too many days, or a missing one: sort the dates
        return np.argsort(dates, kind="stable")
    rank = np.empty(len(days), dtype=np.uint16)
    rank[np.argsort(days)] = np.arange(len(days))
    return np.argsort(rank[codes], kind="stable")


def _moves(reports: pd.DataFrame, registry: OrgRegistry, helper: HashHelper) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The moves (in cluster order, with ids), and the reports labelled with their move."""
    from_id, to_id = _resolve(reports, registry)
    from_id, to_id = _apply_mergers(reports["date"], from_id, to_id, registry)
    reports = reports.assign(from_org=from_id, to_org=to_id)
    reports["cluster"] = _cluster(reports, registry)
    moves = _merge_clusters(reports, registry)
    packed = move_digests(moves, helper)
    if _has_repeats(packed):
        # Two moves that ended with the same person, orgs and date are one move: fold them.
        moves["id"] = hex_ids("m-", packed)
        first_cluster = moves.groupby("id")["cluster"].transform("first")
        reports["cluster"] = reports["cluster"].map(dict(zip(moves["cluster"], first_cluster)))
        moves = _merge_clusters(reports, registry)
        packed = move_digests(moves, helper)
    moves["id"] = hex_ids("m-", packed)
    return moves, reports


def _ids_by_cluster(moves: pd.DataFrame, reports: int) -> np.ndarray:
    """Each move's id at its cluster label (a report's position): labels index it directly."""
    ids = np.empty(reports, dtype=object)
    ids[moves["cluster"].to_numpy()] = moves["id"].to_numpy()
    return ids


def _persons(reports: pd.DataFrame, stints: pd.DataFrame | None) -> pd.DataFrame:
    """Each person once, named as first reported (reports, then stints)."""
    return (
        pd.concat([reports[["person_id", "person"]],
                   stints[["person_id", "person"]] if stints is not None else None])
        .drop_duplicates("person_id")
        .rename(columns={"person_id": "id", "person": "name"})[PERSON_COLUMNS]
        .reset_index(drop=True)
    )


def _worked_at(stints: pd.DataFrame | None) -> pd.DataFrame:
    """One WORKED_AT per (person, org, start), the last row winning, as Neo4j's MERGE does."""
    if stints is None:
        return GraphData().stints
    keys = ["person_id", "org", "start"]
    return stints.drop(columns=["person"]).drop_duplicates(keys, keep="last").reset_index(drop=True)


def _resolve(reports: pd.DataFrame, registry: OrgRegistry) -> tuple[pd.Series, pd.Series]:
    # One factorize of both columns: each distinct name is resolved once, in order of first
    # appearance (unregistered ids depend on that order), and codes carry the ids to the rows.
    n = len(reports)
    names = np.concatenate([reports["to_name"].to_numpy(dtype=object), reports["from_name"].to_numpy(dtype=object)])
    codes, uniques = pd.factorize(names)
    ids = [registry.resolve_or_register(name) if name else None for name in uniques]
    # Code -1 (a missing name) and the empty name resolve to nothing: NaN for a destination,
    # None (origin unknown) for an origin.
    to_ids = np.array([np.nan if i is None else i for i in ids] + [np.nan], dtype=object)
    from_ids = np.array([*ids, None], dtype=object)
    to_id = pd.Series(to_ids[codes[:n]], index=reports.index, dtype=object)
    from_id = pd.Series(from_ids[codes[n:]], index=reports.index, dtype=object)
    return from_id, to_id


def _apply_mergers(
    dates: pd.Series, from_id: pd.Series, to_id: pd.Series, registry: OrgRegistry
) -> tuple[pd.Series, pd.Series]:
    merged = [o for o in registry if o.merged_into and o.merged]
    if not merged:
        return from_id, to_id
    from_id, to_id = from_id.copy(), to_id.copy()
    # A chain (A merged into B, B later into C) takes as many passes as it has links.
    for _ in range(len(merged)):
        changed = False
        for org in merged:
            on_or_after = dates >= pd.Timestamp(org.merged)
            for side in (from_id, to_id):
                hit = (side == org.id) & on_or_after
                if hit.any():
                    side[hit] = org.merged_into
                    changed = True
        if not changed:
            break
    return from_id, to_id


def _cluster(reports: pd.DataFrame, registry: OrgRegistry) -> np.ndarray:
    """Label each report with the move it belongs to (an integer)."""
    n = len(reports)
    labels = np.arange(n)
    if n == 0:
        return labels
    # Integer codes instead of strings: sorting 10^6 names is the slowest step of a load.
    person_code = pd.factorize(reports["person_id"].to_numpy(dtype=object))[0]
    org_code, orgs = pd.factorize(reports["to_org"].to_numpy(dtype=object))
    top_code = pd.factorize(np.array([registry.top(org) for org in orgs], dtype=object))[0][org_code]
    all_day = reports["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    # A stable sort: file order among same-day reports, so results never depend on hashing.
    order = _stable_order(person_code, top_code, all_day)
    person = person_code[order]
    top = top_code[order]
    day = all_day[order]
    # Reports in different runs can never be one move: a run breaks where the person or
    # top-level destination changes or the date jumps by more than the window.
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (person[1:] != person[:-1]) | (top[1:] != top[:-1]) | (np.diff(day) > MERGE_WINDOW_DAYS)
    starts = np.flatnonzero(new_run)
    ends = np.append(starts[1:], n)
    to_org = reports["to_org"].to_numpy()
    from_org = reports["from_org"].to_numpy()

    def compatible(i: int, j: int) -> bool:
        if abs(all_day[i] - all_day[j]) > MERGE_WINDOW_DAYS:
            return False
        if not registry.nested(to_org[i], to_org[j]):
            return False
        fi, fj = from_org[i], from_org[j]
        return fi is None or fj is None or registry.nested(fi, fj)

    # Runs of two, the usual duplicate report, settled vectorised: same destination and
    # origin (or one unknown) is one move; anything subtler is left to compatible().
    sizes = ends - starts
    first, second = order[starts[sizes == 2]], order[starts[sizes == 2] + 1]
    fi, fj = from_org[first], from_org[second]
    plain = (to_org[first] == to_org[second]) & (np.equal(fi, None) | np.equal(fj, None) | (fi == fj))
    subtle = np.flatnonzero(~plain)
    joined = plain.copy()
    joined[subtle] = [compatible(second[k], first[k]) for k in subtle]
    labels[second[joined]] = first[joined]
    for start, end in zip(starts[sizes > 2], ends[sizes > 2]):
        groups: list[list[int]] = []
        for i in order[start:end]:
            for group in groups:
                if all(compatible(i, j) for j in group):
                    group.append(i)
                    break
            else:
                groups.append([i])
        for group in groups:
            labels[group] = group[0]
    return labels


def _stable_order(*keys: np.ndarray) -> np.ndarray:
    """The stable sort order by integer keys, the first key major: ``np.lexsort(keys[::-1])``.

    Keys that fit one int64 together are sorted as one: a single timsort over runs the
    file already has (a person's reports sit together) beats lexsort's pass per key.
    """
    lows = [int(k.min()) if len(k) else 0 for k in keys]
    spans = [int(k.max()) - low + 1 if len(k) else 1 for k, low in zip(keys, lows)]
    if np.prod([float(s) for s in spans]) >= 2.0**62:
        return np.lexsort(keys[::-1])
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    for key, low, span in zip(keys, lows, spans):
        combined = combined * span + (key.astype(np.int64) - low)
    return np.argsort(combined, kind="stable")


_MOVE_FIELDS = ["person_id", "cluster", "from_org", "to_org", "date", "precision", "status", "role",
                "compensation_usd", "compensation_kind", "notes", "extra"]


def _merge_clusters(reports: pd.DataFrame, registry: OrgRegistry) -> pd.DataFrame:
    """One move per cluster label, in label order."""
    labels = reports["cluster"].to_numpy()
    sizes = np.bincount(labels, minlength=len(labels))
    clusters = np.flatnonzero(sizes)  # every label, in order
    # A row of each cluster: for the many moves reported once, their report is the move.
    member = np.empty(len(labels), dtype=np.int64)
    member[labels] = np.arange(len(labels))
    columns = _lone_moves(reports, member[clusters])
    grouped_rows = np.flatnonzero(sizes[labels] > 1)
    if len(grouped_rows):
        # Only the reports of moves reported more than once go through the group-by; their
        # moves overwrite the placeholders at their labels' places.
        grouped = _grouped_moves(reports[_MOVE_FIELDS].iloc[grouped_rows], registry)
        at = np.searchsorted(clusters, grouped["cluster"].to_numpy())
        for name in _MOVE_FIELDS:
            values = grouped[name].to_numpy()
            column = columns[name].astype(np.result_type(columns[name], values), copy=False)
            column[at] = values
            columns[name] = column
    # copy=False: the arrays are fresh, and pandas would otherwise copy each into one block.
    return pd.DataFrame({
        name: pd.Series(values, dtype=values.dtype if values.dtype != object else object, copy=False)
        for name, values in columns.items()
    }, copy=False)


def _lone_moves(reports: pd.DataFrame, rows: np.ndarray) -> dict[str, np.ndarray]:
    """The moves of clusters of one report each: the rule below, with nothing to merge."""
    column = {name: reports[name].to_numpy()[rows] for name in _MOVE_FIELDS}
    column["compensation_usd"] = column["compensation_usd"].astype(float)
    # A kind only beside an amount: the few paid moves are looked at, not a million kinds.
    paid = np.flatnonzero(~np.isnan(column["compensation_usd"]))
    kind = column["compensation_kind"].astype(object, copy=False)[paid]
    column["compensation_kind"] = np.empty(len(rows), dtype=object)  # None where unpaid
    column["compensation_kind"][paid] = np.where(pd.notna(kind) & (kind != ""), kind, None)
    return {name: values if name in ("date", "compensation_usd", "cluster") else values.astype(object, copy=False)
            for name, values in column.items()}


def _grouped_moves(reports: pd.DataFrame, registry: OrgRegistry) -> pd.DataFrame:
    orgs = pd.unique(pd.concat([reports["to_org"], reports["from_org"].dropna()]))
    depth = {org: registry.depth(org) for org in orgs}
    r = reports.assign(
        prec_rank=reports["precision"].map(_PRECISION_RANK),
        status_rank=reports["status"].map(STATUS_RANK),
        to_depth=reports["to_org"].map(depth),
        from_depth=reports["from_org"].map(depth).fillna(-1),
    )
    g = r.groupby("cluster", sort=True)

    def only(rows: pd.Series | slice, *columns: str) -> pd.DataFrame:
        # Each rule sorts or filters just the columns it needs: never all twenty.
        return r.loc[rows, ["cluster", *columns]]

    # The most specific origin/destination: the deepest in the unit tree (all are nested).
    to_org = (only(slice(None), "to_depth", "to_org").sort_values("to_depth", ascending=False, kind="stable")
              .groupby("cluster")["to_org"].first())
    from_org = (
        only(r["from_org"].notna(), "from_depth", "from_org")
        .sort_values("from_depth", ascending=False, kind="stable")
        .groupby("cluster")["from_org"].first()
    )
    finest = g["prec_rank"].transform("max") == r["prec_rank"]
    dated = (only(finest, "date", "precision").sort_values("date", kind="stable")
             .groupby("cluster")[["date", "precision"]].first())
    not_denied = only(r["status_rank"] != _DENIED, "status_rank").groupby("cluster")["status_rank"].min()
    status_rank = g["status_rank"].min().to_frame("any").join(not_denied.rename("best"))
    status = status_rank["best"].fillna(_DENIED).map({v: k for k, v in STATUS_RANK.items()})
    paid = (only(r["compensation_usd"].notna(), "compensation_usd", "compensation_kind")
            .sort_values("compensation_usd", ascending=False, kind="stable"))
    compensation = paid.groupby("cluster")[["compensation_usd", "compensation_kind"]].first()
    role = only(r["role"] != "", "role").groupby("cluster")["role"].first()
    notes = only(r["notes"] != "", "notes").groupby("cluster")["notes"].agg(lambda s: " | ".join(dict.fromkeys(s)))
    if r["extra"].map(bool).any():
        extra = r.groupby("cluster")["extra"].agg(_merge_dicts)
    else:
        extra = pd.Series([{} for _ in range(g.ngroups)], index=g.size().index, dtype=object)
    moves = pd.DataFrame({"person_id": g["person_id"].first()})
    moves["cluster"] = moves.index
    moves["from_org"] = from_org.reindex(moves.index).astype(object)
    moves["from_org"] = moves["from_org"].where(moves["from_org"].notna(), None)
    moves["to_org"] = to_org
    moves["date"] = dated["date"]
    moves["precision"] = dated["precision"]
    moves["status"] = status
    moves["role"] = role.reindex(moves.index).fillna("")
    moves["compensation_usd"] = compensation["compensation_usd"].reindex(moves.index).astype(float)
    kind = compensation["compensation_kind"].reindex(moves.index)
    moves["compensation_kind"] = kind.where(kind.notna() & (kind != ""), None)
    moves["notes"] = notes.reindex(moves.index).fillna("")
    moves["extra"] = extra.reindex(moves.index)
    return moves.reset_index(drop=True)


def _merge_dicts(dicts: pd.Series) -> dict:
    merged: dict = {}
    for d in dicts:
        for k, v in d.items():
            merged.setdefault(k, v)
    return merged


@dataclass
class _Mentions:
    """The reports that name a source, their source fields, and which source each names."""

    rows: np.ndarray | None  # the reports naming a source (None: all of them)
    url: np.ndarray
    outlet: np.ndarray
    published: np.ndarray
    keys: np.ndarray  # what a source's id hashes: its URL, else outlet|date
    source: np.ndarray  # per mention, its source's number, in order of first mention
    first_of_source: np.ndarray  # per source, its first mention

    def of(self, values: np.ndarray) -> np.ndarray:
        """The mentions' entries of a column of the reports."""
        return values if self.rows is None else values[self.rows]


def _mentions(reports: pd.DataFrame) -> _Mentions:
    url = reports["source_url"].to_numpy(dtype=object)
    outlet = reports["source"].to_numpy(dtype=object)
    has = (url != "") | (outlet != "")
    rows = None if has.all() else np.flatnonzero(has)  # None: no million-row copies to make

    def of(values: np.ndarray) -> np.ndarray:
        return values if rows is None else values[rows]

    url, outlet, published = of(url), of(outlet), of(reports["source_date"].to_numpy(dtype=object))
    keys = url.copy()
    no_url = np.flatnonzero(url == "")  # a source without a URL is its outlet and date
    keys[no_url] = outlet[no_url] + "|" + published[no_url]
    source, first_of_source = _codes_and_first_rows(keys)  # codes in order of first mention
    return _Mentions(rows, url, outlet, published, keys, source, first_of_source)


def _sources(reports: pd.DataFrame, m: _Mentions, packed: bytes,
             move_ids: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Source nodes and the REPORTED_BY links, each in order of first mention.

    ``packed``: the digests of the sources' keys; ``move_ids``: each move's id at its cluster label.
    """
    if not len(m.keys):
        return GraphData().sources, GraphData().reports
    sources = _text_frame({
        "id": hex_ids("s-", packed),
        "url": _first_filled(m.source, m.url, m.first_of_source),
        "outlet": _first_filled(m.source, m.outlet, m.first_of_source),
        "published": _first_filled(m.source, m.published, m.first_of_source),
    })
    # A link is a (move, source) pair; the cluster label stands for the move.
    cluster = m.of(reports["cluster"].to_numpy()).astype(np.int64)
    if len(m.first_of_source) == len(m.keys):  # each source mentioned once: every pair is new
        pair = first_of_pair = np.arange(len(m.keys))
    else:
        pair, first_of_pair = _codes_and_first_rows(cluster * len(m.first_of_source) + m.source)
    links = _text_frame({
        "move_id": move_ids[cluster[first_of_pair]],
        "source_id": sources["id"].to_numpy(dtype=object)[m.source[first_of_pair]],
        "quote": _first_filled(pair, m.of(reports["quote"].to_numpy(dtype=object)), first_of_pair),
    })
    return sources[SOURCE_COLUMNS], links[REPORT_COLUMNS]


def _text_frame(columns: dict[str, object]) -> pd.DataFrame:
    # Object columns as given: letting pandas infer its string dtype scans every cell again,
    # and copy=False spares a copy of each fresh array (and one more into a shared block).
    return pd.DataFrame({name: pd.Series(values, dtype=object, copy=False) for name, values in columns.items()},
                        copy=False)


def _codes_and_first_rows(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group codes in order of first appearance, and the row where each group first appears."""
    codes, _ = pd.factorize(keys)
    if not len(codes) or codes.min() < 0:  # none, or a missing key (code -1): sort them out
        return codes, np.unique(codes, return_index=True)[1]
    # Codes count up from 0 in order of first appearance: a group starts where the running
    # maximum rises. One pass, where np.unique would sort a million codes.
    peak = np.maximum.accumulate(codes)
    return codes, np.flatnonzero(np.concatenate([[True], peak[1:] > peak[:-1]]))


def _first_filled(codes: np.ndarray, values: np.ndarray, first_rows: np.ndarray) -> np.ndarray:
    """For each group, its first non-empty value in row order ("" when it has none)."""
    out = values[first_rows]
    empty = np.flatnonzero(out == "")
    if len(empty) and len(codes) > len(first_rows):  # some group may have a later, filled row
        later = np.flatnonzero((values != "") & np.isin(codes, empty))
        groups, first = np.unique(codes[later], return_index=True)
        out[groups] = values[later[first]]
    return out
