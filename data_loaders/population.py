"""ONS population by single year of age -> population (persons), the denominators of every rate.

Two layouts, told apart by the header:
- Census 2021 usual residents, long: one row per area x age (`ward_code, ward_name, age, usual_residents,
  row_type`, or ONS's own custom-dataset names such as `Electoral wards and divisions Code`,
  `Age (101 categories) Code`, `Observation`). Ages 0..99 and "100+" (stored as 100); a "Total" row per
  area, where present, must equal the sum of its single years. year 2021, dataset "census2021".
- Mid-year estimates by LSOA, wide: `lsoa11_code` (or `LSOA Code` …), then one column per age `0`..`89`
  and `90+` (stored as 90). The year comes from a `year` column, else the file name (mye2019, mid-2019);
  dataset "mye".
Where the file has a district column, rows for districts outside the partnership are dropped and counted.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext
from data_loaders.errors import LoadError, file_problem
from data_loaders.headers import file_bytes, find_header, first_rows, matching
from data_loaders.parsing import Checker, parse_counts
from data_loaders.reading import ROW, column_key, read_table
from data_loaders.schemas import AREA

SOURCE = "population"
TABLE = "population"
# Header patterns (lower case, '_' read as a space) for each layout's columns.
COLUMNS = {
    "census": {"area_code": r"(ward|lsoa|msoa|area|geography)( \d{2,4})?( code| cd)|"
                            r"(electoral wards and divisions|lower layer super output areas|"
                            r"middle layer super output areas|lower tier local authorities) code",
               "age": r"age|age \(101 categories\)( code)?",
               "persons": r"usual residents|observation|count|persons"},
    "mye": {"area_code": r"lsoa ?(11|21|2011|2021)? ?(code|cd)|area code",
            "age": r"(?:aged? )?\d{1,3}(?: ?\+| and over| plus)?",
            "total": r"total population|all ages|total",
            "lad_code": r"(lad|la|ltla) ?(\d{2,4})? ?(code|cd)( \(\d{4} boundaries\))?",
            "year": r"year|mid year"},
}


def _census_columns(cells: list[str]) -> dict[str, str] | None:
    found = {}
    for tidy, pattern in COLUMNS["census"].items():
        hits = matching(cells, pattern)
        if tidy == "age" and len(hits) > 1:  # ONS custom datasets: prefer the numeric "... Code" column
            hits = [h for h in hits if column_key(h[0]).endswith("code")] or hits
        if not hits:
            return None
        found[tidy] = hits[0][0]
    return found


def _mye_columns(cells: list[str]) -> dict[str, object] | None:
    ages = [c for c, _ in matching(cells, COLUMNS["mye"]["age"])]
    area = matching(cells, COLUMNS["mye"]["area_code"])
    if len(ages) < 10 or not area:
        return None
    found: dict[str, object] = {"area_code": area[0][0], "ages": ages}
    # Cells that name an age in a way not read above ("90+ years", "Age 90 & over"): refused, never skipped.
    found["odd_ages"] = [c for c in cells if c not in ages and re.search(r"\d", c)
                         and re.fullmatch(r"(?:aged? )?\d{1,3}\D{0,30}", column_key(c))]
    for tidy in ("total", "lad_code", "year"):
        hits = matching(cells, COLUMNS["mye"][tidy])
        if hits:
            found[tidy] = hits[-1][0]  # the latest boundaries where there are several district columns
    return found


def _age_of(text: pd.Series) -> pd.Series:
    """'37', '100+', 'Aged 37 years', 'Aged under 1 year', 'Aged 100 years and over' -> 37, 100, 37, 0, 100"""
    lower = text.str.lower()
    digits = pd.to_numeric(lower.str.extract(r"(\d+)")[0], errors="coerce")
    return digits.mask(lower.str.contains("under 1", regex=False), 0)


def _census(frame: pd.DataFrame, names: dict[str, str], chk: Checker) -> pd.DataFrame:
    """Long rows, one per input row; `_keep` is False on total rows (checked, not kept)."""
    text = frame[names["age"]]
    is_total = text.str.lower().isin(["total", "all ages", "all usual residents"])
    age = _age_of(text)
    chk.flag(age.isna() & ~is_total, names["age"], "the age cannot be read",
             "write single years 0 to 99, '100+', or 'Total'")
    persons = parse_counts(chk, names["persons"])
    code = frame[names["area_code"]].str.upper()
    sums = persons[~is_total].groupby(code[~is_total]).sum()
    expected = code.map(sums).fillna(0)
    wrong = (is_total & (persons != expected)).fillna(False).to_numpy(dtype=bool)
    if wrong.any():
        first = int(np.flatnonzero(wrong)[0])
        chk.flag(wrong, names["persons"],
                 f"the area's total does not equal the sum of its single years of age (e.g. "
                 f"{code.iloc[first]}: total {persons.iloc[first]}, ages add up to {expected.iloc[first]})",
                 "download the file again: totals must equal the sum of ages 0 to 100+ (was a row deleted?)")
    key = code + "|" + age.astype(str)
    chk.flag(key.duplicated(keep=False) & ~is_total, names["age"],
             "the same area and age appear on more than one row", "keep one row per area and age")
    return pd.DataFrame({"area_code": code, "year": 2021, "age": age, "sex": "persons", "persons": persons,
                         "dataset": "census2021", "_keep": ~is_total, "_pos": np.arange(len(frame))})


def _year_from(path: Path) -> int | None:
    m = re.search(r"(?:mye|mid[-_ ]?(?:year[-_ ]?)?)((?:19|20)\d{2})", path.name.lower())
    return int(m.group(1)) if m else None


def _age_columns(path: Path, names: dict) -> dict[str, int]:
    """{column: age} for a wide file, refusing a file whose age columns are not every single year from 0 to an
    open-ended top band (90+): a column left unread would leave the denominators short."""
    ages = {col: int(re.search(r"\d+", col).group()) for col in names["ages"]}
    if names.get("odd_ages"):
        raise file_problem(path, "the age column" + ("s " if len(names["odd_ages"]) > 1 else " ")
                           + ", ".join(f"'{c}'" for c in names["odd_ages"]) + " cannot be read as a single year of "
                           "age or an open-ended band", "name the age columns 0, 1, … 89 and '90+' as ONS publishes "
                           "them", rows=[1])
    top = max(ages.values())
    missing = sorted(set(range(top + 1)) - set(ages.values()))
    repeated = sorted({a for a in ages.values() if list(ages.values()).count(a) > 1})
    open_top = [c for c, a in ages.items() if a == top and re.search(r"\+|and over|plus", column_key(c))]
    problems = []
    if missing:
        problems.append(f"there is no column for age{'s' if len(missing) > 1 else ''} "
                        + ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else ""))
    if repeated:
        problems.append("more than one column for age " + ", ".join(map(str, repeated)))
    if not open_top:
        problems.append(f"the oldest age column is {top}, not an open-ended band such as '{top + 1}+', so older "
                        "residents would be missing from every rate")
    if problems:
        raise file_problem(path, "; ".join(problems), "use the ONS file as published: one column for each age "
                           "from 0 to 89 and one for 90+", rows=[1])
    return ages


def _mye(path: Path, frame: pd.DataFrame, names: dict, chk: Checker) -> pd.DataFrame:
    """Long rows, one per area x age column; `_pos` is each row's position in the wide frame."""
    ages = _age_columns(path, names)
    if "year" in names:
        years = pd.to_numeric(frame[names["year"]].str.extract(r"((?:19|20)\d{2})")[0], errors="coerce")
        chk.flag(years.isna(), names["year"], "the year cannot be read", "write the mid-year as e.g. 2019")
    else:
        year = _year_from(path)
        if year is None:
            raise file_problem(path, "the file does not say which mid-year it estimates (no 'year' column, "
                               "and no year in the file name)", "rename the file to include the year, e.g. "
                               "mye2019_lsoa_single_year.csv, or add a 'year' column")
        years = pd.Series(year, index=frame.index)
    code = frame[names["area_code"]].str.upper()
    chk.flag(code.duplicated(keep=False), names["area_code"], "the area appears on more than one row",
             "keep one row per area")
    counts = {col: parse_counts(chk, col) for col in names["ages"]}
    if "total" in names:
        total = parse_counts(chk, names["total"])
        summed = pd.concat(counts.values(), axis=1).sum(axis=1, min_count=1)
        chk.flag((total != summed).fillna(False), names["total"],
                 "the total does not equal the sum of the single years of age",
                 "download the file again: the total must equal the sum of the age columns")
    return pd.concat([pd.DataFrame({"area_code": code, "year": years, "age": ages[col],
                                    "sex": "persons", "persons": counts[col], "dataset": "mye", "_keep": True,
                                    "_pos": np.arange(len(frame))})
                      for col in names["ages"]], ignore_index=True)


def _layout(path: Path, data: bytes) -> tuple[str, dict]:
    """('mye' or 'census', the columns found) from the header."""
    rows = first_rows(path, data)
    mye = find_header(rows, lambda cells: _mye_columns(cells) is not None)
    if mye is not None:
        return "mye", _mye_columns(mye)
    census = find_header(rows, lambda cells: _census_columns(cells) is not None)
    if census is not None:
        return "census", _census_columns(census)
    raise file_problem(path, "the layout is not recognised: expected Census 2021 single year of age by "
                       "area (ward_code, age, usual_residents) or mid-year estimates by LSOA (lsoa11_code, "
                       "0 … 89, 90+)", "use the ONS file as downloaded", rows=[1])


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    path = Path(path)
    context = context or LoadContext.from_settings()
    data = file_bytes(path, data)
    layout, names = _layout(path, data)
    extra = [names[k] for k in ("total", "lad_code", "year") if k in names]
    columns = [names["area_code"], *names["ages"], *extra] if layout == "mye" else list(names.values())
    raw = read_table(path, required=columns, data=data)
    frame, dropped = raw.frame, 0
    if "lad_code" in names and context.districts:
        inside = frame[names["lad_code"]].str.upper().isin(list(context.districts))
        dropped = int((~inside).sum())
        frame = frame.loc[inside].reset_index(drop=True)
    chk = Checker(raw.path, frame)
    code = frame[names["area_code"]].str.upper()
    chk.flag(~code.str.match(AREA), names["area_code"], "the area code is not an ONS code",
             "area codes look like E05013064 (ward) or E01012345 (LSOA)")
    tidy = _mye(path, frame, names, chk) if layout == "mye" else _census(frame, names, chk)
    if chk.problems and not partial:
        raise LoadError(str(raw.path), chk.problems)
    _, rejects = chk.finish(frame, partial=True)
    pos, keep = tidy.pop("_pos").to_numpy(), tidy.pop("_keep").to_numpy(dtype=bool)
    keep = keep & ~np.isin(pos, list(chk.bad))
    good = tidy.loc[keep].reset_index(drop=True).astype({"age": "int64", "year": "int64"})
    rows = pd.Series(frame[ROW].to_numpy()[pos[keep]])
    notes = [f"{dropped} rows in districts outside the partnership dropped"] if dropped else []
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(raw.frame),
                      rejects=rejects, rows_dropped=dropped, notes=raw.notes + notes)


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read an ONS single-year-of-age population file into the tidy population shape, or raise LoadError."""
    return parse(path, context=context).frame
