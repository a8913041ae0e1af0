"""The org registry: names, aliases, parents, mergers (SPEC §3, §5)."""

from __future__ import annotations

import datetime as dt

import pytest

from talentgraph.errors import InputError
from talentgraph.graph.names import name_key, slug
from talentgraph.graph.registry import OrgRegistry

from .conftest import FIXTURES


@pytest.fixture
def registry() -> OrgRegistry:
    return OrgRegistry.from_yaml(FIXTURES / "orgs.yaml")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("OpenAI", "openai"),
        ("Open AI", "openai"),          # space
        ("openai", "openai"),           # case
        ("OpenAI Inc.", "openai"),      # legal suffix and punctuation
        ("OpenAI, LLC", "openai"),
        ("the ChatGPT maker", None),    # alias is "ChatGPT maker"; "the" is not stripped
        ("ChatGPT-maker", "openai"),
        ("Equipe superintelligence", "msl"),   # accent-insensitive: alias is « équipe superintelligence »
        ("OpenAI Zurich office", "openai-zurich"),  # alias written with ü
        ("Mistral", "mistral"),
        ("Alphabet", "google"),
        ("Nowhere Labs", None),
    ],
)
def test_resolve_is_case_accent_and_punctuation_insensitive(registry, name, expected):
    assert registry.resolve(name) == expected


def test_parents_top_and_nesting(registry):
    # tbd -> msl -> meta, written in the fixture.
    assert registry.ancestors("tbd") == ["msl", "meta"]
    assert registry.top("tbd") == "meta"
    assert registry.top("meta") == "meta"
    assert registry.within("tbd", "meta")
    assert not registry.within("meta", "tbd")
    assert registry.nested("meta", "tbd")
    assert not registry.nested("fair", "tbd")  # siblings under msl


def test_mergers_apply_on_and_after_their_date(registry):
    # google-brain merged into gdm on 2023-04-20.
    assert registry.as_of("google-brain", dt.date(2023, 4, 19)) == "google-brain"
    assert registry.as_of("google-brain", dt.date(2023, 4, 20)) == "gdm"
    assert registry.as_of("google-brain", dt.date(2024, 2, 1)) == "gdm"
    assert registry.as_of("openai", dt.date(2024, 2, 1)) == "openai"


def test_country_is_own_or_nearest_ancestors(registry):
    assert registry.country("openai-zurich") == "CH"  # its own
    assert registry.country("tbd") == "US"            # tbd, msl have none; meta is US
    assert registry.country("gdm") == "GB"


def test_unknown_names_become_unregistered_orgs(registry):
    first = registry.resolve_or_register("Acme Robotics")
    again = registry.resolve_or_register("ACME robotics, Inc.")
    assert first == again == "acme-robotics"
    assert registry.unregistered == ["acme-robotics"]
    assert registry[first].registered is False


def test_name_helpers():
    assert name_key("Mistral AI SAS") == name_key("mistral ai")
    assert slug("Łukasz Kaiser") == "lukasz-kaiser"
    assert slug("  Noam  Shazeer ") == "noam-shazeer"
    assert slug("José Ñúñez-Ortiz") == "jose-nunez-ortiz"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: a\n  name: A\n- id: b\n  name: B\n  parent: zz\n", "names unknown org 'zz'"),
        ("- id: a\n  name: A\n  aliases: [X]\n- id: b\n  name: B\n  aliases: [x.]\n",
         "name 'x.' of 'b' is already a name of 'a'"),
        ("- id: a\n  name: A\n- id: b\n  name: B\n  kind: bank\n", ":5: kind: 'bank' is not one of"),
        ("- id: a\n  name: A\n  country: USA\n", ":3: country: 'USA' is not an ISO 3166"),
        ("- id: a\n  name: A\n  merged_into: a\n", ":1: merged: merged_into and merged"),
        ("- id: a\n  name: A\n  colour: red\n", ":1: unknown field(s) colour"),
        ("id: a\n", "expected a list of org entries"),
        ("- id: a\n  name: [unclosed\n", "not valid YAML"),
        ("- id: a\n  name: A\n  parent: b\n- id: b\n  name: B\n  parent: a\n", "parent cycle"),
        ("- id: a\n  name: A\n- id: a\n  name: B\n", "duplicate org id 'a'"),
    ],
)
def test_bad_registry_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "orgs.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        OrgRegistry.from_yaml(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))
