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

import numpy as np
import pandas as pd

from talentgraph.errors import QueryError
from talentgraph.graph.model import GraphData
from talentgraph.queries.catalog import COMMON_PARAMS, Param
from talentgraph.queries.counted import PERSON_COUNTED_MOVES, counted, distinct

TITLE = "Common career paths"
PARAMS = (
    *COMMON_PARAMS,
    Param("length", "int", 3, "number of orgs in a path (at least 1)"),
    Param("min_people", "int", 2, "list only paths followed by at least this many people"),
)
COLUMNS = {"path": "str", "people": "int"}
SORT = (("people", False),)

SEPARATOR = " > "

# Each person's counted moves (COUNTED_MOVES written from the person) are put in career
# order in a subquery of their own: sorting a few moves per person, not the million moves
# at once, halved the time at a million moves (11 s -> 6 s to the careers).
CYPHER = """MATCH (p:Person)
CALL (p) {
  """ + PERSON_COUNTED_MOVES + """
  WITH m, origin, dest
  ORDER BY m.date, dest.name, m.id
  RETURN head(collect([origin.name]))[0] AS first_origin, collect(dest.name) AS dests
}
WITH p, first_origin, dests
WHERE size(dests) > 0
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
    moves = counted(data, since, until, level, include_status)
    if not len(moves):
        return pd.DataFrame(columns=list(COLUMNS))
    moves = moves.take(moves.career_order())
    codes = moves.codes
    # Steps are org names as numbers (equal names, equal numbers): slot 2i+1 holds the
    # destination of the i-th move, slot 2i the origin of a career's first move if known.
    name = codes.org_name_rank
    n = len(moves)
    first = np.r_[True, moves.person[1:] != moves.person[:-1]]
    slots = np.full(2 * n, -1, dtype=np.int64)
    slots[1::2] = name[moves.dest]
    opens = first & (moves.origin >= 0)
    opens[opens] = np.array([isinstance(v, str) for v in codes.org_name[moves.origin[opens]]], dtype=bool)
    slots[::2][opens] = name[moves.origin[opens]]
    taken = slots >= 0
    step, person = slots[taken], np.repeat(moves.person, 2)[taken]
    # Consecutive repeats collapsed.
    kept = np.r_[True, (person[1:] != person[:-1]) | (step[1:] != step[:-1])]
    step, person = step[kept], person[kept]
    # Each window of `length` steps inside one career, numbered: dense codes, extended one
    # step at a time so that the numbers stay small whatever the length.
    if len(person) < length:
        return pd.DataFrame(columns=list(COLUMNS))
    starts = np.flatnonzero(person[length - 1 :] == person[: len(person) - length + 1])
    window = np.zeros(len(starts), dtype=np.int64)
    for k in range(length):
        _, window = np.unique(window * (len(name) + 1) + step[starts + k], return_inverse=True)
        window = window.ravel().astype(np.int64)
    n_windows = int(window.max(initial=-1)) + 1
    # A person counts once per path.
    pairs = distinct(person[starts] * n_windows + window)
    people = np.bincount(pairs % max(n_windows, 1), minlength=n_windows)
    listed = np.flatnonzero(people >= min_people)
    at = np.unique(window, return_index=True)[1][listed]
    text = [*codes.org_names_sorted[1], None]  # step number -> name
    paths = [SEPARATOR.join(text[k] for k in step[s : s + length].tolist()) for s in starts[at].tolist()]
    return pd.DataFrame({"path": paths, "people": people[listed]}, columns=list(COLUMNS))


def _check_length(length: int) -> None:
    if length < 1:
        raise QueryError(f"parameter length={length}: a path has at least 1 org")
