"""Uploads are judged by their content and size, not their extension."""

from __future__ import annotations

import io
import zipfile

import pytest

from data_loaders import LoadError
from data_loaders.safety import check_upload

MB = 1024 * 1024


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


GOOD = [
    ("hub.csv", b"Request ID,Date Received\nH1,27/03/2020\n", "text"),
    ("hub.txt", b"\xef\xbb\xbfRequest ID\nH1\n", "text"),
    ("police.zip", zipped({"2021-01/2021-01-x-street.csv": b"Crime ID\n" * 100}), "zip of csv"),
    ("book.csv", zipped({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"<x/>"}), "xlsx"),
    ("wards.geojson", b'{"type": "FeatureCollection", "features": []}', "geojson"),
]
BAD = [
    ("big.csv", b"x" * (2 * MB), "the file is 2.0 MB, over the 1 MB limit"),
    ("empty.csv", b"   \n", "the file is empty"),
    ("hub.xlsm", b"PK\x03\x04", "macro-enabled"),
    ("macro.xlsx", zipped({"xl/workbook.xml": b"<x/>", "xl/vbaProject.bin": b"\x00" * 10}), "contains macros"),
    ("bomb.zip", zipped({"a.csv": b"0" * (5 * MB)}), "zip bomb"),
    ("other.zip", zipped({"readme.txt": b"hello"}), "neither an Excel workbook, a zip of CSV files nor a zipped Shapefile"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old-style Office file"),
    ("report.csv", b"%PDF-1.7\n...", "a PDF, not a CSV"),
    ("tool.csv", b"MZ\x90\x00", "a Windows program"),
    ("blob.csv", b"abc\x00def", "binary data"),
    ("broken.xlsx", b"PK\x03\x04garbage", "damaged"),
]


@pytest.mark.parametrize("name, data, kind", GOOD, ids=[g[0] for g in GOOD])
def test_accepted_uploads_are_recognised_by_content(name, data, kind):
    assert check_upload(name, data, max_bytes=MB) == kind


@pytest.mark.parametrize("name, data, fragment", BAD, ids=[b[0] for b in BAD])
def test_refused_uploads_say_why(name, data, fragment):
    with pytest.raises(LoadError) as info:
        check_upload(name, data, max_bytes=MB)
    assert fragment in str(info.value) and name in str(info.value)
