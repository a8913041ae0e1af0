"""Scale benchmark: load time, peak memory and every catalog query at 10k, 100k and 1M moves,
each next to what a user would pick instead, on the same seeded synthetic data.

Run by hand; numbers go in the README, never into tests:

    .venv/bin/python benchmarks/bench_scale.py --sizes 10k,100k          # in-process only
    NEO4J_URI=bolt://127.0.0.1:7688 NEO4J_PASSWORD=... \\
        .venv/bin/python benchmarks/bench_scale.py --neo4j --out bench.md --out bench.json

For each size it measures:

- the in-process load (``load_data_dir``: read, check, normalise) of the generated
  ``moves.csv`` + ``orgs.yaml``, in a fresh Python process per run, so its peak RSS
  (``ru_maxrss``) is that size's alone; beside it ``pandas.read_csv`` of the same file in
  a fresh process: the floor any loader that reads the CSV with pandas pays;
- every catalog query on the in-process backend, with the busiest org and the person
  with the most moves as the org/person parameters;
- flows and net_flow in DuckDB SQL over the same loaded tables (moves with org ids, org
  roll-up to the top-level parent), checked to give the same rows as ours;
- with ``--neo4j``: the driver load (``Neo4jBackend.load`` after ``clear``), the naive
  load (one write transaction of MERGE statements per move, timed on a sample and
  extrapolated), every catalog query, and ``export --to neo4j-admin`` followed by
  ``neo4j-admin database import full`` into a scratch NEO4J_HOME, run with the import
  tool jar of the Maven-built launcher (``scripts/neo4j.sh build``) for the server's
  version.

The Neo4j part clears the talentgraph nodes of the server it is given: use a scratch
server (``scripts/neo4j.sh start``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = "10k,100k,1m"
NAIVE_SAMPLE = 2_000
# The queries that must be told which org or person they are about, and the parameter.
ORG_PARAM = {"alumni": "org", "timeline": "org"}
PERSON_PARAM = {"person": "name"}
# What Neo4j's own launcher opens on newer JDKs (the import tool needs direct buffers);
# the same flags as tests/test_export.py and scripts/neo4j.sh.
_OPENS = ["--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED"]
TEMURIN_JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"

T = TypeVar("T")
Result = dict[str, Any]

# --- the naive Neo4j load: what a first script does, one write transaction per move -------
NAIVE_MOVE = """
MERGE (p:Person {id: $person_id}) SET p.name = $person
MERGE (t:Org {id: $to_org}) SET t.name = $to_name
MERGE (m:Move {id: $id}) SET m.date = $date, m.precision = $precision, m.status = $status
MERGE (p)-[:MADE]->(m)
MERGE (m)-[:TO]->(t)
"""
NAIVE_FROM = """
MATCH (m:Move {id: $id})
MERGE (f:Org {id: $from_org}) SET f.name = $from_name
MERGE (m)-[:FROM]->(f)
"""
NAIVE_REPORT = """
MATCH (m:Move {id: $move_id})
MERGE (s:Source {id: $source_id}) SET s.url = $url, s.outlet = $outlet
MERGE (m)-[r:REPORTED_BY]->(s) SET r.quote = $quote
"""

# --- DuckDB: flows and net_flow over the loaded tables, the same question as ours --------
# `up` rolls every org up to its top-level parent (level=org, the default); a move whose
# two ends roll up to the same org is internal and not counted; unknown origin counts for
# inflow only. Statuses: the default counted set, bound as $statuses.
_COUNTED_SQL = """
WITH RECURSIVE up(id, top) AS (
    SELECT id, id FROM orgs WHERE parent IS NULL
    UNION ALL
    SELECT o.id, up.top FROM orgs o JOIN up ON o.parent = up.id
),
counted AS (
    SELECT m.id, p.name AS person, uf.top AS from_id, ut.top AS to_id
    FROM moves m
    JOIN persons p ON p.id = m.person_id
    JOIN up ut ON ut.id = m.to_org
    LEFT JOIN up uf ON uf.id = m.from_org
    WHERE list_contains($statuses, m.status) AND (uf.top IS NULL OR uf.top <> ut.top)
)
"""
DUCKDB_FLOWS = _COUNTED_SQL + """
SELECT f.name AS from_org, t.name AS to_org, count(*) AS moves,
       string_agg(DISTINCT c.person, '; ' ORDER BY c.person) AS people
FROM counted c JOIN orgs f ON f.id = c.from_id JOIN orgs t ON t.id = c.to_id
GROUP BY c.from_id, c.to_id, f.name, t.name
ORDER BY moves DESC, from_org, to_org
"""
DUCKDB_NET_FLOW = _COUNTED_SQL + """
, sides AS (
    SELECT to_id AS org_id, 1 AS i, 0 AS o FROM counted
    UNION ALL
    SELECT from_id, 0, 1 FROM counted WHERE from_id IS NOT NULL
)
SELECT orgs.name AS org, sum(i) AS inflow, sum(o) AS outflow, sum(i) - sum(o) AS net
FROM sides JOIN orgs ON orgs.id = sides.org_id
GROUP BY sides.org_id, orgs.name
ORDER BY net DESC, org
"""


# ------------------------------------------------------------------------------------------
def parse_size(text: str) -> int:
    """``10k`` -> 10,000; ``1m`` -> 1,000,000; ``2500`` -> 2,500."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", text.strip().lower().replace("_", "").replace(",", ""))
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10k, 100k, 1m, 2500)")
    number = float(match[1]) * {"": 1, "k": 1_000, "m": 1_000_000}[match[2]]
    if number < 100:
        raise argparse.ArgumentTypeError(f"size {text!r}: at least 100 moves")
    return int(number)


def parse_sizes(text: str) -> list[int]:
    return [parse_size(part) for part in text.split(",") if part.strip()]


def orgs_for(moves: int) -> int:
    # The README's earlier runs: 1,000 orgs up to 100k moves, 5,000 at 1M.
    return max(1_000, moves // 200)


def best_of(repeat: int, fn: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs (the others measure the machine's noise) and the last result."""
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _peak_rss_mb() -> float:
    """This process's peak RSS in MB.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the process that forked and
    exec'd us, so a child of this (large) benchmark process would report the parent's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        found = re.search(r"^VmHWM:\s*(\d+) kB", status.read_text(), re.MULTILINE)
        if found:
            return int(found[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux; bytes on macOS


# --- fresh-process measurements ------------------------------------------------------------
def child(kind: str, folder: Path) -> None:
    """Run one load in this (fresh) process and print its time and peak RSS as JSON."""
    if kind == "load":
        from talentgraph.loaders import load_data_dir

        before = _peak_rss_mb()  # interpreter + pandas + talentgraph imported: not the load's doing
        start = time.perf_counter()
        result = load_data_dir(folder)
        seconds = time.perf_counter() - start
        s = result.summary
        out = {"rows": s.rows_read, "moves": s.moves_loaded, "merged": s.rows_merged, "rejected": s.rows_rejected}
    else:
        before = _peak_rss_mb()
        start = time.perf_counter()
        frame = pd.read_csv(folder / "moves.csv")
        seconds = time.perf_counter() - start
        out = {"rows": len(frame)}
    print(json.dumps({**out, "seconds": seconds, "peak_rss_mb": _peak_rss_mb(), "base_rss_mb": before}))


def in_fresh_process(kind: str, folder: Path, repeat: int) -> Result:
    """Best time over ``repeat`` fresh processes; the peak RSS is the largest any of them reached."""
    runs = []
    for _ in range(max(1, repeat)):
        done = subprocess.run([sys.executable, __file__, "--child", kind, str(folder)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"the {kind} subprocess failed:\n{done.stderr[-3000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}


# --- queries ---------------------------------------------------------------------------------
def query_params(graph: Any) -> dict[str, dict[str, str]]:
    """Parameters for the queries that need an org or a person: the busiest org (most counted
    moves in and out at org level) and the person with the most moves, both by id."""
    from talentgraph.queries.counted import counted_moves

    counted = counted_moves(graph)
    ends = pd.concat([counted["to_id"], counted["from_id"].dropna()])
    counts = ends.value_counts()
    org = str(min(counts[counts == counts.max()].index))  # lowest id among the tied: reproducible
    per_person = graph.moves["person_id"].value_counts()
    person = str(min(per_person[per_person == per_person.max()].index))
    params: dict[str, dict[str, str]] = {}
    params.update({name: {key: org} for name, key in ORG_PARAM.items()})
    params.update({name: {key: person} for name, key in PERSON_PARAM.items()})
    return params


def warm_up(tmp: Path) -> None:
    """Run every query once on a tiny graph: the first call of some imports scipy or NetworkX,
    a once-per-process cost that would otherwise land on the first size's timings."""
    from talentgraph.graph.memory import MemoryBackend
    from talentgraph.loaders import load_data_dir
    from talentgraph.queries.catalog import QUERY_NAMES
    from talentgraph.synth import write_dataset

    graph = load_data_dir(write_dataset(tmp / "warm-up", 300, 20)).graph
    memory = MemoryBackend(graph)
    params = query_params(graph)
    for name in QUERY_NAMES:
        memory.run(name, **params.get(name, {}))


def time_queries(backend: Any, params: dict[str, dict[str, str]], repeat: int,
                 advance: Callable[[str], None]) -> dict[str, Result]:
    from talentgraph.queries.catalog import QUERY_NAMES

    out = {}
    for name in QUERY_NAMES:
        seconds, frame = best_of(repeat, lambda name=name: backend.run(name, **params.get(name, {})))
        out[name] = {"seconds": seconds, "rows": len(frame)}
        advance(name)
    return out


def duckdb_baseline(graph: Any, memory: Any, repeat: int) -> Result:
    """flows and net_flow in DuckDB over the same loaded tables, timed and checked against ours."""
    import duckdb

    from talentgraph.queries.catalog import counted_statuses

    con = duckdb.connect()
    start = time.perf_counter()
    # Materialised once, as a DuckDB user would before querying; empty parent -> NULL.
    con.register("moves_df", graph.moves[["id", "person_id", "from_org", "to_org", "status"]])
    con.register("orgs_df", graph.orgs[["id", "name", "parent"]])
    con.register("persons_df", graph.persons[["id", "name"]])
    con.execute("CREATE TABLE moves AS SELECT * FROM moves_df")
    con.execute("CREATE TABLE orgs AS SELECT id, name, NULLIF(parent, '') AS parent FROM orgs_df")
    con.execute("CREATE TABLE persons AS SELECT * FROM persons_df")
    out: Result = {"tables_s": time.perf_counter() - start, "threads": con.execute(
        "SELECT current_setting('threads')").fetchone()[0]}
    statuses = counted_statuses(())
    for name, sql, keys in (("flows", DUCKDB_FLOWS, ["from_org", "to_org"]), ("net_flow", DUCKDB_NET_FLOW, ["org"])):
        seconds, theirs = best_of(repeat, lambda sql=sql: con.execute(sql, {"statuses": statuses}).df())
        ours = memory.run(name)
        out[name] = {"seconds": seconds, "rows": len(theirs), "check": same_answer(ours, theirs, keys)}
    con.close()
    return out


def same_answer(ours: pd.DataFrame, theirs: pd.DataFrame, keys: list[str]) -> str:
    """"same" when DuckDB's rows equal ours (row count, totals, then every cell), else what differs."""
    numbers = [c for c in ours.columns if pd.api.types.is_integer_dtype(ours[c])]
    if len(ours) != len(theirs):
        return f"DIFFERENT: {len(theirs):,} rows, ours {len(ours):,}"
    for column in numbers:
        if int(ours[column].sum()) != int(theirs[column].sum()):
            return f"DIFFERENT: {column} totals {int(theirs[column].sum()):,}, ours {int(ours[column].sum()):,}"

    def canonical(frame: pd.DataFrame) -> list[tuple]:
        f = frame[list(ours.columns)].copy()
        for column in f.columns:
            f[column] = f[column].astype("int64") if column in numbers else f[column].astype(str)
        return sorted(f.itertuples(index=False, name=None))

    return "same" if canonical(ours) == canonical(theirs) else "DIFFERENT: same totals, other rows"


# --- Neo4j -----------------------------------------------------------------------------------
def server_version(backend: Any) -> str:
    frame = backend.read("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition")
    row = frame.iloc[0]
    return f"{row['name']} {row['versions'][0]} {row['edition']}"


def naive_load(backend: Any, graph: Any, sample: int, advance: Callable[[], None]) -> Result:
    """One write transaction per move (person, orgs, move, links, sources), MERGE and parameters,
    on the first ``sample`` moves of the graph; the rate is extrapolated to every move."""
    moves = graph.moves.head(sample)
    persons = dict(zip(graph.persons["id"], graph.persons["name"]))
    orgs = dict(zip(graph.orgs["id"], graph.orgs["name"]))
    reports = graph.reports[graph.reports["move_id"].isin(moves["id"])].merge(
        graph.sources.rename(columns={"id": "source_id"}), on="source_id", how="left")
    by_move = {key: group.to_dict("records") for key, group in reports.groupby("move_id")}

    def text(value: Any) -> Any:  # Neo4j has no empty value: "" and NaN are "no property"
        return None if value is None or value == "" or (isinstance(value, float) and value != value) else value

    def work(tx: Any, row: dict[str, Any]) -> None:
        date = None if pd.isna(row["date"]) else row["date"].date()
        tx.run(NAIVE_MOVE, id=row["id"], person_id=row["person_id"], person=persons.get(row["person_id"]),
               to_org=row["to_org"], to_name=orgs.get(row["to_org"]), date=date,
               precision=row["precision"], status=row["status"]).consume()
        if isinstance(row["from_org"], str):
            tx.run(NAIVE_FROM, id=row["id"], from_org=row["from_org"], from_name=orgs.get(row["from_org"])).consume()
        for report in by_move.get(row["id"], []):
            tx.run(NAIVE_REPORT, move_id=row["id"], source_id=report["source_id"], url=text(report["url"]),
                   outlet=text(report["outlet"]), quote=text(report["quote"])).consume()

    rows = moves.to_dict("records")
    start = time.perf_counter()
    with backend.driver.session(database=backend.database) as session:
        for row in rows:
            session.execute_write(work, row)
            advance()
    seconds = time.perf_counter() - start
    rate = len(rows) / seconds
    return {"sample": len(rows), "seconds": seconds, "moves_per_s": rate, "extrapolated_s": len(graph.moves) / rate}


def import_tool(server: str) -> tuple[str, list[str]] | None:
    """(java, JVM arguments) running neo4j-admin from the launcher's Maven jars for ``server``'s
    version (``neo4j-server/target/<version>/lib``), the way tests/test_export.py runs it."""
    match = re.search(r"\b(\d+\.\d+\.\d+)\b", server)
    if not match:
        return None
    lib = REPO / "neo4j-server" / "target" / match[1] / "lib"
    if not list(lib.glob("neo4j-import-tool-*.jar")):
        return None
    calendar = match[1].startswith("20")  # 2025+ versions run on the Temurin 25 JDK, as scripts/neo4j.sh does
    java = TEMURIN_JAVA if calendar else shutil.which("java")
    if not java or not os.path.exists(java):
        return None
    extra = ["--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"] if calendar else []
    return java, ["-Xmx1g", *_OPENS, *extra, "-cp", str(lib / "*"), "org.neo4j.cli.AdminTool"]


def admin_import(graph: Any, server: str, workdir: Path) -> Result:
    """``export --to neo4j-admin`` then ``neo4j-admin database import full`` into a scratch home."""
    from talentgraph.export import export_graph

    out = workdir / "neo4j-admin"
    start = time.perf_counter()
    export_graph(graph, "neo4j-admin", out)
    result: Result = {"export_s": time.perf_counter() - start}
    tool = import_tool(server)
    if tool is None:
        result["skipped"] = f"no neo4j-import-tool jar for {server} in neo4j-server/target/*/lib (neo4j.sh build)"
        return result
    java, jvm = tool
    home = workdir / "neo4j-home"
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text("")
    # The exact command the export wrote into import.sh, with the database name filled in.
    line = (out / "import.sh").read_text().splitlines()[-1].replace(' "${1:-neo4j}"', " neo4j")
    args = [a.replace("'", "") for a in line.split()[1:]]  # after "neo4j-admin"
    start = time.perf_counter()
    done = subprocess.run([java, *jvm, *args], cwd=out, capture_output=True, text=True, check=False,
                          env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")})
    result["import_s"] = time.perf_counter() - start
    if done.returncode != 0:
        result["error"] = (done.stdout[-1500:] + done.stderr[-1500:]).strip()
        return result
    # The importer's own clock and memory, without the JVM start: "IMPORT DONE in 5s 844ms."
    done_in = re.search(r"IMPORT DONE in ([^.\n]+)", done.stdout)
    result["import_reported_s"] = _duration(done_in[1]) if done_in else None
    peak = re.search(r"Peak memory usage: ([\d.]+)\s*([KMG]i?B)", done.stdout)
    result["import_peak_memory"] = f"{peak[1]} {peak[2]}" if peak else None
    for what in ("nodes", "relationships"):
        found = re.search(rf"(\d+) {what}\b", done.stdout)
        result[what] = int(found[1]) if found else None
    expected = sum(len(getattr(graph, t)) for t in ("persons", "orgs", "moves", "sources"))
    result["nodes_check"] = "same" if result["nodes"] == expected else f"DIFFERENT: expected {expected:,} nodes"
    shutil.rmtree(home / "data", ignore_errors=True)  # a 1M-move store is a few hundred MB
    return result


def _duration(text: str) -> float:
    """Neo4j's "1m 5s 844ms" in seconds."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)\s*(ms|h|m|s)\b", text))


# --- the machine -----------------------------------------------------------------------------
def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> Result:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
    return {
        "cpu": models[0].strip() if models else platform.processor() or "unknown",
        "cpus": len(models) or os.cpu_count(),
        "ram_gib": round(int(total[1]) / 1024**2, 1) if total else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        **{name: _package(name) for name in ("pandas", "numpy", "networkx", "neo4j", "duckdb")},
    }


# --- the run ---------------------------------------------------------------------------------
class Steps:
    """A rich progress display on stderr: the step being run, and a bar for the long ones."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("", total=None)

    @contextmanager
    def step(self, label: str, total: int | None = None) -> Iterator[Callable[..., None]]:
        self.progress.reset(self.task, description=label, total=total, completed=0)
        start = time.perf_counter()

        def advance(*_: Any, by: int = 1) -> None:
            self.progress.advance(self.task, by)

        yield advance
        self.progress.console.print(f"  {label}: {time.perf_counter() - start:.2f} s")


def run_size(n: int, args: argparse.Namespace, steps: Steps, neo4j: Any, server: str, tmp: Path) -> Result:
    from talentgraph.graph.memory import MemoryBackend
    from talentgraph.loaders import load_data_dir
    from talentgraph.queries.catalog import QUERY_NAMES
    from talentgraph.synth import write_dataset

    label = _size_label(n)
    n_orgs = args.orgs or orgs_for(n)
    run: Result = {"size": n, "label": label, "orgs": n_orgs, "seed": args.seed}
    folder = tmp / label
    with steps.step(f"{label}: generate moves.csv ({n_orgs:,} orgs)"):
        start = time.perf_counter()
        write_dataset(folder, n, n_orgs, args.seed)
        run["generate_s"] = time.perf_counter() - start
    with steps.step(f"{label}: in-process load, fresh process x{args.repeat}"):
        run["load"] = in_fresh_process("load", folder, args.repeat)
    with steps.step(f"{label}: pandas.read_csv, fresh process x{args.repeat}"):
        run["read_csv"] = in_fresh_process("read_csv", folder, args.repeat)
    with steps.step(f"{label}: load again here, for the queries"):
        graph = load_data_dir(folder).graph
    run["rows"], run["moves"] = run["load"]["rows"], len(graph.moves)
    memory = MemoryBackend(graph)
    params = query_params(graph)
    run["params"] = params
    with steps.step(f"{label}: {len(QUERY_NAMES)} queries in-process", total=len(QUERY_NAMES)) as advance:
        run["memory_queries"] = time_queries(memory, params, args.repeat, advance)
    with steps.step(f"{label}: DuckDB flows and net_flow"):
        run["duckdb"] = duckdb_baseline(graph, memory, args.repeat)
    if neo4j is not None:
        run["neo4j"] = run_neo4j(graph, args, steps, neo4j, server, params, folder, label)
    return run


def run_neo4j(graph: Any, args: argparse.Namespace, steps: Steps, neo4j: Any, server: str,
              params: dict[str, dict[str, str]], folder: Path, label: str) -> Result:
    from talentgraph.queries.catalog import QUERY_NAMES

    out: Result = {}
    sample = min(args.naive_sample, len(graph.moves))
    with steps.step(f"{label}: Neo4j clear"):
        neo4j.clear()
        neo4j.ensure_constraints()  # the naive load gets the same unique indexes as ours
    with steps.step(f"{label}: Neo4j naive load, {sample:,}-move sample", total=sample) as advance:
        out["naive"] = naive_load(neo4j, graph, sample, advance)
    with steps.step(f"{label}: Neo4j clear"):
        neo4j.clear()
    with steps.step(f"{label}: Neo4j driver load", total=len(graph.moves)) as advance:
        start = time.perf_counter()
        neo4j.load(graph, progress=lambda kind, rows: advance(by=rows) if kind == "moves" else None)
        out["load_s"] = time.perf_counter() - start
    if args.reload:
        with steps.step(f"{label}: Neo4j reload of the same graph"):
            start = time.perf_counter()
            neo4j.load(graph)
            out["reload_s"] = time.perf_counter() - start
    with steps.step(f"{label}: {len(QUERY_NAMES)} queries on Neo4j", total=len(QUERY_NAMES)) as advance:
        out["queries"] = time_queries(neo4j, params, args.repeat, advance)
    with steps.step(f"{label}: export --to neo4j-admin + neo4j-admin database import"):
        out["admin"] = admin_import(graph, server, folder)
    return out


def _size_label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


# --- the tables --------------------------------------------------------------------------------
def _s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 0.1:
        return f"{seconds:.3f} s"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:,.1f} s"


def _x(ours: float | None, theirs: float | None) -> str:
    if not ours or not theirs:
        return "-"
    ratio = ours / theirs
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:,.0f}×"


def _rate(moves: int, seconds: float | None) -> str:
    return f"{_s(seconds)} · {moves / seconds:,.0f} moves/s" if seconds else "-"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    right = ["---"] + ["---:"] * (len(header) - 1)
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(right) + " |",
            *("| " + " | ".join(row) + " |" for row in rows)]


def render(report: Result) -> str:
    """The whole report as markdown: the machine, then loading, queries and DuckDB tables."""
    m, runs = report["machine"], report["runs"]
    lines = [
        "Machine: " + f"{m['cpu']} × {m['cpus']} CPUs, {m['ram_gib']} GiB RAM, {m['os']}; Python {m['python']}, "
        f"pandas {m['pandas']}, numpy {m['numpy']}, networkx {m['networkx']}, neo4j driver {m['neo4j']}, "
        f"duckdb {m['duckdb']}" + (f"; server {report['server']}" if report.get("server") else "") + ".",
        f"Data: talentgraph.synth, seed {runs[0]['seed'] if runs else '-'}; best of {report['repeat']} "
        "for in-process and query timings.",
        "Ratios are our time ÷ the alternative's time: above 1× ours is slower, below 1× faster.",
        "",
    ]
    header = ["", *(f"{r['size']:,} moves" for r in runs)]

    def row(label: str, cell: Callable[[Result], str]) -> list[str]:
        return [label, *(cell(r) for r in runs)]

    neo = all("neo4j" in r for r in runs) and bool(runs)
    load_rows = [
        row("orgs (with units) · moves.csv rows · distinct moves",
            lambda r: f"{r['orgs']:,} · {r['rows']:,} · {r['moves']:,}"),
        row("in-process load (read, check, normalise)", lambda r: _rate(r["moves"], r["load"]["seconds"])),
        row("peak RSS of that process (before the load)",
            lambda r: f"{r['load']['peak_rss_mb']:,.0f} MB ({r['load']['base_rss_mb']:,.0f} MB)"),
        row("pandas.read_csv of moves.csv (the floor)",
            lambda r: f"{_s(r['read_csv']['seconds'])} · peak {r['read_csv']['peak_rss_mb']:,.0f} MB"),
        row("→ in-process load ÷ read_csv", lambda r: _x(r["load"]["seconds"], r["read_csv"]["seconds"])),
    ]
    if neo:
        load_rows += [
            row("Neo4j driver load (Neo4jBackend.load after clear)", lambda r: _rate(r["moves"], r["neo4j"]["load_s"])),
            *([row("Neo4j reload of the same graph", lambda r: _s(r["neo4j"].get("reload_s")))]
              if any("reload_s" in r["neo4j"] for r in runs) else []),
            row("naive Neo4j load: 1 transaction of MERGEs per move, EXTRAPOLATED",
                lambda r: f"{_rate(r['moves'], r['neo4j']['naive']['extrapolated_s'])} "
                f"(from {r['neo4j']['naive']['sample']:,} moves in {_s(r['neo4j']['naive']['seconds'])})"),
            row("→ driver load ÷ naive", lambda r: _x(r["neo4j"]["load_s"], r["neo4j"]["naive"]["extrapolated_s"])),
            row("export --to neo4j-admin", lambda r: _s(r["neo4j"]["admin"]["export_s"])),
            row("neo4j-admin database import full (JVM start included)", _import_cell),
            row("→ driver load ÷ (export + import)", lambda r: _x(
                r["neo4j"]["load_s"], r["neo4j"]["admin"]["export_s"] + r["neo4j"]["admin"].get("import_s", 0)
                if "import_s" in r["neo4j"]["admin"] else None)),
        ]
    lines += ["Loading:", "", *_table(header, load_rows), ""]
    if neo:
        lines += ["The naive load runs on an emptied database that has the unique constraints, as ours does;",
                  "its time for every move is the sample's rate extrapolated, not measured.", ""]

    q_header = ["query"]
    for r in runs:
        q_header += [f"{r['label']} in-process", f"{r['label']} rows"] + ([f"{r['label']} Neo4j"] if neo else [])
    q_rows = []
    for name in runs[0]["memory_queries"] if runs else []:
        cells = [name]
        for r in runs:
            mine = r["memory_queries"][name]
            cells += [_s(mine["seconds"]), f"{mine['rows']:,}"]
            if neo:
                theirs = r["neo4j"]["queries"][name]
                differs = f" (≠ {theirs['rows']:,} rows)" if theirs["rows"] != mine["rows"] else ""
                cells.append(_s(theirs["seconds"]) + differs)
        q_rows.append(cells)
    params = runs[0]["params"] if runs else {}
    lines += ["Queries (default parameters; " + ", ".join(
        f"{q} {k}={v}" for q, p in params.items() for k, v in p.items()) + " at the first size):", "",
        *_table(q_header, q_rows), ""]

    d_rows = [row("DuckDB tables from the loaded frames", lambda r: _s(r["duckdb"]["tables_s"]))]
    for name in ("flows", "net_flow"):
        d_rows += [
            row(f"{name}: DuckDB SQL (answer vs ours)",
                lambda r, n=name: f"{_s(r['duckdb'][n]['seconds'])} · {r['duckdb'][n]['check']}"),
            row(f"→ {name}: in-process ÷ DuckDB",
                lambda r, n=name: _x(r["memory_queries"][n]["seconds"], r["duckdb"][n]["seconds"])),
        ]
        if neo:
            d_rows.append(row(f"→ {name}: Neo4j ÷ DuckDB",
                              lambda r, n=name: _x(r["neo4j"]["queries"][n]["seconds"], r["duckdb"][n]["seconds"])))
    threads = runs[0]["duckdb"]["threads"] if runs else "-"
    lines += [f"Against DuckDB SQL over the same loaded tables (DuckDB on {threads} threads; ours on one):", "",
              *_table(header, d_rows)]
    return "\n".join(lines) + "\n"


def _import_cell(r: Result) -> str:
    admin = r["neo4j"]["admin"]
    if "skipped" in admin:
        return "skipped: " + admin["skipped"]
    if "error" in admin:
        return "FAILED (see the JSON)"
    own = f" (importer's own clock {_s(admin['import_reported_s'])})" if admin.get("import_reported_s") else ""
    peak = f", peak {admin['import_peak_memory']}" if admin.get("import_peak_memory") else ""
    return f"{_rate(r['moves'], admin['import_s'])}{own}{peak} · {admin['nodes']:,} nodes ({admin['nodes_check']})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes(DEFAULT_SIZES),
                        help=f"moves per run, comma-separated (default {DEFAULT_SIZES})")
    parser.add_argument("--orgs", type=int, default=None, help="orgs per run (default: 1,000, or moves/200 above 200k)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--neo4j", action="store_true", help="also Neo4j (NEO4J_URI, NEO4J_PASSWORD): CLEARS it")
    parser.add_argument("--repeat", type=int, default=1, help="best of N for in-process and query timings")
    parser.add_argument("--naive-sample", type=int, default=NAIVE_SAMPLE, help="moves timed for the naive load")
    parser.add_argument("--reload", action="store_true", help="also time a second Neo4j load of the same graph")
    parser.add_argument("--out", action="append", type=Path, default=[], help="also write .md or .json (repeatable)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    for path in args.out:
        if path.suffix not in (".md", ".json"):
            parser.error(f"--out {path}: give a .md or .json file")

    console = Console(stderr=True)
    report: Result = {"machine": machine(), "repeat": args.repeat, "runs": []}
    neo4j, server = None, ""
    if args.neo4j:
        from talentgraph.graph.neo4j_backend import Neo4jBackend

        # The driver logs a warning per notification, e.g. "property `role` does not exist" on
        # synthetic data without roles: noise between the progress lines.
        logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
        neo4j = Neo4jBackend()
        server = server_version(neo4j)
        report["server"] = server
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp, \
                Progress(*columns, console=console, transient=True) as progress:
            steps = Steps(progress)
            with steps.step("warm-up: every query once on 300 moves"):
                warm_up(Path(tmp))
            for n in args.sizes:
                report["runs"].append(run_size(n, args, steps, neo4j, server, Path(tmp)))
                shutil.rmtree(Path(tmp) / _size_label(n), ignore_errors=True)
        if neo4j is not None:
            neo4j.clear()
    finally:
        if neo4j is not None:
            neo4j.close()
    text = render(report)
    print(text, end="")
    for path in args.out:
        path.write_text(text if path.suffix == ".md" else json.dumps(report, indent=2, default=str) + "\n",
                        encoding="utf-8")
    # A baseline that answers another question makes its ratio meaningless: fail loudly.
    checks = [r["duckdb"][q]["check"] for r in report["runs"] for q in ("flows", "net_flow")]
    checks += [r["neo4j"]["admin"].get("nodes_check", "FAILED" if "error" in r["neo4j"]["admin"] else "same")
               for r in report["runs"] if "neo4j" in r]
    return 1 if any(c != "same" for c in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
