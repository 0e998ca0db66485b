"""OHID Fingertips API CSV export -> comparators: published indicator values for county, region and England.

The export has 26 columns; quoted fields can hold line breaks (the indicator name in real exports ends in
one), so every text field has its line breaks and runs of spaces tidied. Breakdown rows (deprivation
deciles …) keep their "Category Type: Category" in `category`, so the same category name under two
category types stays two rows; the headline rows have no category.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext
from data_loaders.headers import file_bytes
from data_loaders.parsing import Checker
from data_loaders.reading import ROW, read_table

SOURCE = "fingertips"
TABLE = "comparators"
COLUMNS = {"Indicator ID": "indicator_id", "Indicator Name": "indicator_name", "Area Code": "area_code",
           "Area Name": "area_name", "Area Type": "area_type", "Sex": "sex", "Age": "age",
           "Category": "category", "Time period": "time_period", "Value": "value",
           "Lower CI 95.0 limit": "lower_ci", "Upper CI 95.0 limit": "upper_ci", "Count": "count",
           "Denominator": "denominator"}
OPTIONAL = ["Category Type"]
ALIASES = {"Lower CI 95 limit": "Lower CI 95.0 limit", "Upper CI 95 limit": "Upper CI 95.0 limit"}
TEXT = ["Indicator Name", "Area Code", "Area Name", "Area Type", "Sex", "Age", "Category Type", "Category",
        "Time period"]
NUMBERS = ["Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator"]


def _without_unfilled_last_column(data: bytes) -> tuple[bytes, str | None]:
    """Fingertips API exports write one field fewer in every data row than in the header: the last column
    ('Compared to goal') is never filled. Drop that header cell so that the rows line up; any other
    ragged file is left for read_table to refuse."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return data, None  # read_table explains undecodable bytes
    try:
        records = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    except csv.Error:
        return data, None
    if len(records) < 2 or len(records[0]) < 2 or "\n" in ",".join(records[0]):
        return data, None
    width = len(records[0])
    if any(len(r) != width - 1 for r in records[1:]):
        return data, None
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(records[0][:-1])
    line_end = text.index("\n") + 1
    eol = "\r\n" if text[:line_end].endswith("\r\n") else "\n"
    fixed = buffer.getvalue() + eol + text[line_end:]
    note = (f"the export's last column '{records[0][-1]}' has no data in its rows (a Fingertips export "
            "quirk): ignored")
    return fixed.encode("utf-8"), note


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    data, note = _without_unfilled_last_column(file_bytes(path, data))
    raw = read_table(path, required=list(COLUMNS), optional=OPTIONAL, aliases=ALIASES, data=data)
    f = raw.frame
    for column in TEXT:
        if column in f.columns:
            f[column] = f[column].str.split().str.join(" ")
    chk = Checker(raw.path, f)
    indicator = pd.to_numeric(f["Indicator ID"], errors="coerce")
    chk.flag(indicator.isna() | (indicator % 1 != 0), "Indicator ID",
             "the indicator ID is not a whole number",
             "export the data again from Fingertips (the ID is the indicator's number, e.g. 93356)")
    for column in ("Indicator Name", "Area Code", "Time period"):
        chk.flag(f[column] == "", column, f"the {column.lower()} is blank",
                 "export the data again from Fingertips")
    numbers = {}
    for column in NUMBERS:
        numbers[column] = pd.to_numeric(f[column].str.replace(",", "", regex=False), errors="coerce")
        chk.flag(numbers[column].isna() & (f[column] != ""), column, "the value is not a number",
                 "leave it blank where Fingertips has no value")
    category = f["Category"]
    if "Category Type" in f.columns:
        category = (f["Category Type"] + ": " + category).where(f["Category Type"] != "", category)
    tidy = pd.DataFrame({
        "indicator_id": indicator.astype("Int64"),
        **{COLUMNS[c]: f[c] for c in ("Indicator Name", "Area Code", "Area Name", "Area Type", "Sex", "Age")},
        "category": category.replace("", pd.NA).astype("string"),
        "time_period": f["Time period"],
        **{COLUMNS[c]: numbers[c].astype("float64") for c in NUMBERS},
    })
    key = tidy[["indicator_id", "area_code", "time_period", "sex", "age", "category"]].astype("string").fillna("").agg("|".join, axis=1)
    exact = f.drop(columns=[ROW]).duplicated(keep=False)
    chk.flag(key.duplicated(keep=False) & ~exact, "Value",
             "the same indicator, area, time period, sex, age and category appear on more than one row with "
             "different values", "keep one row for each published value: export the indicator again from "
             "Fingertips rather than joining exports by hand")
    chk.flag(exact & f.drop(columns=[ROW]).duplicated(keep="first"), None, "the row repeats an earlier row exactly",
             "delete the repeated row (exports from Fingertips list each value once)")
    good, rejects = chk.finish(tidy, partial=partial)
    rows = f[ROW].loc[~f.index.isin(list(chk.bad))].reset_index(drop=True)
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(f), rejects=rejects,
                      notes=raw.notes + ([note] if note else []))


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a Fingertips API CSV export into the tidy comparators shape, or raise LoadError."""
    return parse(path, context=context).frame
