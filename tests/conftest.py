"""Shared fixtures: the backends (in-process and a real Neo4j) and the small hand-built data.

Every test that takes ``make_backend`` runs twice, once per backend, with the same
expectations. The Neo4j run needs a real server: `make test` starts one
(scripts/neo4j.sh), or set NEO4J_URI (with NEO4J_USER/NEO4J_PASSWORD) to use yours.
When it cannot be reached the test FAILS, in CI and locally alike; to run without
Neo4j, deselect explicitly: ``pytest -m "not neo4j"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from talentgraph.errors import BackendUnavailable
from talentgraph.graph.memory import MemoryBackend
from talentgraph.graph.model import GraphData
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders import LoadResult, load_files

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend_name") == "neo4j":
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[object]:
    """One connection to the real Neo4j for the whole run; failing loudly when it is absent."""
    from talentgraph.graph.neo4j_backend import Neo4jBackend

    try:
        backend = Neo4jBackend()
    except BackendUnavailable as exc:
        pytest.fail(
            f"Neo4j is not reachable: {exc}. Run `make test` (it starts one), set NEO4J_URI, "
            'or deselect these tests with -m "not neo4j".',
            pytrace=False,
        )
    yield backend
    backend.close()


@pytest.fixture(params=["memory", "neo4j"])
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def make_backend(backend_name: str, request: pytest.FixtureRequest) -> Callable[[GraphData], object]:
    """``make_backend(graph)``: a backend of the parametrised kind holding exactly ``graph``."""

    def make(graph: GraphData):
        if backend_name == "memory":
            return MemoryBackend(graph)
        server = request.getfixturevalue("neo4j_server")
        server.clear()
        server.load(graph)
        return server

    return make


def load_fixture(*names: str, orgs: str = "orgs.yaml", strict: bool = False) -> LoadResult:
    """Load files from tests/fixtures with a fresh registry."""
    registry = OrgRegistry.from_yaml(FIXTURES / orgs)
    return load_files([FIXTURES / n for n in names], registry, strict=strict)


@pytest.fixture(autouse=True)
def _no_ambient_data(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests choose their data explicitly; a developer's TALENTGRAPH_DATA must not leak in.
    monkeypatch.delenv("TALENTGRAPH_DATA", raising=False)


