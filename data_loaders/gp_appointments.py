"""NHS Digital "Appointments in General Practice" CSV -> events, one row per published count.

Two published layouts, told apart by the header:
- regional / sub-ICB (`CCG_ONS_CODE` or `SUB_ICB_LOCATION_ONS_CODE`, `Appointment_Month` like MAR2019):
  org_code is the CCG / sub-ICB ONS code, ward unknown (NA);
- practice level (`GP_CODE`, `GP_NAME`, `PCN_CODE`, `PCN_NAME`, `APPOINTMENT_MONTH[_START_DATE]` like
  01MAR2023): org_code is the practice, placed in a ward through the practice list in the store.
Measures: category = APPT_MODE (older files' "Video Conference/Online" is today's "Video/Online"),
subcategory = HCP_TYPE, status = APPT_STATUS, channel = TIME_BETWEEN_BOOK_AND_APPT (spaces tidied:
"15  to 21 Days" -> "15 to 21 Days"), count = COUNT_OF_APPOINTMENTS.
The rows are already aggregates, so record_id is the row's key (month|org|status|hcp|mode|booking time,
plus NATIONAL_CATEGORY where the file has it); a key on two rows is refused, never summed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, event_frame, validate
from data_loaders.context import LoadContext
from data_loaders.errors import file_problem
from data_loaders.gp_practices import PRACTICE_CODE
from data_loaders.headers import file_bytes, find_header, first_rows
from data_loaders.parsing import Checker, categorise, parse_counts, parse_months
from data_loaders.reading import ROW, column_key, read_table

SOURCE = "gp_appointments"
TABLE = "events"
MEASURES = ["APPT_STATUS", "HCP_TYPE", "APPT_MODE", "TIME_BETWEEN_BOOK_AND_APPT", "COUNT_OF_APPOINTMENTS"]
COLUMNS = {
    "regional": ["CCG_ONS_CODE", "Appointment_Month", *MEASURES],
    "practice": ["GP_CODE", "Appointment_Month", *MEASURES],
}
OPTIONAL = {"regional": ["CCG_CODE", "CCG_NAME", "NATIONAL_CATEGORY"],
            "practice": ["GP_NAME", "PCN_CODE", "PCN_NAME", "NATIONAL_CATEGORY"]}
# Other published spellings -> the canonical column (column names match in any case).
ALIASES = {"APPOINTMENT_MONTH": "Appointment_Month", "APPOINTMENT_MONTH_START_DATE": "Appointment_Month",
           "SUB_ICB_LOCATION_ONS_CODE": "CCG_ONS_CODE", "SUB_ICB_LOCATION_CODE": "CCG_CODE",
           "SUB_ICB_LOCATION_NAME": "CCG_NAME"}
APPT_MODES = {"face-to-face": "Face-to-Face", "face to face": "Face-to-Face", "telephone": "Telephone",
              "video/online": "Video/Online", "video conference/online": "Video/Online",
              "video conference / online": "Video/Online", "home visit": "Home Visit", "unknown": "Unknown"}
PRACTICE_FIX = ("load the practice list first (`python -m warehouse ingest gp_practices FILE`), "
                "or add the practice to it with its ward")


def _header(rows: list[list[str]]) -> dict[str, str]:
    """{column key: the file's own spelling} of the header row (the row naming APPT_MODE)."""
    header = find_header(rows, lambda cells: "appt mode" in {column_key(c) for c in cells}) or []
    return {column_key(c): c for c in header}


def _names(kind: str, header: dict[str, str]) -> dict[str, str]:
    """Canonical column -> the name the file uses (so that messages name the file's own column)."""
    names = {}
    for column in [*COLUMNS[kind], *OPTIONAL[kind]]:
        spellings = [column, *(alias for alias, canon in ALIASES.items() if canon == column)]
        names[column] = next((header[column_key(s)] for s in spellings if column_key(s) in header), column)
    return names


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    path = Path(path)
    context = context or LoadContext.from_settings()
    data = file_bytes(path, data)
    header = _header(first_rows(path, data))
    kind = "practice" if "gp code" in header else "regional"
    if kind == "practice" and not context.practices:
        raise file_problem(path, "there is no GP practice list in the store, so practices cannot be placed "
                           "in wards", PRACTICE_FIX)
    col = _names(kind, header)
    raw = read_table(path, required=[col[c] for c in COLUMNS[kind]],
                     optional=[col[c] for c in OPTIONAL[kind]], data=data)
    f = raw.frame
    chk = Checker(raw.path, f)
    today = date.fromisoformat(context.today) if context.today else None
    month = parse_months(chk, col["Appointment_Month"], today=today)
    mode = categorise(chk, col["APPT_MODE"], APPT_MODES)
    band = f[col["TIME_BETWEEN_BOOK_AND_APPT"]].str.split().str.join(" ")
    org_col = col[COLUMNS[kind][0]]
    org = f[org_col].str.upper()
    outside = pd.Series(False, index=f.index)
    if kind == "practice":
        # NHS Digital publishes practice-level files for whole regions: practices outside the partnership's
        # practice list are counted and dropped (as police rows outside its LSOAs are), not errors.
        ward = org.map(context.practices).astype("string")
        # A code that is not an ODS practice code (81001 for P81001: the letter lost) is an error in the
        # file, never a practice outside the list, so it is refused rather than dropped.
        malformed = (org != "") & ~org.str.match(PRACTICE_CODE)
        chk.flag(malformed, org_col, "the practice code is not an ODS practice code (a letter and five digits)",
                 "write the code as NHS Digital publishes it, e.g. P81001 (a code like 81001 has lost its letter)")
        outside = ward.isna() & (org != "") & ~malformed
        if outside.all():
            raise file_problem(path, "none of the file's practices is in the practice list", PRACTICE_FIX)
    else:
        ward = pd.Series(pd.NA, index=f.index, dtype="string")
    chk.flag(org == "", org_col, "the organisation code is blank", "every row needs its organisation code")
    status, hcp = f[col["APPT_STATUS"]], f[col["HCP_TYPE"]]
    parts = [month.dt.strftime("%Y-%m").fillna(""), org, status, hcp, mode.fillna(""), band]
    if col["NATIONAL_CATEGORY"] in f.columns:
        parts.append(f[col["NATIONAL_CATEGORY"]])
    key = parts[0].str.cat(parts[1:], sep="|")
    chk.flag(key.duplicated(keep=False), None,
             "the same month, organisation, status, HCP type, mode and booking time appear on more than "
             "one row",
             "each combination is published once: remove the repeated rows (counts are never added together)")
    events = event_frame(
        len(f),
        source=SOURCE,
        record_id=key.astype("string"),
        event_date=month,
        period=month,
        ward_code=ward,
        category=mode,
        subcategory=hcp.replace("", pd.NA).astype("string"),
        status=status.replace("", pd.NA).astype("string"),
        channel=band.replace("", pd.NA).astype("string"),
        org_code=org.replace("", pd.NA).astype("string"),
        count=parse_counts(chk, col["COUNT_OF_APPOINTMENTS"]),
    )
    good, rejects = chk.finish(events, partial=partial)
    kept = ~f.index.isin(list(chk.bad))
    rows = f[ROW].loc[kept].reset_index(drop=True)
    inside = ~outside.loc[kept].reset_index(drop=True).to_numpy()
    good, rows = good.loc[inside].reset_index(drop=True), rows.loc[inside].reset_index(drop=True)
    dropped = int(outside.loc[kept].sum())
    notes = [] if kind == "practice" else ["regional file: counts are by CCG / sub-ICB, not by ward"]
    if dropped:
        notes.append(f"{dropped:,} rows for {org[outside].nunique():,} practices outside the practice list dropped")
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(f), rejects=rejects,
                      rows_dropped=dropped, notes=raw.notes + notes)


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read an Appointments in General Practice CSV into tidy events, or raise LoadError."""
    return parse(path, context=context).frame
