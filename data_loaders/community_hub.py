"""Council community hub requests (the agreed CRM export) -> events, one row per request.

Natural key: Request ID. Exact duplicate rows (an export that repeats a request) are dropped and counted;
the same Request ID with different content is refused. Notes (free text) are never stored.
Postcode District must look like the first half of a postcode (PR7, PR25): a bare number or a whole
postcode is refused.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, event_frame, validate
from data_loaders.context import UNKNOWN_WARD_VALUES, LoadContext
from data_loaders.parsing import Checker, categorise, parse_dates, resolve_wards
from data_loaders.reading import ROW, read_table
from sources.community_hub import SOURCE as DECLARED

SOURCE = DECLARED.name
TABLE = "events"
COLUMNS = ["Request ID", "Date Received", "Ward", "Postcode District", "Age Band", "Request Type",
           "Referral Source", "Status", "Repeat Request"]
OPTIONAL = ["Notes"]
AGE_BANDS = [*DECLARED.band_labels, DECLARED.unknown_age]
POSTCODE_DISTRICT = r"^[A-Z]{1,2}\d[A-Z\d]?$"  # the first half of a postcode: PR7, PR25, L40, M1A
NOT_RECORDED = sorted(v.upper() for v in UNKNOWN_WARD_VALUES)  # "Unknown", "N/A" … stored as missing
REQUEST_TYPES = list(DECLARED.vocabulary("category"))


def _age_lookup() -> dict[str, str]:
    lookup = {b: b for b in AGE_BANDS}
    lookup.update({b.replace("-", " - "): b for b in AGE_BANDS if "-" in b})
    lookup.update({b.replace("-", " to "): b for b in AGE_BANDS if "-" in b})
    lookup.update({"under16": "Under 16", "<16": "Under 16", "85 and over": "85+", "not known": "Unknown"})
    return lookup


def drop_exact_duplicates(chk: Checker, key: str) -> int:
    """Drop rows identical to an earlier row; flag rows that reuse a key with different content."""
    body = chk.frame.drop(columns=[ROW])
    exact = body.duplicated(keep="first")
    dropped = int(exact.sum())
    if dropped:
        chk.frame = chk.frame.loc[~exact].reset_index(drop=True)
    clash = chk.frame[key].duplicated(keep=False) & (chk.frame[key] != "")
    chk.flag(clash, key, f"the same {key} appears on more than one row with different details",
             f"keep one row per {key}, or give the later request a new ID")
    chk.flag(chk.frame[key] == "", key, f"the {key} is blank", f"every row needs its {key}")
    return dropped


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    context = context or LoadContext.from_settings()
    raw = read_table(path, required=COLUMNS, optional=OPTIONAL, data=data)
    chk = Checker(raw.path, raw.frame)
    dropped = drop_exact_duplicates(chk, "Request ID")
    f = chk.frame
    today = date.fromisoformat(context.today) if context.today else None
    when = parse_dates(chk, "Date Received", today=today)
    repeat = categorise(chk, "Repeat Request", {"y": "Y", "yes": "Y", "n": "N", "no": "N"}, blank="N")
    district = f["Postcode District"].str.upper().str.replace(" ", "", regex=False)
    chk.flag((district != "") & ~district.isin(NOT_RECORDED) & ~district.str.match(POSTCODE_DISTRICT),
             "Postcode District", "the value is not a postcode district like PR7 (its letters are missing, "
             "or it is a whole postcode)",
             "write only the first half of the postcode, letters included (PR7, not 7 or PR7 1AB), or leave it blank")
    events = event_frame(
        len(f),
        source=SOURCE,
        record_id=f["Request ID"],
        event_date=when,
        period=when.dt.to_period("M").dt.start_time,
        ward_code=resolve_wards(chk, "Ward", context),
        category=categorise(chk, "Request Type", {t: t for t in REQUEST_TYPES}),
        age_band=categorise(chk, "Age Band", _age_lookup(), blank="Unknown"),
        channel=f["Referral Source"].replace("", pd.NA).astype("string"),
        status=f["Status"].replace("", pd.NA).astype("string"),
        is_repeat=(repeat == "Y").astype("boolean"),
        org_code=district.where(~district.isin(NOT_RECORDED), "").replace("", pd.NA).astype("string"),
        count=pd.Series(1, index=f.index, dtype="Int64"),
    )
    good, rejects = chk.finish(events, partial=partial)
    rows = f[ROW].loc[~f.index.isin(list(chk.bad))].reset_index(drop=True)
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(raw.frame),
                      rejects=rejects, rows_dropped=dropped,
                      notes=raw.notes + ([f"{dropped} exact duplicate rows dropped"] if dropped else []))


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a hub export into the tidy events shape, or raise LoadError naming file, rows, column and fix."""
    return parse(path, context=context).frame
