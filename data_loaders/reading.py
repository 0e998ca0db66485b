"""Read a partner's CSV or XLSX the way a person's spreadsheet really looks, into a frame of strings.

Handles a UTF-8 BOM, Windows-1252 text, title rows or a merged group row above the header, trailing blank
lines and quoted newlines; refuses (with the row and the fix) the wrong delimiter, missing or repeated
columns, ragged or truncated rows, undecodable bytes, UTF-16 'Unicode Text', macro workbooks and files that
are not what their extension says.
The fast path is pyarrow's multi-threaded CSV reader; the csv module is only used to explain an error.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from data_loaders.errors import LoadError, Problem, file_problem
from data_loaders.limits import MAX_CELLS, check_time, time_limit
from data_loaders.safety import looks_utf16
from data_loaders.workbook import SheetMarks, open_workbook, sheet_marks

# Arrow's jemalloc pool hands freed pages back to the system within a second; its default (mimalloc) keeps
# them, so a 50 MB upload held ~150 MB more at the peak of an ingest (tests/warehouse/test_memory_ceiling.py).
try:
    pa.set_memory_pool(pa.jemalloc_memory_pool())
except NotImplementedError:  # a pyarrow built without jemalloc keeps its default pool
    pass

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls / .doc
HEADER_SEARCH_ROWS = 30
ROW = "_row"  # the spreadsheet row number a person sees (1 = first line of the file)
# Control characters no partner means to send (NUL, form feeds, escape codes …): removed with a note.
# Tab, line feed and carriage return are ordinary text inside a quoted field.
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


@dataclass
class RawTable:
    """A partner file as strings, with canonical column names and spreadsheet row numbers in `_row`."""

    path: Path
    frame: pd.DataFrame
    encoding: str
    header_row: int
    notes: list[str] = field(default_factory=list)  # what reading changed or found (merged cells, hidden rows …)


def column_key(name: str) -> str:
    return " ".join(re.sub(r"[_\s]+", " ", str(name)).strip().lower().split())


def _decode(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, notes). Bytes valid in both Windows-1252 and Latin-1 read as Windows-1252 (what Excel
    on Windows writes); the bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252 and are
    refused, naming the row. A UTF-8 byte-order mark in front of Windows-1252 text (an editor added the mark,
    not the encoding) is read as Windows-1252 with a note."""
    if looks_utf16(data):
        raise file_problem(path, "the file is saved as UTF-16 ('Unicode Text'), not as CSV",
                           "save it from Excel as 'CSV UTF-8 (Comma delimited)'")
    notes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", notes
        except UnicodeDecodeError:
            data = data[3:]
            notes.append("the file starts with a UTF-8 marker but its text is Windows-1252: read as Windows-1252")
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252", notes
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise file_problem(
            path,
            f"byte 0x{data[exc.start]:02X} cannot be read as UTF-8 or Windows-1252 text",
            "save the file again as 'CSV UTF-8 (Comma delimited)' from Excel",
            rows=[row],
        ) from None


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position: 0 -> A, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _refuse_repeated_columns(path: Path, index: int, found: dict[int, str]) -> None:
    """A column we read that appears twice in the header is ambiguous: say which, rather than pick one."""
    problems = []
    for column in dict.fromkeys(found.values()):
        positions = [p for p, c in found.items() if c == column]
        if len(positions) > 1:
            shown = " and ".join(column_letter(p) for p in positions)
            problems.append(Problem((index + 1,), column,
                                    f"the column appears more than once in the header (columns {shown})",
                                    "delete or rename the extra column so that each column appears once"))
    if problems:
        raise LoadError(str(path), problems)


def _find_header(path: Path, records: Sequence[Sequence[str]], required: Sequence[str],
                 aliases: dict[str, str]) -> tuple[int, dict[int, str]]:
    """Return (index of the header record, {position: canonical column}) or raise naming what is missing.

    The header is the first of the first 30 rows that names every required column, so title rows and a
    merged group row above it ("Request details | | Client") are skipped.
    """
    wanted = {column_key(c): c for c in required}
    lookup = dict(wanted)
    lookup.update({column_key(a): c for a, c in aliases.items()})
    best, best_index = -1, 0
    for i, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        found = {pos: lookup[column_key(v)] for pos, v in enumerate(record) if column_key(v) in lookup}
        matched = set(found.values()) & set(required)
        if len(matched) == len(required):
            _refuse_repeated_columns(path, i, found)
            return i, found
        if len(matched) > best:
            best, best_index = len(matched), i
    if best <= 0:
        for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
            for i, record in enumerate(records[:HEADER_SEARCH_ROWS]):
                cells = sep.join(record).split(sep)
                if sum(column_key(c) in wanted for c in cells) >= min(2, len(required)):
                    raise file_problem(
                        path, f"the columns are separated by {label}, not commas",
                        "save it from Excel as 'CSV UTF-8 (Comma delimited)'", rows=[i + 1])
        raise file_problem(
            path, f"no header row found in the first {HEADER_SEARCH_ROWS} rows: expected the columns "
            + ", ".join(f"'{c}'" for c in required),
            f"export the file with its header row within the first {HEADER_SEARCH_ROWS} rows (delete notes or "
            "title rows above it), or check this is the right source", rows=[1])
    header = records[best_index]
    found_cols = {lookup[column_key(v)] for v in header if column_key(v) in lookup}
    unmatched = [v for v in header if column_key(v) not in lookup and str(v).strip()]
    problems = []
    for col in required:
        if col in found_cols:
            continue
        near = difflib.get_close_matches(col, unmatched, n=1, cutoff=0.5)
        hint = f"; '{near[0]}' looks like it was renamed" if near else ""
        problems.append(Problem((best_index + 1,), col, f"the column is missing{hint}",
                                f"rename the header to '{col}' (columns found: {', '.join(map(str, header))})"))
    raise LoadError(str(path), problems)


def _explain_ragged(path: Path, text: str, header_index: int, width: int) -> LoadError:
    records = list(csv.reader(io.StringIO(text)))
    last = len(records) - 1
    while last > header_index and not any(records[last]):
        last -= 1
    bad = [i for i in range(header_index + 1, last + 1)
           if records[i] and len(records[i]) != width]
    problems = []
    if bad and bad[-1] == last and len(records[last]) < width:
        problems.append(Problem((last + 1,), None,
                                f"the last row has {len(records[last])} of {width} fields: the file looks truncated",
                                "export the file again (the copy was cut off part-way through a row)"))
        bad = bad[:-1]
    if bad:
        problems.append(Problem(tuple(i + 1 for i in bad), None,
                                f"the row has {len(records[bad[0]])} fields where the header has {width}",
                                "check for an unquoted comma or line break in a text field and export again"))
    if not problems:
        problems.append(Problem((), None, "the file could not be parsed as CSV",
                                "open it in Excel and save it as 'CSV UTF-8 (Comma delimited)'"))
    return LoadError(str(path), problems)


def _read_csv(path: Path, data: bytes, required, optional, aliases) -> RawTable:
    text, encoding, notes = _decode(path, data)
    if not text.strip():
        raise file_problem(path, "the file is empty", "export the data again; the file has no rows at all")
    head_records = list(_limited_records(text, HEADER_SEARCH_ROWS))
    header_index, positions = _find_header(path, head_records, [*required], aliases | {o: o for o in optional})
    width = len(head_records[header_index])
    body = data if encoding == "utf-8" else (data[3:] if encoding == "utf-8-sig" else text.encode("utf-8"))
    del text  # the UTF-8 bytes are all that is read from here on (the text again only to explain a problem)
    bad_rows: list[int] = []

    def on_invalid(row) -> str:
        bad_rows.append(row.number or -1)
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(skip_rows=header_index + 1,
                                           column_names=[f"c{i}" for i in range(width)], block_size=1 << 22),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={f"c{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 include_columns=[f"c{p}" for p in positions]),
        )
    except pa.ArrowInvalid:
        raise _explain_ragged(path, body.decode("utf-8"), header_index, width) from None
    if bad_rows:
        raise _explain_ragged(path, body.decode("utf-8"), header_index, width)
    frame = table.to_pandas()
    del table
    frame.columns = list(positions.values())
    # Spreadsheet row numbers; blank lines inside the body shift pyarrow's count, so count exactly then.
    end = len(body)
    while end and body[end - 1] in b"\r\n":
        end -= 1
    if body.find(b"\n\n", 0, end) >= 0 or body.find(b"\n\r\n", 0, end) >= 0:
        rows = [i + 1 for i, r in enumerate(csv.reader(io.StringIO(body.decode("utf-8"))))
                if i > header_index and any(r)]
        frame[ROW] = rows[: len(frame)]
    else:
        frame[ROW] = range(header_index + 2, header_index + 2 + len(frame))
    frame = _clean(path, frame, notes)
    pa.default_memory_pool().release_unused()  # hand the reader's buffers back before the store is written
    return RawTable(path, frame, encoding, header_index + 1, notes)


def _limited_records(text: str, n: int):
    reader = csv.reader(io.StringIO(text[: 256 * 1024]))
    try:
        for i, record in enumerate(reader):
            if i >= n:
                break
            yield record
    except csv.Error:
        return


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _head_has_header(path: Path, records, required, lookup) -> bool:
    try:
        _find_header(path, records, required, lookup)
        return True
    except LoadError:
        return False


def _read_xlsx(path: Path, data: bytes, required, optional, aliases) -> RawTable:
    """The one visible sheet whose first rows hold the header (usually the first): merged cells in the data
    filled from their range, hidden rows and sheets reported, at most MAX_CELLS cells, within the deadline."""
    marks = sheet_marks(path, data)
    lookup = aliases | {o: o for o in optional}
    notes: list[str] = []
    workbook = open_workbook(path, data)
    try:
        sheets = workbook.worksheets
        visible = [ws for ws in sheets if ws.sheet_state == "visible"]
        hidden = [ws.title for ws in sheets if ws.sheet_state != "visible"]
        heads = {ws.title: [[_cell_text(v) for v in row]
                            for row in ws.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS)] for ws in sheets}
        found = [ws for ws in visible if _head_has_header(path, heads[ws.title], [*required], lookup)]
        if not found:
            if any(_head_has_header(path, heads[t], [*required], lookup) for t in hidden):
                name = next(t for t in hidden if _head_has_header(path, heads[t], [*required], lookup))
                raise file_problem(path, f"the data are on the hidden sheet '{name}'",
                                   "unhide the sheet in Excel (right-click a sheet tab, Unhide) if it is the data "
                                   "to load, and move it first or save it alone as CSV")
            if not visible or not any(any(c.strip() for c in r) for r in heads[visible[0].title]):
                raise file_problem(path, "the workbook's first sheet is empty", "put the data on the first sheet")
            _find_header(path, heads[visible[0].title], [*required], lookup)  # raises, naming what is missing
        if len(found) > 1:
            raise file_problem(path, "the sheets " + ", ".join(f"'{ws.title}'" for ws in found)
                               + " each have the header row, and one file is read from one sheet",
                               "save each sheet as its own file (or put all the rows on one sheet)")
        sheet = found[0]
        if sheet is not sheets[0]:
            notes.append(f"read the sheet '{sheet.title}' (the first sheet with the header row)")
        if hidden:
            notes.append("hidden sheets not read: " + ", ".join(f"'{t}'" for t in hidden))
        records, cells = [], 0
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
            if cells > MAX_CELLS:
                raise file_problem(path, f"the sheet '{sheet.title}' has more than {MAX_CELLS:,} cells",
                                   "export the data as CSV, or split it into smaller files (e.g. one per year)")
            if len(records) % 2000 == 0:
                check_time(path)
            records.append([_cell_text(v) for v in row])
        member = str(sheet._worksheet_path).lstrip("/")
    finally:
        workbook.close()
    header_index, positions = _find_header(path, records, [*required], lookup)
    notes += _fill_merged(records, marks, member, header_index)
    hidden_rows = sorted(r for r in marks.hidden_rows.get(member, ()) if r > header_index + 1 and r <= len(records)
                         and any(c.strip() for c in records[r - 1]))
    if hidden_rows:
        shown = ", ".join(map(str, hidden_rows[:10])) + (f" and {len(hidden_rows) - 10} more" if len(hidden_rows) > 10 else "")
        notes.append(f"rows {shown} are hidden in the workbook and were read like the others (unhide them in Excel "
                     "to check them)")
    body = records[header_index + 1:]
    frame = pd.DataFrame({col: [r[p] if p < len(r) else "" for r in body] for p, col in positions.items()},
                         dtype=object)
    frame[ROW] = range(header_index + 2, header_index + 2 + len(body))
    frame = _clean(path, frame, notes)
    frame.attrs["xlsx"] = True  # date cells arrive as ISO text: a day-first typed date beside them is not a mix
    return RawTable(path, frame, "xlsx", header_index + 1, notes)


def _fill_merged(records: list[list[str]], marks: SheetMarks, member: str, header_index: int) -> list[str]:
    """A merged range below the header (one ward written once over several rows) means its first cell's value
    for every cell of the range, as the person sees it in Excel."""
    from openpyxl.utils import range_boundaries

    filled = []
    for ref in sorted(marks.merges.get(member, ())):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if min_row - 1 <= header_index or min_row > len(records):
            continue
        first = records[min_row - 1]
        value = first[min_col - 1] if min_col - 1 < len(first) else ""
        for r in range(min_row - 1, min(max_row, len(records))):
            row = records[r]
            row.extend([""] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                if not row[c]:
                    row[c] = value
        filled.append(ref)
    if not filled:
        return []
    shown = ", ".join(filled[:5]) + (f" and {len(filled) - 5} more" if len(filled) > 5 else "")
    return [f"merged cells {shown} were filled from the first cell of each range"]


def _clean(path: Path, frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Strip every cell, remove control characters (with a note naming the rows), drop blank rows."""
    frame = _drop_blank(frame)
    where: dict[str, list[int]] = {}
    for col in frame.columns.drop(ROW):
        bad = frame[col].str.contains(CONTROL, regex=True, na=False).to_numpy(dtype=bool)
        if bad.any():
            where[col] = [int(r) for r in frame[ROW].to_numpy()[bad]]
            frame[col] = frame[col].str.replace(CONTROL, "", regex=True).str.strip()
    if where:
        rows = sorted({r for rs in where.values() for r in rs})
        shown = ", ".join(map(str, rows[:5])) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
        notes.append(f"control characters (such as NUL) removed from row{'s' if len(rows) > 1 else ''} {shown}, "
                     f"column{'s' if len(where) > 1 else ''} " + ", ".join(f"'{c}'" for c in where))
        frame = _drop_blank(frame)
    return frame


def _drop_blank(frame: pd.DataFrame) -> pd.DataFrame:
    values = frame.drop(columns=[ROW])
    for col in values.columns:
        frame[col] = values[col].astype(str).str.strip()
    blank = (frame.drop(columns=[ROW]) == "").all(axis=1)
    return frame.loc[~blank].reset_index(drop=True)


def _require_rows(table: RawTable) -> RawTable:
    if table.frame.empty:
        raise file_problem(table.path, "the file has its header but no data rows",
                           "export the data again including the rows (an empty export replaces nothing)",
                           rows=[table.header_row])
    return table


def read_table(path: str | Path, *, required: Sequence[str], optional: Sequence[str] = (),
               aliases: dict[str, str] | None = None, data: bytes | None = None) -> RawTable:
    """Read a CSV or XLSX partner extract into strings; the format is decided by content, not extension."""
    path = Path(path)
    if data is None:
        if not path.exists():
            raise file_problem(path, "the file does not exist", "check the path")
        data = path.read_bytes()
    with time_limit(path):
        return _read_table(path, data, required, optional, aliases)


def _read_table(path: Path, data: bytes, required, optional, aliases) -> RawTable:
    if path.suffix.lower() in {".xlsm", ".xltm", ".xlam"}:
        raise file_problem(path, "macro-enabled workbooks are not accepted", "save it as a plain .xlsx or CSV")
    if not data.strip():
        raise file_problem(path, "the file is empty", "export the data again; the file has no rows at all")
    if data.startswith(OLE2_MAGIC):
        raise file_problem(path, "this is an old-style .xls workbook", "save it as .xlsx or CSV from Excel")
    if data.startswith(ZIP_MAGIC):
        return _require_rows(_read_xlsx(path, data, required, optional, aliases or {}))
    return _require_rows(_read_csv(path, data, required, optional, aliases or {}))
