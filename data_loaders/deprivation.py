"""English Indices of Deprivation by LSOA -> deprivation: one row per LSOA x domain ("IMD" and the seven
domains), with the LSOA's IMD score, rank and decile repeated on each row.

Accepts IoD 2019 (LSOA 2011; ranks and deciles, scores where given) and IoD 2025 (LSOA 2021), in the
compact layout (`lsoa11_code`, `IMD_rank`, `Income_decile`, `Crime_score` …) or MHCLG's published "File 7"
layout (`LSOA code (2011)`, `Index of Multiple Deprivation (IMD) Score`, `Income Rank (where 1 is most
deprived)` …). Decile 1 = the most deprived 10% of LSOAs in England. Domain names are the short ones of
IoD 2025; IoD 2019's "Housing_and_Access" and MHCLG's "Barriers to Housing and Services" are the same
domain, "Housing and Services". The edition comes from the file name (imd2019, IoD2025 …), else from the
district or LSOA code year in the header.
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
from data_loaders.reading import ROW, read_table
from data_loaders.schemas import LSOA

SOURCE = "deprivation"
TABLE = "deprivation"
# Domain -> the names it goes by in header cells (lower case, '_' read as a space).
DOMAINS = {
    "IMD": ["imd", "index of multiple deprivation", r"index of multiple deprivation \(imd\)"],
    "Income": ["income"],
    "Employment": ["employment"],
    "Education": ["education", "education, skills and training"],
    "Health": ["health", "health deprivation and disability"],
    "Crime": ["crime"],
    "Housing and Services": ["housing and access", "housing and services",
                             "barriers to housing and services"],
    "Environment": ["environment", "living environment"],
}
MEASURE = r"(?: -)? (score|rank|decile)\b.*"  # "Income Score (rate)", "Income - Rank (where 1 is …)"
LSOA_COLUMN = r"lsoa ?(11|21)? ?(?:code|cd)(?: \((2011|2021)\))?"
LAD_COLUMN = r"(?:lad|ltla) ?(\d\d)? ?(?:code|cd)|local authority district code \((\d{4})\)"
COLUMNS = {"lsoa_code": LSOA_COLUMN, "lad_code": LAD_COLUMN,
           **{f"{d}_{m}": rf"(?:{'|'.join(names)}){MEASURE}" for d, names in DOMAINS.items()
              for m in ("score", "rank", "decile")}}
EDITIONS = {2015: "11", 2019: "11", 2025: "21"}  # edition -> LSOA code vintage
LAD_YEAR_EDITION = {"13": 2015, "2013": 2015, "19": 2019, "2019": 2019, "24": 2025, "2024": 2025, "25": 2025}


def _columns(cells: list[str]) -> dict[str, tuple[str, re.Match]]:
    """{(domain)_(measure) or lsoa_code/lad_code: (header cell, match)}."""
    found = {}
    for key in ("lsoa_code", "lad_code"):
        hits = matching(cells, COLUMNS[key])
        if hits:
            found[key] = hits[-1]
    for domain, names in DOMAINS.items():
        for cell, m in matching(cells, rf"(?:{'|'.join(names)}){MEASURE}"):
            found.setdefault(f"{domain}_{m.group(1)}", (cell, m))
    return found


def _edition(path: Path, found: dict) -> tuple[int, str | None]:
    """(edition, note) from the file name, else the district code year, else the LSOA vintage."""
    lsoa = found["lsoa_code"][1]
    vintage = next((g[-2:] for g in lsoa.groups() if g), None)
    named = re.search(r"(?:imd|iod|deprivation)[^0-9]{0,3}(2015|2019|2025)", path.name.lower())
    if named:
        edition = int(named.group(1))
        if vintage and EDITIONS[edition] != vintage:
            raise file_problem(path, f"the file name says IoD {edition} but the LSOA codes are 20{vintage} "
                               f"codes (IoD {edition} uses 20{EDITIONS[edition]} LSOAs)",
                               "check the file, or rename it to its real edition",
                               column=found["lsoa_code"][0])
        return edition, None
    lad = found.get("lad_code")
    year = next((g for g in lad[1].groups() if g), None) if lad else None
    if year in LAD_YEAR_EDITION:
        return LAD_YEAR_EDITION[year], None
    if vintage:
        edition = 2019 if vintage == "11" else 2025
        return edition, f"edition taken as IoD {edition} from the 20{vintage} LSOA codes"
    raise file_problem(path, "the file does not say which edition of the indices it is (2019 or 2025)",
                       "rename the file to include it, e.g. imd2019_lsoa.csv", column=found["lsoa_code"][0])


def _numbers(chk: Checker, column: str) -> pd.Series:
    values = chk.frame[column].str.replace(",", "", regex=False)
    numbers = pd.to_numeric(values, errors="coerce")
    chk.flag(numbers.isna() & (values != ""), column, "the score is not a number",
             "write the published score")
    return numbers.astype("Float64")


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    path = Path(path)
    context = context or LoadContext.from_settings()
    data = file_bytes(path, data)
    header = find_header(first_rows(path, data),
                         lambda cells: {"lsoa_code", "IMD_rank", "IMD_decile"} <= set(_columns(cells)))
    if header is None:
        raise file_problem(path, "no Indices of Deprivation header found: expected an LSOA code column "
                           "and the IMD rank and decile (e.g. lsoa11_code, IMD_rank, IMD_decile, or MHCLG's "
                           "'LSOA code (2011)', 'Index of Multiple Deprivation (IMD) Rank (where 1 is most "
                           "deprived)')",
                           "use the MHCLG file as published (File 7, or File 1 and 2)", rows=[1])
    found = _columns(header)
    edition, note = _edition(path, found)
    raw = read_table(path, required=[cell for cell, _ in found.values()], data=data)
    frame, dropped = raw.frame, 0
    if "lad_code" in found and context.districts:
        inside = frame[found["lad_code"][0]].str.upper().isin(list(context.districts))
        dropped = int((~inside).sum())
        frame = frame.loc[inside].reset_index(drop=True)
    chk = Checker(raw.path, frame)
    col = {key: cell for key, (cell, _) in found.items()}
    lsoa = frame[col["lsoa_code"]].str.upper()
    chk.flag(~lsoa.str.match(LSOA), col["lsoa_code"], "the LSOA code is not an ONS LSOA code",
             "LSOA codes look like E01012345")
    chk.flag(lsoa.duplicated(keep=False), col["lsoa_code"], "the LSOA appears on more than one row",
             "keep one row per LSOA")
    values = {}
    for key, cell in col.items():
        if key.endswith(("_rank", "_decile")):
            values[key] = parse_counts(chk, cell)
        elif key.endswith("_score"):
            values[key] = _numbers(chk, cell)
    for key, value in values.items():
        if key.endswith("_decile"):
            chk.flag((value < 1) | (value > 10), col[key], "the decile is not 1 to 10",
                     "write the published decile")
    if chk.problems and not partial:
        raise LoadError(str(raw.path), chk.problems)
    _, rejects = chk.finish(frame, partial=True)
    ok = ~np.isin(np.arange(len(frame)), list(chk.bad))
    tidy, rows = _by_domain(lsoa, values, edition, frame[ROW], ok)
    notes = [note] if note else []
    if dropped:
        notes.append(f"{dropped} rows in districts outside the partnership dropped")
    return LoadResult({TABLE: validate(tidy, TABLE, raw.path, rows)}, rows_read=len(raw.frame),
                      rejects=rejects, rows_dropped=dropped, notes=raw.notes + notes)


def _by_domain(lsoa: pd.Series, values: dict[str, pd.Series], edition: int, row: pd.Series,
               ok: np.ndarray) -> tuple[pd.DataFrame, pd.Series]:
    """One row per LSOA x domain present, the IMD values repeated; and each row's spreadsheet row."""
    blank = pd.Series(pd.NA, index=lsoa.index)
    imd = {m: values.get(f"IMD_{m}", blank) for m in ("score", "rank", "decile")}
    domains = [d for d in DOMAINS if any(f"{d}_{m}" in values for m in ("score", "rank", "decile"))]
    long = pd.concat([pd.DataFrame({
        "lsoa_code": lsoa, "edition": edition, "imd_score": imd["score"], "imd_rank": imd["rank"],
        "imd_decile": imd["decile"], "domain": domain, "domain_rank": values.get(f"{domain}_rank", blank),
        "domain_decile": values.get(f"{domain}_decile", blank),
        "domain_score": values.get(f"{domain}_score", blank), "_row": row})[ok] for domain in domains],
        ignore_index=True)
    rows = long.pop("_row")
    for column in ("imd_score", "domain_score"):
        long[column] = long[column].astype("Float64")
    for column in ("domain_rank", "domain_decile"):
        long[column] = long[column].astype("Int64")
    return long, rows


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read an Indices of Deprivation LSOA file into the tidy deprivation shape, or raise LoadError."""
    return parse(path, context=context).frame
