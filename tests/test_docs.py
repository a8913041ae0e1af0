"""Docs that cannot drift: the query reference is the catalog's, every verb has help."""

from __future__ import annotations

from talentgraph.queries.catalog import catalog
from talentgraph.queries.docs import render_reference

from .conftest import REPO


def test_query_reference_matches_the_catalog():
    written = (REPO / "docs" / "queries.md").read_text(encoding="utf-8")
    assert written == render_reference(), (
        "docs/queries.md is stale: run `python -m talentgraph.queries.docs > docs/queries.md`"
    )


def test_every_query_is_documented_with_its_question_and_parameters():
    for query in catalog():
        assert query.question.endswith("?"), f"{query.name}: the docstring's first line is its question"
        for param in query.params:
            assert param.help, f"{query.name}.{param.name} has no help text"


def test_readme_names_every_dependency():
    import tomllib

    readme = (REPO / "README.md").read_text(encoding="utf-8").lower()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
        name = requirement.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip().lower()
        assert name in readme, f"README does not say why {name} is a dependency"
