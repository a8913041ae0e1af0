"""Resolving typed names to org and person ids (used by timeline, alumni, person)."""

from __future__ import annotations

import pandas as pd
import pytest

from talentgraph.errors import OrgNotFound, PersonNotFound
from talentgraph.queries.lookup import resolve_org, resolve_person

from .conftest import load_fixture


@pytest.fixture(scope="module")
def graph():
    return load_fixture("merge_moves.csv").graph


@pytest.mark.parametrize(
    ("text", "org_id"),
    [("openai", "openai"), ("Open AI", "openai"), ("OpenAI Inc.", "openai"),  # id, name, name + suffix
     ("MSL", "msl"), ("équipe superintelligence", "msl"), ("Facebook", "meta")],  # aliases
)
def test_orgs_resolve_by_id_name_or_alias(graph, text, org_id):
    assert resolve_org(graph.orgs, text) == org_id


def test_unknown_org_suggests_close_names(graph):
    with pytest.raises(OrgNotFound, match=r"no org named 'Antropic' \(did you mean Anthropic\?\)"):
        resolve_org(graph.orgs, "Antropic")


def test_a_name_shared_by_two_orgs_asks_for_the_id():
    orgs = pd.DataFrame({"id": ["a", "b"], "name": ["Apex", "Apex"], "aliases": [[], []]})
    with pytest.raises(OrgNotFound, match="give one of the ids: a, b"):
        resolve_org(orgs, "apex")


def test_people_resolve_by_name_or_id(graph):
    assert resolve_person(graph.persons, "ada lovelace") == "ada-lovelace"
    assert resolve_person(graph.persons, "ADA-LOVELACE") == "ada-lovelace"
    with pytest.raises(PersonNotFound, match=r"\(did you mean Ada Lovelace\?\)"):
        resolve_person(graph.persons, "Ada Lovelance")
