"""Mental health trust referrals (agreed monthly export) -> events, one row per month x service x ward x measure.

`*` marks a count the trust itself suppressed: it is kept as a missing count (never guessed), so rates
for that ward and month are shown as not available.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, event_frame, validate
from data_loaders.context import LoadContext
from data_loaders.parsing import Checker, categorise, check_codes, parse_counts, parse_months
from data_loaders.reading import ROW, read_table
from sources.mental_health import SOURCE as DECLARED

SOURCE = DECLARED.name
TABLE = "events"
COLUMNS = ["Month", "Service", "Ward Code", "Referrals", "Assessments", "Waiting At Month End"]
# The export's count columns, in the order of the declared measures (subcategory).
MEASURES = dict(zip(["Referrals", "Assessments", "Waiting At Month End"], DECLARED.vocabulary("subcategory"), strict=True))


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    context = context or LoadContext.from_settings()
    raw = read_table(path, required=COLUMNS, data=data)
    chk = Checker(raw.path, raw.frame)
    f = chk.frame
    today = date.fromisoformat(context.today) if context.today else None
    month = parse_months(chk, "Month", today=today)
    service = categorise(chk, "Service", {s.lower(): s for s in DECLARED.vocabulary("category")})
    ward = check_codes(chk, "Ward Code", set(context.wards), what="ward code",
                       fix="use the current ward code (E05…) from the partnership's ward list")
    key = f["Month"] + "|" + f["Service"].str.upper() + "|" + f["Ward Code"].str.upper()
    chk.flag(key.duplicated(keep=False), "Month", "the same month, service and ward appear on more than one row",
             "send one row per month, service and ward")
    counts = {col: parse_counts(chk, col, allow_suppressed=True) for col in MEASURES}
    parts = []
    for col, measure in MEASURES.items():
        parts.append(event_frame(
            len(f), source=SOURCE, record_id=key + "|" + measure, event_date=month, period=month,
            ward_code=ward, category=service, subcategory=pd.Series(measure, index=f.index, dtype="string"),
            count=counts[col]))
    events = pd.concat(parts, ignore_index=True)
    # Reject whole source rows: a bad row removes all three of its measures.
    keep_rows = ~f.index.isin(list(chk.bad))
    if chk.problems and not partial:
        chk.finish(events, partial=False)
    _, rejects = chk.finish(f.drop(columns=[ROW]), partial=True)
    good = events.loc[pd.concat([pd.Series(keep_rows)] * len(MEASURES), ignore_index=True).to_numpy()]
    good = good.reset_index(drop=True)
    rows = pd.concat([f[ROW].loc[keep_rows]] * len(MEASURES), ignore_index=True)
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(raw.frame), rejects=rejects,
                      notes=raw.notes)


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a trust referral export into tidy events (count missing where the trust suppressed it)."""
    return parse(path, context=context).frame
