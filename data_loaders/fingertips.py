"""OHID Fingertips -> comparators: published indicator values for districts, the county, England and other areas,
with Fingertips' own comparison, recent trend and polarity where the file carries them.

Two layouts are read (the header decides, never the file name):

- the **Fingertips API CSV export** (26 or 27 columns: `Indicator ID, Indicator Name, Parent Code, …, Time
  period, Value, Lower CI 95.0 limit, …, Recent Trend, Compared to England value or percentiles, Compared to
  <parent> value or percentiles, Time period Sortable, …`). Quoted fields can hold line breaks (the indicator
  name in real exports ends in one), so every text field has its line breaks and runs of spaces tidied. Its rows
  are one field shorter than its header (the unfilled last column). It has no polarity column.
- the **FingertipsNext extract** (`Indicator ID, Indicator Name, Area Code, Area Name, Sex, Age, Category Type,
  Category, Time period (year), Value, Lower CI 95.0 limit, Upper CI 95.0 limit, Count, Denominator, Recent
  Trend, Value type, Polarity`): no area type (named here from the GSS code's prefix), the period is its first
  year, no published comparison (views apply Fingertips' interval rule to its published intervals).

Breakdown rows (deprivation deciles …) keep their "Category Type: Category" in `category`, so the same category
name under two category types stays two rows; the headline rows have no category. The same published value
listed twice (the API lists England under each parent; the extract repeats some rows) is kept once, with a note;
the same indicator, area, period, sex, age and category with two different values is refused.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext
from data_loaders.headers import file_bytes, find_header, first_rows
from data_loaders.parsing import Checker
from data_loaders.reading import ROW, column_key, read_table

SOURCE = "fingertips"
TABLE = "comparators"
COMMON = {"Indicator ID": "indicator_id", "Indicator Name": "indicator_name", "Area Code": "area_code",
          "Area Name": "area_name", "Sex": "sex", "Age": "age", "Value": "value",
          "Lower CI 95.0 limit": "lower_ci", "Upper CI 95.0 limit": "upper_ci", "Count": "count",
          "Denominator": "denominator"}
API_REQUIRED = [*COMMON, "Area Type", "Category", "Time period"]
API_OPTIONAL = ["Category Type", "Parent Code", "Recent Trend", "Compared to England value or percentiles",
                "Time period Sortable"]
EXTRACT_REQUIRED = [*COMMON, "Time period (year)"]
EXTRACT_OPTIONAL = ["Category Type", "Category", "Recent Trend", "Value type", "Polarity"]
ALIASES = {"Lower CI 95 limit": "Lower CI 95.0 limit", "Upper CI 95 limit": "Upper CI 95.0 limit"}
TEXT = ["Indicator Name", "Area Code", "Area Name", "Area Type", "Sex", "Age", "Category Type", "Category",
        "Time period", "Time period (year)", "Parent Code", "Recent Trend", "Compared to England value or percentiles",
        "Value type", "Polarity"]
NUMBERS = ["Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator"]
KEY = ["indicator_id", "area_code", "time_period", "sex", "age", "category"]
PUBLISHED = ["value", "lower_ci", "upper_ci", "count", "denominator"]
# The API names its parent comparison after the parent's type ("Compared to Region value or percentiles",
# "Compared to County & UA value …", or just "Compared to percentiles"); England's is read on its own.
PARENT_COMPARISON = re.compile(r"compared to (?!england\b|goal\b).*(value or percentiles|percentiles)")
POLARITIES = {"low is good": "Low is good", "high is good": "High is good", "no judgement": "No judgement",
              "rag - low is good": "Low is good", "rag - high is good": "High is good",
              "bob - blue orange blue": "No judgement"}
# Area types of GSS codes, for the extract (which has no area type column).
GSS_TYPES = {"E92": "England", "E12": "Region", "E10": "County", "E06": "Unitary authority", "E07": "District",
             "E08": "Metropolitan district", "E09": "London borough", "E38": "Sub-ICB (former CCG)",
             "E54": "Integrated care board", "E40": "NHS region"}


def _without_unfilled_last_column(data: bytes) -> tuple[bytes, str | None]:
    """Fingertips API exports write one field fewer in every data row than in the header: the last column
    ('Compared to goal', or 'Time period range' in newer exports) is never filled. Drop that header cell so that
    the rows line up; any other ragged file is left for read_table to refuse."""
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


def _layout(path, data: bytes) -> tuple[str, list[str], list[str]]:
    """("api" or "extract", required columns, optional columns present) from the file's header."""
    rows = first_rows(path, data)
    extract = find_header(rows, lambda cells: "time period (year)" in {column_key(c) for c in cells})
    if extract is not None:
        return "extract", EXTRACT_REQUIRED, EXTRACT_OPTIONAL
    header = find_header(rows, lambda cells: "indicator id" in {column_key(c) for c in cells}) or []
    parent = [c for c in header if PARENT_COMPARISON.fullmatch(column_key(c))]
    return "api", API_REQUIRED, API_OPTIONAL + parent[:1]


def _unquoted(values: pd.Series) -> pd.Series:
    """The extract wraps some category types in a second pair of quotes ('"District & UA deciles …"')."""
    return values.str.strip().str.removeprefix('"').str.removesuffix('"').str.strip()


def _area_types(codes: pd.Series) -> pd.Series:
    prefix = codes.str[:3]
    practice = codes.str.fullmatch(r"[A-Z]\d{5}")
    return prefix.map(GSS_TYPES).where(~practice, "GP practice").fillna("")


def _without_ambiguous_years(f: pd.DataFrame, notes: list[str]) -> tuple[pd.DataFrame, int]:
    """The extract names a period by its first year only, so the quarters of a year (or a year and the
    financial year starting in it) come out under one key with different values: which is which cannot be told,
    so none of them is loaded (a note names them). Exact repeats are left for the repeat rule."""
    key = f[[c for c in ("Indicator ID", "Area Code", "Time period (year)", "Sex", "Age", "Category Type",
                         "Category") if c in f.columns]].agg("|".join, axis=1)
    published = f[NUMBERS].agg("|".join, axis=1)
    ambiguous = (published.groupby(key).transform("nunique") > 1).to_numpy()
    if not ambiguous.any():
        return f, 0
    what = f.loc[ambiguous].groupby("Indicator ID")["Area Name"].agg(lambda a: ", ".join(sorted(set(a))))
    notes.append(f"{int(ambiguous.sum()):,} rows give more than one value for the same indicator, area, year, sex "
                 "and age (the extract names each period by its first year, so periods within a year cannot be "
                 "told apart) and are left out: " + "; ".join(f"indicator {i} ({a})" for i, a in what.items()))
    return f[~ambiguous].reset_index(drop=True), int(ambiguous.sum())


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    data, note = _without_unfilled_last_column(file_bytes(path, data))
    layout, required, optional = _layout(path, data)
    raw = read_table(path, required=required, optional=optional, aliases=ALIASES, data=data)
    f = raw.frame
    for column in TEXT:
        if column in f.columns:
            f[column] = f[column].str.split().str.join(" ")
    notes = raw.notes + ([note] if note else [])
    dropped = 0
    if layout == "extract":
        f, dropped = _without_ambiguous_years(f, notes)
    chk = Checker(raw.path, f)
    indicator = pd.to_numeric(f["Indicator ID"], errors="coerce")
    chk.flag(indicator.isna() | (indicator % 1 != 0), "Indicator ID",
             "the indicator ID is not a whole number",
             "export the data again from Fingertips (the ID is the indicator's number, e.g. 93356)")
    period_column = "Time period" if layout == "api" else "Time period (year)"
    for column in ("Area Code", period_column):
        chk.flag(f[column] == "", column, f"the {column.lower()} is blank", "export the data again from Fingertips")
    if layout == "extract":
        chk.flag((f[period_column] != "") & ~f[period_column].str.fullmatch(r"(19|20)\d\d"), period_column,
                 "the year is not a four-digit year", "export the extract again (the first year of each period)")
    numbers = {}
    for column in NUMBERS:
        numbers[column] = pd.to_numeric(f[column].str.replace(",", "", regex=False), errors="coerce")
        chk.flag(numbers[column].isna() & (f[column] != ""), column, "the value is not a number",
                 "leave it blank where Fingertips has no value")
    blank = pd.Series("", index=f.index, dtype="string")
    category = f["Category"] if "Category" in f.columns else blank
    if "Category Type" in f.columns:
        kind = _unquoted(f["Category Type"])
        category = (kind + ": " + category).where(kind != "", category)
    name = f["Indicator Name"]
    unnamed = (name == "") & indicator.notna()
    # A row without a name is called by its number and who it counts (its sex and age, from the file), so a
    # reader sees it is an unnamed Fingertips indicator, not a blank or a made-up title.
    who = pd.Series([", ".join(p for p in (str(s).lower(), str(a)) if p and p != "nan")
                     for s, a in zip(f.get("Sex", blank), f.get("Age", blank), strict=True)], index=f.index)
    fallback = ("Fingertips indicator " + indicator.astype("Int64").astype(str) + " (no name in the file"
                + who.map(lambda w: f"; {w}" if w else "") + ")")
    name = name.where(~unnamed, fallback)
    if unnamed.any():
        ids = ", ".join(sorted(set(indicator[unnamed].astype(int).astype(str))))
        notes.append(f"indicator {ids} has no name in the file: shown as 'Fingertips indicator {ids.split(', ')[0]} "
                     "(no name in the file)' with its sex and age")
    polarity = f["Polarity"].str.lower().map(POLARITIES) if "Polarity" in f.columns else blank
    compared = next((c for c in f.columns if PARENT_COMPARISON.fullmatch(column_key(c))), None)
    if layout == "api":
        sortable = pd.to_numeric(f.get("Time period Sortable", blank), errors="coerce")
        first_year = pd.to_numeric(f["Time period"].str.extract(r"((?:19|20)\d\d)")[0], errors="coerce") * 10000
        order = sortable.where(sortable.notna(), first_year)
    else:
        order = pd.to_numeric(f[period_column], errors="coerce") * 10000
    tidy = pd.DataFrame({
        "indicator_id": indicator.astype("Int64"),
        "indicator_name": name,
        "area_code": f["Area Code"], "area_name": f["Area Name"],
        "area_type": f["Area Type"] if layout == "api" else _area_types(f["Area Code"]),
        "parent_code": (f["Parent Code"] if "Parent Code" in f.columns else blank).replace("", pd.NA).astype("string"),
        "sex": f["Sex"], "age": f["Age"],
        "category": category.replace("", pd.NA).astype("string"),
        "time_period": f[period_column],
        "period_order": order.astype("Int64"),
        **{COMMON[c]: numbers[c].astype("float64") for c in NUMBERS},
        "recent_trend": (f["Recent Trend"] if "Recent Trend" in f.columns else blank).replace("", pd.NA).astype("string"),
        "compared_to_england": f.get("Compared to England value or percentiles", blank).replace("", pd.NA)
        .astype("string"),
        "compared_to_parent": (f[compared] if compared else blank).replace("", pd.NA).astype("string"),
        "polarity": polarity.replace("", pd.NA).astype("string"),
        "value_type": (f["Value type"] if "Value type" in f.columns else blank).replace("", pd.NA).astype("string"),
    })
    key = tidy[KEY].astype("string").fillna("").agg("|".join, axis=1)
    published = tidy[[*KEY, *PUBLISHED]].astype("string").fillna("").agg("|".join, axis=1)
    differs = published.groupby(key).transform("nunique") > 1
    chk.flag(differs, "Value",
             "the same indicator, area, time period, sex, age and category appear on more than one row with "
             "different values", "keep one row for each published value: export the indicator again from "
             "Fingertips rather than joining exports by hand")
    good, rejects = chk.finish(tidy, partial=partial)
    rows = f[ROW].loc[~f.index.isin(f.index[list(chk.bad)])].reset_index(drop=True)
    again = published[~published.index.isin(published.index[list(chk.bad)])].reset_index(drop=True).duplicated()
    if again.any():  # the same published value again: kept once
        notes.append(f"{int(again.sum()):,} rows repeat a published value already read (Fingertips lists some "
                     "values more than once, e.g. England under each parent area): each is kept once")
        good, rows = good[~again].reset_index(drop=True), rows[~again].reset_index(drop=True)
        dropped += int(again.sum())
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(raw.frame), rejects=rejects,
                      rows_dropped=dropped, notes=notes)


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a Fingertips export (API CSV or FingertipsNext extract) into the tidy comparators shape, or raise
    LoadError."""
    return parse(path, context=context).frame
