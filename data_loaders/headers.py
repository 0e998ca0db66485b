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
    from data_loaders.safety import looks_utf16

    if looks_utf16(data):
        raise file_problem(path, "the file is saved as UTF-16 ('Unicode Text'), not as CSV",
                           "save it from Excel as 'CSV UTF-8 (Comma delimited)'")
    head = data[: 256 * 1024].removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "cp1252"):
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
    """The first rows of every visible sheet, one after the other (read_table picks the sheet)."""
    from data_loaders.workbook import open_workbook, sheet_marks

    sheet_marks(path, data)  # vetted before openpyxl touches it: refuses bombs and DTDs, naming the file
    workbook = open_workbook(path, data)
    try:
        rows = []
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "visible":
                rows += [[_cell(v) for v in row]
                         for row in sheet.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS)]
        return rows
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
