"""The C-parser fast path of the CSV reader gives exactly what the careful csv-module path gives.

The fast path only takes files where every record is one physical line; everywhere else
it must step aside (return None) so the careful reader keeps its line numbers and rejects.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from talentgraph.loaders.tables import _read_delimited, _read_simple_delimited, read_table

REQUIRED = ("person", "to_org", "date")
HEADER = "person,to_org,date,notes\n"

SIMPLE = {
    "plain": HEADER + "Ada,OpenAI,2025-01-01,x\nAlan,Meta,2024,\n",
    "no final newline": HEADER + "Ada,OpenAI,2025-01-01,x",
    "crlf": HEADER.replace("\n", "\r\n") + "Ada,OpenAI,2025-01-01,x\r\nAlan,Meta,2024,\r\n",
    "short row padded": HEADER + "Ada,OpenAI,2025-01-01\nAlan,Meta\n",
    "blank lines skipped": HEADER + "Ada,OpenAI,2025,\n\n   \n,,,\n\"\",\"\",,\nAlan,Meta,2024,\n\n",
    "quotes": HEADER + 'Ada,"Open, AI","2025","say ""hi"""\nAl"an,Me"ta,2024,x"y\n',
    "spaces kept": HEADER + "  Ada ,  OpenAI,2025 ,\t n \n",
    "unicode": HEADER + "Łukasz Kaiser,Mistral AI SAS,2025-06,café ☕\n",
    "blank person, other cells": HEADER + " ,OpenAI,2025,\n",
    "empty header cell": "person,to_org,date,\nAda,OpenAI,2025,kept\n",
    "header only": HEADER,
    "tsv-like commas in cells": HEADER + 'Ada,"a,b,c",2025,"1,2"\n',
}

NOT_SIMPLE = {
    "field spans lines": HEADER + 'Ada,OpenAI,2025,"line one\nline two"\nAlan,Meta,2024,\n',
    "lone carriage return": HEADER + "Ada,OpenAI,2025,\rAlan,Meta,2024,\n",
    "too many cells": HEADER + "Ada,OpenAI,2025,x,extra\n",
    "every row one cell too many": HEADER + "Ada,OpenAI,2025,x,y\nAlan,Meta,2024,x,y\n",
    "unclosed quote": HEADER + 'Ada,"OpenAI,2025,x\nAlan,Meta,2024,\n',
    "blank line before header": "\n" + HEADER + "Ada,OpenAI,2025,x\n",
    "NUL byte": HEADER + "Ada,Open\x00AI,2025,x\n",
}


def careful(text: str) -> pd.DataFrame:
    (header, rows), rejects = _read_delimited(io.StringIO(text, newline=""), "f.csv", ",", REQUIRED)
    assert rejects == []
    frame = pd.DataFrame(rows, columns=[*header, "_line"], dtype=object)
    frame["_line"] = frame["_line"].astype(int)
    return frame


def fast(text: str) -> pd.DataFrame | None:
    return _read_simple_delimited(text.encode("utf-8"), text, "f.csv", ",", REQUIRED)


@pytest.mark.parametrize("text", SIMPLE.values(), ids=SIMPLE.keys())
def test_fast_path_equals_careful_path(text: str) -> None:
    got = fast(text)
    assert got is not None, "a one-record-per-line file should take the fast path"
    want = careful(text)
    assert list(got.columns) == list(want.columns)
    assert got.astype({"_line": int}).values.tolist() == want.values.tolist()


@pytest.mark.parametrize("text", NOT_SIMPLE.values(), ids=NOT_SIMPLE.keys())
def test_fast_path_steps_aside(text: str) -> None:
    assert fast(text) is None


def test_line_numbers_count_skipped_blank_lines(tmp_path) -> None:
    # Lines: 1 header, 2 Ada, 3 blank, 4 spaces, 5 Alan -> Ada is line 2, Alan line 5.
    path = tmp_path / "moves.csv"
    path.write_text(HEADER + "Ada,OpenAI,2025,\n\n   \nAlan,Meta,2024,\n", encoding="utf-8")
    table = read_table(path, REQUIRED)
    assert table.frame[["person", "_line"]].values.tolist() == [["Ada", 2], ["Alan", 5]]
    assert table.rejects == []


def test_too_many_cells_still_rejected_with_its_line(tmp_path) -> None:
    path = tmp_path / "moves.csv"
    path.write_text(HEADER + "Ada,OpenAI,2025,\nAlan,Meta,2024,x,extra\n", encoding="utf-8")
    table = read_table(path, REQUIRED)
    assert table.frame["person"].tolist() == ["Ada"]
    assert [(r.line, r.column) for r in table.rejects] == [(3, "(row)")]
