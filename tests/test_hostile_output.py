"""Hostile data in every output: spreadsheet formulas, HTML, script URLs, terminal escapes.

The data set below is made of names and sources an attacker could get into a news-based
data file. What must hold, on both backends:

- the loader refuses ``javascript:``, ``vbscript:`` and ``data:`` URLs in source_url;
- ``-f csv``: a cell that starts with = + - @ (or tab, CR) is prefixed with ``'`` so a
  spreadsheet shows it instead of running it; everything else is the data as loaded;
- ``-f json``: valid JSON holding the data exactly (control characters escaped);
- ``-f md``: one table cell per column (pipes escaped), nothing unprintable;
- the terminal table, in a real pseudo-terminal: escape sequences, BEL, NUL, CR and
  bidi overrides from the data are shown as text (``\\x1b[31m``), never emitted;
- error lines quote file contents the same inert way, on one line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
import tty

import pytest
from click.testing import CliRunner

from talentgraph.cli import cli
from talentgraph.output import neutralise_formula, printable, write_frame

from .conftest import FIXTURES

CMD = "=cmd|' /C calc'!A0"
RED = "\x1b[31mRed\x1b[0m Rex"
PIPE = "Pipe | Person"
MINUS = "-Minus Man"
AT = "@at Person"
ROWS = [  # line 1 is the header
    ["person", "from_org", "to_org", "date", "role", "source", "source_url"],
    [CMD, "OpenAI", "Meta", "2025-03", "+role", '=HYPERLINK("http://evil.example")',
     "https://e.example/<script>alert(1)</script>"],                                          # 2
    [RED, "@evil Lab", "OpenAI", "2025-04", "-1+1", "\x07bell", 'https://e.example/x"onmouseover=alert(1)'],  # 3
    [PIPE, "Anthropic", "Meta", "2025-05", "a|b", "nul\x00outlet", ""],                       # 4
    ["Jay Script", "OpenAI", "Anthropic", "2025-06", "", "js", "javascript:alert(1)"],         # 5: rejected
    [MINUS, "Meta", "OpenAI", "2025-07", "\u202eevil", "\x9b31mC1", ""],                      # 6
    ["Vb Script", "OpenAI", "Meta", "2025-08", "", "vb", "vbscript:msgbox(1)"],                # 7: rejected
    ["Data Url", "OpenAI", "Meta", "2025-09", "", "d", "data:text/html;base64,PHNjcmlwdD4="],  # 8: rejected
    ["Js Upper", "OpenAI", "Meta", "2025-10", "", "j", "  JAVASCRIPT:alert(1)"],               # 9: rejected
    [AT, "+plus Lab", "OpenAI", "2024-01", "", "", "https://ok.example/a?x=<b>&y=\"q\""],      # 10
]
# flows --level unit, by moves then names; hand-made from ROWS (rejected rows left out).
FLOWS = [
    ("+plus Lab", "OpenAI", 1, AT),
    ("@evil Lab", "OpenAI", 1, RED),
    ("Anthropic", "Meta", 1, PIPE),
    ("Meta", "OpenAI", 1, MINUS),
    ("OpenAI", "Meta", 1, CMD),
]
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURES / "orgs.yaml", folder / "orgs.yaml")
    with (folder / "moves.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(ROWS)
    return folder


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend_args(request, data_dir, tmp_path):
    """Extra CLI arguments that pick the backend; for Neo4j, the data loaded into it first."""
    if request.param == "memory":
        yield []
        return
    server = request.getfixturevalue("neo4j_server")
    server.clear()
    result = run("--data", data_dir, "load", "--neo4j", server.uri, "--rejects", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    yield ["--neo4j", server.uri]
    server.clear()


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"NEO4J_URI": None}, catch_exceptions=False)


def test_script_and_data_urls_are_rejected_by_the_loader(data_dir, tmp_path):
    rejects = tmp_path / "rejects.csv"
    result = run("--data", data_dir, "load", "--rejects", rejects)
    assert result.exit_code == 0
    moves = data_dir / "moves.csv"
    assert [line for line in result.stderr.splitlines() if line.startswith(f"rejected {moves}:")] == [
        f"rejected {moves}:5: source_url: 'javascript:alert(1)' is not an http(s) URL",
        f"rejected {moves}:7: source_url: 'vbscript:msgbox(1)' is not an http(s) URL",
        f"rejected {moves}:8: source_url: 'data:text/html;base64,PHNjcmlwdD4=' is not an http(s) URL",
        f"rejected {moves}:9: source_url: '  JAVASCRIPT:alert(1)' is not an http(s) URL",
    ]
    assert "moves loaded            5" in result.stdout
    with rejects.open(encoding="utf-8", newline="") as f:
        kept = list(csv.DictReader(f))
    assert [json.loads(r["record"])["source_url"] for r in kept] == [ROWS[i][6] for i in (4, 6, 7, 8)]


def test_csv_output_neutralises_formulas_and_keeps_the_rest(data_dir, backend_args):
    result = run("--data", data_dir, "query", "flows", "--level", "unit", "-f", "csv", *backend_args)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == ["from_org", "to_org", "moves", "people"]
    def cell(text: str) -> str:
        return "'" + text if text.startswith(FORMULA) else text

    assert rows[1:] == [[cell(a), b, str(n), cell(p)] for a, b, n, p in FLOWS]
    assert rows[1] == ["'+plus Lab", "OpenAI", "1", "'@at Person"]  # the rule above, spelled out once
    assert not any(cell.startswith(FORMULA) for row in rows for cell in row)

    result = run("--data", data_dir, "query", "person", "-p", f"name={CMD}", "-f", "csv", *backend_args)
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["date", "from_org", "to_org", "role", "status", "sources"],
        ["2025-03-01", "OpenAI", "Meta", "'+role", "reported", "https://e.example/<script>alert(1)</script>"],
    ]


def test_json_output_is_valid_and_exact(data_dir, backend_args):
    result = run("--data", data_dir, "query", "flows", "--level", "unit", "-f", "json", *backend_args)
    assert result.exit_code == 0, result.output
    assert not [c for c in result.stdout if ord(c) < 0x20 and c != "\n"], "raw control characters in JSON"
    assert json.loads(result.stdout) == [
        {"from_org": a, "to_org": b, "moves": n, "people": p} for a, b, n, p in FLOWS
    ]
    result = run("--data", data_dir, "query", "person", "-p", f"name={MINUS}", "-f", "json", *backend_args)
    [row] = json.loads(result.stdout)
    assert (row["role"], row["sources"]) == ("\u202eevil", "\x9b31mC1")


def test_markdown_output_has_one_cell_per_column(data_dir, backend_args):
    result = run("--data", data_dir, "query", "flows", "--level", "unit", "-f", "md", *backend_args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + len(FLOWS)
    for line in lines:
        assert line.isprintable(), repr(line)
        assert len(re.findall(r"(?<!\\)\|", line)) == 5, line  # 4 columns: 5 unescaped pipes
    assert "| Anthropic | Meta | 1 | Pipe \\| Person |" in lines
    assert "| @evil Lab | OpenAI | 1 | \\x1b[31mRed\\x1b[0m Rex |" in lines


# -- a real terminal ------------------------------------------------------------------------------
def run_in_terminal(args: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a pseudo-terminal (raw: no CR added); all it wrote."""
    master, slave = pty.openpty()
    tty.setraw(slave)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "NEO4J_URI", "TALENTGRAPH_DATA")}
    base.update({"TERM": "xterm-256color", "COLUMNS": "200"}, **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "talentgraph", *args], stdin=slave, stdout=slave, stderr=slave,
                            env=base, close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the other end is closed
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour and weight: what rich itself may write


def assert_inert(screen: str) -> None:
    """Nothing from the data acts on the terminal: only rich's own styling is left."""
    rest = SGR.sub("", screen)
    for raw in ("\x1b", "\x07", "\x00", "\r", "\x9b", "\u202e"):
        assert raw not in rest, f"{raw!r} reached the terminal: {screen!r}"
    assert "\x1b[31mRed" not in screen and "\x1b[0m Rex" not in screen


def test_the_terminal_table_shows_escapes_as_text(data_dir, backend_args):
    code, screen = run_in_terminal(["--data", str(data_dir), "query", "flows", "--level", "unit", *backend_args])
    assert code == 0, screen
    assert_inert(screen)
    assert "\\x1b[31mRed\\x1b[0m Rex" in SGR.sub("", screen)
    code, screen = run_in_terminal(["--data", str(data_dir), "query", "person", "-p", f"name={MINUS}", *backend_args])
    assert code == 0, screen
    assert_inert(screen)
    assert "\\u202eevil" in SGR.sub("", screen) and "\\x9b31mC1" in SGR.sub("", screen)


def test_error_lines_quote_file_contents_as_text(tmp_path, data_dir):
    bad = tmp_path / "moves.csv"
    bad.write_text("\x1b[2J\x07person,to_org\nAda,OpenAI\n", encoding="utf-8")
    code, screen = run_in_terminal(["--data", str(data_dir), "load", str(bad)])
    assert code == 1
    assert_inert(screen)
    assert screen.strip("\n").count("\n") == 0, screen
    assert screen.startswith(f"Error: {bad}:1: the header lacks the required column(s) person, date "
                             "(found: \\x1b[2J\\x07person, to_org)")

    bad.write_text("person,to_org,date\n\x1b]0;pwned\x07Ada,\x1b[2JOpenAI,2025-13\n", encoding="utf-8")
    code, screen = run_in_terminal(["--data", str(data_dir), "load", str(bad), "--rejects", str(tmp_path / "r.csv")])
    assert code == 0
    assert_inert(screen)
    assert f"rejected {bad}:2: date: '2025-13' is not a date" in screen


@pytest.mark.parametrize("args", [["person", RED], ["person", "--", MINUS], ["org", "@evil Lab"], ["org", "OpenAI"],
                                  ["report"], ["report", "--level", "unit"]])
def test_the_other_verbs_keep_data_inert_in_a_terminal(data_dir, args):
    # Profiles and the text report print names, roles and sources too.
    code, screen = run_in_terminal(["--data", str(data_dir), *args])
    assert code == 0, (args, screen)
    assert_inert(screen)


# -- the writers themselves, on every character that matters ------------------------------------
NASTY = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\x1b[31mred", "bell\x07", "nul\x00", "cr\rlf\nx", "a|b",
         "<img src=x onerror=alert(1)>", "\u202eevil", "\x9bC1", "plain", "'quoted'", '"dq"']


def test_write_frame_on_every_nasty_value():
    import pandas as pd

    frame = pd.DataFrame({"text": NASTY, "n": range(len(NASTY))})
    out = io.StringIO()
    write_frame(frame, "csv", out)
    back = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
    assert [r[0] for r in back] == [("'" + v if v.startswith(FORMULA) else v) for v in NASTY]
    assert [neutralise_formula(v) for v in NASTY] == [r[0] for r in back]

    out = io.StringIO()
    write_frame(frame, "json", out)
    assert [r["text"] for r in json.loads(out.getvalue())] == NASTY

    out = io.StringIO()
    write_frame(frame, "md", out)
    for line in out.getvalue().splitlines():
        assert line.isprintable() and len(re.findall(r"(?<!\\)\|", line)) == 3, line

    out = io.StringIO()
    write_frame(frame, "table", out)
    assert all(ch.isprintable() or ch == "\n" for ch in out.getvalue())
    for value in NASTY:
        assert printable(value) in out.getvalue()


@pytest.mark.parametrize("to", ["csv", "neo4j-admin"])
def test_exported_csv_keeps_one_row_per_record_when_text_holds_a_bare_cr(tmp_path, data_dir, to):
    # notes and quotes keep their inner line breaks; a bare \r must be quoted like \n is.
    moves = data_dir / "moves.csv"
    moves.write_text("person,to_org,date,notes,quote,source\n"
                     'Ada,OpenAI,2025,"one\rtwo","say\rit",Wire\nBob,Meta,2024,"x\ny","q",Wire\n', encoding="utf-8")
    out = tmp_path / "out"
    result = run("--data", data_dir, "export", "--to", to, out)
    assert result.exit_code == 0, result.output
    texts = []
    for path in sorted(out.glob("*.csv")):
        # newline="": read the bytes' line breaks as written (read_text would turn \r into \n).
        with path.open(encoding="utf-8", newline="") as f:
            text = f.read()
        texts.append(text)
        rows = list(csv.reader(io.StringIO(text, newline="")))
        width = len(rows[0])
        assert all(len(r) == width for r in rows), (path.name, rows)
    assert any("one\rtwo" in text for text in texts)
