"""A seeded generator of synthetic talent-flow data, with planted patterns and their truth.

The data has two parts.

**Background noise.** Orgs (``Org 0`` ...) have a heavy-tailed popularity (a few labs
attract most moves) and some have units (``Unit 3 of Org 1``); people (``Person 0`` ...)
have careers of one to six moves, each starting where the last one ended; dates come in
day, month and year precision; every status appears; about one day-precision move in
ten is reported again, a few days later, by another outlet.

**Planted patterns**, a small share of the moves (a few percent at 5,000 moves, under one
percent at a million), whose answers are known in advance and written down as the
*truth*. They live on their own orgs and people, every name starting with ``Planted``,
so the background can neither break nor enlarge them; their moves are ``confirmed``,
dated to the day, and some are reported twice (a month-precision follow-up by another
outlet, which loading folds into the move without changing its date). Planted people
are first hired from an unknown origin, which no query pairs with anything.

- poaching **bursts**: 3 to 8 people move from ``Planted Source Lab i`` to ``Planted
  Raider Lab i``, each move at most 30 days after the one before (some exactly 30);
  some pairs get a second run after a break of more than 30 days (sometimes exactly 31),
  which is a burst of its own when it has 3 moves or more;
- team **lift-outs**: 3 to 7 people leave the unit ``Planted Team i`` (parent ``Planted
  Parent Lab i``) for ``Planted Hiring Lab i`` (or its unit ``Planted Hiring Lab i
  Group``) in the same way; for some, one or two people of a sibling unit ``Planted
  Other Team i`` make the same move inside the same window: too few to be a lift-out of
  their own, but part of the org-level burst;
- **boomerangs**: ``Planted Boomerang i`` leaves ``Planted Home Lab i`` for ``Planted
  Away Lab i`` and comes back (sometimes to its unit ``Planted Home Lab i Studio``); some
  leave again for ``Planted Second Away Lab i`` and come back a second time;
- labs with known **retention**: ``Planted Retention Lab j`` hires 10 to 20 people;
  those who leave go to ``Planted Exit Lab j``, never two within 30 days (no burst). In
  even-numbered labs nobody leaves within the 730-day horizon (retention 1.0; one leaves
  on day 731); in odd ones a known number leave within it (one on day 730 exactly, which
  counts as gone). Everyone else leaves after the horizon or is still there, hired at
  least 731 days before the lab's last departure, so no stint is censored before the
  horizon and the Kaplan-Meier retention is exactly the planted (stayers / hires).

``truth.json`` (written by :func:`write_dataset`; :attr:`Synthetic.truth` in Python)
holds, for the queries' default parameters (``level`` org, no since/until, default
statuses, ``gap_days`` 30, ``min_moves`` 3, ``horizon_days`` 730), the rows each query
must return among the planted entities, with the query's own column names and value
formats (dates ``YYYY-MM-DD``, ``people`` as sorted names joined by ``; ``)::

    {
      "seed": 42, "n_moves": 5000, "n_orgs": 100,
      "params": {"level": "org", "gap_days": 30, "min_moves": 3, "horizon_days": 730},
      "counts": {"moves": ..., "planted_moves": ..., "planted_reports": ..., "orgs": ..., ...},
      "planted": {"orgs": [names], "units": [names of planted units], "people": [names]},
      "bursts":     [{"from_org", "to_org", "start", "end", "moves", "people"}, ...],
      "lift_outs":  [{"from_unit", "to_org", "start", "end", "moves", "people"}, ...],
      "boomerangs": [{"person", "org", "left", "returned", "days_away"}, ...],
      "retention":  [{"org", "hires", "departures", "retention"}, ...]
    }

``bursts`` is every row of the ``bursts`` query that names a planted org: the planted
bursts, and every lift-out too (at org level its origin is the unit's parent lab).
``lift_outs`` is every row of ``lift_outs`` whose ``from_unit`` is a planted unit.
``boomerangs`` is every row of ``boomerangs`` for a planted person. ``retention`` holds
the planted retention labs (other planted orgs may be listed by the query too), with
``retention`` the exact fraction (the query's Kaplan-Meier product agrees to rounding).

>>> orgs, moves = generate(n_moves=1_000, n_orgs=50, seed=42)
>>> len(moves) >= 1_000, moves["person"].nunique() > 100
(True, True)
>>> data = synthesize(n_moves=1_000, n_orgs=50, seed=42)
>>> sorted(data.truth)[:4], data.truth["bursts"][0]["moves"] >= 3
(['boomerangs', 'bursts', 'counts', 'lift_outs'], True)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

__all__ = ["GAP_DAYS", "HORIZON_DAYS", "MIN_MOVES", "Synthetic", "generate", "synthesize", "write_dataset"]

_COUNTRIES = ["US", "US", "US", "GB", "FR", "CA", "CN", "DE", "CH", "IL"]
_OUTLETS = ["Wire", "Daily", "Tech Post", "Blog"]
_COLUMNS = ["person", "from_org", "to_org", "date", "status", "source_url", "source",
            "compensation_usd", "compensation_kind"]

# The queries' defaults: the truth is what they return with these.
GAP_DAYS = 30
MIN_MOVES = 3
HORIZON_DAYS = 730

# Planted dates fall in 2012-2024 (retention hires may start a few years earlier): the
# background spans 2010 onwards, so nothing about the window is special.
_PLANT_EPOCH = dt.date(2012, 1, 1)
_PLANT_SPAN_DAYS = 12 * 365
_FOLLOW_UP_SHARE = 0.15


@dataclass
class Synthetic:
    """A generated dataset: registry entries, move report rows, and the planted truth."""

    orgs: list[dict]
    moves: pd.DataFrame
    truth: dict[str, Any]


def generate(n_moves: int = 100_000, n_orgs: int = 1_000, seed: int = 42) -> tuple[list[dict], pd.DataFrame]:
    """Return (registry entries, move report rows) with about ``n_moves`` distinct moves."""
    data = synthesize(n_moves, n_orgs, seed)
    return data.orgs, data.moves


def synthesize(n_moves: int = 100_000, n_orgs: int = 1_000, seed: int = 42) -> Synthetic:
    """Background noise plus planted patterns: about ``n_moves`` distinct moves in all.

    ``n_orgs`` background orgs (plus one unit per five orgs, plus the planted orgs).
    The planted patterns come first and the background fills the rest of ``n_moves``; at
    very small sizes the planted patterns alone may exceed it.
    """
    # Separate streams, so the planted patterns of a seed do not depend on n_orgs and the
    # background of a seed is drawn exactly as before planting existed.
    planter = _Planter(np.random.default_rng([seed, 1]))
    planter.plant_all(n_moves)
    planted_moves = len(planter.rows)
    planter.add_follow_ups()
    planted = pd.DataFrame(planter.rows, columns=_COLUMNS)

    orgs, background = _background(max(0, n_moves - planted_moves), n_orgs, np.random.default_rng(seed))
    # Planted reports land at random places among the background rows, as in a real file.
    position = np.r_[np.arange(len(background), dtype=float),
                     planter.rng.uniform(0, max(1, len(background)), len(planted))]
    order = np.argsort(position, kind="stable")
    rows = pd.concat([background, planted], ignore_index=True).iloc[order].reset_index(drop=True)
    orgs = orgs + planter.orgs

    truth = {
        "seed": seed, "n_moves": n_moves, "n_orgs": n_orgs,
        "params": {"level": "org", "gap_days": GAP_DAYS, "min_moves": MIN_MOVES, "horizon_days": HORIZON_DAYS},
        "counts": {
            "reports": len(rows), "planted_moves": planted_moves, "planted_reports": len(planted),
            "orgs": len(orgs), "planted_orgs": len(planter.orgs), "planted_people": len(planter.people),
        },
        "planted": {
            "orgs": [o["name"] for o in planter.orgs],
            "units": [o["name"] for o in planter.orgs if o["kind"] == "unit"],
            "people": planter.people,
        },
        **{kind: sorted(found, key=lambda row: tuple(str(v) for v in row.values()))
           for kind, found in planter.truth.items()},
    }
    return Synthetic(orgs, rows, truth)


def write_dataset(folder: str | Path, n_moves: int = 100_000, n_orgs: int = 1_000, seed: int = 42) -> Path:
    """Write ``orgs.yaml``, ``moves.csv`` and ``truth.json`` of a synthetic dataset into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = synthesize(n_moves, n_orgs, seed)
    (folder / "orgs.yaml").write_text(yaml.safe_dump(data.orgs, sort_keys=False, allow_unicode=True), encoding="utf-8")
    data.moves.to_csv(folder / "moves.csv", index=False)
    (folder / "truth.json").write_text(json.dumps(data.truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def _background(n_moves: int, n_orgs: int, rng: np.random.Generator) -> tuple[list[dict], pd.DataFrame]:
    """The noise: registry entries and about ``n_moves`` moves (plus duplicate reports)."""
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
    if n == 0:
        return orgs, pd.DataFrame(columns=_COLUMNS)
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
    days = np.datetime64("2010-01-01") + (start + offsets).astype("timedelta64[D]")
    precision = rng.choice(["day", "month", "year"], size=n, p=[0.6, 0.3, 0.1])
    # numpy's C formatter: several times faster than strftime at a million dates.
    date = np.where(precision == "day", np.datetime_as_string(days, unit="D"),
                    np.where(precision == "month", np.datetime_as_string(days, unit="M"),
                             np.datetime_as_string(days, unit="Y")))
    status = rng.choice(["reported", "confirmed", "rumored", "denied", "candidate"], size=n,
                        p=[0.7, 0.15, 0.1, 0.03, 0.02])
    outlet = rng.integers(0, len(_OUTLETS), size=n)
    moves = pd.DataFrame({
        "person": "Person " + pd.Series(person_idx).astype(str),
        "from_org": np.where(unknown_origin, "", names[origin]),
        "to_org": names[dest],
        "date": date,
        "status": status,
        "source_url": "https://news.example/" + pd.Series(np.arange(n)).astype(str),
        "source": np.array(_OUTLETS)[outlet],
        # One move in twenty has a reported package: log-normal, around $2M.
        "compensation_usd": np.where(rng.random(n) < 0.05, np.round(rng.lognormal(14.5, 1.0, n), -3), np.nan),
        "compensation_kind": "",
    })
    moves.loc[moves["compensation_usd"].notna(), "compensation_kind"] = "annual_package"
    # About one move in ten is reported again by another outlet, a few days later.
    picked = (rng.random(n) < 0.1) & (precision == "day")
    again = moves[picked].copy()
    again["date"] = (pd.to_datetime(again["date"]) + pd.to_timedelta(rng.integers(1, 20, len(again)), unit="D")
                     ).dt.strftime("%Y-%m-%d")
    again["source_url"] = again["source_url"] + "/follow-up"
    again["source"] = np.array(_OUTLETS)[(outlet[picked] + rng.integers(1, len(_OUTLETS), len(again))) % len(_OUTLETS)]
    rows = pd.concat([moves, again]).sort_index(kind="stable").reset_index(drop=True)
    return orgs, rows


class _Planter:
    """Builds the planted orgs, people and report rows, and the truth they imply.

    Loops here run over the planted patterns only (a few thousand rows at a million moves).
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.orgs: list[dict] = []
        self.people: list[str] = []
        self.rows: list[dict] = []
        self.truth: dict[str, list[dict]] = {"bursts": [], "lift_outs": [], "boomerangs": [], "retention": []}

    def plant_all(self, n_moves: int) -> None:
        for i in range(max(3, n_moves // 5_000)):
            self.burst(i)
        for i in range(max(3, n_moves // 10_000)):
            self.lift_out(i)
        for i in range(max(4, n_moves // 5_000)):
            self.boomerang(i)
        for j in range(max(2, n_moves // 50_000)):
            self.retention_lab(j)

    # -- building blocks ---------------------------------------------------------------
    def org(self, org_id: str, name: str, kind: str = "lab", parent: str | None = None) -> str:
        entry: dict[str, Any] = {"id": org_id, "name": name, "kind": kind}
        if parent:
            entry["parent"] = parent
        else:
            entry["country"] = _COUNTRIES[int(self.rng.integers(0, len(_COUNTRIES)))]
        self.orgs.append(entry)
        return name

    def person(self, name: str) -> str:
        self.people.append(name)
        return name

    def move(self, person: str, from_org: str, to_org: str, day: dt.date) -> None:
        self.rows.append({
            "person": person, "from_org": from_org, "to_org": to_org, "date": day.isoformat(),
            "status": "confirmed", "source_url": f"https://news.example/planted/{len(self.rows)}",
            "source": _OUTLETS[int(self.rng.integers(0, len(_OUTLETS)))],
            "compensation_usd": np.nan, "compensation_kind": "",
        })

    def hire(self, person: str, org: str, before: dt.date) -> None:
        """An earlier move into ``org`` from an unknown origin: a career, paired with nothing."""
        self.move(person, "", org, before - dt.timedelta(days=int(self.rng.integers(120, 2_000))))

    def day(self) -> dt.date:
        return _PLANT_EPOCH + dt.timedelta(days=int(self.rng.integers(0, _PLANT_SPAN_DAYS)))

    def run_dates(self, size: int, start: dt.date, exact_gap: bool) -> list[dt.date]:
        """``size`` dates from ``start``, each 0 to GAP_DAYS after the previous one."""
        gaps = self.rng.integers(0, GAP_DAYS + 1, size=size - 1)
        if exact_gap and size > 1:
            gaps[int(self.rng.integers(0, size - 1))] = GAP_DAYS  # the inclusive edge
        return [start + dt.timedelta(days=int(d)) for d in np.r_[0, np.cumsum(gaps)]]

    def add_follow_ups(self) -> None:
        """Report some planted moves again, by month, from another outlet: loading folds them."""
        for row in list(self.rows):
            if self.rng.random() < _FOLLOW_UP_SHARE:
                others = [o for o in _OUTLETS if o != row["source"]]
                self.rows.append({**row, "date": row["date"][:7], "status": "reported",
                                  "source_url": row["source_url"] + "/follow-up",
                                  "source": others[int(self.rng.integers(0, len(others)))]})

    # -- patterns ----------------------------------------------------------------------
    def burst(self, i: int) -> None:
        source = self.org(f"planted-source-{i}", f"Planted Source Lab {i}")
        raider = self.org(f"planted-raider-{i}", f"Planted Raider Lab {i}")
        sizes = [int(self.rng.integers(MIN_MOVES, MIN_MOVES + 6))]
        if self.rng.random() < 0.5:
            sizes.append(int(self.rng.integers(1, MIN_MOVES + 3)))  # below MIN_MOVES: not a burst
        day = self.day()
        for r, size in enumerate(sizes):
            if r:  # the break that ends the first run: more than GAP_DAYS, sometimes by one day
                day += dt.timedelta(days=GAP_DAYS + 1 if i % 4 == 1 else GAP_DAYS + int(self.rng.integers(1, 200)))
            dates = self.run_dates(size, day, exact_gap=i % 2 == 0)
            people = [self.person(f"Planted Raid {i}.{r} Person {m}") for m in range(size)]
            for person, when in zip(people, dates):
                self.hire(person, source, when)
                self.move(person, source, raider, when)
            if size >= MIN_MOVES:
                self.truth["bursts"].append(_run_row("from_org", source, raider, dates, people))
            day = dates[-1]

    def lift_out(self, i: int) -> None:
        parent_id = f"planted-parent-{i}"
        parent = self.org(parent_id, f"Planted Parent Lab {i}")
        team = self.org(f"planted-team-{i}", f"Planted Team {i}", kind="unit", parent=parent_id)
        hiring = self.org(f"planted-hiring-{i}", f"Planted Hiring Lab {i}")
        # Odd ones join a unit of the hiring lab: at org level that is the lab itself.
        target = hiring if i % 2 == 0 else self.org(
            f"planted-hiring-{i}-group", f"Planted Hiring Lab {i} Group", kind="unit", parent=f"planted-hiring-{i}")
        size = int(self.rng.integers(MIN_MOVES, MIN_MOVES + 5))
        dates = self.run_dates(size, self.day(), exact_gap=i % 3 == 0)
        people = [self.person(f"Planted Team {i} Person {m}") for m in range(size)]
        for person, when in zip(people, dates):
            self.hire(person, team, when)
            self.move(person, team, target, when)
        self.truth["lift_outs"].append(_run_row("from_unit", team, hiring, dates, people))
        burst_dates, burst_people = list(dates), list(people)
        if i % 3 == 2:
            # A sibling unit moves to the same lab inside the team's window: the org-level
            # burst grows, but the sibling is too small to be a lift-out itself.
            other = self.org(f"planted-other-team-{i}", f"Planted Other Team {i}", kind="unit", parent=parent_id)
            span = (dates[-1] - dates[0]).days
            for m in range(int(self.rng.integers(1, MIN_MOVES))):
                person = self.person(f"Planted Other Team {i} Person {m}")
                when = dates[0] + dt.timedelta(days=int(self.rng.integers(0, span + 1)))
                self.hire(person, other, when)
                self.move(person, other, target, when)
                burst_dates.append(when)
                burst_people.append(person)
        self.truth["bursts"].append(_run_row("from_org", parent, hiring, sorted(burst_dates), burst_people))

    def boomerang(self, i: int) -> None:
        home_id = f"planted-home-{i}"
        home = self.org(home_id, f"Planted Home Lab {i}")
        away = self.org(f"planted-away-{i}", f"Planted Away Lab {i}")
        # Some come back to a unit of the lab they left: at org level, the same lab.
        back_to = home if i % 3 != 1 else self.org(
            f"planted-home-{i}-studio", f"Planted Home Lab {i} Studio", kind="unit", parent=home_id)
        person = self.person(f"Planted Boomerang {i}")
        left = self.day()
        self.hire(person, home, left)
        trips = [(home, away)]
        if i % 4 == 3:
            trips.append((back_to, self.org(f"planted-second-away-{i}", f"Planted Second Away Lab {i}")))
        for from_org, to_org in trips:
            returned = left + dt.timedelta(days=int(self.rng.integers(20, 1_500)))
            self.move(person, from_org, to_org, left)
            self.move(person, to_org, back_to, returned)
            self.truth["boomerangs"].append({
                "person": person, "org": home, "left": left.isoformat(), "returned": returned.isoformat(),
                "days_away": (returned - left).days,
            })
            left = returned + dt.timedelta(days=int(self.rng.integers(100, 900)))

    def retention_lab(self, j: int) -> None:
        lab = self.org(f"planted-retention-{j}", f"Planted Retention Lab {j}")
        exit_lab = self.org(f"planted-exit-{j}", f"Planted Exit Lab {j}")
        hires = int(self.rng.integers(10, 21))
        early = 0 if j % 2 == 0 else int(self.rng.integers(2, hires - 1))  # leave within the horizon
        late = int(self.rng.integers(1, hires - early + 1))                # leave after it
        kinds = self.rng.permutation(["early"] * early + ["late"] * late)
        # Departures to the exit lab more than GAP_DAYS apart: no burst between the two.
        departures = self.day() + dt.timedelta(days=int(self.rng.integers(0, 365)))
        first_of = set()
        last_departure = departures
        for n, kind in enumerate(kinds):
            if n:
                departures += dt.timedelta(days=int(self.rng.integers(GAP_DAYS + 1, 150)))
            if kind not in first_of:
                # The edges: a departure on the horizon day counts as gone, the day after does not.
                tenure = HORIZON_DAYS if kind == "early" else HORIZON_DAYS + 1
                first_of.add(kind)
            elif kind == "early":
                tenure = int(self.rng.integers(30, HORIZON_DAYS + 1))
            else:
                tenure = int(self.rng.integers(HORIZON_DAYS + 1, HORIZON_DAYS + 1_500))
            person = self.person(f"Planted Retention {j} Person {n}")
            self.move(person, "", lab, departures - dt.timedelta(days=tenure))
            self.move(person, lab, exit_lab, departures)
            last_departure = departures
        for n in range(early + late, hires):
            # Still there: hired more than the horizon before the lab's last departure, so
            # censored (at the latest move date of the data) only after the horizon.
            person = self.person(f"Planted Retention {j} Person {n}")
            gap = HORIZON_DAYS + 1 + int(self.rng.integers(0, 1_500))
            self.move(person, "", lab, last_departure - dt.timedelta(days=gap))
        self.truth["retention"].append({
            "org": lab, "hires": hires, "departures": early + late, "retention": (hires - early) / hires,
        })


def _run_row(origin_column: str, origin: str, dest: str, dates: list[dt.date], people: list[str]) -> dict:
    """A bursts/lift_outs row as the query prints it."""
    return {origin_column: origin, "to_org": dest, "start": min(dates).isoformat(), "end": max(dates).isoformat(),
            "moves": len(dates), "people": "; ".join(sorted(people))}
