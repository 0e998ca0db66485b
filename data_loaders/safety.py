"""Server-side checks on an uploaded file, before any loader reads it: never trust the extension.

Refuses files over the size limit, macro-enabled workbooks (by extension and by the vbaProject part
inside), archives that would expand enormously (zip bombs), legacy binary Office files and anything that
is not text, an .xlsx workbook or a zip of CSVs (the police.uk download).
"""

from __future__ import annotations

import io
import zipfile

from data_loaders.errors import LoadError, file_problem

MB = 1024 * 1024
MAX_EXPANSION = 100  # uncompressed / compressed; real workbooks and CSV zips are ~5-20x
MAX_UNZIPPED = 1024 * 1024 * 1024
BINARY_SIGNATURES = {b"%PDF": "a PDF", b"MZ": "a Windows program", b"\x7fELF": "a program",
                     b"\x89PNG": "an image", b"\xff\xd8\xff": "an image", b"GIF8": "an image",
                     b"\xd0\xcf\x11\xe0": "an old-style Office file (.xls/.doc)", b"Rar!": "a RAR archive",
                     b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7-Zip archive"}


def _check_zip(name: str, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise file_problem(name, "the file looks like a zip archive or workbook but is damaged",
                           "export it again") from None
    with archive:
        members = archive.infolist()
        names = [m.filename.lower() for m in members]
        expanded = sum(m.file_size for m in members)
        if expanded > MAX_UNZIPPED or expanded > MAX_EXPANSION * max(len(data), 1):
            raise file_problem(name, f"the archive would expand to {expanded / 1e6:,.0f} MB from "
                               f"{len(data) / 1e6:,.1f} MB (a 'zip bomb' guard)",
                               "send the data uncompressed, or as plain CSV files")
        if any(n.endswith("vbaproject.bin") for n in names):
            raise file_problem(name, "the workbook contains macros", "save it as a plain .xlsx or CSV")
        if "xl/workbook.xml" in names:
            return "xlsx"
        if names and all(n.endswith(".csv") or n.endswith("/") for n in names):
            return "zip of csv"
    raise file_problem(name, "the archive is neither an Excel workbook nor a zip of CSV files",
                       "upload the CSV or .xlsx file itself")


def check_upload(name: str, data: bytes, *, max_bytes: int) -> str:
    """Return the kind of file ("text", "xlsx", "zip of csv", "geojson") or raise LoadError saying why not."""
    lower = name.lower()
    if len(data) > max_bytes:
        raise file_problem(name, f"the file is {len(data) / MB:,.1f} MB, over the {max_bytes / MB:,.0f} MB limit",
                           "split it into smaller files (e.g. one per year)")
    if not data.strip():
        raise file_problem(name, "the file is empty", "export the data again; the file has no rows at all")
    if lower.endswith((".xlsm", ".xltm", ".xlam", ".xlsb")):
        raise file_problem(name, "macro-enabled or binary workbooks are not accepted",
                            "save it as a plain .xlsx or CSV")
    if data.startswith(b"PK\x03\x04"):
        return _check_zip(name, data)
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise file_problem(name, f"the file is {what}, not a CSV or Excel file",
                               "upload the partner's CSV or .xlsx export")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # text, but not a CSV any loader reads
        raise file_problem(name, "the file is saved as UTF-16 ('Unicode Text'), not as CSV",
                           "save it from Excel as 'CSV UTF-8 (Comma delimited)'")
    if b"\x00" in data[:8192]:
        raise file_problem(name, "the file contains binary data, not text",
                           "upload the partner's CSV or .xlsx export")
    return "geojson" if data.lstrip()[:1] == b"{" else "text"


__all__ = ["LoadError", "check_upload"]
