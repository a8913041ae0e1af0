"""Where has one person moved, and who reported it?

The person is found by ``name``: their name or their id, ignoring case and accents
("lukasz kaiser" finds Łukasz Kaiser). The list has one row per counted move of that
person (see :mod:`talentgraph.queries.counted`: denied and candidate moves only when
``include_status`` asks for them, dates in ``[since, until]``), in date order. ``date``
is the move's date (a move known only to the month or year shows its first day);
``from_org`` and ``to_org`` are the orgs at the chosen ``level`` (``from_org`` is empty
when the origin is unknown); ``role`` is the title at the destination and ``status`` how
certain the move is. ``sources`` lists the reports of the move: each source's URL, or its
outlet when it has no URL, sorted and ``; ``-separated.

At ``org`` level a move between two units of the same org (OpenAI Zurich -> OpenAI) is
internal and left out, as in every org-level query; ``level=unit`` shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from textwrap import indent

import numpy as np
import pandas as pd

from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_MOVES, counted
from talentgraph.queries.lookup import resolve_person

TITLE = "One person's moves, with their sources"
PARAMS = (
    *COMMON_PARAMS,
    Param("name", "str", None, "the person: their name or id, case and accents ignored", required=True),
)
COLUMNS = {"date": "date", "from_org": "str", "to_org": "str", "role": "str", "status": "str", "sources": "names"}
SORT = (("date", True),)

# $name is the person's id: talentgraph resolves the name you give to it (see prepare()).
CYPHER = """
MATCH (p:Person {id: $name})
CALL (p) {
""" + indent(COUNTED_MOVES.strip(), "  ") + """
  RETURN m, origin, dest
}
OPTIONAL MATCH (m)-[:REPORTED_BY]->(s:Source)
WITH m, origin, dest, collect(coalesce(s.url, s.outlet)) AS sources
RETURN m.date AS date, origin.name AS from_org, dest.name AS to_org, m.role AS role,
       m.status AS status, sources
ORDER BY date, from_org, to_org
"""

def prepare(names: Callable[[str], pd.DataFrame], params: dict) -> dict:
    """Before the Cypher runs: the person's name -> their id (PersonNotFound when unknown)."""
    return {**params, "name": resolve_person(names("persons"), params["name"])}


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    name: str,
) -> pd.DataFrame:
    # `name` is the person's id: Backend.run resolved it with prepare() before calling this.
    moves = counted(data, since, until, level, include_status)
    moves = moves.take(moves.codes.person_id[moves.person] == name)
    move = data.moves.take(moves.row)
    reports = data.reports[data.reports["move_id"].isin(move["id"])]
    sources = data.sources[data.sources["id"].isin(reports["source_id"])].set_index("id").reindex(reports["source_id"])
    # A source shows as its URL, or its outlet when it has no URL.
    label = sources["url"].where(sources["url"].fillna("") != "", sources["outlet"]).fillna("")
    label = pd.Series(label.to_numpy(), index=reports["move_id"].to_numpy())
    by_move = label[label != ""].groupby(level=0).agg(list)
    names = moves.codes.org_name
    return pd.DataFrame({
        "date": moves.date,
        "from_org": np.where(moves.origin >= 0, names[moves.origin], None),
        "to_org": names[moves.dest],
        "role": move["role"].to_numpy(),
        "status": move["status"].to_numpy(),
        "sources": move["id"].map(by_move).to_numpy(),
    })
