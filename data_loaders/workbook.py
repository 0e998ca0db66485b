"""Opening an .xlsx safely: vetted first (real expansion, no DTD, deadline: `data_loaders.limits`), then
read by openpyxl in read-only mode. The vetting pass also notes each sheet's merged ranges and hidden rows,
which openpyxl's read-only mode does not expose.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from data_loaders.errors import file_problem
from data_loaders.limits import open_zip, vet_xml_members

MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]+)"[^>]*?\bhidden="(?:1|true)"'
                        rb'|<(?:\w+:)?row\s[^>]*?\bhidden="(?:1|true)"[^>]*?\br="([0-9]+)"')


@dataclass
class SheetMarks:
    """Per worksheet part (xl/worksheets/sheet1.xml): merged ranges and hidden row numbers."""

    merges: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    hidden_rows: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def scan(self, member: str, window: bytes) -> None:
        if not member.startswith("xl/worksheets/"):
            return
        for m in MERGE.finditer(window):
            self.merges[member].add(m.group(1).decode())
        for m in HIDDEN_ROW.finditer(window):
            self.hidden_rows[member].add(int(m.group(1) or m.group(2)))


def sheet_marks(path: str | Path, data: bytes) -> SheetMarks:
    """Vet the workbook (raises LoadError) and return its merged ranges and hidden rows."""
    with open_zip(path, data, what="workbook") as archive:
        names = archive.namelist()
    if "xl/workbook.xml" not in names:
        raise file_problem(path, "the file is a zip archive but not an Excel workbook",
                           "upload the CSV or .xlsx file itself")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise file_problem(path, "the workbook contains macros", "save it as a plain .xlsx or CSV without macros")
    marks = SheetMarks()
    vet_xml_members(path, data, what="workbook", scan=marks.scan)
    return marks


def open_workbook(path: str | Path, data: bytes):
    """openpyxl's read-only workbook of vetted bytes, or a LoadError in words."""
    import openpyxl  # only needed for workbooks

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged part
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:100]
        raise file_problem(path, f"the workbook cannot be opened ({reason})",
                           "open it in Excel and save it again as .xlsx, or export it as CSV") from None
