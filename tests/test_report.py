"""`talentgraph report` on a hand-built fixture: terminal (plain text) and Markdown, both backends.

The fixture (REPORT_MOVES below, with tests/fixtures/orgs.yaml) is small enough to count
by hand. At org level the counted moves are (FAIR, MSL and TBD Lab roll up to Meta;
OpenAI Zurich to OpenAI; Google DeepMind to Google):

    Ann   OpenAI -> Meta       2025-06-02   $100M      Fay  OpenAI -> Anthropic  2025-02-01
    Ben   OpenAI -> Meta       2025-06-10              Gus  Google -> Anthropic  2025-02-15  $2M
    Cat   OpenAI -> Meta       2025-06-25   $50M       Hal  (unknown) -> Anthropic 2025-04-01
    Dov   OpenAI -> Meta       2025-07-05              XSS  Mistral AI -> Anthropic 2025-05-01
    Eve   Meta -> OpenAI       2025-03 (month)         Ivy  Meta -> Anthropic    2025-08-01
    Jon   Google -> Meta       2025-09-15   $300M      Fay  Anthropic -> OpenAI  2025-11-01
    Ben   Meta -> Google       2025-12-01

Left out at org level: Zed (denied) and Kim (FAIR -> TBD Lab, internal to Meta; a flow at
unit level). So: 13 moves, 11 people, 5 orgs, 12 with a known origin, 1 without.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from talentgraph.cli import cli

from .conftest import FIXTURES

# NEO4J_URI in the environment selects Neo4j (SPEC §7), and `make test` sets it: the
# in-process runs unset it, the Neo4j runs pass --neo4j.
IN_PROCESS = {"NEO4J_URI": None}

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_QUOTE = '"><script>alert(2)</script>'
XSS_OUTLET = "<b>Bold</b> News"

HEADER = ("person,from_org,to_org,date,status,source_url,source,source_date,quote,"
          "compensation_usd,compensation_kind,role")
REPORT_MOVES = HEADER + """
Ann Ames,OpenAI,TBD Lab,2025-06-02,confirmed,https://news.example/ann,Alpha,2025-06-03,ANN_QUOTE,1e8,total_package,researcher
Ben Bell,OpenAI,Meta Superintelligence Labs,2025-06-10,reported,https://news.example/ben,Beta,2025-06-11,,,,
Cat Cole,OpenAI,Meta,2025-06-25,reported,https://news.example/cat,Gamma,,,50000000,signing_bonus,
Dov Dahl,OpenAI Zurich,Meta,2025-07-05,reported,https://news.example/dov,Delta,,,,,
Eve Egan,Meta,OpenAI,2025-03,reported,https://news.example/eve,Alpha,,,,,
Fay Fox,OpenAI,Anthropic,2025-02-01,reported,https://news.example/fay1,Beta,,,,,
Gus Gray,Google DeepMind,Anthropic,2025-02-15,reported,https://news.example/gus,Gamma,,,2000000,annual_package,
Hal Hill,,Anthropic,2025-04-01,rumored,,Word of mouth,,,,,
XSS_NAME_FIELD,Mistral AI,Anthropic,2025-05-01,reported,https://news.example/xss,XSS_OUTLET,,XSS_QUOTE_FIELD,,,
Ivy Ito,FAIR,Anthropic,2025-08-01,reported,https://news.example/ivy,Delta,,,,,
Fay Fox,Anthropic,OpenAI,2025-11-01,confirmed,https://news.example/fay2,Alpha,,Fay returns,,,
Jon Jay,Google,Meta,2025-09-15,reported,https://news.example/jon,Beta,,,300000000,total_package,
Ben Bell,Meta Superintelligence Labs,Google DeepMind,2025-12-01,reported,https://news.example/ben2,Gamma,,,,,
Zed Zane,OpenAI,Meta,2026-01-10,denied,https://news.example/zed,Delta,,,,,
Kim Kay,FAIR,TBD Lab,2025-10-01,reported,https://news.example/kim,Alpha,,,,,
""".replace("XSS_QUOTE_FIELD", '"' + XSS_QUOTE.replace('"', '""') + '"').replace(
    "XSS_NAME_FIELD", XSS_NAME).replace("XSS_OUTLET", XSS_OUTLET).replace(
    "ANN_QUOTE", "Ann joins TBD Lab")


def write_data(folder: Path) -> Path:
    """A data folder holding the report fixture and the test registry."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "orgs.yaml", folder / "orgs.yaml")
    (folder / "moves.csv").write_text(REPORT_MOVES, encoding="utf-8")
    return folder


def load_report_fixture(tmp_path: Path):
    """The fixture as a loaded graph (for the Neo4j backend)."""
    folder = write_data(tmp_path / "graph")
    from talentgraph.graph.registry import OrgRegistry
    from talentgraph.loaders import load_files

    return load_files([folder / "moves.csv"], OrgRegistry.from_yaml(folder / "orgs.yaml"), strict=True)


@pytest.fixture
def report_cli(make_backend, backend_name, tmp_path):
    """``run(*args)``: `talentgraph report ...` on the fixture, through the parametrised backend."""
    data = write_data(tmp_path / "data")
    if backend_name == "neo4j":
        make_backend(load_report_fixture(tmp_path).graph)

    def run(*args: str | Path):
        argv = ["--data", str(data), "report", *map(str, args)]
        if backend_name == "neo4j":
            argv.append("--neo4j")
        env = None if backend_name == "neo4j" else IN_PROCESS
        return CliRunner().invoke(cli, argv, env=env, catch_exceptions=False)

    return run


def section(text: str, title: str) -> list[str]:
    """The lines of one section of the plain-text report, from its title to the next blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title + " ("))
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


def test_fixture_loads_as_counted_by_hand(tmp_path):
    # 15 rows, 15 moves (no duplicate reports), nothing rejected.
    result = load_report_fixture(tmp_path)
    assert len(result.graph.moves) == 15
    assert not result.rejects


def test_plain_text_report(report_cli):
    result = report_cli()
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out  # not a terminal: no colour codes
    assert out.splitlines()[:2] == [
        "Talent flow report: all dates, org level; counted statuses: confirmed, reported, derived, rumored",
        "13 moves by 11 people between 5 orgs (12 with a known origin, 1 from an unknown one).",
    ]
    # Ties (1 move each) by origin, then destination.
    assert section(out, "Largest flows") == [
        "Largest flows (all 9)",
        "Counted moves from one org to another (origin known).",
        "  from        to         moves",
        "  OpenAI      Meta           4",
        "      Ann Ames (2025-06-02), Ben Bell (2025-06-10), Cat Cole (2025-06-25), Dov Dahl (2025-07-05)",
        "  Anthropic   OpenAI         1",
        "      Fay Fox (2025-11-01)",
        "  Google      Anthropic      1",
        "      Gus Gray (2025-02-15)",
        "  Google      Meta           1",
        "      Jon Jay (2025-09-15)",
        "  Meta        Anthropic      1",
        "      Ivy Ito (2025-08-01)",
        "  Meta        Google         1",
        "      Ben Bell (2025-12-01)",
        "  Meta        OpenAI         1",
        "      Eve Egan (2025-03)",
        "  Mistral AI  Anthropic      1",
        f"      {XSS_NAME} (2025-05-01)",
        "  OpenAI      Anthropic      1",
        "      Fay Fox (2025-02-01)",
    ]
    # Anthropic: in Fay, Gus, Hal, XSS, Ivy; out Fay. Meta: in Ann, Ben, Cat, Dov, Jon; out Eve, Ivy, Ben.
    assert section(out, "Net gainers") == [
        "Net gainers (all 2)",
        "Moves in minus moves out (an unknown origin counts as in only).",
        "  org        in  out  net",
        "  Anthropic   5    1    4",
        "      in: Fay Fox (2025-02-01), Gus Gray (2025-02-15), Hal Hill (2025-04-01),",
        f"      {XSS_NAME} (2025-05-01), Ivy Ito (2025-08-01); out: Fay Fox (2025-11-01)",
        "  Meta        5    3    2",
        "      in: Ann Ames (2025-06-02), Ben Bell (2025-06-10), Cat Cole (2025-06-25), Dov Dahl (2025-07-05),",
        "      Jon Jay (2025-09-15); out: Eve Egan (2025-03), Ivy Ito (2025-08-01), Ben Bell (2025-12-01)",
    ]
    # Most negative first; Google and Mistral AI tie at -1 and go by name.
    assert [line for line in section(out, "Net losers") if not line.startswith("      ")] == [
        "Net losers (all 3)",
        "Orgs that lost more people than they hired.",
        "  org         in  out  net",
        "  OpenAI       2    5   -3",
        "  Google       1    2   -1",
        "  Mistral AI   0    1   -1",
    ]
    # OpenAI <-> Meta: 4 + 1 = 5 >= 3; every other pair has at most 2 moves.
    assert section(out, "Strongest asymmetries") == [
        "Strongest asymmetries (all 1)",
        "Pairs with at least 3 moves both ways together; ratio = A->B / B->A (inf: nobody went back).",
        "  A       B     A->B  B->A  ratio",
        "  OpenAI  Meta     4     1      4",
        "      A->B: Ann Ames (2025-06-02), Ben Bell (2025-06-10), Cat Cole (2025-06-25),",
        "      Dov Dahl (2025-07-05); B->A: Eve Egan (2025-03)",
    ]


def test_plain_text_runs_retention_and_the_rest(report_cli):
    out = report_cli().stdout
    # OpenAI -> Meta on 06-02, 06-10, 06-25, 07-05: gaps of 8, 15 and 10 days, one burst of 4.
    assert section(out, "Poaching bursts")[2:] == [
        "  from    to    start       end         moves",
        "  OpenAI  Meta  2025-06-02  2025-07-05      4",
        "      Ann Ames (2025-06-02), Ben Bell (2025-06-10), Cat Cole (2025-06-25), Dov Dahl (2025-07-05)",
    ]
    # Only Ann, Ben and Cat left the OpenAI unit itself (Dov left OpenAI Zurich).
    assert section(out, "Lift-outs")[2:] == [
        "  from unit  to    start       end         moves",
        "  OpenAI     Meta  2025-06-02  2025-06-25      3",
        "      Ann Ames (2025-06-02), Ben Bell (2025-06-10), Cat Cole (2025-06-25)",
    ]
    # as_of = 2025-12-01 (the latest counted move; Zed's 2026 move is denied).
    # Anthropic: Fay leaves after 273 days; at risk then: Fay and Gus (289 days), so 1/2.
    # Meta: Ben leaves after 174 days; at risk then: Ben and Ann (182 days), so 1/2.
    # A tie at 50%: by name.
    assert section(out, "Retention by lab")[2:] == [
        "  org        hires  departures  retention  median tenure (days)",
        "  Anthropic      5           1      50.0%                   273",
        "      hires: Fay Fox (2025-02-01), Gus Gray (2025-02-15), Hal Hill (2025-04-01),",
        f"      {XSS_NAME} (2025-05-01), Ivy Ito (2025-08-01);",
        "      departures: Fay Fox (2025-11-01)",
        "  Meta           5           1      50.0%                   174",
        "      hires: Ann Ames (2025-06-02), Ben Bell (2025-06-10), Cat Cole (2025-06-25),",
        "      Dov Dahl (2025-07-05), Jon Jay (2025-09-15); departures: Ben Bell (2025-12-01)",
    ]
    # Fay left OpenAI on 2025-02-01 and came back on 2025-11-01: 273 days.
    assert section(out, "Boomerangs")[2:] == [
        "  person   org     left        returned    days away",
        "  Fay Fox  OpenAI  2025-02-01  2025-11-01        273",
        "      Fay Fox (2025-02-01), Fay Fox (2025-11-01)",
    ]
    # Exporters by outflow: OpenAI 5, Meta 3, Google 2. Of OpenAI's leavers, Fay is back at
    # OpenAI and Ben is now at Google; Meta's leavers are now at OpenAI, Anthropic, Google.
    assert [line for line in section(out, "Where the alumni of the top 3 exporters went")[2:]] == [
        "  left    now at     alumni",
        "  OpenAI  Meta            3",
        "      Ann Ames (2025-06-02), Cat Cole (2025-06-25), Dov Dahl (2025-07-05)",
        "  OpenAI  Google          1",
        "      Ben Bell (2025-06-10), Ben Bell (2025-12-01)",
        "  Meta    Anthropic       1",
        "      Ivy Ito (2025-08-01)",
        "  Meta    Google          1",
        "      Ben Bell (2025-12-01)",
        "  Meta    OpenAI          1",
        "      Eve Egan (2025-03)",
        "  Google  Anthropic       1",
        "      Gus Gray (2025-02-15)",
        "  Google  Meta            1",
        "      Jon Jay (2025-09-15)",
    ]
    # Meta: $100M, $50M, $300M -> median $100M; Anthropic: Gus's $2M.
    assert section(out, "Reported compensation")[2:] == [
        "  org        moves        median           max",
        "  Meta           3  $100,000,000  $300,000,000",
        "      Ann Ames (2025-06-02), Cat Cole (2025-06-25), Jon Jay (2025-09-15)",
        "  Anthropic      1    $2,000,000    $2,000,000",
        "      Gus Gray (2025-02-15)",
    ]


def test_period_and_top(report_cli):
    # June to September 2025: Ann, Ben, Cat, Dov (OpenAI -> Meta), Ivy (Meta -> Anthropic),
    # Jon (Google -> Meta). Orgs: Meta, OpenAI, Anthropic, Google.
    result = report_cli("--since", "2025-06", "--until", "2025-09", "--top", "2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[:2] == [
        "Talent flow report: 2025-06-01 to 2025-09-30, org level; counted statuses: confirmed, reported, derived, "
        "rumored",
        "6 moves by 6 people between 4 orgs (6 with a known origin).",
    ]
    assert [line for line in section(out, "Largest flows") if not line.startswith("      ")] == [
        "Largest flows (top 2 of 3)",
        "Counted moves from one org to another (origin known).",
        "  from    to    moves",
        "  OpenAI  Meta      4",
        "  Google  Meta      1",
    ]
    # Nobody left and came back between June and September.
    assert section(out, "Boomerangs") == ["Boomerangs (none)", "  Nobody left an org and came back in this period."]


def test_unit_level(report_cli):
    out = report_cli("--level", "unit").stdout
    # At unit level Kim's FAIR -> TBD Lab counts and orgs stay as named: 13 pairs of 1 move
    # each (every move but Hal's), 10 orgs (OpenAI, OpenAI Zurich, Meta, MSL, TBD Lab, FAIR,
    # Google, Google DeepMind, Anthropic, Mistral AI).
    assert out.splitlines()[1] == (
        "14 moves by 12 people between 10 orgs (13 with a known origin, 1 from an unknown one).")
    flows = section(out, "Largest flows")
    assert flows[0] == "Largest flows (top 10 of 13)"
    rows = [line.split() for line in flows[3:] if not line.startswith("      ")]
    assert ["FAIR", "TBD", "Lab", "1"] in rows
    assert ["Meta", "Superintelligence", "Labs", "Google", "DeepMind", "1"] in rows
    kim = next(i for i, row in enumerate(flows) if row.split() == ["FAIR", "TBD", "Lab", "1"])
    assert flows[kim + 1] == "      Kim Kay (2025-10-01)"


def test_markdown_report(report_cli, tmp_path):
    target = tmp_path / "out" / "flows.md"
    result = report_cli("--out", target)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {target} (")
    assert result.stdout.rstrip().endswith("13 moves, 11 people, 5 orgs; all dates, org level")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Talent flow report\n\nall dates, org level; counted statuses: confirmed, reported, "
                           "derived, rumored\n\n13 moves by 11 people between 5 orgs (12 with a known origin, "
                           "1 from an unknown one).\n\n## Largest flows\n")
    assert "| from | to | moves | the moves behind it |\n|---|---|---:|---|\n" in text
    assert ("| OpenAI | Meta | 4 | Ann Ames (2025-06-02), Ben Bell (2025-06-10), Cat Cole (2025-06-25), "
            "Dov Dahl (2025-07-05) |") in text
    assert "| Meta | 5 | 1 | 50.0% | 174 | hires: Ann Ames (2025-06-02)" in text
    assert "| Meta | 3 | $100,000,000 | $300,000,000 | Ann Ames (2025-06-02), Cat Cole" in text
    # The XSS name is escaped Markdown text, never raw HTML.
    assert XSS_NAME not in text
    assert r"\<img src=x onerror=alert(1)\>" in text
    # Every named move is listed with its sources: link, outlet, date, quote.
    assert ("- **2025-06-02 Ann Ames**: OpenAI -> TBD Lab (confirmed, researcher)"
            in text)
    assert "  - [Alpha](<https://news.example/ann>), 2025-06-03: “Ann joins TBD Lab”" in text
    assert r'  - [\<b\>Bold\</b\> News](<https://news.example/xss>): “"\>\<script\>alert(2)\</script\>”' in text
    assert "- **2025-04-01 Hal Hill**: unknown origin -> Anthropic (rumored)" in text
    assert "Zed Zane" not in text  # denied: not counted


def test_out_must_be_html_or_md(report_cli, tmp_path):
    result = CliRunner().invoke(cli, ["report", "--out", str(tmp_path / "report.pdf")], env=IN_PROCESS)
    assert result.exit_code == 2
    assert "the file name must end in .html or .md" in result.stderr


def test_bad_dates_are_one_line(tmp_path):
    data = write_data(tmp_path / "data")
    result = CliRunner().invoke(cli, ["--data", str(data), "report", "--since", "2025-13"], env=IN_PROCESS)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: parameter since='2025-13'")
    assert len(result.stderr.strip().splitlines()) == 1
    result = CliRunner().invoke(cli, ["--data", str(data), "report", "--since", "2025-06", "--until", "2025-01"],
                                env=IN_PROCESS)
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: since 2025-06 is after until 2025-01: nothing to report"


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0
    assert "talentgraph report --since 2025-01-01" in result.stdout
    assert "--out" in result.stdout and "--neo4j" in result.stdout
