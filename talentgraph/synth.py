"""A seeded generator of synthetic talent-flow data, for benchmarks, tests and demos.

Orgs have a heavy-tailed popularity (a few labs attract most moves) and some have
units; people have careers of several moves, each starting where the last one ended;
dates come in day, month and year precision; about one move in ten is reported twice.

>>> orgs, moves = generate(n_moves=1_000, n_orgs=50, seed=42)
>>> len(moves) >= 1_000, moves["person"].nunique() > 100
(True, True)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

__all__ = ["generate", "write_dataset"]

_COUNTRIES = ["US", "US", "US", "GB", "FR", "CA", "CN", "DE", "CH", "IL"]


def generate(n_moves: int = 100_000, n_orgs: int = 1_000, seed: int = 42) -> tuple[list[dict], pd.DataFrame]:
    """Return (registry entries, move report rows) with about ``n_moves`` distinct moves."""
    rng = np.random.default_rng(seed)
    orgs: list[dict] = []
    for i in range(n_orgs):
        orgs.append({"id": f"org-{i}", "name": f"Org {i}", "kind": "lab",
                     "country": _COUNTRIES[i % len(_COUNTRIES)], "aliases": [f"O{i}"]})
    n_units = n_orgs // 5
    for j in range(n_units):
        parent = int(rng.integers(0, max(1, n_orgs // 10)))  # units belong to the big orgs
        orgs.append({"id": f"unit-{j}", "name": f"Unit {j} of Org {parent}", "kind": "unit",
                     "parent": f"org-{parent}"})
    names = np.array([o["name"] for o in orgs])
    # Zipf-like weights: org k is chosen with probability ~ 1/(k+1).
    weights = 1.0 / np.arange(1, len(orgs) + 1)
    weights /= weights.sum()

    careers = rng.integers(1, 7, size=max(1, n_moves // 3))          # moves per person
    careers = careers[np.cumsum(careers) <= n_moves] if careers.sum() > n_moves else careers
    n = int(careers.sum())
    person_idx = np.repeat(np.arange(len(careers)), careers)
    first = np.r_[True, person_idx[1:] != person_idx[:-1]]
    stops = rng.choice(len(orgs), size=n + len(careers), p=weights)
    # Each person's stops: origin of move k is the destination of move k-1.
    dest = np.empty(n, dtype=np.int64)
    origin = np.empty(n, dtype=np.int64)
    pos = np.arange(n) + person_idx  # one extra stop per person: their first employer
    origin[:] = stops[pos]
    dest[:] = stops[pos + 1]
    same = origin == dest
    dest[same] = (dest[same] + 1) % len(orgs)
    unknown_origin = first & (rng.random(n) < 0.3)
    # Dates: a career starts between 2010 and 2024, each move 60 to 1,500 days after the last.
    start = rng.integers(0, 14 * 365, size=len(careers))[person_idx]
    gaps = rng.integers(60, 1500, size=n)
    gaps[first] = 0
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    offsets = np.cumsum(gaps) - np.cumsum(gaps)[group_start]
    days = pd.Timestamp("2010-01-01") + pd.to_timedelta(start + offsets, unit="D")
    precision = rng.choice(["day", "month", "year"], size=n, p=[0.6, 0.3, 0.1])
    date = np.where(precision == "day", days.strftime("%Y-%m-%d"),
                    np.where(precision == "month", days.strftime("%Y-%m"), days.strftime("%Y")))
    status = rng.choice(["reported", "confirmed", "rumored", "denied", "candidate"], size=n,
                        p=[0.7, 0.15, 0.1, 0.03, 0.02])
    moves = pd.DataFrame({
        "person": pd.Series(person_idx).map(lambda k: f"Person {k}"),
        "from_org": np.where(unknown_origin, "", names[origin]),
        "to_org": names[dest],
        "date": date,
        "status": status,
        "source_url": [f"https://news.example/{i}" for i in range(n)],
        "source": rng.choice(["Wire", "Daily", "Tech Post", "Blog"], size=n),
        # One move in twenty has a reported package: log-normal, around $2M.
        "compensation_usd": np.where(rng.random(n) < 0.05, np.round(rng.lognormal(14.5, 1.0, n), -3), np.nan),
        "compensation_kind": "",
    })
    moves.loc[moves["compensation_usd"].notna(), "compensation_kind"] = "annual_package"
    # About one move in ten is reported again by another outlet, a few days later.
    again = moves[(rng.random(n) < 0.1) & (precision == "day")].copy()
    again["date"] = (pd.to_datetime(again["date"]) + pd.to_timedelta(rng.integers(1, 20, len(again)), unit="D")
                     ).dt.strftime("%Y-%m-%d")
    again["source_url"] = again["source_url"] + "/follow-up"
    rows = pd.concat([moves, again]).sort_index(kind="stable").reset_index(drop=True)
    return orgs, rows


def write_dataset(folder: str | Path, n_moves: int = 100_000, n_orgs: int = 1_000, seed: int = 42) -> Path:
    """Write ``orgs.yaml`` and ``moves.csv`` of a synthetic dataset into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    orgs, moves = generate(n_moves, n_orgs, seed)
    (folder / "orgs.yaml").write_text(yaml.safe_dump(orgs, sort_keys=False, allow_unicode=True), encoding="utf-8")
    moves.to_csv(folder / "moves.csv", index=False)
    return folder
