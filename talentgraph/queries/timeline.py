"""How many people joined and left one org, month by month (or by quarter, or by year)?

For the org named by ``org`` (its registry name, an alias or its id; case, accents and
punctuation do not matter), **inflow** is the number of counted moves
into it in the period and **outflow** the number of counted moves out of it (see
:mod:`talentgraph.queries.counted`; a move from an unknown origin counts for inflow);
**net** = inflow - outflow. The periods run from the period of the
org's first counted move to that of its last, every period listed, zeros included;
``freq`` chooses months (``2025-06``), quarters (``2025-Q2``) or years (``2025``). A move
known only to the month or the year falls in the period of its first day (a move dated
``2025`` counts in January 2025).

At ``org`` level a unit stands for its top-level org (asking for OpenAI Zurich gives the
timeline of OpenAI) and moves between two units of the org are internal, so they are not
counted; at ``unit`` level the org is taken as named. An org that merged into another
keeps, under its own name, only the moves dated before the merger.
"""

from __future__ import annotations

import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import FOCUS_MOVES_OUT, FOCUS_ORG, MOVE_FILTER, ORIGIN_AT_LEVEL, counted
from talentgraph.queries.lookup import prepare_org

TITLE = "Timeline of one org's inflow and outflow"
PARAMS = (
    *COMMON_PARAMS,
    Param("org", "str", None, "the org: its name, an alias or its id (e.g. OpenAI)", required=True),
    Param("freq", "choice", "month", "period length: month (2025-06), quarter (2025-Q2) or year (2025)",
          choices=("month", "quarter", "year")),
)
COLUMNS = {"period": "str", "inflow": "int", "outflow": "int", "net": "int"}
SORT = (("period", True),)

# $org is the org's id: talentgraph resolves the name you give to it (see prepare()).
# The counted moves into and out of the focus org, reached from it: down PART_OF to the
# orgs that stand for it at the level (itself, and at org level its units), then along
# their TO and FROM links; the other end is rolled up per move as in COUNTED_MOVES. A
# move is never both (into and out of the focus org is internal), so the two add up.
# Scanning all the counted moves for the few of one org took 4-5 s at a million moves.
CYPHER = FOCUS_ORG + """
CALL (focus) {
  MATCH (focus)<-[:PART_OF*0..]-(to_unit:Org)
  WHERE $level = 'org' OR to_unit = focus
  MATCH (p:Person)-[:MADE]->(m:Move)-[:TO]->(to_unit)
  WHERE """ + MOVE_FILTER + """
  OPTIONAL MATCH (m)-[:FROM]->(from_unit:Org)
  WITH m, """ + ORIGIN_AT_LEVEL + """ AS origin
  WHERE origin IS NULL OR origin <> focus
  RETURN m.date AS moved, 1 AS into
  UNION ALL
  """ + FOCUS_MOVES_OUT + """
  RETURN m.date AS moved, 0 AS into
}
WITH CASE $freq WHEN 'month' THEN date.truncate('month', moved)
                WHEN 'quarter' THEN date.truncate('quarter', moved)
                ELSE date.truncate('year', moved) END AS period_start,
     into
WITH period_start, sum(into) AS inflow, sum(1 - into) AS outflow
WITH collect({period_start: period_start, inflow: inflow, outflow: outflow}) AS counted,
     min(period_start) AS first_period, max(period_start) AS last_period
WHERE first_period IS NOT NULL
WITH counted, first_period, last_period, CASE $freq WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 ELSE 12 END AS step
UNWIND range(0, duration.inMonths(first_period, last_period).months / step) AS i
WITH counted, first_period + duration({months: i * step}) AS period_start
WITH period_start, [c IN counted WHERE c.period_start = period_start][0] AS hit
WITH period_start, coalesce(hit.inflow, 0) AS inflow, coalesce(hit.outflow, 0) AS outflow
RETURN CASE $freq WHEN 'month' THEN substring(toString(period_start), 0, 7)
                  WHEN 'quarter' THEN toString(period_start.year) + '-Q' + toString(period_start.quarter)
                  ELSE toString(period_start.year) END AS period,
       inflow, outflow, inflow - outflow AS net
ORDER BY period
"""

_PERIODS = {"month": "M", "quarter": "Q", "year": "Y"}


# Before the query runs, on either backend: the org's name -> its id (OrgNotFound when unknown).
prepare = prepare_org


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    org: str,
    freq: str,
) -> pd.DataFrame:
    moves = counted(data, since, until, level, include_status)
    focus = moves.codes.focus(org, level)  # `org` is an id: Backend.run prepared it
    into = moves.dest == focus
    touching = (into | (moves.origin == focus)) & (focus >= 0)  # -1 is no org: not the unknown origins
    if not touching.any():
        return pd.DataFrame(columns=list(COLUMNS))
    into = into[touching]
    periods = pd.Series(moves.date[touching]).dt.to_period(_PERIODS[freq])
    counts = pd.DataFrame({"inflow": into, "outflow": ~into}).groupby(periods).sum()
    every = pd.period_range(periods.min(), periods.max(), freq=_PERIODS[freq])
    table = counts.reindex(every, fill_value=0).astype("int64")
    table["net"] = table["inflow"] - table["outflow"]
    table.insert(0, "period", [period_label(p, freq) for p in every])
    return table.reset_index(drop=True)


def period_label(period: pd.Period, freq: str) -> str:
    """``2025-06``, ``2025-Q2`` or ``2025``."""
    if freq == "month":
        return f"{period.year}-{period.month:02d}"
    if freq == "quarter":
        return f"{period.year}-Q{period.quarter}"
    return str(period.year)
