"""talentgraph.synth: the planted patterns are found exactly as its truth says, on both backends.

The expected rows are the generator's truth.json, written from how it built each pattern
(the dates and people it chose), never from running a query. The files go through the
real loader (duplicate reports, units, mergers of nothing), then the real queries.
"""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders import LoadResult, load_files
from talentgraph.synth import GAP_DAYS, HORIZON_DAYS, MIN_MOVES, generate, synthesize, write_dataset

N_MOVES, N_ORGS, SEED = 4_000, 80, 2026
FILES = ("orgs.yaml", "moves.csv", "truth.json")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, LoadResult]:
    folder = write_dataset(tmp_path_factory.mktemp("synth"), n_moves=N_MOVES, n_orgs=N_ORGS, seed=SEED)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    result = load_files([folder / "moves.csv"], OrgRegistry.from_yaml(folder / "orgs.yaml"), strict=True)
    return truth, result


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Query rows as plain Python values, in a fixed order, to compare with the truth."""
    rows = [{k: v.item() if isinstance(v, np.generic) else v for k, v in row.items()}
            for row in frame.to_dict("records")]
    return ordered(rows)


def ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: tuple(str(v) for v in row.values()))


def test_the_truth_is_not_trivial_and_the_planted_share_is_small(dataset):
    truth, result = dataset
    assert truth["params"] == {"level": "org", "gap_days": GAP_DAYS, "min_moves": MIN_MOVES,
                               "horizon_days": HORIZON_DAYS}
    assert len(truth["bursts"]) >= 6 and len(truth["lift_outs"]) >= 3
    assert len(truth["boomerangs"]) >= 4 and len(truth["retention"]) >= 2
    assert {r["retention"] for r in truth["retention"]} & {1.0}, "a lab where every hire stays"
    assert any(0 < r["retention"] < 1 for r in truth["retention"]), "a lab where some leave"
    assert max(r["moves"] for r in truth["bursts"]) > MIN_MOVES
    # A person who came back twice, and a lift-out whose org-level burst is larger than it
    # (a sibling unit joined in the same window): the cases that tell the queries apart.
    people = [r["person"] for r in truth["boomerangs"]]
    assert len(people) > len(set(people))
    lifted = {(r["to_org"], r["start"], r["end"]): r["moves"] for r in truth["lift_outs"]}
    assert any(r["moves"] > lifted.get((r["to_org"], r["start"], r["end"]), r["moves"]) for r in truth["bursts"])
    # The planted patterns sit in a much larger, noisy background: duplicates, units, statuses.
    summary = result.summary
    assert summary.rows_rejected == 0 and summary.rows_merged > 0
    assert summary.moves_loaded == pytest.approx(N_MOVES, rel=0.01)
    assert truth["counts"]["planted_moves"] < 0.06 * summary.moves_loaded
    statuses = set(result.graph.moves["status"])
    assert {"reported", "confirmed", "rumored", "denied", "candidate"} <= statuses
    assert set(result.graph.moves["precision"]) == {"day", "month", "year"}


def test_bursts_finds_every_planted_burst_and_no_other(make_backend, dataset):
    truth, result = dataset
    planted = set(truth["planted"]["orgs"])
    got = make_backend(result.graph).run("bursts")
    mine = got[got["from_org"].isin(planted) | got["to_org"].isin(planted)]
    assert records(mine) == ordered(truth["bursts"])


def test_lift_outs_finds_every_planted_team_and_no_other(make_backend, dataset):
    truth, result = dataset
    got = make_backend(result.graph).run("lift_outs")
    mine = got[got["from_unit"].isin(set(truth["planted"]["units"]))]
    assert records(mine) == ordered(truth["lift_outs"])


def test_boomerangs_finds_every_planted_return_and_no_other(make_backend, dataset):
    truth, result = dataset
    got = make_backend(result.graph).run("boomerangs")
    mine = got[got["person"].isin(set(truth["planted"]["people"]))]
    assert records(mine) == ordered(truth["boomerangs"])


def test_retention_of_the_planted_labs_is_the_planted_fraction(make_backend, dataset):
    truth, result = dataset
    got = make_backend(result.graph).run("retention").set_index("org")
    for lab in truth["retention"]:
        row = got.loc[lab["org"]]
        assert (int(row["hires"]), int(row["departures"])) == (lab["hires"], lab["departures"]), lab["org"]
        # Kaplan-Meier multiplies one factor per departure day: equal up to rounding.
        assert row["retention"] == pytest.approx(lab["retention"], abs=1e-12), lab["org"]


def test_same_seed_same_files_and_another_seed_other_files(tmp_path):
    first = write_dataset(tmp_path / "a", n_moves=1_500, n_orgs=30, seed=5)
    again = write_dataset(tmp_path / "b", n_moves=1_500, n_orgs=30, seed=5)
    other = write_dataset(tmp_path / "c", n_moves=1_500, n_orgs=30, seed=6)
    for name in FILES:
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    assert (first / "moves.csv").read_bytes() != (other / "moves.csv").read_bytes()
    assert (first / "truth.json").read_bytes() != (other / "truth.json").read_bytes()


def test_generate_keeps_its_row_schema():
    orgs, moves = generate(n_moves=600, n_orgs=20, seed=1)
    assert list(moves.columns) == ["person", "from_org", "to_org", "date", "status", "source_url", "source",
                                   "compensation_usd", "compensation_kind"]
    assert {o["id"] for o in orgs} >= {"org-0", "unit-0"}
    # generate() is synthesize() without the truth.
    assert synthesize(n_moves=600, n_orgs=20, seed=1).moves.equals(moves)


def test_planted_patterns_alone_when_n_moves_is_tiny(tmp_path):
    folder = write_dataset(tmp_path, n_moves=1, n_orgs=2, seed=3)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    result = load_files([folder / "moves.csv"], OrgRegistry.from_yaml(folder / "orgs.yaml"), strict=True)
    assert result.summary.moves_loaded == truth["counts"]["planted_moves"] > 0
    assert truth["bursts"] and truth["retention"]


def run(*args: object) -> Any:
    # NEO4J_URI in the environment selects Neo4j (SPEC §7): these runs stay in-process.
    return CliRunner().invoke(cli, [str(a) for a in args], env={"NEO4J_URI": None}, catch_exceptions=False)


def test_cli_writes_the_files_and_its_load_hint_works(tmp_path):
    out = tmp_path / "my data"  # a space: the printed commands must quote it
    result = run("synth", out, "--moves", 800, "--orgs", 20, "--seed", 9)
    assert result.exit_code == 0, result.output
    for name in FILES:
        assert (out / name).is_file()
        assert str(out / name) in result.stdout
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert truth == json.loads(json.dumps(synthesize(n_moves=800, n_orgs=20, seed=9).truth))
    assert f"{len(truth['bursts'])} bursts" in result.stdout

    hints = {line.split(":", 1)[0]: shlex.split(line.split(":", 1)[1]) for line in result.stdout.splitlines()
             if line.startswith(("load it:", "query it:"))}
    assert hints["load it"][:2] == ["talentgraph", "load"]
    loaded = run(*hints["load it"][1:], "--strict")
    assert loaded.exit_code == 0, loaded.output
    assert "rows rejected           0" in loaded.stdout
    queried = run(*hints["query it"][1:], "-f", "csv")
    assert queried.exit_code == 0, queried.output
    found = pd.read_csv(io.StringIO(queried.stdout), dtype=str)
    first = truth["bursts"][0]
    assert ((found["from_org"] == first["from_org"]) & (found["start"] == first["start"])
            & (found["people"] == first["people"])).any()


def test_cli_help_has_an_example_and_bad_sizes_are_usage_errors(tmp_path):
    shown = run("synth", "--help")
    assert shown.exit_code == 0
    assert "talentgraph synth out/ --moves" in shown.stdout and "truth.json" in shown.stdout
    assert run("synth", tmp_path, "--moves", 0).exit_code == 2
    assert not Path(tmp_path / "moves.csv").exists()
