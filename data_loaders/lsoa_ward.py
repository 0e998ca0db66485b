"""LSOA -> ward best-fit lookup -> lsoa_ward (police.uk and the indices of deprivation arrive by LSOA).

Accepts the ONS layout (`LSOA11CD`/`LSOA21CD`, `LSOA..NM`, `WDyyCD`, `WDyyNM`, `LADyyCD`, `LADyyNM`, with or
without `FID`; any two-digit year) and the derived layout with an unsuffixed `LSOACD`/`LSOANM`.
Rows in districts outside the partnership are dropped and counted. The LSOA vintage (2011 or 2021) comes
from the header (`LSOA11CD`, `LSOA21CD`), else from the file name (`lsoa11`, `lsoa2021` …), else it is taken
as 2021 with a note; the store holds both vintages' lookups at once (police.uk used 2011 codes until 2022). A lookup to other wards than the
configured ones (e.g. the ONS LSOA 2011 -> ward 2019 file, before a ward review) is accepted with a note:
events placed through it carry those ward codes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext
from data_loaders.errors import file_problem
from data_loaders.headers import file_bytes, find_header, first_rows, matching
from data_loaders.parsing import Checker
from data_loaders.reading import ROW, read_table
from data_loaders.schemas import LSOA, WARD

SOURCE = "lsoa_ward"
TABLE = "lsoa_ward"
# Column patterns (matched on the lower-case header) -> tidy column; yy is any two-digit year.
COLUMNS = {r"lsoa(\d\d)?cd": "lsoa_code", r"lsoa(\d\d)?nm": "lsoa_name", r"wd(\d\d)cd": "ward_code",
           r"lad(\d\d)cd": "lad_code"}
REQUIRED = ("lsoa_code", "ward_code")
COLUMNS_BY_TIDY = {tidy: pattern for pattern, tidy in COLUMNS.items()}


def _columns(cells: list[str]) -> dict[str, str]:
    """{tidy column: header cell}, taking the latest year where a pattern matches several columns."""
    found = {}
    for pattern, tidy in COLUMNS.items():
        hits = matching(cells, pattern)
        if hits:
            found[tidy] = max(hits, key=lambda h: h[1].group(1) or "")[0]
    return found


def _vintage(path: Path, header: list[str]) -> tuple[int, str | None]:
    """(vintage, note) from the LSOA column's year, else the file name."""
    for _cell, m in matching(header, COLUMNS_BY_TIDY["lsoa_code"]):
        if m.group(1):
            return (2011 if m.group(1) == "11" else 2021), None
    named = re.search(r"lsoa[ _-]?(20)?(11|21)", path.name.lower())
    if named:
        return (2011 if named.group(2) == "11" else 2021), None
    return 2021, ("the file does not say which LSOA vintage it is: taken as LSOA 2021 (name the column LSOA11CD "
                  "for a lookup of 2011 LSOAs)")


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    path = Path(path)
    context = context or LoadContext.from_settings()
    data = file_bytes(path, data)
    header = find_header(first_rows(path, data), lambda cells: set(REQUIRED) <= set(_columns(cells)))
    if header is None:
        raise file_problem(path, "no LSOA to ward lookup header found: expected an LSOA code column "
                           "(LSOA21CD, LSOA11CD or LSOACD) and a ward code column (WDyyCD, e.g. WD25CD)",
                           "use the ONS 'LSOA to Electoral Ward' best-fit lookup CSV", rows=[1])
    names = _columns(header)
    vintage, vintage_note = _vintage(path, header)
    raw = read_table(path, required=list(names.values()), data=data)
    f = raw.frame.rename(columns={v: k for k, v in names.items()})
    dropped = 0
    if "lad_code" in f.columns and context.districts:
        inside = f["lad_code"].str.upper().isin(list(context.districts))
        dropped = int((~inside).sum())
        f = f.loc[inside].reset_index(drop=True)
    chk = Checker(raw.path, f)
    lsoa, ward = f["lsoa_code"].str.upper(), f["ward_code"].str.upper()
    chk.flag(~lsoa.str.match(LSOA), names["lsoa_code"], "the LSOA code is not an ONS LSOA code",
             "LSOA codes look like E01012345")
    chk.flag(~ward.str.match(WARD), names["ward_code"], "the ward code is not an ONS ward code",
             "ward codes look like E05013064")
    chk.flag(lsoa.duplicated(keep=False) & (lsoa != ""), names["lsoa_code"],
             "the LSOA appears on more than one row",
             "a best-fit lookup gives each LSOA one ward: use the ONS best-fit lookup, not an exact-fit one")
    tidy = pd.DataFrame({
        "lsoa_code": lsoa,
        "lsoa_name": f["lsoa_name"].replace("", pd.NA) if "lsoa_name" in f.columns else pd.NA,
        "ward_code": ward,
        "lad_code": f["lad_code"].str.upper().replace("", pd.NA) if "lad_code" in f.columns else pd.NA,
        "vintage": vintage,
    })
    good, rejects = chk.finish(tidy, partial=partial)
    if not len(good) and dropped:
        raise file_problem(path, f"all {dropped} rows are in districts outside the partnership "
                           f"({', '.join(context.districts)})", "use the lookup for your districts",
                           column=names.get("lad_code"))
    notes = [f"{dropped} rows in districts outside the partnership dropped"] if dropped else []
    if vintage_note:
        notes.append(vintage_note)
    other = sorted(set(good["ward_code"]) - set(context.wards))
    if other and context.wards:
        notes.append(f"{len(other)} ward codes are not the partnership's configured wards (e.g. {other[0]}): "
                     "this lookup may be for older ward boundaries; events placed through it use those codes")
    rows = f[ROW].loc[~f.index.isin(list(chk.bad))].reset_index(drop=True)
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(raw.frame),
                      rejects=rejects, rows_dropped=dropped, notes=raw.notes + notes)


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read an LSOA to ward lookup into the tidy lsoa_ward shape, or raise LoadError."""
    return parse(path, context=context).frame
