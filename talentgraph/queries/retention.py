"""Do the people an org hires stay, and for how long?

A **stint** at an org starts with a counted move into it (see
:mod:`talentgraph.queries.counted`) dated between ``since`` and ``until``, and ends at
the same person's next counted move dated strictly later, wherever it goes and whatever
its date (the end may fall after ``until``). At ``org`` level a move between two units of
one org is internal: it neither starts nor ends a stint. Two moves on the same day do not
end each other.

A stint that has not ended is **censored** at ``as_of``: we know the person stayed at
least that long, not how long they will stay. ``as_of`` defaults to the date of the
latest counted move in the whole data (any date, not only the since/until window). Given
explicitly, it is the day we pretend to stand on: a stint that starts after it is left
out, and a departure after it is not known yet (the stint is censored at ``as_of``).

**retention** is the Kaplan-Meier estimate (computed as SciPy's ``ecdf`` computes it, to
the same floats) of the share of stints still running ``horizon_days`` after they
started; a departure exactly ``horizon_days`` after the start counts as gone.
Kaplan-Meier is what lets censored stints count: a stint censored at day 400 counts as
"still there" up to day 400 and no further.
**median_tenure_days** is the first number of days at which that estimate is at or below
one half; empty when it never is (more than half of the stints are still running, as
far as we know). **hires** is the number of stints, **departures** the number that ended.
Only orgs with at least ``min_hires`` stints are listed.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import DEST_AT_LEVEL, ORIGIN_AT_LEVEL, counted, distinct, sort_order

TITLE = "Retention of hires (Kaplan-Meier)"
PARAMS = (
    *COMMON_PARAMS,
    Param("horizon_days", "int", 730, "retention is the share still there this many days after the hire"),
    Param("as_of", "date", None, "censor stints still running at this date (default: the latest counted move)"),
    Param("min_hires", "int", 5, "list only orgs with at least this many stints"),
)
COLUMNS = {
    "org": "str", "hires": "int", "departures": "int", "retention": "float", "median_tenure_days": "float",
}
SORT = (("retention", False),)

# Survival at or below one half, allowing for the rounding of a product of fractions.
_HALF = 0.5 + 1e-9

# One row per destination org: `starts`, its stints' start dates as days since 1970-01-01,
# `days`, each stint's days to its end (-1: not ended), and `latest`, the date of the
# latest counted move into the org (of any date); Kaplan-Meier is done in Python. Stints
# start at moves dated in [since, until] and end at moves of any date: the status and
# level rules of COUNTED_MOVES without since/until.
# Why this shape: at a million moves, re-matching each person's later moves for every
# hire took 65 s; here the counted moves are grouped once by person, and each hire's end
# is the person's earliest later date. (Rolling up once per pair of units first, as flows
# does, costs an extra grouping here: 8 s instead of 6.) The answer is sent as lists of
# integers: the driver takes ~5 s to decode a million dates, 0.1 s for as many integers.
CYPHER = """MATCH (m:Move)
USING SCAN m:Move
WHERE m.status IN $statuses
MATCH (p:Person)-[:MADE]->(m)-[:TO]->(to_unit:Org)
OPTIONAL MATCH (m)-[:FROM]->(from_unit:Org)
WITH p, m.date AS date, """ + ORIGIN_AT_LEVEL + """ AS origin,
     """ + DEST_AT_LEVEL + """ AS dest
WHERE origin IS NULL OR origin <> dest
WITH p, collect(date) AS dates, collect(dest) AS dests
UNWIND range(0, size(dates) - 1) AS i
WITH dests[i] AS org, dates[i] AS start, dates,
     ($since IS NULL OR dates[i] >= date($since)) AND ($until IS NULL OR dates[i] <= date($until)) AS hired
WITH org, start, hired,
     CASE WHEN hired THEN reduce(e = null, d IN dates | CASE WHEN d > start AND (e IS NULL OR d < e) THEN d ELSE e END)
     END AS ended
WITH org, max(start) AS latest,
     collect(CASE WHEN hired THEN duration.inDays(date('1970-01-01'), start).days END) AS starts,
     collect(CASE WHEN hired THEN coalesce(duration.inDays(start, ended).days, -1) END) AS days
RETURN org.id AS org_id, org.name AS org, starts, days, latest
ORDER BY org_id
"""


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    horizon_days: int,
    as_of: pd.Timestamp | None,
    min_hires: int,
) -> pd.DataFrame:
    every = counted(data, None, None, level, include_status)
    if not len(every):
        return pd.DataFrame(columns=list(COLUMNS))
    hired = np.ones(len(every), dtype=bool)
    if since is not None:
        hired &= every.date >= since.to_datetime64()
    if until is not None:
        hired &= every.date <= until.to_datetime64()
    hires = every.take(hired)
    # Each of a person's move dates -> the next later one: where a stint started then ends.
    # A (person, date) pair is one integer, person-major, so the next distinct pair of the
    # same person holds the end.
    dates, date_rank = every.codes.move_day_rank
    pairs = every.person * len(dates) + date_rank[every.row]
    known = distinct(pairs)
    after = np.searchsorted(known, pairs[hired], side="right")
    has_end = after < len(known)
    after[~has_end] = 0
    has_end &= known[after] // len(dates) == hires.person
    stints = pd.DataFrame({
        "org_id": hires.dest,
        "org": every.codes.org_name[hires.dest],
        "start": hires.date,
        "ended": np.where(has_end, dates[known[after] % len(dates)], np.datetime64("NaT")),
    })
    if as_of is None:
        as_of = pd.Timestamp(every.date.max())
    return retention_table(stints, as_of, horizon_days, min_hires)


def finish(frame: pd.DataFrame, params: dict) -> pd.DataFrame:
    """The Neo4j answer (org_id, org, starts, days, latest; see CYPHER) -> the retention table."""
    if frame.empty:
        return retention_table(frame, pd.NaT, params["horizon_days"], params["min_hires"])
    per_org = frame["starts"].map(len).to_numpy(dtype=np.int64)
    start = np.fromiter(chain.from_iterable(frame["starts"]), dtype=np.int64, count=int(per_org.sum()))
    days = np.fromiter(chain.from_iterable(frame["days"]), dtype=np.int64, count=int(per_org.sum()))
    start_date = start.astype("datetime64[D]")
    stints = pd.DataFrame({
        "org_id": np.repeat(frame["org_id"].to_numpy(dtype=object), per_org),
        "org": np.repeat(frame["org"].to_numpy(dtype=object), per_org),
        "start": start_date.astype("datetime64[ns]"),
        "ended": np.where(days >= 0, start_date + days, np.datetime64("NaT")).astype("datetime64[ns]"),
    })
    as_of = params.get("as_of")
    if as_of is None:
        as_of = _dates(frame["latest"]).max()
    return retention_table(stints, as_of, params["horizon_days"], params["min_hires"])


def retention_table(
    stints: pd.DataFrame, as_of: pd.Timestamp, horizon_days: int, min_hires: int
) -> pd.DataFrame:
    """Hires, departures, Kaplan-Meier retention and median tenure per org.

    ``stints`` has one row per stint: ``org_id``, ``org`` (its name), ``start`` and
    ``ended`` (the date of the next move, missing while the stint runs).
    """
    columns = list(COLUMNS)
    if stints.empty:
        return pd.DataFrame(columns=columns)
    stints = stints[stints["start"] <= as_of]
    if stints.empty:
        return pd.DataFrame(columns=columns)
    ended = stints["ended"].notna() & (stints["ended"] <= as_of)
    stop = stints["ended"].where(ended, as_of)
    days = (stop - stints["start"]).dt.days.to_numpy(dtype=np.int64)
    # Orgs in order of id, as a sorted group-by gives them.
    org, _ = pd.factorize(stints["org_id"], sort=True)
    n_orgs = int(org.max(initial=-1)) + 1
    gone = ended.to_numpy(dtype=bool)
    retention, median = kaplan_meier(org, days, gone, horizon_days, n_orgs)
    hires = np.bincount(org, minlength=n_orgs)
    departures = np.bincount(org, weights=gone, minlength=n_orgs).astype(np.int64)
    first = np.unique(org, return_index=True)[1]
    listed = hires >= min_hires
    return pd.DataFrame({
        "org": stints["org"].to_numpy()[first][listed],
        "hires": hires[listed],
        "departures": departures[listed],
        "retention": retention[listed],
        "median_tenure_days": median[listed],
    }, columns=columns)


def kaplan_meier(
    group: np.ndarray, days: np.ndarray, gone: np.ndarray, horizon_days: int, n_groups: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per group: survival at ``horizon_days`` (a departure on that day counts) and median tenure.

    ``group`` numbers each stint's org (0 .. n_groups-1, at least one stint), ``days`` is
    its length, ``gone`` whether it ended (True) or is censored (False). The median is the
    first time the survival is at or below 0.5, NaN if never. Every org at once, with the
    arithmetic of ``scipy.stats.ecdf`` (which has one path for censored samples and one for
    uncensored ones), so the floats are SciPy's to the last bit:

    >>> from scipy.stats import CensoredData, ecdf
    >>> days = np.array([37, 43, 47, 56, 60, 62, 71, 77, 80, 81, 5, 9, 9, 30])
    >>> gone = np.array([0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]) == 1
    >>> group = np.repeat([0, 1], [10, 4])  # 0 has censored stints, 1 has none
    >>> scipy = [ecdf(CensoredData(uncensored=days[(group == g) & gone], right=days[(group == g) & ~gone])).sf
    ...          for g in (0, 1)]
    >>> for horizon in (0, 9, 47, 60, 100):
    ...     retention, median = kaplan_meier(group, days, gone, horizon, 2)
    ...     print(all(retention[g] == scipy[g].evaluate(horizon) for g in (0, 1)), median.tolist())
    True [77.0, 9.0]
    True [77.0, 9.0]
    True [77.0, 9.0]
    True [77.0, 9.0]
    True [77.0, 9.0]
    """
    order = sort_order(group, days)
    group, days, gone = group[order], days[order], gone[order]
    size = np.bincount(group, minlength=n_groups)
    censored = np.bincount(group, weights=~gone, minlength=n_groups) > 0
    group_start = np.cumsum(size) - size
    # One entry per (group, distinct length): the steps of each group's survival curve.
    first = np.flatnonzero(np.r_[True, (group[1:] != group[:-1]) | (days[1:] != days[:-1])])
    step_group, step_days = group[first], days[first]
    at_risk = size[step_group] - (first - group_start[step_group])
    ending = np.diff(np.r_[first, len(days)])
    died = np.add.reduceat(gone.astype(np.int64), first)
    # SciPy multiplies the product-limit factors in order when some stints are censored,
    # and takes 1 - events / n when none is: different floats, so both are kept.
    product = pd.Series((at_risk - died) / at_risk).groupby(step_group).cumprod().to_numpy()
    events = pd.Series(ending).groupby(step_group).cumsum().to_numpy()
    survival = np.where(censored[step_group], product, 1 - events / size[step_group])
    steps = np.bincount(step_group, minlength=n_groups)
    steps_start = np.cumsum(steps) - steps
    # Survival at the horizon: the last step at or before it (1 before the first step).
    upto = np.bincount(step_group, weights=step_days <= horizon_days, minlength=n_groups).astype(np.int64)
    retention = np.where(upto > 0, survival[np.maximum(steps_start + upto - 1, 0)], 1.0)
    median = np.full(n_groups, np.nan)
    below = np.flatnonzero(survival <= _HALF)
    groups, firsts = np.unique(step_group[below], return_index=True)
    median[groups] = step_days[below[firsts]]
    return retention.astype(np.float64), median


def _dates(values: pd.Series) -> pd.Series:
    """Neo4j dates (or None) as pandas timestamps."""
    return pd.to_datetime(values.map(lambda v: v.to_native() if hasattr(v, "to_native") else v))
