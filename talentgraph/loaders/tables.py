"""Reading CSV, TSV and JSON Lines files into raw string tables, with line numbers.

Every cell comes back as text, exactly as written; validation is the callers' job.
File-level problems (not UTF-8, empty, missing columns) raise :class:`InputError`;
a record that cannot be split into cells (a JSON line that is not an object, a CSV
row with more cells than the header) becomes a :class:`Reject` and the rest of the
file is still read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from talentgraph.errors import InputError
from talentgraph.loaders.progress import progress_lines
from talentgraph.loaders.text import ASCII_WHITE

__all__ = ["FORMATS", "RawTable", "Reject", "read_table"]

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# csv refuses fields over 128 KiB by default; a pasted article in `notes` can be larger.
csv.field_size_limit(16 * 1024 * 1024)
# The ASCII characters str.isspace() is true of (bytes.isspace() knows only six of them).
_ASCII_WHITE = ASCII_WHITE.encode("ascii")
_LINE = "_line"  # the column holding each record's line number; no input field may take it
# A JSON escape of a UTF-16 surrogate (\ud800-\udfff): valid JSON, but alone it is no character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


@dataclass(frozen=True)
class Reject:
    """A record that was not loaded, with where it is and why."""

    file: str
    line: int
    column: str
    reason: str
    record: dict[str, str]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.reason}"


@dataclass
class RawTable:
    """The records of one file: ``frame`` has one text column per field plus ``_line``."""

    file: str
    frame: pd.DataFrame
    rejects: list[Reject]

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self.rejects)


def read_table(path: str | Path, required: tuple[str, ...], show_progress: bool = False) -> RawTable:
    """Read one CSV/TSV/JSONL file; its format comes from the file name's ending."""
    path = Path(path)
    name = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unknown file type {path.suffix!r}; use .csv, .tsv or .jsonl", name
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a folder; give the files in it, or use --data", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", name) from None
    # ASCII is UTF-8 as it stands: the fast reader needs no decoded copy of a large file.
    text = None if raw.isascii() else _decoded(raw, name)
    if _blank(raw, text):
        raise InputError("the file is empty; expected a header row and records", name)
    delimiter = "\t" if fmt == "tsv" else ","
    if fmt != "jsonl":
        fast = _read_simple_delimited(raw, _first_line(raw), name, delimiter, required)
        if fast is not None:
            return RawTable(name, fast, [])
    if text is None:
        text = raw.decode("ascii")
    with progress_lines(text, f"reading {path.name}", show_progress) as lines:
        if fmt == "jsonl":
            records, rejects = _read_jsonl(lines, name)
        else:
            records, rejects = _read_delimited(lines, name, delimiter, required)
    if isinstance(records, tuple):  # delimited: (header, rows as lists)
        header, rows = records
        frame = pd.DataFrame(rows, columns=[*header, "_line"], dtype=object)
    else:
        columns = list(dict.fromkeys(k for rec in records for k in rec))
        frame = pd.DataFrame.from_records(records, columns=columns or ["_line"])
        frame = frame.fillna("") if len(frame) else frame
    if "_line" in frame:
        frame["_line"] = frame["_line"].astype(int)
    for col in required:
        if col not in frame:
            frame[col] = ""
    return RawTable(name, frame, rejects)


def _decoded(raw: bytes, name: str) -> str:
    """The file's text, or InputError on the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Lines as the readers count them (\r\n, \n or a lone \r), so the number matches theirs.
        before = raw[: exc.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        raise InputError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8",
            name,
            line,
        ) from None


def _blank(raw: bytes, text: str | None) -> bool:
    """Is the file empty or white space only? ``text`` None: ``raw`` is ASCII, not decoded."""
    if text is None:  # lstrip gives the bytes themselves back, uncopied, unless they start blank
        return not raw.lstrip(_ASCII_WHITE)
    return not text or text.isspace()  # not text.strip(): isspace stops at the first letter


def _first_line(raw: bytes) -> str:
    end = raw.find(b"\n")
    return raw[: end if end >= 0 else len(raw)].decode("utf-8-sig")  # a valid file: read_table decoded it


def _read_simple_delimited(
    raw: bytes, text: str, name: str, delimiter: str, required: tuple[str, ...]
) -> pd.DataFrame | None:
    """The fast path: pandas' C parser, for a file whose every record is one whole line.

    The C parser is ten times faster than the csv module but cannot say on which line a
    record started. When the file has exactly one record per physical line after the
    header, the line number is the position plus two, and the two readers agree cell for
    cell. Anything else (a record spanning lines, a lone \\r, a row with too many cells, a
    header not on line 1, a NUL) returns None and the careful reader takes over. Of
    ``text``, the file decoded, only the first line is read: it may be all that is given.
    """
    first_end = text.find("\n")
    first = text[: first_end if first_end >= 0 else len(text)]
    # Counted on the bytes (UTF-8 never uses these byte values inside a character): fast.
    if not first.strip() or b"\x00" in raw or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n")):
        return None
    header = _header_cells(first.rstrip("\r"), delimiter)
    if header is None:
        return None
    try:
        with warnings.catch_warnings():
            # A row with too many cells only warns ("loss of data"): it must not load quietly.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # The bytes, not the text: a StringIO of a large file is a slow four-byte-per-character copy.
            frame = pd.read_csv(io.BytesIO(raw), sep=delimiter, dtype=object, na_filter=False,
                                skip_blank_lines=False, index_col=False, engine="c", encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return None
    lines = raw.count(b"\n") + (not raw.endswith(b"\n"))
    if len(frame.columns) != len(header) or lines != len(frame) + 1:
        return None
    # The header is checked (and its names trimmed) by the same rules as the careful path.
    names = _checked_header(header, name, 1, required)
    frame.columns = names
    frame["_line"] = np.arange(2, len(frame) + 2)
    # Blank records (only spaces, delimiters or empty quotes) are skipped, as the csv path
    # does. Such a row has a blank required cell, so only rows with one are looked at whole.
    blank_first = _blank_cells(frame[names[0] if not required else required[0]].to_numpy())
    if blank_first.any():
        positions = np.flatnonzero(blank_first)
        cells = frame.iloc[positions, :-1]
        blank = [pos for pos, row in zip(positions, cells.itertuples(index=False)) if not "".join(row).strip()]
        frame = frame.drop(index=frame.index[blank]).reset_index(drop=True)
    return frame


def _blank_cells(cells: np.ndarray) -> np.ndarray:
    """Which cells are empty or white space only (a cell that is not text is not blank)."""
    if pd.api.types.infer_dtype(cells, skipna=False) == "string":  # all text: str.isspace mapped in C
        return (cells == "") | np.fromiter(map(str.isspace, cells), bool, len(cells))
    return np.fromiter((isinstance(c, str) and not c.strip() for c in cells), bool, len(cells))


def _header_cells(line: str, delimiter: str) -> list[str] | None:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None


def _checked_header(header: list[str], name: str, header_line: int, required: tuple[str, ...]) -> list[str]:
    """The header's column names, or InputError: missing required, named twice, reserved."""
    # An empty header cell still heads a column: name it by position, so the values under
    # it are kept (as extra properties) and several empty cells are not one duplicate "".
    header = [h.strip() or f"column_{i}" for i, h in enumerate(header, start=1)]
    if _LINE in header:
        raise InputError(f"the column name {_LINE} is reserved for line numbers; rename that column",
                         name, header_line)
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"the header lacks the required column(s) {', '.join(missing)} "
            f"(found: {', '.join(h for h in header if h) or 'nothing'})",
            name,
            header_line,
        )
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise InputError(f"column(s) named twice in the header: {', '.join(dupes)}", name, header_line)
    return header


def _read_delimited(
    lines: Iterator[str], name: str, delimiter: str, required: tuple[str, ...]
) -> tuple[tuple[list[str], list[list]], list[Reject]]:
    record_lines: list[str] = []  # the physical lines of the record being read

    def remembered(source: Iterator[str]) -> Iterator[str]:
        for line in source:
            record_lines.append(line)
            yield line

    reader = csv.reader(remembered(lines), delimiter=delimiter)
    try:
        header = next(reader)
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        raise InputError("the file is empty; expected a header row and records", name) from None
    except csv.Error as exc:
        raise InputError(f"unreadable header: {exc}", name, reader.line_num) from None
    header_line = reader.line_num
    header = _checked_header(header, name, header_line, required)
    rows: list[list] = []
    rejects: list[Reject] = []
    width = len(header)
    end = header_line
    last_lines: list[str] = []
    last_start = 0
    while True:
        start = end + 1
        last_lines, record_lines = record_lines, []  # remembered() appends to the new list
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # The csv module gives up on the rest of a broken quoted field; keep what we know.
            rejects.append(Reject(name, start, "(row)", f"unreadable CSV: {exc}", {}))
            end = reader.line_num
            continue
        end = reader.line_num
        last_start = start
        if not "".join(cells).strip():  # a blank line, or only delimiters and spaces
            continue
        if len(cells) > len(header):
            rejects.append(
                Reject(name, start, "(row)",
                       f"{len(cells)} cells but the header has {len(header)}; "
                       "quote fields that contain the delimiter",
                       dict(zip(header + [f"extra_{i}" for i in range(len(cells) - len(header))], cells)))
            )
            continue
        if len(cells) < width:  # trailing optional cells left off
            cells += [""] * (width - len(cells))
        cells.append(start)
        rows.append(cells)
    # An unbalanced quote makes the csv module read everything after it, to the end of the
    # file, as one field of the last record: say so, rather than blame a column left empty.
    if rows and rows[-1][-1] == last_start and _ends_inside_quotes("".join(last_lines), delimiter):
        cells = rows.pop()
        rejects.append(Reject(name, cells[-1], "(row)",
                              f"a quote opened on this line is never closed, so lines {cells[-1]}-{end} "
                              'were read as one field; close it, or double the quote ("") inside a field',
                              dict(zip(header, cells[:-1]))))
    return (header, rows), rejects


def _ends_inside_quotes(raw: str, delimiter: str) -> bool:
    """Does this CSV record end inside a quoted field (the csv module's rules, non-strict)?"""
    if '"' not in raw:
        return False
    quoted = False
    field_start = True
    pending_quote = False  # a quote inside a quoted field: closes it, unless another follows
    for c in raw:
        if pending_quote:
            pending_quote = False
            if c == '"':
                continue
            quoted = False
        if quoted:
            pending_quote = c == '"'
            continue
        if c == '"' and field_start:
            quoted = True
        field_start = c in (delimiter, "\n", "\r")
    return quoted and not pending_quote


def _read_jsonl(lines: Iterator[str], name: str) -> tuple[list[dict], list[Reject]]:
    records: list[dict] = []
    rejects: list[Reject] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if isinstance(obj, dict) and line.count('":') + line.count('" :') != len(obj):
                # More "key": sites than keys kept: maybe a key given twice (json keeps the last).
                # Parsed again only then: the check costs a third of the parse time.
                json.loads(line, object_pairs_hook=_unique_keys)
            reason = _json_problem(obj, line)
        except json.JSONDecodeError as exc:
            reason = f"not JSON: {exc.msg} at column {exc.colno}"
        except _DuplicateKey as exc:
            reason = f"the key {exc.args[0]!r} appears twice in one object"
        except RecursionError:  # [[[[... thousands deep
            reason = "not JSON we can read: arrays or objects nested too deeply"
        except ValueError as exc:  # a number of more than 4,300 digits
            reason = f"not JSON we can read: {str(exc).split(':')[0]}"
        if reason:
            rejects.append(Reject(name, number, "(line)", reason, {"line": line.rstrip("\r\n")}))
            continue
        record = {str(k).strip(): _cell(v) for k, v in obj.items()}
        if len(record) < len(obj) or _LINE in record:  # " person" and "person" are one field once trimmed
            reason = (f"the key {_LINE} is reserved for line numbers; rename it" if _LINE in record
                      else "two keys are the same once trimmed of spaces")
            rejects.append(Reject(name, number, "(line)", reason, {"line": line.rstrip("\r\n")}))
            continue
        record[_LINE] = number
        records.append(record)
    return records, rejects


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    # json.loads keeps the last of two equal keys: a silent loss; refuse the line instead.
    obj = dict(pairs)
    if len(obj) < len(pairs):
        seen: set[str] = set()
        raise _DuplicateKey(next(k for k, _ in pairs if k in seen or seen.add(k)))
    return obj


def _json_problem(obj: object, line: str) -> str:
    """Why a parsed JSON line cannot be a record ("" when it can)."""
    if not isinstance(obj, dict):
        return "expected a JSON object {...}"
    if _SURROGATE_ESCAPE.search(line):
        try:  # a pair (\ud83d\ude00) is one character; a lone half cannot be stored or printed
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return "a \\u escape is half of a surrogate pair (\\ud800-\\udfff), not a character"
    return ""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def write_rejects(rejects: list[Reject], path: str | Path) -> None:
    """Write rejects as CSV: where, why, and the record as it was (JSON), to fix and reload."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        os.makedirs(path.parent, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["file", "line", "column", "reason", "record"])
    for r in rejects:
        writer.writerow([r.file, r.line, r.column, r.reason, json.dumps(r.record, ensure_ascii=False)])
    path.write_text(buffer.getvalue(), encoding="utf-8")
