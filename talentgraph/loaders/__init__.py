"""Loading files into a normalised graph: moves, stints, the org registry.

>>> from talentgraph.loaders import load_data_dir
>>> result = load_data_dir("data")        # the bundled data
>>> result.summary.balanced
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from talentgraph.errors import InputError
from talentgraph.graph.model import GraphData
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders.forked import in_background
from talentgraph.loaders.moves import REPORT_COLUMNS, REQUIRED_MOVE_FIELDS, check_moves
from talentgraph.loaders.normalise import build_graph
from talentgraph.loaders.progress import PROGRESS_MIN_BYTES, progress_steps
from talentgraph.loaders.stints import REQUIRED_STINT_FIELDS, check_stints, implied_moves
from talentgraph.loaders.summary import LoadSummary
from talentgraph.loaders.tables import Reject, read_table, write_rejects

__all__ = [
    "LoadResult",
    "data_files",
    "default_data_dir",
    "is_stints_file",
    "load_data_dir",
    "load_files",
    "write_rejects",
]

_MOVES_FILE = re.compile(r"^moves.*\.(csv|tsv|tab|jsonl|ndjson)$", re.IGNORECASE)
_STINTS_FILE = re.compile(r"^stints.*\.(csv|tsv|tab|jsonl|ndjson)$", re.IGNORECASE)


@dataclass
class LoadResult:
    """The graph a load built, its accounting, and the rows it could not take."""

    graph: GraphData
    summary: LoadSummary
    registry: OrgRegistry
    rejects: list[Reject] = field(default_factory=list)


def default_data_dir() -> Path:
    """The bundled data folder (``data/`` beside the package in a checkout)."""
    return Path(__file__).resolve().parents[2] / "data"


def is_stints_file(path: str | Path) -> bool:
    return bool(_STINTS_FILE.match(Path(path).name))


def data_files(data_dir: str | Path) -> tuple[Path, list[Path]]:
    """The registry and the moves/stints files of a data folder (SPEC §7)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError("no such folder; --data (or TALENTGRAPH_DATA) must name a folder", str(data_dir))
    registry = data_dir / "orgs.yaml"
    if not registry.exists():
        raise InputError("the data folder has no orgs.yaml (the org registry)", str(data_dir))
    files = sorted(p for p in data_dir.iterdir() if _MOVES_FILE.match(p.name) or _STINTS_FILE.match(p.name))
    if not files:
        raise InputError("the data folder has no moves*.csv|tsv|jsonl file", str(data_dir))
    return registry, files


def load_data_dir(data_dir: str | Path, strict: bool = False, show_progress: bool = False) -> LoadResult:
    """Load a data folder: its ``orgs.yaml`` and every ``moves*``/``stints*`` file in it."""
    registry_path, files = data_files(data_dir)
    return load_files(files, registry_path, strict=strict, show_progress=show_progress)


def load_files(
    paths: list[str | Path],
    registry: OrgRegistry | str | Path,
    strict: bool = False,
    show_progress: bool = False,
) -> LoadResult:
    """Read, check and normalise moves and stints files (``stints*`` names are stints).

    ``registry`` is the org registry or its YAML file; a large file is read on the second
    core while the moves are read and checked. With ``strict``, any rejected row raises
    :class:`InputError` and nothing is loaded.
    """
    # A spinner for a file that loads in a blink would only flicker: show it for large input.
    large = sum(Path(p).stat().st_size for p in paths if Path(p).is_file()) >= PROGRESS_MIN_BYTES
    if isinstance(registry, OrgRegistry):
        return _load(paths, lambda: registry, strict, show_progress, large)
    path = Path(registry)
    background = large and path.is_file() and path.stat().st_size >= _BACKGROUND_REGISTRY_BYTES
    with in_background(OrgRegistry.from_yaml, path, enabled=background) as read_registry:
        return _load(paths, read_registry, strict, show_progress, large)


# A registry smaller than this reads in a few milliseconds: no process for it.
_BACKGROUND_REGISTRY_BYTES = 50_000


@dataclass
class _Checked:
    """What reading and checking the files gave, before normalisation."""

    summary: LoadSummary
    reports: pd.DataFrame
    stints: pd.DataFrame | None
    rejects: list[Reject]


def _load(paths: list[str | Path], registry: Callable[[], OrgRegistry], strict: bool, show_progress: bool,
          large: bool) -> LoadResult:
    with progress_steps(show_progress and large) as step:
        try:
            checked = _read_and_check(paths, strict, show_progress, step)
        except InputError:
            registry()  # a registry that cannot be read is reported first, as when it was read first
            raise
        return _normalise(checked, registry(), step)


def _read_and_check(paths: list[str | Path], strict: bool, show_progress: bool,
                    step: Callable[[str], None]) -> _Checked:
    summary = LoadSummary(files=[str(p) for p in paths])
    report_frames, stint_frames, rejects = [], [], []
    for path in paths:
        step(f"reading {Path(path).name}")
        stints_file = is_stints_file(path)
        table = read_table(path, REQUIRED_STINT_FIELDS if stints_file else REQUIRED_MOVE_FIELDS, show_progress)
        step(f"checking {table.rows_read:,} rows of {Path(path).name}")
        if stints_file:
            stints, bad = check_stints(table)
            summary.stint_rows_read += table.rows_read
            summary.stint_rows_rejected += len(table.rejects) + len(bad)
            stint_frames.append(stints)
        else:
            reports, bad = check_moves(table)
            summary.rows_read += table.rows_read
            summary.rows_rejected += len(table.rejects) + len(bad)
            report_frames.append(reports)
        rejects += sorted(table.rejects + bad, key=lambda r: r.line)
    if strict and rejects:
        first = rejects[0]
        more = f" (and {len(rejects) - 1} more rejected rows)" if len(rejects) > 1 else ""
        raise InputError(f"{first.reason}{more}; --strict loads nothing", first.file, first.line, first.column)
    stints = pd.concat(stint_frames, ignore_index=True) if stint_frames else None
    if len(report_frames) == 1:  # the usual single file: no million-row copy
        reports = report_frames[0]
    else:
        reports = (pd.concat(report_frames, ignore_index=True) if report_frames
                   else pd.DataFrame(columns=REPORT_COLUMNS))
    return _Checked(summary, reports, stints, rejects)


def _normalise(checked: _Checked, registry: OrgRegistry, step: Callable[[str], None]) -> LoadResult:
    summary, reports, stints = checked.summary, checked.reports, checked.stints
    if stints is not None and len(stints):
        implied = implied_moves(stints)
        summary.implied_moves = len(implied)
        reports = pd.concat([reports, implied], ignore_index=True) if len(reports) else implied
        mapping = {n: registry.resolve_or_register(n) for n in pd.unique(stints["org_name"])}
        stints = stints.assign(org=stints["org_name"].map(mapping))[
            ["person_id", "person", "org", "start", "end", "role"]
        ]
    elif stints is not None:
        stints = None
    step(f"resolving org names and merging {len(reports):,} reports into moves")
    graph = build_graph(reports, registry, stints)
    summary.stints_loaded = 0 if stints is None else len(stints)
    summary.moves_loaded = len(graph.moves)
    summary.rows_merged = len(reports) - len(graph.moves)
    summary.persons = len(graph.persons)
    summary.orgs = len(graph.orgs)
    summary.sources = len(graph.sources)
    summary.unregistered = registry.unregistered
    return LoadResult(graph, summary, registry, checked.rejects)
