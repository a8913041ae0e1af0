"""``talentgraph synth``: a seeded synthetic dataset with planted patterns and their truth."""

from __future__ import annotations

import json
import shlex
import time
from pathlib import Path

import click

from talentgraph.synth import write_dataset

__all__ = ["command"]


@click.command("synth")
@click.argument("out_dir", metavar="OUT_DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--moves", "n_moves", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="About this many distinct moves (background noise plus planted patterns).")
@click.option("--orgs", "n_orgs", type=click.IntRange(min=2), default=1_000, show_default=True,
              help="Background orgs (plus one unit per five orgs, plus the planted orgs).")
@click.option("--seed", type=int, default=42, show_default=True, help="Same seed, same files.")
def command(out_dir: Path, n_moves: int, n_orgs: int, seed: int) -> None:
    """Write a synthetic dataset into OUT_DIR: orgs.yaml, moves.csv and truth.json.

    The moves are background noise (heavy-tailed org popularity, units, careers of
    several moves, day/month/year dates, duplicate reports, every status) plus planted
    poaching bursts, team lift-outs, boomerangs and labs of known retention, on orgs and
    people named "Planted ...". truth.json lists the rows the bursts, lift_outs,
    boomerangs and retention queries must return for them (default parameters), so a
    backend, a change or a benchmark can be checked against answers known in advance.
    OUT_DIR is created if needed; files of the same names in it are replaced.

    \b
    Examples:
      talentgraph synth out/ --moves 5000 --orgs 100 --seed 7
      talentgraph load out/moves.csv --orgs out/orgs.yaml
      talentgraph --data out/ query bursts
    """
    started = time.perf_counter()
    folder = write_dataset(out_dir, n_moves=n_moves, n_orgs=n_orgs, seed=seed)
    elapsed = time.perf_counter() - started
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    counts = truth["counts"]
    planted = ", ".join(f"{len(truth[k])} {k}" for k in ("bursts", "lift_outs", "boomerangs", "retention"))
    rows = [
        (folder / "orgs.yaml", f"{counts['orgs']:,} orgs ({counts['planted_orgs']:,} planted)"),
        (folder / "moves.csv", f"{counts['reports']:,} report rows ({counts['planted_reports']:,} planted)"),
        (folder / "truth.json", f"planted truth: {planted}"),
    ]
    width = max(len(str(path)) for path, _ in rows)
    for path, holds in rows:
        click.echo(f"{str(path).ljust(width)}  {holds}")
    click.echo(f"generated in {elapsed:.1f} s (seed {seed})")
    moves, orgs = shlex.quote(str(folder / "moves.csv")), shlex.quote(str(folder / "orgs.yaml"))
    click.echo(f"load it:   talentgraph load {moves} --orgs {orgs}")
    click.echo(f"query it:  talentgraph --data {shlex.quote(str(folder))} query bursts")
