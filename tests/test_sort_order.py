"""Query.shape's sort (catalog._sort_order) against pandas' own sort_values.

The order must be exactly that of a stable ``sort_values`` on the declared sort keys then
the text columns, missing values last; only the work differs (each column numbered once,
and the columns after the last one that breaks a tie skipped).
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from talentgraph.queries.catalog import _sort_order

# The module itself (talentgraph.queries.catalog is also the name of a function).
catalog = importlib.import_module("talentgraph.queries.catalog")


def pandas_order(frame: pd.DataFrame, order: list[str], ascending: list[bool]) -> list[int]:
    return frame.sort_values(order, ascending=ascending, kind="stable", na_position="last").index.tolist()


def test_by_hand() -> None:
    frame = pd.DataFrame({
        "moves": [2, 5, 2, 5, 1],
        "from_org": ["b", "a", "a", "a", "c"],
        "to_org": ["x", "z", "y", "y", "x"],
    })
    # moves descending: rows 1 and 3 (5), then 0 and 2 (2), then 4 (1); ties by from_org,
    # then to_org: 3 (a, y) before 1 (a, z), 2 (a) before 0 (b).
    assert _sort_order(frame, ["moves", "from_org", "to_org"], [False, True, True], 1).tolist() == [3, 1, 2, 0, 4]


def test_missing_values_last_both_ways() -> None:
    frame = pd.DataFrame({"x": [1.0, np.nan, 3.0, 2.0], "name": ["d", "c", "b", "a"]})
    assert _sort_order(frame, ["x", "name"], [True, True], 1).tolist() == [0, 3, 2, 1]
    assert _sort_order(frame, ["x", "name"], [False, True], 1).tolist() == [2, 3, 0, 1]


def test_equal_rows_keep_their_order() -> None:
    frame = pd.DataFrame({"n": [1, 1, 1], "name": ["a", "a", "a"]})
    assert _sort_order(frame, ["n", "name"], [False, True], 1).tolist() == [0, 1, 2]


def test_no_columns_keeps_the_order() -> None:
    assert _sort_order(pd.DataFrame({"n": [3, 1, 2]}), [], [], 0).tolist() == [0, 1, 2]


@pytest.mark.parametrize("max_key", [catalog._MAX_KEY, 50])
@pytest.mark.parametrize("seed", range(5))
def test_random_frames_sort_as_pandas_does(monkeypatch, max_key: int, seed: int) -> None:
    # A small _MAX_KEY makes every column after the first renumber the key (the path a
    # frame with many distinct values per column takes).
    monkeypatch.setattr(catalog, "_MAX_KEY", max_key)
    rng = np.random.default_rng(seed)
    n = 2_000
    frame = pd.DataFrame({
        "moves": rng.integers(1, 6, n),
        "share": np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 4, n) / 4),
        "from_org": rng.choice(["OpenAI", "Meta", "Anthropic", "Google DeepMind", "xAI"], n),
        "to_org": rng.choice([f"Org {i}" for i in range(40)], n),
        "people": [f"Person {i}" for i in rng.integers(0, 300, n)],
    })
    order = ["moves", "share", "from_org", "to_org", "people"]
    for ascending in ([False, True, True, True, True], [True, False, True, False, True]):
        assert _sort_order(frame, order, ascending, 1).tolist() == pandas_order(frame, order, ascending)
