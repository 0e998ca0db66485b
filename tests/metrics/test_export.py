"""Exports escape spreadsheet formulas (not negative numbers) and quote per RFC 4180."""

import csv
import io

import pandas as pd

from metrics.export import escape_cell, to_safe_csv


def test_formula_characters_are_escaped_but_numbers_are_not():
    cases = {"=SUM(A1)": "'=SUM(A1)", "+44 7700": "'+44 7700", "-no answer": "'-no answer", "@cmd": "'@cmd",
             "\tx": "'\tx", "\rx": "'\rx", "-3.5": "-3.5", "+2": "+2", "1e-3": "1e-3", "plain": "plain"}
    for raw, expected in cases.items():
        assert escape_cell(raw) == expected
    assert escape_cell(-12) == "-12" and escape_cell(float("nan")) == "" and escape_cell(pd.NA) == ""


def test_csv_round_trips_with_quotes_commas_and_newlines():
    frame = pd.DataFrame({"ward": ['Clayton East, Brindle & "Hoghton"', "=HYPERLINK()"], "rate": [-1.5, 2.0],
                          "note": ["two\nlines", None]})
    data = to_safe_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ['Clayton East, Brindle & "Hoghton"', "-1.5", "two\nlines"]
    assert rows[2] == ["'=HYPERLINK()", "2.0", ""]
