"""The HTML report as a file: self-contained, safely embedded data, the same on both backends.

What the page does with it (charts, clicks, filters) is tested in a real browser in
tests/browser. The fixture and its hand counts are those of tests/test_report.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

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
