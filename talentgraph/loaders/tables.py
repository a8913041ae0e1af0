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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from talentgraph.errors import InputError
from talentgraph.loaders.progress import progress_lines

__all__ = ["FORMATS", "RawTable", "Reject", "read_table"]

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# csv refuses fields over 128 KiB by default; a pasted article in `notes` can be larger.
csv.field_size_limit(16 * 1024 * 1024)


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
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8",
            name,
            line,
        ) from None
    if not text.strip():
        raise InputError("the file is empty; expected a header row and records", name)
    with progress_lines(text, f"reading {path.name}", show_progress) as lines:
        if fmt == "jsonl":
            records, rejects = _read_jsonl(lines, name)
        else:
            records, rejects = _read_delimited(lines, name, "\t" if fmt == "tsv" else ",", required)
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


def _read_delimited(
    lines: Iterator[str], name: str, delimiter: str, required: tuple[str, ...]
) -> tuple[tuple[list[str], list[list]], list[Reject]]:
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        raise InputError("the file is empty; expected a header row and records", name) from None
    except csv.Error as exc:
        raise InputError(f"unreadable header: {exc}", name, reader.line_num) from None
    header = [h.strip() for h in header]
    header_line = reader.line_num
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
    rows: list[list] = []
    rejects: list[Reject] = []
    width = len(header)
    end = header_line
    while True:
        start = end + 1
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
    return (header, rows), rejects


def _read_jsonl(lines: Iterator[str], name: str) -> tuple[list[dict], list[Reject]]:
    records: list[dict] = []
    rejects: list[Reject] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rejects.append(Reject(name, number, "(line)", f"not JSON: {exc.msg} at column {exc.colno}",
                                  {"line": line.rstrip("\r\n")}))
            continue
        if not isinstance(obj, dict):
            rejects.append(Reject(name, number, "(line)", "expected a JSON object {...}",
                                  {"line": line.rstrip("\r\n")}))
            continue
        record = {str(k).strip(): _cell(v) for k, v in obj.items()}
        record["_line"] = number
        records.append(record)
    return records, rejects


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
