"""Fuzzed loaders: random and malformed files at every loader, and nothing but clean outcomes.

Every generated file must end in a clean load, a clean reject (``file:line: column: reason``)
or, for a whole-file problem, an :class:`InputError` that names the file; never any other
exception. Every load must balance (``rows read + implied = loaded + merged + rejected``).

The well-formed generators build each file record by record, so the test knows where each
record starts (physical lines: ``\\r\\n``, ``\\n`` and a lone ``\\r`` each end one) and whether
the loader must take it or reject it, and on which column: the validity of every value is
written down by hand in the tables below, never asked of the code under test.

About 2,300 generated files in all (several files per example where a load is costly); in
CI (CI=true) the examples are derandomised so that a run is reproducible.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentgraph.errors import InputError
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders import LoadResult, load_files

from .conftest import FIXTURES

ENTRIES = yaml.safe_load((FIXTURES / "orgs.yaml").read_text(encoding="utf-8"))
FUZZ = settings(
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
CASES: Counter[str] = Counter()  # generated files (or registries) per test, for the total


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)


REJECT = re.compile(r"^(?P<file>.+?):(?P<line>[1-9]\d*): (?P<column>[^:\n]+): (?P<reason>.+)$", re.DOTALL)
BREAK = re.compile(r"\r\n|\r|\n")


def registry() -> OrgRegistry:
    return OrgRegistry.from_entries(ENTRIES)


def physical_lines(text: str) -> int:
    return len(BREAK.findall(text)) + (0 if text.endswith(("\n", "\r")) else 1)


def line_at(text: str, offset: int) -> int:
    """The physical line (1-based) on which ``text[offset]`` sits."""
    return len(BREAK.findall(text[:offset])) + 1


def load_checked(paths: list[Path], texts: dict[Path, str] | None = None) -> LoadResult | None:
    """Load; None on a clean InputError. Checks the accounting and every reject's form."""
    CASES[inspect.stack()[1].function] += len(paths)
    try:
        result = load_files(paths, registry())
    except InputError as exc:
        assert any(str(exc).startswith(f"{p}:") for p in paths), str(exc)
        return None
    summary = result.summary
    assert summary.balanced, summary
    assert summary.rows_rejected + summary.stint_rows_rejected == len(result.rejects)
    lines_by_file: dict[str, list[int]] = {}
    for reject in result.rejects:
        m = REJECT.match(str(reject))
        assert m, str(reject)
        assert m["file"] in {str(p) for p in paths}
        lines_by_file.setdefault(reject.file, []).append(reject.line)
    for file, lines in lines_by_file.items():
        assert len(set(lines)) == len(lines), f"two rejects on one record start: {file} {lines}"
        if texts is not None:
            text = texts[Path(file)]
            assert max(lines) <= max(1, physical_lines(text)), (file, lines)
    return result


# -- the values of the checked columns, with what the loader must do with each ----------------
# A value maps to None (valid) or to the column its row must be rejected on.
PERSONS = {
    "Ada Lovelace": None, "Łukasz Kaiser": None, 'Grace "Amazing" Hopper': None, "O'Brien, Pat": None,
    "  Alan\tTuring ": None, "Ada\nLovelace": None, "Ada\r\nByron": None, "Zoë\x00Null": None,
    "=cmd|' /C calc'!A0": None, "<script>alert(1)</script> Evil": None, "Ma\u200bry": None, "7": None,
    "": "person", "   ": "person", "\t\r\n": "person", "!!!": "person_id", "\x00": "person_id", "…": "person_id",
}
ORGS = {
    "OpenAI": None, "open ai": None, "Acme Robotics, Inc.": None, "Zürich AI": None, "x,y": None,
    '"Quoted" Labs': None, "Lab\r\nWith Newline": None, '=HYPERLINK("http://x")': None, "\x00Nul Lab": None,
    "!!!": None, "Meta\tSuperintelligence Labs": None,
    "": "to_org", "  ": "to_org", "\n": "to_org", "\r\n \t": "to_org",
}
DATES = {
    "2025": None, "2025-06": None, "2025-06-17": None, " 2024-02-29 ": None, "1999-12": None, "2000-02-29": None,
    "": "date", " ": "date", "2025-13": "date", "2023-02-29": "date", "June 2025": "date", "2025/06/01": "date",
    "25": "date", "2025-6-1": "date", "2025-06-17T10:00": "date", "\x002025": "date", "1066": None, "0999": None,
}
STATUS = {"": None, "reported": None, " Confirmed ": None, "RUMORED": None, "denied": None, "candidate": None,
          "derived": None, "maybe": "status", "reported!": "status", "=1+1": "status"}
COMPENSATION = {"": None, "1500000": None, "$1,500,000": None, "2_000": None, "0": None, " 12.5 ": None,
                "-5": "compensation_usd", "1e999": "compensation_usd", "-1e999": "compensation_usd",
                "lots": "compensation_usd", "nan": "compensation_usd", "NaN": "compensation_usd"}
URLS = {"": None, "https://example.com/a?b=1&c=<script>": None, "HTTP://X.ORG/\"q\"": None,
        "javascript:alert(1)": "source_url", " javascript:alert(document.cookie)": "source_url",
        "JaVaScRiPt:alert(1)": "source_url", "data:text/html,<script>alert(1)</script>": "source_url",
        "ftp://x.org": "source_url", "https://exa mple.com": "source_url", "//evil.example": "source_url"}
# The order in which the loader checks columns: a row is rejected on the first that fails.
CHECK_ORDER = ["person", "person_id", "to_org", "date", "status", "compensation_usd", "source_url"]
CHECKED = {"person": PERSONS, "to_org": ORGS, "date": DATES, "status": STATUS,
           "compensation_usd": COMPENSATION, "source_url": URLS}

free_text = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from([",", "\t", '"', "'", "\r", "\n", "\r\n", "\x00", "\x1b[31m", "\ufeff", "|", "=", "\\"]),
    ),
    max_size=12,
).map("".join)
EXTRA_NAMES = ["team", "Column With Space", "", " ", "x", "émoji 😀", "id", "extra", "precision"]


def expected_column(row: dict[str, str]) -> str | None:
    failures = {CHECKED[c][v] for c, v in row.items() if c in CHECKED and CHECKED[c][v] is not None}
    return next((c for c in CHECK_ORDER if c in failures), None)


def encode_cell(value: str, delimiter: str, force_quotes: bool) -> str:
    special = value.startswith('"') or any(c in value for c in (delimiter, "\r", "\n"))
    if special or force_quotes:
        return '"' + value.replace('"', '""') + '"'
    return value  # quotes inside an unquoted field are kept as they are


@st.composite
def delimited_file(draw: st.DrawFn, kind: str = "moves") -> tuple[str, str, list[tuple[int, str | None]]]:
    """(extension, text, [(start line, expected reject column or None)] per non-blank record)."""
    ext = draw(st.sampled_from([".csv", ".tsv"]))
    delimiter = "," if ext == ".csv" else "\t"
    if kind == "moves":
        checked = draw(st.lists(st.sampled_from(["status", "compensation_usd", "source_url"]), unique=True))
        columns = ["person", "to_org", "date", *checked]
    else:
        columns = ["person", "org", "start", "end"]
    extras = draw(st.lists(st.sampled_from(EXTRA_NAMES), unique_by=lambda n: n.strip() or object(), max_size=3))
    extras = [e for e in extras if e.strip() not in columns]
    header = draw(st.permutations([*columns, *extras, *(["role"] if draw(st.booleans()) else [])]))
    endings = st.sampled_from(["\n", "\r\n", "\r"])
    text = "\ufeff" if draw(st.booleans()) else ""
    text += delimiter.join(encode_cell(h, delimiter, draw(st.booleans())) for h in header) + draw(endings)
    records: list[tuple[int, str | None]] = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            text += draw(st.sampled_from(["\n", "\r\n", " \n", delimiter * 3 + "\n", "  \r\n"]))
        if kind == "moves":
            row = {c: draw(st.sampled_from(sorted(CHECKED[c]))) for c in columns}
            expect = expected_column(row)
        else:
            row, expect = draw(stint_row())
        for c in header:
            if c not in row:
                row[c] = draw(free_text)
        cells = [row[c] for c in header]
        start = line_at(text, len(text))
        # Trailing empty cells may be left off: the loader pads short rows.
        while cells and cells[-1] == "" and draw(st.booleans()):
            cells.pop()
        text += delimiter.join(encode_cell(c, delimiter, draw(st.booleans())) for c in cells)
        if "".join(row.values()).strip():
            records.append((start, expect))
        text += draw(endings)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line break after the last record
    return ext, text, records


STINT_DATES = {"2020": dt.date(2020, 1, 1), "2021-06": dt.date(2021, 6, 1), "2022-03-15": dt.date(2022, 3, 15),
               " 2019 ": dt.date(2019, 1, 1), "2030-12-31": dt.date(2030, 12, 31)}
BAD_STINT_DATES = ["", "2021-13", "soon", "2021-02-30"]


@st.composite
def stint_row(draw: st.DrawFn) -> tuple[dict[str, str], str | None]:
    row = {
        "person": draw(st.sampled_from(sorted(PERSONS))),
        "org": draw(st.sampled_from(sorted(ORGS))),
        "start": draw(st.sampled_from(sorted(STINT_DATES) + BAD_STINT_DATES)),
        "end": draw(st.sampled_from(["", *sorted(STINT_DATES), "2021-13", "never"])),
    }
    start, end = STINT_DATES.get(row["start"]), STINT_DATES.get(row["end"])
    failures = [
        PERSONS[row["person"]],
        "org" if ORGS[row["org"]] else None,
        "start" if start is None else None,
        "end" if row["end"] and (end is None or (start is not None and end < start)) else None,
    ]
    return row, next((f for f in failures if f), None)


def check_records(result: LoadResult, path: Path, records: list[tuple[int, str | None]], rows_read: int) -> None:
    got = sorted((r.line, r.column) for r in result.rejects if r.file == str(path))
    want = sorted((line, column) for line, column in records if column)
    assert got == want
    assert rows_read == len(records)


@fuzz(150)
@given(st.lists(delimited_file(), min_size=1, max_size=5))
def test_well_formed_delimited_files_load_or_reject_on_the_right_line(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("csv")
    paths, texts = [], {}
    for i, (ext, text, _) in enumerate(files):
        path = folder / f"moves_{i}{ext}"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
        texts[path] = text
    result = load_checked(paths, texts)
    assert result is not None, "a well-formed file is never refused as a whole"
    for path, (_, _, records) in zip(paths, files):
        got = sorted((r.line, r.column) for r in result.rejects if r.file == str(path))
        assert got == sorted((line, column) for line, column in records if column), path.read_bytes()[:2000]
    assert result.summary.rows_read == sum(len(records) for _, _, records in files)


@fuzz(100)
@given(delimited_file(kind="stints"), delimited_file())
def test_stints_with_moves_balance_and_reject_on_the_right_line(tmp_path_factory, stints, moves):
    folder = tmp_path_factory.mktemp("stints")
    stints_path = folder / f"stints{stints[0]}"
    moves_path = folder / f"moves{moves[0]}"
    stints_path.write_bytes(stints[1].encode("utf-8"))
    moves_path.write_bytes(moves[1].encode("utf-8"))
    result = load_checked([stints_path, moves_path], {stints_path: stints[1], moves_path: moves[1]})
    assert result is not None
    got = sorted((r.line, r.column) for r in result.rejects if r.file == str(stints_path))
    assert got == sorted((line, column) for line, column in stints[2] if column)
    assert result.summary.stint_rows_read == len(stints[2])
    assert result.summary.stints_loaded == sum(1 for _, column in stints[2] if column is None)


# -- JSON Lines ---------------------------------------------------------------------------------
# JSON values of the checked keys, as JSON text, and what the loader must do with each.
JSON_PERSONS = {'"Ada Lovelace"': None, '"Ada\\u0000Nul"': None, "5": None, "true": None, '"\\ud83d\\ude00 Emoji Ed"':
                None, "null": "person", '""': "person", '"  "': "person", "[]": "person_id", "{}": "person_id",
                '"!!!"': "person_id"}
JSON_ORGS = {'"OpenAI"': None, "42": None, "[]": None, "false": None, '{"name": "OpenAI"}': None,
             '"Lab\\r\\nNewline"': None, "null": "to_org", '""': "to_org", '" \\n "': "to_org"}
JSON_DATES = {'"2025"': None, "2025": None, '"2025-06"': None, '"2025-06-17"': None,
              "2025.0": "date", "null": "date", '""': "date", "[2025]": "date", "true": "date", '"2025-13"': "date",
              "1e400": "date", "-2025": "date"}
JSON_ANY = ["null", "true", "false", "0", "-1.5e300", "1e400", '"text"', '"\\u001b[31mred"', "[1, [2, [3]]]",
            '{"a": {"b": null}}', '"=1+1"', '"\\u0000"', "[]", "{}", '"' + "x" * 300 + '"']
NOT_OBJECTS = ["[1, 2]", "5", "null", '"a string"', "true", "NaN", "[]"]
BROKEN = ["{", "{'person': 'Ada'}", '{"person": }', '{"person": "Ada"', '{"a": 1} {"b": 2}', "person,to_org,date",
          '{"a": "\\x41"}', '{"a": 01}', "\x00", '{"a": "tab\there"}']
BAD_BUT_JSON = ['{"person": "Ada", "person": "Bob", "to_org": "OpenAI", "date": "2025"}',
                '{"person": "A\\ud800", "to_org": "OpenAI", "date": "2025"}',
                '{"\\udfff": 1, "person": "A", "to_org": "OpenAI", "date": "2025"}',
                '{"_line": 7, "person": "Ada", "to_org": "OpenAI", "date": "2025"}',
                '{"person": "Ada", " person": "Bob", "to_org": "OpenAI", "date": "2025"}',
                '{"person": "Ada", "to_org": "OpenAI", "date": "2025", "x": ' + "1" * 5000 + "}",
                "[" * 3000 + "]" * 3000, '{"a": ' + "[" * 3000 + "]" * 3000 + "}"]


@st.composite
def jsonl_file(draw: st.DrawFn) -> tuple[str, list[tuple[int, str | None]]]:
    lines: list[tuple[str, str | None]] = []  # (text, expected column; "" for a blank line)
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            lines.append((draw(st.sampled_from(["", "   ", "\t"])), ""))
        elif kind == 1:
            lines.append((draw(st.sampled_from(NOT_OBJECTS + BROKEN + BAD_BUT_JSON)), "(line)"))
        else:
            pairs = {}
            for key, table in (("person", JSON_PERSONS), ("to_org", JSON_ORGS), ("date", JSON_DATES)):
                if draw(st.integers(0, 6)):
                    pairs[key] = draw(st.sampled_from(sorted(table)))
            for key in draw(st.lists(st.sampled_from(["role", "notes", "quote", "team", "nested", "émoji 😀", ""]),
                                     unique=True, max_size=3)):
                pairs[key] = draw(st.sampled_from(JSON_ANY))
            order = draw(st.permutations(sorted(pairs)))
            text = "{" + ", ".join(f"{json.dumps(k)}: {pairs[k]}" for k in order) + "}"
            failures = {
                "person": JSON_PERSONS[pairs.get("person", "null")],
                "to_org": JSON_ORGS[pairs.get("to_org", "null")],
                "date": JSON_DATES[pairs.get("date", "null")],
            }
            lines.append((text, next((c for c in CHECK_ORDER if c in failures.values()), None)))
    endings = st.sampled_from(["\n", "\r\n", "\r"])
    text = "\ufeff" if draw(st.booleans()) else ""
    records = []
    for line, expect in lines:
        number = line_at(text, len(text))  # a "\r" then a blank line's "\n" are one line break
        text += line + draw(endings)
        if expect != "":
            records.append((number, expect))
    if not text.strip("\ufeff \t\r\n"):
        text += '{"person": "Ada", "to_org": "OpenAI", "date": "2025"}\n'
        records.append((line_at(text, len(text)) - 1, None))
    return text, records


@fuzz(150)
@given(st.lists(jsonl_file(), min_size=1, max_size=5))
def test_json_lines_of_every_type_load_or_reject_on_the_right_line(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("jsonl")
    paths, texts = [], {}
    for i, (text, _) in enumerate(files):
        path = folder / f"moves_{i}.jsonl"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
        texts[path] = text
    result = load_checked(paths, texts)
    assert result is not None
    for path, (_, records) in zip(paths, files):
        got = sorted((r.line, r.column) for r in result.rejects if r.file == str(path))
        assert got == sorted((line, column) for line, column in records if column)
    assert result.summary.rows_read == sum(len(records) for _, records in files)


# -- noise: malformed files, where only the form of the outcome is known ------------------------
TOKENS = [",", ",", "\t", '"', '"', '""', "\r", "\n", "\r\n", "\x00", "\ufeff", " ", "a", "Ada", "OpenAI", "2025",
          "2025-13", "person", "to_org", "date", "=1+1", "é", "\x1b[31m", "'", "\\", "x" * 200, "\u2028", "\x85"]
HEADERS = ["person,to_org,date", "person,to_org,date,", ",,person,to_org,date,,", "person,to_org,date,person",
           '"person","to_org","date"', "person,to_org", "\ufeffperson,to_org,date", "person ,\tto_org, date",
           "person,to_org,date,_line", '"person,to_org",date', "person,to_org,date,\x00", "", "\r\n\r\n"]


@fuzz(250)
@given(st.sampled_from(HEADERS), st.sampled_from(["\n", "\r\n", "\r"]), st.lists(st.sampled_from(TOKENS), max_size=80),
       st.sampled_from([".csv", ".tsv"]))
def test_malformed_delimited_files_never_crash(tmp_path_factory, header, ending, tokens, ext):
    text = (header.replace(",", "\t") if ext == ".tsv" else header) + ending + "".join(tokens)
    path = tmp_path_factory.mktemp("noise") / f"moves{ext}"
    path.write_bytes(text.encode("utf-8"))
    result = load_checked([path], {path: text.removeprefix("\ufeff")})
    if result is not None:
        assert result.summary.rows_read <= physical_lines(text)


JSON_TOKENS = ["{", "}", "[", "]", ":", ",", '"person"', '"to_org"', '"date"', '"Ada"', '"OpenAI"', '"2025"', "1e999",
               "NaN", "-Infinity", '"\\ud800"', '"\\u0000"', '"', "\n", "\r", "\r\n", "null", "true", " ", "\x00",
               "9" * 50, '"_line"', "\\", "'", "\ufeff"]


@fuzz(150)
@given(st.lists(st.sampled_from(JSON_TOKENS), max_size=80))
def test_malformed_json_lines_never_crash(tmp_path_factory, tokens):
    text = '{"person": "Ada", "to_org": "OpenAI", "date": "2025"}\n' + "".join(tokens)
    path = tmp_path_factory.mktemp("jnoise") / "moves.jsonl"
    path.write_bytes(text.encode("utf-8"))
    result = load_checked([path], {path: text})
    assert result is not None
    assert result.summary.rows_read >= 1


@fuzz(100)
@given(st.integers(1, 6),
       st.sampled_from([b"\xe9", b"\xff\xfe", b"\xed\xa0\x80", b"\xc3", b"\x80", b"\xf5\x80\x80\x80"]),
       st.sampled_from([b"\n", b"\r\n", b"\r"]), st.sampled_from([".csv", ".tsv", ".jsonl"]))
def test_bytes_that_are_not_utf8_are_one_error_on_the_right_line(tmp_path_factory, bad_line, bad, ending, ext):
    if ext == ".jsonl":
        lines = [b'{"person": "Ada", "to_org": "OpenAI", "date": "2025"}'] * 6
    else:
        lines = [b"person,to_org,date"] + [b"Ada,OpenAI,2025"] * 5
    lines[bad_line - 1] = lines[bad_line - 1][:3] + bad + lines[bad_line - 1][3:]
    path = tmp_path_factory.mktemp("bytes") / f"moves{ext}"
    path.write_bytes(ending.join(lines) + ending)
    CASES["bytes"] += 1
    with pytest.raises(InputError) as info:
        load_files([path], registry())
    assert str(info.value).startswith(f"{path}:{bad_line}: not UTF-8 (byte 0x")


@fuzz(200)
@given(st.binary(max_size=300), st.sampled_from([".csv", ".tsv", ".jsonl", ".tab", ".ndjson"]))
def test_random_bytes_never_crash(tmp_path_factory, data, ext):
    path = tmp_path_factory.mktemp("bin") / f"moves{ext}"
    path.write_bytes((b"person,to_org,date\n" if ext in (".csv", ".tab") else b"") + data)
    load_checked([path])


# -- the org registry ---------------------------------------------------------------------------
yaml_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**12), st.floats(allow_nan=True), free_text,
    st.sampled_from(["lab", "unit", "US", "fr", "2025-01-01", "openai", "meta", "", " "]),
    st.dates(min_value=dt.date(1900, 1, 1)),
)
yaml_value = st.recursive(yaml_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["id", "name", "x"]), inner, max_size=2), max_leaves=6)
FIELDS = ["id", "name", "aliases", "kind", "parent", "country", "merged_into", "merged", "junk"]


@fuzz(300)
@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), yaml_value, max_size=8) | yaml_value, max_size=6),
       st.booleans())
def test_registry_of_random_entries_loads_or_is_one_error(tmp_path_factory, entries, nested):
    path = tmp_path_factory.mktemp("reg") / "orgs.yaml"
    CASES["registry"] += 1
    path.write_text(yaml.safe_dump({"orgs": entries} if nested else entries, allow_unicode=True), encoding="utf-8")
    try:
        reg = OrgRegistry.from_yaml(path)
    except InputError as exc:
        assert str(exc).startswith(f"{path}:"), str(exc)
        return
    assert len(reg) == len(entries)


YAML_EDITS = [": ", "- ", "\t", "[", "]", "{", "}", "&a ", "*a", "<<: *a\n", "2025-13-01",
              "!!python/object/apply:os.system",
              "\x00", "\ufeff", "---\n", "? ", '"\\ud800"', "\n  - x\n", "'", '"', "#", "%YAML 1.1\n", "!!binary x",
              "1e999", "\x1b[2J", "~", "@", "`", "|\n", ">\n"]


@fuzz(300)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(YAML_EDITS)), max_size=6))
def test_registry_with_random_edits_loads_or_is_one_error(tmp_path_factory, edits):
    text = (FIXTURES / "orgs.yaml").read_text(encoding="utf-8")
    for position, token in edits:
        position %= len(text) + 1
        text = text[:position] + token + text[position:]
    path = tmp_path_factory.mktemp("regedit") / "orgs.yaml"
    CASES["registry_edits"] += 1
    path.write_text(text, encoding="utf-8")
    try:
        OrgRegistry.from_yaml(path)
    except InputError as exc:
        assert str(exc).startswith(f"{path}:"), str(exc)


@fuzz(200)
@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20),
                          st.sampled_from(["lab", "company", "unit", None]),
                          st.sampled_from(["US", "fr", "GB", None])), max_size=8, unique_by=lambda t: t[0]))
def test_valid_registries_always_load(tmp_path_factory, orgs):
    entries = [{"id": f"org-{i}", "name": name} | ({"kind": kind} if kind else {}) | ({"country": c} if c else {})
               | ({"parent": "org-0"} if i else {}) for i, (name, kind, c) in enumerate(orgs)]
    path = tmp_path_factory.mktemp("regok") / "orgs.yaml"
    CASES["registry_valid"] += 1
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    try:
        reg = OrgRegistry.from_yaml(path)
    except InputError as exc:
        # The one legitimate refusal: two names that match the same way (e.g. "A" and "a.").
        assert "is already a name of" in str(exc), str(exc)
        return
    assert [o.id for o in reg] == [e["id"] for e in entries]
    assert all(reg.top(e["id"]) == "org-0" for e in entries)


# -- hand-picked cases: huge fields, the fixes, the exact messages ------------------------------
MB = 1024 * 1024


def test_one_megabyte_fields_load_in_csv_and_jsonl(tmp_path):
    big = "x" * MB
    quoted = ("Q" + '"' + "\r\n") * (MB // 4)
    csv_path = tmp_path / "moves.csv"
    csv_path.write_text(
        "person,to_org,date,notes,quote\n"
        f'Ada Lovelace,OpenAI,2025,{big},"{quoted.replace(chr(34), chr(34) * 2)}"\n'
        "Bob,Meta,2024\n",
        encoding="utf-8", newline="",
    )
    jsonl_path = tmp_path / "moves.jsonl"
    jsonl_path.write_text(json.dumps({"person": "Cy", "to_org": "OpenAI", "date": "2023", "notes": big}) + "\n"
                          + "[" * MB + "\n" + json.dumps({"person": big, "to_org": "Meta", "date": "2022"}) + "\n",
                          encoding="utf-8")
    result = load_checked([csv_path, jsonl_path])
    assert result is not None
    # The quoted field spans MB/4 * 1 physical lines (one \r\n each): Bob starts after them.
    assert [(r.file, r.line, r.column) for r in result.rejects] == [(str(jsonl_path), 2, "(line)")]
    assert "nested too deeply" in result.rejects[0].reason
    assert result.summary.rows_read == 5 and result.summary.moves_loaded == 4
    notes = dict(zip(result.graph.moves["person_id"], result.graph.moves["notes"]))
    assert notes["ada-lovelace"] == big and notes["cy"] == big


def test_a_megabyte_header_and_a_megabyte_of_blank_lines(tmp_path):
    path = tmp_path / "moves.csv"
    path.write_text("person,to_org,date," + "h" * MB + "\n" + "\r\n" * (MB // 8) + "Ada,OpenAI,2025,v\n",
                    encoding="utf-8", newline="")
    result = load_checked([path])
    assert result is not None and result.summary.moves_loaded == 1
    assert result.graph.moves["extra"][0] == {"h" * MB: "v"}


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_empty_header_cells_keep_their_values_as_numbered_columns(tmp_path):
    path = write(tmp_path, "moves.csv", "person,,to_org,date,\nAda,left,OpenAI,2025,right\nBob,,Meta,2024,\n")
    result = load_checked([path])
    extras = dict(zip(result.graph.moves["person_id"], result.graph.moves["extra"]))
    assert extras == {"ada": {"column_2": "left", "column_5": "right"}, "bob": {}}


def test_a_column_named_like_the_line_numbers_is_refused_not_a_crash(tmp_path):
    with pytest.raises(InputError, match=r"moves\.csv:1: the column name _line is reserved"):
        load_files([write(tmp_path, "moves.csv", "person,to_org,date,_line\nAda,OpenAI,2025,7\n")], registry())
    result = load_checked([write(tmp_path, "moves.jsonl", '{"person":"Ada","to_org":"OpenAI","date":"2025","_line":7}\n'
                                                          '{"person":"Bob","to_org":"Meta","date":"2024"}\n')])
    assert [(r.line, r.reason) for r in result.rejects] == [
        (1, "the key _line is reserved for line numbers; rename it")]


def test_nul_bytes_are_kept_as_data(tmp_path):
    path = write(tmp_path, "moves.csv", "person,to_org,date,notes\nAda\x00Lovelace,Open\x00AI,2025,a\x00b\n")
    result = load_checked([path])
    assert result.graph.persons.to_dict("records") == [{"id": "ada-lovelace", "name": "Ada\x00Lovelace"}]
    assert result.graph.moves["notes"][0] == "a\x00b"


def test_carriage_return_only_files_count_lines_like_the_others(tmp_path):
    path = write(tmp_path, "moves.csv", 'person,to_org,date\rAda,OpenAI,2025\r"Bob\rBy",Meta,2024-13\rCy,,2023\r')
    result = load_checked([path])
    assert [(r.line, r.column) for r in result.rejects] == [(3, "date"), (5, "to_org")]


def test_an_unbalanced_quote_is_named_as_such_and_keeps_what_it_swallowed(tmp_path):
    path = write(tmp_path, "moves.csv", 'person,to_org,date\nAda,OpenAI,2025\nBob,"Meta,2024\nCy,OpenAI,2023\n')
    result = load_checked([path])
    [reject] = result.rejects
    assert str(reject).startswith(f"{path}:3: (row): a quote opened on this line is never closed, so lines 3-4")
    assert reject.record["to_org"] == "Meta,2024\nCy,OpenAI,2023\n"
    assert result.summary.rows_read == 2 and result.summary.moves_loaded == 1


def test_quotes_that_close_are_not_taken_for_unbalanced(tmp_path):
    path = write(tmp_path, "moves.csv", 'person,to_org,date,notes\nAda,OpenAI,2025,"say ""hi""\n"\n'
                                        'Bob "B" Bee,Meta,2024,"a""\n""b"')
    result = load_checked([path])
    assert result.rejects == [] and result.summary.moves_loaded == 2


def test_json_lines_that_lose_data_silently_are_rejected(tmp_path):
    path = write(tmp_path, "moves.jsonl", "\n".join(BAD_BUT_JSON) + "\n")
    result = load_checked([path])
    reasons = [r.reason for r in result.rejects]
    assert [r.line for r in result.rejects] == list(range(1, len(BAD_BUT_JSON) + 1))
    assert reasons[0] == "the key 'person' appears twice in one object"
    assert "half of a surrogate pair" in reasons[1] and "half of a surrogate pair" in reasons[2]
    assert reasons[4] == "two keys are the same once trimmed of spaces"
    assert "4300 digits" in reasons[5] and "nested too deeply" in reasons[6]


def test_infinite_compensation_is_rejected(tmp_path):
    path = write(tmp_path, "moves.csv", "person,to_org,date,compensation_usd\nAda,OpenAI,2025,1e999\n")
    [reject] = load_checked([path]).rejects
    assert str(reject) == (f"{path}:2: compensation_usd: '1e999' is not a finite number "
                           "(US dollars, e.g. 1500000)")


@pytest.mark.parametrize(("text", "message"), [
    ("- id: a\n  name: A\n  merged_into: b\n  merged: 2025-13-01\n- id: b\n  name: B\n",
     "not valid YAML: a value cannot be read (month must be in 1..12)"),
    ("- id: a\n  name: A\n  parent: [x]\n", "3: parent: ['x'] is not an org id"),
    ("- id: a\n  name: A\n  merged_into: {x: 1}\n  merged: 2025-01-01\n", "3: merged_into: {'x': 1} is not an org id"),
    ("base: &b\n  orgs:\n    - id: a\n      name: 5\n<<: *b\n", "name: missing or not a string"),
    ("- !!python/object/apply:os.system [echo pwned]\n", "not valid YAML"),
    ("- " + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML"),
])
def test_registry_faults_are_one_error(tmp_path, text, message):
    path = write(tmp_path, "orgs.yaml", text)
    with pytest.raises(InputError) as info:
        OrgRegistry.from_yaml(path)
    assert str(info.value).startswith(str(path)) and message in str(info.value)


def test_the_fuzzing_above_ran_at_least_2000_cases():
    # Meaningful when the whole file runs (as in CI); a selection of tests runs fewer.
    fuzzed = [name for name, obj in globals().items() if name.startswith("test_") and hasattr(obj, "hypothesis")]
    if len(CASES) >= 10 and len(fuzzed) == 10:
        print(f"\nfuzzed loader cases: {sum(CASES.values())} {dict(CASES)}")
        assert sum(CASES.values()) >= 2000, CASES
