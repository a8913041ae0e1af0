"""Which career paths do people follow between labs?

A person's **career** is the list of orgs they went through: the origin of their first
counted move (see :mod:`talentgraph.queries.counted`), when it is known, then the
destination of each of their counted moves in date order. Moves on the same date are
taken in the order of their destination's name. The same org twice in a row (a second
report of a move into the org the person is already at) is written once.

A **path** is ``length`` orgs that follow one another in a career (default 3), written as
the names joined by ``" > "``, e.g. ``Google > OpenAI > Anthropic``. ``people`` is the
number of people whose career contains the path (a person counts once per path, even if
their career goes round it twice). Only paths with at least ``min_people`` people
(default 2) are listed.

At ``org`` level a move between two units of one org is left out, so it neither adds a
step nor changes where the career starts; at ``unit`` level orgs are taken as named.
``since`` and ``until`` keep only the moves dated between them: the career then starts at
the origin of the first move in that window.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from talentgraph.errors import QueryError
from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import COUNTED_MOVES, counted_moves

TITLE = "Common career paths"
PARAMS = (
    *COMMON_PARAMS,
    Param("length", "int", 3, "number of orgs in a path (at least 1)"),
    Param("min_people", "int", 2, "list only paths followed by at least this many people"),
)
COLUMNS = {"path": "str", "people": "int"}
SORT = (("people", False),)

SEPARATOR = " > "

CYPHER = COUNTED_MOVES + """
WITH p, m, origin, dest
ORDER BY m.date, dest.name, m.id
WITH p, head(collect([origin.name]))[0] AS first_origin, collect(dest.name) AS dests
WITH p, CASE WHEN first_origin IS NULL THEN dests ELSE [first_origin] + dests END AS steps
WITH p, [i IN range(0, size(steps) - 1) WHERE i = 0 OR steps[i] <> steps[i - 1] | steps[i]] AS career
UNWIND range(0, size(career) - $length) AS i
WITH DISTINCT p, reduce(joined = career[i], name IN career[i + 1 .. i + $length] | joined + ' > ' + name) AS path
WITH path, count(p) AS people
WHERE people >= $min_people
RETURN path, people
ORDER BY people DESC, path
"""


def prepare(names: Callable[[str], pd.DataFrame], params: dict) -> dict:
    """Before the Cypher runs: check ``length``."""
    _check_length(params["length"])
    return params


def compute(
    data: GraphData,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    level: str,
    include_status: tuple[str, ...],
    length: int,
    min_people: int,
) -> pd.DataFrame:
    _check_length(length)
    moves = counted_moves(data, since, until, level, include_status)
    moves = moves.sort_values(["date", "to_org", "move_id"], kind="stable")
    followed: dict[str, int] = {}
    for _, steps in moves.groupby("person_id", sort=False):
        first_origin = steps["from_org"].iat[0]
        names = ([first_origin] if isinstance(first_origin, str) else []) + steps["to_org"].tolist()
        career = [name for i, name in enumerate(names) if i == 0 or name != names[i - 1]]
        for path in {SEPARATOR.join(career[i : i + length]) for i in range(len(career) - length + 1)}:
            followed[path] = followed.get(path, 0) + 1
    table = pd.DataFrame(list(followed.items()), columns=list(COLUMNS))
    return table[table["people"] >= min_people].reset_index(drop=True)


def _check_length(length: int) -> None:
    if length < 1:
        raise QueryError(f"parameter length={length}: a path has at least 1 org")
