"""CSV exports that are safe to open in a spreadsheet and say exactly what the chart shows.

Cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with an apostrophe
(OWASP CSV injection guidance) unless the cell is a number, so negative values stay numbers; fields are
quoted per RFC 4180 (CRLF line ends, doubled quotes).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def escape_cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value)
    if text.startswith(DANGEROUS) and not NUMBER.match(text):
        return "'" + text
    return text


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([escape_cell(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([escape_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # BOM so Excel reads UTF-8
