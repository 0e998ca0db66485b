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
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from data_loaders.errors import LoadError, Problem, file_problem

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls / .doc
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024  # zip-bomb guard for workbooks
HEADER_SEARCH_ROWS = 30
ROW = "_row"  # the spreadsheet row number a person sees (1 = first line of the file)


@dataclass
class RawTable:
    """A partner file as strings, with canonical column names and spreadsheet row numbers in `_row`."""

    path: Path
    frame: pd.DataFrame
    encoding: str
    header_row: int


def column_key(name: str) -> str:
    return " ".join(re.sub(r"[_\s]+", " ", str(name)).strip().lower().split())


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    # Bytes valid in both Windows-1252 and Latin-1 read as Windows-1252 (what Excel on Windows writes);
    # the bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252 and are refused, naming the row.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise file_problem(path, "the file is saved as UTF-16 ('Unicode Text'), not as CSV",
                           "save it from Excel as 'CSV UTF-8 (Comma delimited)'")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
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
    text, encoding = _decode(path, data)
    if not text.strip():
        raise file_problem(path, "the file is empty", "export the data again; the file has no rows at all")
    head_records = list(_limited_records(text, HEADER_SEARCH_ROWS))
    header_index, positions = _find_header(path, head_records, [*required], aliases | {o: o for o in optional})
    width = len(head_records[header_index])
    body = text.encode("utf-8") if encoding == "cp1252" else (data[3:] if encoding == "utf-8-sig" else data)
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
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid:
        raise _explain_ragged(path, text, header_index, width) from None
    if bad_rows:
        raise _explain_ragged(path, text, header_index, width)
    frame = table.select([f"c{p}" for p in positions]).to_pandas()
    frame.columns = list(positions.values())
    # Spreadsheet row numbers; blank lines inside the body shift pyarrow's count, so count exactly then.
    interior = text.rstrip("\r\n")
    if "\n\n" in interior or "\n\r\n" in interior:
        rows = [i + 1 for i, r in enumerate(csv.reader(io.StringIO(text))) if i > header_index and any(r)]
        frame[ROW] = rows[: len(frame)]
    else:
        frame[ROW] = range(header_index + 2, header_index + 2 + len(frame))
    return RawTable(path, _drop_blank(frame), encoding, header_index + 1)


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


def _read_xlsx(path: Path, data: bytes, required, optional, aliases) -> RawTable:
    import openpyxl  # only needed for workbooks

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise file_problem(path, "the file looks like a workbook but is damaged", "export it again") from None
    with zf:
        names = zf.namelist()
        if "xl/workbook.xml" not in names:
            raise file_problem(path, "the file is a zip archive but not an Excel workbook",
                               "upload the CSV or .xlsx file itself")
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise file_problem(path, "the workbook contains macros", "save it as a plain .xlsx or CSV without macros")
        if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED_BYTES:
            raise file_problem(path, "the workbook expands to more than 512 MB",
                               "export the data as CSV, or split it into smaller files")
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        records = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not any(any(c.strip() for c in r) for r in records):
        raise file_problem(path, "the workbook's first sheet is empty", "put the data on the first sheet")
    header_index, positions = _find_header(path, records, [*required], aliases | {o: o for o in optional})
    body = records[header_index + 1:]
    frame = pd.DataFrame({col: [r[p] if p < len(r) else "" for r in body] for p, col in positions.items()},
                         dtype=object)
    frame[ROW] = range(header_index + 2, header_index + 2 + len(body))
    return RawTable(path, _drop_blank(frame), "xlsx", header_index + 1)


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
    if path.suffix.lower() in {".xlsm", ".xltm", ".xlam"}:
        raise file_problem(path, "macro-enabled workbooks are not accepted", "save it as a plain .xlsx or CSV")
    if not data.strip():
        raise file_problem(path, "the file is empty", "export the data again; the file has no rows at all")
    if data.startswith(OLE2_MAGIC):
        raise file_problem(path, "this is an old-style .xls workbook", "save it as .xlsx or CSV from Excel")
    if data.startswith(ZIP_MAGIC):
        return _require_rows(_read_xlsx(path, data, required, optional, aliases or {}))
    return _require_rows(_read_csv(path, data, required, optional, aliases or {}))
