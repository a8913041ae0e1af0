"""Progress display during loads: the step spinner and the line bar share one live display."""

from __future__ import annotations

from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders import load_files
from talentgraph.loaders.progress import PROGRESS_MIN_BYTES, PROGRESS_MIN_LINES


def test_careful_reader_bar_joins_the_step_display(tmp_path, monkeypatch, capsys) -> None:
    # A quoted field spanning two lines sends the file to the line-by-line reader, whose bar
    # must join the step spinner's display: rich refuses a second live display.
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    # Long notes make the file large enough for the step spinner, with enough lines for the bar.
    notes = "n" * (PROGRESS_MIN_BYTES // PROGRESS_MIN_LINES)
    rows = [f"Person {i},Org {i % 7},2024-01-{i % 28 + 1:02d},{notes}\n" for i in range(PROGRESS_MIN_LINES + 100)]
    rows[0] = 'Person 0,Org 0,2024-01-01,"two\nlines"\n'
    path = tmp_path / "moves.csv"
    path.write_text("person,to_org,date,notes\n" + "".join(rows), encoding="utf-8")
    registry = OrgRegistry.from_entries([])
    result = load_files([path], registry, show_progress=True)
    assert result.summary.moves_loaded == PROGRESS_MIN_LINES + 100
    assert "reading moves.csv" in capsys.readouterr().err
