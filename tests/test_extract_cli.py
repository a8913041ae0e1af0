"""`talentgraph extract` through click's runner: the CSV it writes, its inputs, its errors,
and the round trip extract -> load --strict (in-process and into a real Neo4j)."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders import load_files

from .conftest import FIXTURES, REPO

ARTICLES = FIXTURES / "articles"
HEADER = ("person,person_id,from_org,to_org,date,role,status,source_url,source,source_date,quote,"
          "compensation_usd,compensation_kind,notes")


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_text_article_gives_the_interchange_csv():
    result = run("extract", ARTICLES / "en02_zurich_trio.txt")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == HEADER
    got = rows(result.stdout)
    # "Tomasz Wójcik, Elena Brandt and Marco Ferri, who built much of Google DeepMind's
    # multimodal stack in Zurich, left the lab for OpenAI in December 2024."
    assert [(r["person"], r["from_org"], r["to_org"], r["date"]) for r in got] == [
        ("Tomasz Wójcik", "Google DeepMind", "OpenAI", "2024-12"),
        ("Elena Brandt", "Google DeepMind", "OpenAI", "2024-12"),
        ("Marco Ferri", "Google DeepMind", "OpenAI", "2024-12"),
    ]
    first = got[0]
    assert first["status"] == "candidate"
    assert first["source"] == "Alpine Tech Review"  # the Source: header
    assert first["source_date"] == "2025-01-08"  # the Date: header
    assert first["source_url"] == "https://alpinetech.example/openai-zurich-trio"
    assert first["quote"].startswith("Tomasz Wójcik, Elena Brandt and Marco Ferri, who built")
    assert first["person_id"] == first["compensation_usd"] == first["compensation_kind"] == ""
    assert result.stderr == ""


def test_html_page_main_text_and_metadata():
    result = run("extract", ARTICLES / "en27_iyer_microsoft.html")
    assert result.exit_code == 0, result.output
    got = rows(result.stdout)
    assert len(got) == 1
    row = got[0]
    # Headline "Microsoft AI hires Google DeepMind's Kavya Iyer" and the body sentence are one move;
    # the body gives the day: "joined Microsoft AI on 14 July 2025".
    assert (row["person"], row["from_org"], row["to_org"], row["date"]) == (
        "Kavya Iyer", "Google DeepMind", "Microsoft AI", "2025-07-14")
    assert row["source"] == "Redmond Report"  # og:site_name
    assert row["source_date"] == "2025-07-16"  # article:published_time
    assert row["source_url"] == "https://redmondreport.example/2025/07/16/microsoft-ai-iyer"  # canonical


def test_url_list_gives_each_page_its_url(tmp_path):
    shutil.copy(ARTICLES / "fr01_lefevre_mistral.html", tmp_path / "page1.html")
    shutil.copy(ARTICLES / "fr04_rousseau.txt", tmp_path / "page2.txt")
    listing = tmp_path / "pages.urls"
    listing.write_text(
        "# saved pages\n\nhttps://quotidien.example/lefevre\tpage1.html\npage2.txt\n", encoding="utf-8")
    result = run("extract", listing)
    assert result.exit_code == 0, result.output
    got = [(r["person"], r["from_org"], r["to_org"], r["date"], r["source_url"]) for r in rows(result.stdout)]
    assert got == [
        ("Camille Lefèvre", "Google DeepMind", "Mistral AI", "2025-06", "https://quotidien.example/lefevre"),
        ("Léa Rousseau", "OpenAI", "Meta", "2025-07-03", ""),
    ]


def test_date_option_dates_articles_that_have_none(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Ana Lee, a former OpenAI researcher, has joined Anthropic.\n", encoding="utf-8")
    result = run("extract", article, "--date", "2025-06-30")
    got = rows(result.stdout)
    assert [(r["date"], r["source_date"]) for r in got] == [("2025-06-30", "2025-06-30")]

    undated = run("extract", article)
    assert undated.exit_code == 0
    assert undated.stdout == ""
    assert f"{article}: 1 move(s) left out: the article has no date; give --date YYYY-MM-DD" in undated.stderr


def test_out_writes_the_file_and_says_so_on_stderr(tmp_path):
    out = tmp_path / "cand.csv"
    result = run("extract", ARTICLES / "fr06_liste_anthropic.txt", "--out", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == f"3 candidate move(s) from 1 article(s) written to {out}"
    assert out.read_text(encoding="utf-8").splitlines()[0] == HEADER
    assert len(rows(out.read_text(encoding="utf-8"))) == 3


def test_no_candidate_writes_nothing_and_says_so(tmp_path):
    out = tmp_path / "cand.csv"
    result = run("extract", ARTICLES / "en03_scale_investment.txt", ARTICLES / "fr05_investissement.txt", "--out", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "no candidate move found in 2 article(s); nothing written\n"
    assert not out.exists()


def test_explain_lists_the_sentences_left_out():
    result = run("extract", ARTICLES / "fr23_dementi.txt", "--explain")
    assert result.exit_code == 0
    assert ("left out (denial or rumour in the sentence): Apple a démenti les informations selon lesquelles "
            "Sébastien Caron aurait quitté l'entreprise pour Meta.") in result.stderr


def _file(name: str, content: bytes):
    def make(folder):
        (folder / name).write_bytes(content)
        return folder / name
    return make


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "missing.txt: no such file"),
        (_file("bad.txt", b"Ana \xff\xfe Lee"), "bad.txt: not UTF-8 text (byte 4); save the article as UTF-8"),
        (_file("empty.txt", b""), "empty.txt: no article text"),
        (_file("header.txt", b"Source: X\nDate: 2025-06-31\n\nAna Lee joined Meta."),
         "header.txt: Date: '2025-06-31' is not a date"),
        (lambda d: d, "is a folder; give article files"),
        (_file("a.urls", b"https://x.example/a\n"), "a.urls:1: 'https://x.example/a' is a URL with no saved page"),
        (_file("b.urls", b"nowhere.html\n"), "b.urls:1: "),
        (_file("c.urls", b"# nothing\n"), "c.urls: lists no saved page"),
        (lambda d: "https://example.com/story", "cannot fetch pages (talentgraph works offline)"),
    ],
)
def test_unreadable_inputs_are_one_line_and_exit_1(tmp_path, make, message):
    target = make(tmp_path)
    result = run("extract", target)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_bad_date_is_a_usage_error():
    result = run("extract", ARTICLES / "en01_meta_raman.txt", "--date", "30/06/2025")
    assert result.exit_code == 2
    assert "'30/06/2025' is not a date; write YYYY-MM-DD" in result.stderr


def test_help_has_a_worked_example():
    result = run("extract", "--help")
    assert result.exit_code == 0
    assert "talentgraph extract story.txt --date 2025-06-30" in result.stdout
    assert "talentgraph load candidates.csv --strict" in result.stdout


def _extract_all(tmp_path):
    out = tmp_path / "candidates.csv"
    articles = sorted(ARTICLES.glob("*.txt")) + sorted(ARTICLES.glob("*.html"))
    result = run("extract", *articles, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def test_extract_then_load_strict_takes_the_file_as_it_is(tmp_path):
    out = _extract_all(tmp_path)
    n = len(rows(out.read_text(encoding="utf-8")))
    assert n >= 60
    result = run("load", out, "--strict")
    assert result.exit_code == 0, result.output
    assert "rows rejected           0" in result.stdout
    loaded = load_files([out], OrgRegistry.from_yaml(REPO / "data" / "orgs.yaml"), strict=True)
    assert set(loaded.graph.moves["status"]) == {"candidate"}
    # Ewa Kowalczyk: Apple -> Meta (July) then Meta -> OpenAI (the article's date), two moves.
    persons = loaded.graph.persons.set_index("id")["name"]
    assert (persons == "Ewa Kowalczyk").sum() == 1


@pytest.mark.neo4j
def test_extract_then_load_strict_into_neo4j(tmp_path, neo4j_server):
    out = _extract_all(tmp_path)
    neo4j_server.clear()
    result = run("load", out, "--strict", "--neo4j")
    assert result.exit_code == 0, result.output
    assert "written to Neo4j" in result.stdout
    graph = neo4j_server.graph()
    expected = load_files([out], OrgRegistry.from_yaml(REPO / "data" / "orgs.yaml"), strict=True).graph
    assert len(graph.moves) == len(expected.moves)
    assert set(graph.moves["status"]) == {"candidate"}
    assert sorted(graph.persons["name"]) == sorted(expected.persons["name"])
    neo4j_server.clear()
