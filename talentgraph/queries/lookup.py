"""Finding the org or person a user means, from a name typed by hand.

Org names match the way the registry matches them (case, accents, punctuation and legal
suffixes ignored) against ids, registry names and aliases, so ``MSL``, ``Open AI`` and
``openai`` all work. A miss raises with the closest names as suggestions.

>>> orgs = pd.DataFrame({"id": ["openai"], "name": ["OpenAI"], "aliases": [["Open AI"]]})
>>> resolve_org(orgs, "open-ai")
'openai'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
from rapidfuzz import fuzz, process

from talentgraph.errors import OrgNotFound, PersonNotFound
from talentgraph.graph.names import fold, name_key
from talentgraph.queries.counted import OrgIndex

__all__ = [
    "NAME_QUERIES", "ORG_NAMES", "PERSON_NAMES", "did_you_mean", "focus_org", "prepare_org", "resolve_org",
    "resolve_person",
]

# What a query's prepare() reads from Neo4j to resolve a name before its Cypher runs: one
# record holding a [id, name, ...] list per node (the backend makes it a table with these
# columns). A record per node costs the Python driver ~20 us each: 5 s for 300k people.
ORG_NAMES = "MATCH (o:Org) RETURN collect([o.id, o.name, o.aliases]) AS rows"
PERSON_NAMES = "MATCH (p:Person) RETURN collect([p.id, p.name]) AS rows"
NAME_QUERIES = {"orgs": (ORG_NAMES, ["id", "name", "aliases"]), "persons": (PERSON_NAMES, ["id", "name"])}


def resolve_org(orgs: pd.DataFrame, text: str) -> str:
    """The id of the org whose id, registry name or alias is ``text``.

    An id wins over a name, a name over an alias. :class:`OrgNotFound` when nothing
    matches (with suggestions) or when a name is shared by several orgs (with their ids).
    """
    key = name_key(str(text))
    aliases = orgs["aliases"] if "aliases" in orgs else pd.Series([[]] * len(orgs), index=orgs.index)
    for matches in (
        orgs["id"].map(lambda v: name_key(str(v)) == key),
        orgs["name"].map(lambda v: name_key(str(v)) == key),
        aliases.map(lambda names: _is_list(names) and any(name_key(str(a)) == key for a in names)),
    ):
        ids = orgs.loc[matches, "id"].tolist()
        if len(ids) == 1:
            return str(ids[0])
        if ids:
            raise OrgNotFound(f"{text!r} names more than one org; give one of the ids: {', '.join(sorted(ids))}")
    raise OrgNotFound(f"no org named {text!r}{did_you_mean(text, orgs['name'])}; give its name, an alias or its id")


def prepare_org(names: Callable[[str], pd.DataFrame], params: dict) -> dict:
    """A query's ``prepare``: the ``org`` parameter typed by the user -> the org's id."""
    return {**params, "org": resolve_org(names("orgs"), params["org"])}


def focus_org(orgs: pd.DataFrame, org_id: str, level: str) -> str:
    """The org a query is about at ``level``: at org level a unit stands for its top org."""
    return OrgIndex(orgs).top[org_id] if level == "org" else org_id


def resolve_person(persons: pd.DataFrame, text: str) -> str:
    """The id of the one person whose id or name is ``text`` (case, accents, spacing ignored).

    An id wins over a name. :class:`PersonNotFound` when nobody matches (with the closest
    names as suggestions) or when several people share the name (with their ids).
    """
    key = _person_key(text)
    ids = persons.loc[persons["id"].map(_person_key) == key, "id"].tolist()
    if not ids:
        ids = persons.loc[persons["name"].map(_person_key) == key, "id"].tolist()
    if len(ids) == 1:
        return str(ids[0])
    if ids:
        raise PersonNotFound(f"{len(ids)} people are called {text!r}; give one of their ids: {', '.join(sorted(ids))}")
    raise PersonNotFound(f"nobody named {text!r} in the moves{did_you_mean(text, persons['name'])}; "
                         "give a name or a person id as loaded")


def did_you_mean(text: str, choices: Iterable[str]) -> str:
    """`` (did you mean A or B?)`` with the closest of ``choices`` (accents and case ignored), or ``""``."""
    found = process.extract(
        str(text), list(dict.fromkeys(choices)), scorer=fuzz.WRatio, processor=fold, limit=3, score_cutoff=70
    )
    if not found:
        return ""
    names = [name for name, _, _ in found]
    return " (did you mean " + (f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]) + "?)"


def _person_key(text: object) -> str:
    return " ".join(fold(str(text)).split())


def _is_list(value: object) -> bool:
    return isinstance(value, (list, tuple)) or hasattr(value, "tolist")
