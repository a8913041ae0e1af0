"""The HTML report in headless Chromium: charts, tables, clicks, filters, no network, no XSS.

The page is made by `talentgraph report --out x.html` from the hand-built fixture of
tests/test_report.py (see its docstring for the counts), plus one move from an org whose
name is markup, so that a label drawn by plotly is tried too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from tests.test_report import IN_PROCESS, REPORT_MOVES, XSS_NAME, XSS_OUTLET, XSS_QUOTE, write_data

pytestmark = pytest.mark.browser

XSS_ORG = "<svg onload=alert(4)>"
# An unregistered org named with markup, with one move to OpenAI (before every other move).
EXTRA = f'Mal Moe,"{XSS_ORG}",OpenAI,2024-01-15,reported,https://news.example/mal,Echo,,,,,\n'


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_data(tmp_path_factory.mktemp("data"))
    (folder / "moves.csv").write_text(REPORT_MOVES + EXTRA, encoding="utf-8")
    out = folder.parent / "report.html"
    result = CliRunner().invoke(cli, ["--data", str(folder), "report", "--out", str(out)], env=IN_PROCESS,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


class Page:
    """A page with the report open, recording console errors, requests and dialogs."""

    def __init__(self, browser: object, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.url = path.as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("#sankey path.sankey-link")

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def rows(self, section: str) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            f"#section-{section} tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")

    def panel(self) -> dict:
        return self.page.evaluate("""() => ({
            hidden: document.getElementById('moves-panel').hidden,
            title: document.getElementById('moves-title').textContent,
            people: [...document.querySelectorAll('#moves-list .move-person')].map(e => e.textContent),
            links: [...document.querySelectorAll('#moves-list a')].map(a => a.getAttribute('href')),
        })""")


@pytest.fixture
def page(browser, report_file) -> Page:
    opened = Page(browser, report_file)
    yield opened
    opened.page.close()


def test_charts_and_tables_render_offline(page):
    # 10 flows at org level: the 9 of the fixture and <svg...> -> OpenAI.
    assert page.page.locator("#sankey path.sankey-link").count() == 10
    assert page.page.locator("#network .scatterlayer .point").count() > 0
    assert page.page.locator("#timeline .bars path").count() > 0
    sections = page.page.eval_on_selector_all(".report-section", "s => s.map(e => e.dataset.section)")
    assert sections == ["flows", "gainers", "losers", "asymmetry", "bursts", "lift_outs", "retention",
                        "boomerangs", "alumni", "compensation"]
    assert page.rows("flows")[0] == ["OpenAI", "Meta", "4"]
    assert page.rows("retention") == [["Anthropic", "5", "1", "50.0%", "273"], ["Meta", "5", "1", "50.0%", "174"]]
    assert page.rows("compensation")[0] == ["Meta", "3", "$100,000,000", "$300,000,000"]
    # 14 counted moves: the fixture's 13 and Mal's.
    assert page.page.locator("#headline-moves").text_content() == "14"
    assert page.errors == []
    assert page.requests == [page.url]  # the file itself, nothing else


def test_a_click_on_a_count_lists_its_moves_with_sources(page):
    page.page.locator("#section-flows tbody tr").first.locator("button.count").click()
    panel = page.panel()
    assert not panel["hidden"]
    assert panel["title"] == "OpenAI \u2192 Meta: 4 moves"
    assert panel["people"] == ["Ann Ames", "Ben Bell", "Cat Cole", "Dov Dahl"]
    assert panel["links"] == ["https://news.example/ann", "https://news.example/ben", "https://news.example/cat",
                              "https://news.example/dov"]
    first = page.page.locator("#moves-list li.move").first
    assert "OpenAI \u2192 Meta (TBD Lab)" in first.text_content()
    assert "Ann joins TBD Lab" in first.locator("q").text_content()
    assert page.page.locator("#moves-list a").first.get_attribute("rel") == "noopener noreferrer"
    assert page.errors == []


def test_a_click_on_a_sankey_band_lists_its_moves(page):
    # The widest band is OpenAI -> Meta (4 moves); plotly listens for clicks on the band.
    # plotly binds each band's data to its path: take the band that carries the most moves.
    widest = page.page.evaluate("""() => {
        const values = [...document.querySelectorAll('#sankey path.sankey-link')].map(l => l.__data__.link.value);
        return values.indexOf(Math.max(...values));
    }""")
    page.page.locator("#sankey path.sankey-link").nth(widest).dispatch_event("click")
    panel = page.panel()
    assert panel["title"] == "OpenAI \u2192 Meta: 4 moves"
    assert len(panel["links"]) == 4
    assert page.errors == []


def test_markup_in_data_stays_text(page):
    # Anthropic's inflow (gainers) includes the person named <img src=x onerror=alert(1)>.
    gainers = page.page.locator("#section-gainers tbody tr").first
    assert gainers.locator("td").first.text_content() == "Anthropic"
    gainers.locator("button.count").first.click()
    person = page.page.locator("#moves-list .move-person", has_text=XSS_NAME)
    assert person.is_visible()
    assert person.text_content() == XSS_NAME
    assert page.page.locator("#moves-list q", has_text=XSS_QUOTE).text_content() == XSS_QUOTE
    assert page.page.locator("#moves-list a", has_text=XSS_OUTLET).get_attribute("href") == "https://news.example/xss"
    # The org named <svg onload=...> is a label in the Sankey, as text.
    labels = page.page.eval_on_selector_all("#sankey .node-label", "ls => ls.map(l => l.textContent)")
    assert XSS_ORG in labels
    # Nothing became markup: no injected element, no extra script, no dialog.
    assert page.page.locator("img[src='x'], svg[onload], [onerror]").count() == 0
    assert page.page.locator("script").count() == 3
    page.page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.errors == []


def test_filters_period_lab_and_level(page):
    p = page.page
    # June to September 2025: OpenAI -> Meta 4, Google -> Meta 1, Meta -> Anthropic 1.
    p.select_option("#f-from", label="2025-06")
    p.select_option("#f-to", label="2025-09")
    assert page.rows("flows") == [["OpenAI", "Meta", "4"], ["Google", "Meta", "1"], ["Meta", "Anthropic", "1"]]
    assert p.locator("#sankey path.sankey-link").count() == 3
    # Net flow recounted: Meta in 5 (Ann, Ben, Cat, Dov, Jon), out 1 (Ivy).
    assert page.rows("gainers")[0] == ["Meta", "5", "1", "4"]
    assert p.locator("#headline-moves").text_content() == "6"
    # Lab: only rows that name Anthropic (within the period: Meta -> Anthropic).
    p.select_option("#f-lab", label="Anthropic")
    assert page.rows("flows") == [["Meta", "Anthropic", "1"]]
    p.click("#f-reset")
    assert len(page.rows("flows")) == 10
    # Unit level: orgs as named; Kim's FAIR -> TBD Lab appears.
    p.select_option("#f-level", value="unit")
    assert ["FAIR", "TBD Lab", "1"] in page.rows("flows")
    assert len(page.rows("flows")) == 14
    assert page.errors == []


def test_tables_sort_on_a_header_click(page):
    header = page.page.locator("#section-flows th button", has_text=re.compile("^from$"))
    header.click()  # text column: ascending first
    firsts = [row[0] for row in page.rows("flows")]
    assert firsts == sorted(firsts)
    page.page.locator("#section-flows th button", has_text=re.compile("^from$")).click()
    assert [row[0] for row in page.rows("flows")] == sorted(firsts, reverse=True)
    page.page.locator("#section-flows th button", has_text=re.compile("^moves$")).click()  # numbers: largest first
    assert page.rows("flows")[0] == ["OpenAI", "Meta", "4"]
    page.page.locator("#section-flows th button", has_text=re.compile("^moves$")).click()
    assert page.rows("flows")[-1] == ["OpenAI", "Meta", "4"]


def test_net_lists_the_moves_in_and_out(page):
    # Anthropic: in Fay, Gus, Hal, <img...>, Ivy; out Fay (her return to OpenAI): 6 moves behind +4.
    row = page.page.locator("#section-gainers tbody tr").first
    row.locator("button.count").nth(2).click()
    panel = page.panel()
    assert panel["title"] == "Anthropic: moves in and out: 6 moves"
    assert panel["people"] == ["Fay Fox", "Gus Gray", "Hal Hill", XSS_NAME, "Ivy Ito", "Fay Fox"]
    # Hal's report has no URL: his source is shown as text, not as a link.
    assert "https://news.example/fay2" in panel["links"] and len(panel["links"]) == 5
    assert page.page.locator("#moves-list li.move", has_text="Hal Hill").locator("a").count() == 0
    assert "Word of mouth" in page.page.locator("#moves-list li.move", has_text="Hal Hill").text_content()
    assert "unknown origin" in page.page.locator("#moves-list li.move", has_text="Hal Hill").text_content()
