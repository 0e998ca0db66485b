"""Server-side checks on a file before any loader reads it, the same for the Upload page and the command
line (`warehouse.ingest` calls them too): never trust the extension, nor an archive's headers.

Refuses files over the size limit, macro-enabled workbooks (by extension and by the vbaProject part
inside), archives whose members really expand beyond the limits of `data_loaders.limits` (counted while
decompressing), legacy binary Office files and anything that is not text, an .xlsx workbook, a zip of
CSVs (the police.uk download), a GeoPackage or a zipped Shapefile.
"""

from __future__ import annotations

from data_loaders.errors import LoadError, file_problem
from data_loaders.limits import MB, open_zip, vet_xml_members

GEOPACKAGE_MAGIC = b"SQLite format 3\x00"
BINARY_SIGNATURES = {b"%PDF": "a PDF", b"MZ": "a Windows program", b"\x7fELF": "a program",
                     b"\x89PNG": "an image", b"\xff\xd8\xff": "an image", b"GIF8": "an image",
                     b"\xd0\xcf\x11\xe0": "an old-style Office file (.xls/.doc)", b"Rar!": "a RAR archive",
                     b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7-Zip archive"}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")


def _check_zip(name: str, data: bytes) -> str:
    with open_zip(name, data) as archive:
        names = [m.filename.lower() for m in archive.infolist()]
    if any(n.endswith("vbaproject.bin") for n in names):
        raise file_problem(name, "the workbook contains macros", "save it as a plain .xlsx or CSV")
    vet_xml_members(name, data, what="workbook" if "xl/workbook.xml" in names else "archive")
    if "xl/workbook.xml" in names:
        return "xlsx"
    files = [n for n in names if not n.endswith("/")]
    if files and all(n.endswith(".csv") for n in files):
        return "zip of csv"
    if any(n.endswith(".shp") for n in files):
        return "zip of shapefile"
    raise file_problem(name, "the archive is neither an Excel workbook, a zip of CSV files nor a zipped "
                       "Shapefile", "upload the CSV or .xlsx file itself")


def looks_utf16(data: bytes) -> bool:
    """UTF-16 text, with or without a byte-order mark: every other byte of ASCII text is NUL."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:4096]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0), odd.count(0)) > 0.4 * len(head) / 2 and min(even.count(0), odd.count(0)) < 0.05 * len(head) / 2


def check_upload(name: str, data: bytes, *, max_bytes: int) -> str:
    """Return the kind of file ("text", "xlsx", "zip of csv", "zip of shapefile", "geojson", "geopackage")
    or raise LoadError saying why not."""
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
    if data.startswith(GEOPACKAGE_MAGIC):
        return "geopackage"
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise file_problem(name, f"the file is {what}, not a CSV or Excel file",
                               "upload the partner's CSV or .xlsx export")
    if looks_utf16(data):  # text, but not a CSV any loader reads
        raise file_problem(name, "the file is saved as UTF-16 ('Unicode Text'), not as CSV",
                           "save it from Excel as 'CSV UTF-8 (Comma delimited)'")
    head = data[:8192]
    if head.count(0) * 100 > len(head):  # over 1% NUL bytes is binary; a stray NUL in text is removed by the reader, with a note
        raise file_problem(name, "the file contains binary data, not text",
                           "upload the partner's CSV or .xlsx export")
    return "geojson" if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" else "text"


__all__ = ["LoadError", "check_upload", "looks_utf16"]
