"""The partnership's GP practice list -> practices: which ward each practice is counted in, and its PCN.

Practice-level GP appointment counts are placed in wards through this list, so every practice needs a
ward of the partnership (its surgery's ward, or the ward the partnership agrees to count it in). Optional
`PCN Code` and `PCN Name` columns (NHS Digital's practice -> primary care network map) make each PCN an
area: its GP figures add up its practices.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext
from data_loaders.parsing import Checker, parse_counts
from data_loaders.reading import ROW, read_table

SOURCE = "gp_practices"
TABLE = "practices"
COLUMNS = {"Practice Code": "practice_code", "Practice Name": "practice_name", "Postcode": "postcode",
           "Ward Code": "ward_code", "Registered Patients": "registered_patients"}
OPTIONAL = {"PCN Code": "pcn_code", "PCN Name": "pcn_name"}
PRACTICE_CODE = r"^[A-Z]\d{5}$"  # ODS code of a GP practice, e.g. P81002
PCN_CODE = r"^U\d{5}$"  # ODS code of a primary care network, e.g. U01901


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    context = context or LoadContext.from_settings()
    raw = read_table(path, required=list(COLUMNS), optional=list(OPTIONAL), data=data)
    f = raw.frame
    chk = Checker(raw.path, f)
    code = f["Practice Code"].str.upper()
    chk.flag(~code.str.match(PRACTICE_CODE), "Practice Code", "the practice code is not an ODS practice code",
             "write the practice's ODS code: a letter and five digits, e.g. P81002")
    chk.flag(code.duplicated(keep=False) & (code != ""), "Practice Code",
             "the practice is listed more than once", "keep one row per practice")
    chk.flag(f["Practice Name"] == "", "Practice Name", "the practice name is blank",
             "fill in the practice name")
    ward = f["Ward Code"].str.upper()
    chk.flag(~ward.isin(list(context.wards)), "Ward Code",
             "the ward code is not one of this partnership's wards",
             "use one of the ward codes in dashboard.toml: " + ", ".join(sorted(context.wards)))
    tidy = pd.DataFrame({
        "practice_code": code,
        "practice_name": f["Practice Name"],
        "postcode": f["Postcode"].str.upper().str.split().str.join(" ").replace("", pd.NA).astype("string"),
        "ward_code": ward,
        "registered_patients": parse_counts(chk, "Registered Patients"),
        "pcn_code": _optional(f, "PCN Code").str.upper(),
        "pcn_name": _optional(f, "PCN Name"),
    })
    if "PCN Code" in f.columns:
        chk.flag(~tidy["pcn_code"].fillna("U00000").str.match(PCN_CODE), "PCN Code",
                 "the PCN code is not an ODS primary care network code",
                 "write the PCN's ODS code as NHS Digital publishes it: U and five digits, e.g. U01901")
    good, rejects = chk.finish(tidy, partial=partial)
    rows = f[ROW].loc[~f.index.isin(list(chk.bad))].reset_index(drop=True)
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(f), rejects=rejects,
                      notes=raw.notes)


def _optional(frame: pd.DataFrame, column: str) -> pd.Series:
    values = frame[column] if column in frame.columns else pd.Series("", index=frame.index)
    return values.str.strip().replace("", pd.NA).astype("string")


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a practice list into the tidy practices shape, or raise LoadError."""
    return parse(path, context=context).frame
