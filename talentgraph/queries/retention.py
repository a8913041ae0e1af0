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

**retention** is the Kaplan-Meier estimate (computed by SciPy) of the share of stints
still running ``horizon_days`` after they started; a departure exactly ``horizon_days``
after the start counts as gone. Kaplan-Meier is what lets censored stints count: a stint
censored at day 400 counts as "still there" up to day 400 and no further.
**median_tenure_days** is the first number of days at which that estimate is at or below
one half; empty when it never is (more than half of the stints are still running, as
far as we know). **hires** is the number of stints, **departures** the number that ended.
Only orgs with at least ``min_hires`` stints are listed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import CensoredData, ecdf

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_MOVES, counted_moves

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

# One row per stint (org, start, ended) with the as_of date; Kaplan-Meier is done in Python.
# `later` and `latest` look at counted moves of any date: the status and level rules of
# COUNTED_MOVES without since/until.
CYPHER = """
CALL () {
  MATCH (:Person)-[:MADE]->(n:Move)-[:TO]->(n_to:Org)
  WHERE n.status IN $statuses
  OPTIONAL MATCH (n)-[:FROM]->(n_from:Org)
  WITH n, n_from, n_to,
       [(n_to)-[:PART_OF*0..]->(top:Org) WHERE NOT (top)-[:PART_OF]->(:Org) | top][0] AS to_top,
       [(n_from)-[:PART_OF*0..]->(top:Org) WHERE NOT (top)-[:PART_OF]->(:Org) | top][0] AS from_top
  WHERE n_from IS NULL OR CASE $level WHEN 'unit' THEN n_from <> n_to ELSE from_top <> to_top END
  RETURN max(n.date) AS latest
}
CALL () {""" + COUNTED_MOVES + """  RETURN p, m, dest
}
CALL (p, m) {
  MATCH (p)-[:MADE]->(n:Move)-[:TO]->(n_to:Org)
  WHERE n.status IN $statuses AND n.date > m.date
  OPTIONAL MATCH (n)-[:FROM]->(n_from:Org)
  WITH n, n_from, n_to,
       [(n_to)-[:PART_OF*0..]->(top:Org) WHERE NOT (top)-[:PART_OF]->(:Org) | top][0] AS to_top,
       [(n_from)-[:PART_OF*0..]->(top:Org) WHERE NOT (top)-[:PART_OF]->(:Org) | top][0] AS from_top
  WHERE n_from IS NULL OR CASE $level WHEN 'unit' THEN n_from <> n_to ELSE from_top <> to_top END
  RETURN min(n.date) AS ended
}
RETURN dest.id AS org_id, dest.name AS org, p.name AS person, m.date AS start, ended,
       coalesce(date($as_of), latest) AS as_of
ORDER BY org, start, person
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
    every = counted_moves(data, None, None, level, include_status)
    hires = every
    if since is not None:
        hires = hires[hires["date"] >= since]
    if until is not None:
        hires = hires[hires["date"] <= until]
    # Each of a person's move dates -> the next later one: where a stint started then ends.
    days = every[["person_id", "date"]].drop_duplicates().sort_values(["person_id", "date"])
    days["ended"] = days.groupby("person_id")["date"].shift(-1)
    stints = hires.merge(days, on=["person_id", "date"], how="left")
    stints = stints.rename(columns={"to_id": "org_id", "to_org": "org", "date": "start"})
    if as_of is None:
        as_of = every["date"].max()
    return retention_table(stints, as_of, horizon_days, min_hires)


def finish(frame: pd.DataFrame, params: dict) -> pd.DataFrame:
    """The Neo4j stints (org_id, org, start, ended, as_of) -> the retention table."""
    if frame.empty:
        return retention_table(frame, pd.NaT, params["horizon_days"], params["min_hires"])
    stints = frame.assign(start=_dates(frame["start"]), ended=_dates(frame["ended"]))
    as_of = _dates(frame["as_of"]).iat[0]
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
    ended = stints["ended"].notna() & (stints["ended"] <= as_of)
    stop = stints["ended"].where(ended, as_of)
    stints = stints.assign(days=(stop - stints["start"]).dt.days, gone=ended)
    rows = []
    for _, stint in stints.groupby("org_id", sort=True):
        if len(stint) < min_hires:
            continue
        retention, median = kaplan_meier(stint["days"].to_numpy(), stint["gone"].to_numpy(), horizon_days)
        rows.append((stint["org"].iat[0], len(stint), int(stint["gone"].sum()), retention, median))
    return pd.DataFrame(rows, columns=columns)


def kaplan_meier(days: np.ndarray, gone: np.ndarray, horizon_days: int) -> tuple[float, float]:
    """Survival at ``horizon_days`` (a departure on that day counts) and the median tenure.

    ``days`` is each stint's length, ``gone`` whether it ended (True) or is censored
    (False). The median is the first time the survival is at or below 0.5, NaN if never.
    """
    sample = CensoredData(uncensored=days[gone].astype(float), right=days[~gone].astype(float))
    survival = ecdf(sample).sf  # a right-continuous step function: the drop on day t is in sf(t)
    retention = float(survival.evaluate(horizon_days))
    below = np.flatnonzero(survival.probabilities <= _HALF)
    median = float(survival.quantiles[below[0]]) if below.size else float("nan")
    return retention, median


def _dates(values: pd.Series) -> pd.Series:
    """Neo4j dates (or None) as pandas timestamps."""
    return pd.to_datetime(values.map(lambda v: v.to_native() if hasattr(v, "to_native") else v))
