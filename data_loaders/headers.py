"""Look at a file's header before reading it: for public formats with several layouts or year-suffixed
column names (WD25CD, LSOA11CD …), a loader first finds which columns are there, then asks `read_table`
for exactly those.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from data_loaders.errors import file_problem
from data_loaders.reading import HEADER_SEARCH_ROWS, ZIP_MAGIC, column_key


def file_bytes(path: str | Path, data: bytes | None) -> bytes:
    """The file's bytes (given, or read from disk), or a LoadError if it does not exist."""
    if data is not None:
        return data
    path = Path(path)
    if not path.is_file():
        raise file_problem(path, "the file does not exist", "check the path")
    return path.read_bytes()


def first_rows(path: str | Path, data: bytes) -> list[list[str]]:
    """The first rows of a CSV or XLSX as stripped strings (enough to find the header row)."""
    if data.startswith(ZIP_MAGIC):
        return _first_sheet_rows(path, data)
    head = data[: 256 * 1024]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = head.decode("utf-8", errors="replace")
    rows = []
    try:
        for i, record in enumerate(csv.reader(io.StringIO(text))):
            if i >= HEADER_SEARCH_ROWS:
                break
            rows.append([cell.strip() for cell in record])
    except csv.Error:
        pass
    return rows


def _first_sheet_rows(path: str | Path, data: bytes) -> list[list[str]]:
    import openpyxl  # only needed for workbooks

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # read_table gives the precise reason when it reads the file
        return []
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS)
        return [[_cell(v) for v in row] for row in rows]
    finally:
        workbook.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def find_header(rows: Sequence[Sequence[str]], accept: Callable[[list[str]], bool]) -> list[str] | None:
    """The first row that `accept` takes for the header, or None."""
    for row in rows:
        cells = list(row)
        if accept(cells):
            return cells
    return None


def matching(cells: Sequence[str], pattern: str) -> list[tuple[str, re.Match]]:
    """Header cells whose column key (lower case, single spaces) fully matches `pattern`."""
    rx = re.compile(pattern)
    out = []
    for cell in cells:
        m = rx.fullmatch(column_key(cell))
        if m:
            out.append((cell, m))
    return out
