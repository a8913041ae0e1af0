"""The HTML report as a file: self-contained, safely embedded data, the same on both backends.

What the page does with it (charts, clicks, filters) is tested in a real browser in
tests/browser. The fixture and its hand counts are those of tests/test_report.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from click.testing import CliRunner

from talentgraph.api import TalentGraph
from talentgraph.cli import cli
from talentgraph.report.build import build_reports
from talentgraph.report.html import embed_json, payload

from .test_report import IN_PROCESS, XSS_NAME, XSS_QUOTE, load_report_fixture, write_data

JUNE_2025 = 2025 * 12 + 5  # months travel as year * 12 + month - 1


def test_embedded_json_cannot_close_its_script():
    data = {"name": "</script><script>alert(1)</script><!-- & \u2028\u2029"}
    text = embed_json(data)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == data  # JSON.parse reads the \\u escapes back


@pytest.fixture
def html(tmp_path) -> str:
    data = write_data(tmp_path / "data")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["--data", str(data), "report", "--out", str(out)], env=IN_PROCESS,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"wrote {re.escape(str(out))} \(\d+\.\d MB\): 13 moves, 11 people, 5 orgs; all dates, "
                        r"org level\n", result.stdout)
    return out.read_text(encoding="utf-8")


class _Tags(HTMLParser):
    """The elements of a page as the browser's tokenizer sees them (script text is not markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_is_one_self_contained_file(html):
    parser = _Tags()
    parser.feed(html)
    # Three scripts, all inline: the data, plotly.js, ours. Nothing is loaded from elsewhere.
    assert [(tag, attrs) for tag, attrs in parser.tags if tag == "script"] == [
        ("script", {"type": "application/json", "id": "report-data"}), ("script", {}), ("script", {})]
    assert [tag for tag, attrs in parser.tags if "src" in attrs or "href" in attrs] == []
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html,
                                re.S).group(1))
    assert sorted(data["levels"]) == ["org", "unit"]
    assert data["level"] == "org"
    # The markup in the data is inside the JSON only, escaped.
    assert XSS_NAME not in html
    assert XSS_QUOTE not in html
    assert [m[3] for m in data["moves"]].count(XSS_NAME) == 1


def _payload(tg) -> dict:
    return payload(build_reports(tg, levels=("org", "unit"), top=50, max_moves=200))


def test_payload_counts_by_hand(make_backend, tmp_path):
    tg = TalentGraph(make_backend(load_report_fixture(tmp_path).graph))
    data = _payload(tg)
    org, unit = data["levels"]["org"], data["levels"]["unit"]
    assert org["headline"] == {"moves": 13, "people": 11, "orgs": 5, "flows": 12, "unknown_origin": 1}
    assert unit["headline"] == {"moves": 14, "people": 12, "orgs": 10, "flows": 13, "unknown_origin": 1}
    flows = org["sections"][0]
    assert flows["key"] == "flows" and flows["total"] == 9
    top = flows["rows"][0]
    assert top["c"] == {"from_org": "OpenAI", "to_org": "Meta", "moves": 4}
    # Ann, Ben, Cat in June 2025, Dov in July.
    assert top["ev"]["moves"]["n"] == 4
    assert top["ev"]["moves"]["mo"] == [[JUNE_2025, 3], [JUNE_2025 + 1, 1]]
    assert [data["moves"][i][3] for i in top["ev"]["moves"]["m"]] == ["Ann Ames", "Ben Bell", "Cat Cole", "Dov Dahl"]
    ann = data["moves"][top["ev"]["moves"]["m"][0]]
    names = data["strings"]
    # Orgs and outlets are indices into `strings`; the origin and destination at org and unit level.
    assert [ann[1], ann[2], ann[3]] == ["2025-06-02", "d", "Ann Ames"]
    assert [names[i] for i in ann[4:8]] == ["OpenAI", "Meta", "OpenAI", "TBD Lab"]
    assert ann[8:11] == ["confirmed", "researcher", 100_000_000]
    assert [[url, names[outlet], published, quote] for url, outlet, published, quote in ann[11]] == [
        ["https://news.example/ann", "Alpha", "2025-06-03", "Ann joins TBD Lab"]]
    eve = next(m for m in data["moves"] if m[3] == "Eve Egan")
    assert eve[1:3] == ["2025-03-01", "m"]  # known to the month
    hal = next(m for m in data["moves"] if m[3] == "Hal Hill")
    assert hal[4] == -1 and hal[6] == -1  # unknown origin
    asymmetry = next(s for s in org["sections"] if s["key"] == "asymmetry")
    assert asymmetry["rows"][0]["c"] == {"org_a": "OpenAI", "org_b": "Meta", "a_to_b": 4, "b_to_a": 1, "ratio": 4.0}
    # Network nodes: every org the sections name, with inflow/outflow as in net_flow.
    assert sorted((o["c"]["org"], o["c"]["inflow"], o["c"]["outflow"]) for o in org["orgs"]) == [
        ("Anthropic", 5, 1), ("Google", 1, 2), ("Meta", 5, 3), ("Mistral AI", 0, 1), ("OpenAI", 2, 5)]


def test_moves_per_number_are_capped(tmp_path):
    from talentgraph.graph.memory import MemoryBackend

    tg = TalentGraph(MemoryBackend(load_report_fixture(tmp_path).graph))
    data = payload(build_reports(tg, levels=("org",), top=1, max_moves=2))
    flows = data["levels"]["org"]["sections"][0]
    assert len(flows["rows"]) == 1 and flows["total"] == 9
    evidence = flows["rows"][0]["ev"]["moves"]
    # Two of the four, spread over the dates: the first (Ann, 06-02) and the last (Dov, 07-05).
    assert evidence["n"] == 4 and len(evidence["m"]) == 2
    assert [data["moves"][i][3] for i in evidence["m"]] == ["Ann Ames", "Dov Dahl"]


def test_infinite_ratio_travels_as_text(tmp_path):
    from talentgraph.graph.memory import MemoryBackend
    from talentgraph.graph.registry import OrgRegistry
    from talentgraph.loaders import load_files

    folder = tmp_path / "inf"
    write_data(folder)
    # Three moves OpenAI -> Anthropic, none back: ratio inf.
    (folder / "moves.csv").write_text(
        "person,from_org,to_org,date\nA,OpenAI,Anthropic,2025-01-01\nB,OpenAI,Anthropic,2025-01-02\n"
        "C,OpenAI,Anthropic,2025-01-03\n", encoding="utf-8")
    graph = load_files([folder / "moves.csv"], OrgRegistry.from_yaml(folder / "orgs.yaml")).graph
    data = payload(build_reports(TalentGraph(MemoryBackend(graph)), levels=("org",)))
    asymmetry = next(s for s in data["levels"]["org"]["sections"] if s["key"] == "asymmetry")
    assert asymmetry["rows"][0]["c"]["ratio"] == "inf"
    json.dumps(data, allow_nan=False)  # no NaN or Infinity anywhere


def test_the_embedded_moves_have_a_budget(tmp_path):
    from talentgraph.graph.memory import MemoryBackend

    tg = TalentGraph(MemoryBackend(load_report_fixture(tmp_path).graph))
    # Fewer moves than the numbers name: every list is cut to one move (the floor), the
    # totals stay whole, and only the moves still named are embedded.
    data = payload(build_reports(tg, levels=("org",)), budget=3)
    assert data["maxMoves"] == 1
    org = data["levels"]["org"]
    flows = org["sections"][0]["rows"][0]["ev"]["moves"]
    assert flows["n"] == 4 and [data["moves"][i][3] for i in flows["m"]] == ["Ann Ames"]
    named = {i for s in org["sections"] for r in s["rows"] for e in r["ev"].values() for i in e["m"]}
    named |= {i for o in org["orgs"] for e in o["ev"].values() for i in e["m"]} | set(org["headlineMoves"]["m"])
    assert named == set(range(len(data["moves"])))
    # With room for all 13 counted moves nothing is cut.
    assert payload(build_reports(tg, levels=("org",)), budget=13)["maxMoves"] == 200


def test_a_cut_list_keeps_moves_from_every_part_of_the_period():
    from talentgraph.report.build import spread

    assert spread(list(range(10)), 4) == [0, 3, 6, 9]  # linspace(0, 9, 4) = 0, 3, 6, 9
    assert spread(list(range(3)), 4) == [0, 1, 2]


# -- large graphs: the same page, computed faster --------------------------------------------------
def _synth_graph(tmp_path, n_moves: int = 3_000, n_orgs: int = 60):
    from talentgraph.graph.registry import OrgRegistry
    from talentgraph.loaders import load_files
    from talentgraph.synth import write_dataset

    folder = write_dataset(tmp_path / "synth", n_moves=n_moves, n_orgs=n_orgs, seed=7)
    return load_files([folder / "moves.csv"], OrgRegistry.from_yaml(folder / "orgs.yaml")).graph


def _reference_read_moves(backend) -> pd.DataFrame:
    """read_moves as it was first written: counted_moves, dict lookups, pandas' sort on text."""
    from talentgraph.queries.counted import OrgIndex, counted_moves

    rows = counted_moves(backend.data, None, None, "unit", ())
    rows = rows.rename(columns={"from_org": "from_unit", "to_org": "to_unit"})
    index = OrgIndex(backend.data.orgs)
    rows["from_top_id"] = rows["from_unit_id"].map(index.top)
    rows["to_top_id"] = rows["to_unit_id"].map(index.top)
    rows["from_top"] = rows["from_top_id"].map(index.name)
    rows["to_top"] = rows["to_top_id"].map(index.name)
    return pd.DataFrame(rows).sort_values(["date", "person", "move_id"], kind="stable").reset_index(drop=True)


def test_moves_are_read_in_date_person_id_order(tmp_path):
    # The order is sorted on integer ranks, with ids compared only within (date, person)
    # ties: the synthetic data has some (a career's moves within one year-precise date).
    from talentgraph.graph.memory import MemoryBackend
    from talentgraph.report.moves import read_moves

    backend = MemoryBackend(_synth_graph(tmp_path))
    expected = _reference_read_moves(backend)
    rows = read_moves(backend)
    assert rows["move_id"].tolist() == expected["move_id"].tolist()
    for column in ("person", "from_unit", "to_top", "from_top_id"):
        assert rows[column].fillna("").tolist() == expected[column].fillna("").tolist(), column
    assert expected.duplicated(["date", "person"]).any()  # the tie-break by id is exercised


def test_the_same_report_from_codes_and_from_text_rows(make_backend, backend_name, tmp_path, monkeypatch):
    # In-process the report works on the graph's integer codes; from Neo4j on the rows it
    # reads as text. Both give the very same page data (on the memory backend the text
    # path is taken on the same graph; on Neo4j, for real).
    from talentgraph.graph.memory import MemoryBackend
    from talentgraph.report import build, moves

    graph = _synth_graph(tmp_path)
    expected = payload(build_reports(TalentGraph(MemoryBackend(graph)), top=20, max_moves=30))
    tg = TalentGraph(make_backend(graph))
    if backend_name == "memory":
        monkeypatch.setattr(build, "read_move_table",
                            lambda backend, statuses: moves._frame_table(moves.read_moves(backend, statuses)))
        assert isinstance(tg.backend, MemoryBackend)
    assert payload(build_reports(tg, top=20, max_moves=30)) == expected


def test_network_layout_is_networkx_kamada_kawai_to_the_bit():
    import networkx as nx
    import numpy as np
    from networkx.drawing.layout import _kamada_kawai_costfn

    from talentgraph.report.html import _kamada_kawai, _kk_cost, _one_blas_thread

    # As in a report: labs, some flows between them, a hub tied to all (250 labs: the size
    # of a report's network at the default top 50).
    for n, flows, seed in ((40, 30, 1), (250, 120, 4)):
        graph = nx.gnm_random_graph(n, flows, seed=seed)
        graph.add_edges_from(("hub", node) for node in list(graph.nodes))
        ours = _kamada_kawai(graph)
        with _one_blas_thread():  # NetworkX's run too, only faster: BLAS threads share out, never split, sums
            theirs = nx.kamada_kawai_layout(graph, weight=None)
        assert list(ours) == list(theirs)
        assert all(np.array_equal(ours[node], theirs[node]) for node in graph)
    rng = np.random.default_rng(0)
    distances = rng.integers(1, 5, size=(50, 50)).astype(float)
    distances = np.minimum(distances, distances.T)
    np.fill_diagonal(distances, 0)
    eye = np.eye(50) * 1e-3
    for _ in range(5):
        flat = rng.normal(size=100) * rng.uniform(0.1, 10)
        cost, grad = _kk_cost(flat, 1 / (distances + eye), eye, 1e-3)
        want_cost, want_grad = _kamada_kawai_costfn(flat, np, 1 / (distances + eye), 1e-3, 2)
        assert cost == want_cost and np.array_equal(grad, want_grad)


def test_the_collector_is_paused_and_given_back():
    import gc

    from talentgraph.report.build import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_groups_at_the_edge_of_sixteen_bits():
    import numpy as np

    from talentgraph.report.build import _Groups

    for top in (65_533, 65_534, 65_535, 70_000):  # 16-bit keys (shifted by one) up to 65534, then 64-bit
        codes = np.array([top, -1, 3, top, 0, 3, top - 1], dtype=np.int64)
        groups = _Groups(codes)
        for code in (top, top - 1, 3, 0, 1, top + 1, 200_000, -1, -2):
            expected = np.flatnonzero(codes == code) if code >= 0 else []
            assert groups.get(code).tolist() == list(expected), (top, code)


def test_report_steps_are_named(tmp_path, monkeypatch):
    # The report names each step for the progress display; the CLI shows it from
    # PROGRESS_MIN_MOVES moves up (here: from one).
    import contextlib

    import talentgraph.commands.report as command
    import talentgraph.loaders.progress as progress

    shown: list[tuple[bool, list[str]]] = []

    @contextlib.contextmanager
    def steps(show):
        labels: list[str] = []
        shown.append((show, labels))
        yield labels.append

    monkeypatch.setattr(progress, "progress_steps", steps)
    data = write_data(tmp_path / "data")
    argv = ["--data", str(data), "report", "--out", str(tmp_path / "r.html")]
    assert CliRunner().invoke(cli, argv, env=IN_PROCESS, catch_exceptions=False).exit_code == 0
    monkeypatch.setattr(command, "PROGRESS_MIN_MOVES", 1)
    assert CliRunner().invoke(cli, argv, env=IN_PROCESS, catch_exceptions=False).exit_code == 0
    steps_of_a_page = ["reading the moves", "building the org-level report", "building the unit-level report",
                       "reading the sources of the moves named", "choosing the moves to embed",
                       "laying out the org-level network", "laying out the unit-level network", "writing the page",
                       "writing r.html"]
    assert shown == [(False, steps_of_a_page), (True, steps_of_a_page)]
