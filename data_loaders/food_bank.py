"""Food bank vouchers (a Trussell-style export) -> events: each voucher gives three, one per measure
(the voucher itself, the adults it fed, the children it fed), so rates of vouchers and of people fed share
one record.

Natural key: Voucher ID. Exact duplicate rows are dropped and counted; the same Voucher ID with different
content is refused naming both rows. A blank ward with a postcode district is kept as "ward not known"
(the district is kept too).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, event_frame, validate
from data_loaders.community_hub import NOT_RECORDED, POSTCODE_DISTRICT, drop_exact_duplicates
from data_loaders.context import LoadContext
from data_loaders.parsing import Checker, categorise, parse_counts, parse_dates, resolve_wards
from data_loaders.reading import ROW, read_table
from sources.food_bank import SOURCE as DECLARED

SOURCE = DECLARED.name
TABLE = "events"
COLUMNS = ["Voucher ID", "Date Issued", "Ward", "Postcode District", "Household Type", "Adults", "Children",
           "Crisis Type", "Referral Agency"]
MEASURES = dict(zip(("voucher", "Adults", "Children"), DECLARED.vocabulary("subcategory"), strict=True))
MAX_PEOPLE = 30  # people fed by one voucher: more is a typing slip


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    context = context or LoadContext.from_settings()
    raw = read_table(path, required=COLUMNS, data=data)
    chk = Checker(raw.path, raw.frame)
    dropped = drop_exact_duplicates(chk, "Voucher ID")
    f = chk.frame
    today = date.fromisoformat(context.today) if context.today else None
    when = parse_dates(chk, "Date Issued", today=today)
    district = f["Postcode District"].str.upper().str.replace(" ", "", regex=False)
    chk.flag((district != "") & ~district.isin(NOT_RECORDED) & ~district.str.match(POSTCODE_DISTRICT),
             "Postcode District", "the value is not a postcode district like PR7",
             "write only the first half of the postcode, letters included (PR7, not PR7 1AB), or leave it blank")
    people = {}
    for column in ("Adults", "Children"):
        people[column] = parse_counts(chk, column)
        chk.flag((people[column] > MAX_PEOPLE).fillna(False), column, f"more than {MAX_PEOPLE} people on one voucher",
                 "check the number of people the voucher fed")
    chk.flag(((people["Adults"] == 0) & (people["Children"] == 0)).fillna(False), "Adults", "the voucher fed nobody",
             "write how many adults and children the voucher fed")
    crisis = categorise(chk, "Crisis Type", {c: c for c in DECLARED.vocabulary("category")} | {"": "Other"})
    household = categorise(chk, "Household Type", {h: h for h in DECLARED.vocabulary("status")},
                           blank="Not recorded")
    ward = resolve_wards(chk, "Ward", context)
    org = district.where(~district.isin(NOT_RECORDED), "").replace("", pd.NA).astype("string")
    parts = []
    for measure_key, measure in MEASURES.items():
        count = pd.Series(1, index=f.index, dtype="Int64") if measure_key == "voucher" else people[measure_key]
        parts.append(event_frame(
            len(f), source=SOURCE, record_id=f["Voucher ID"] + "|" + measure, event_date=when,
            period=when.dt.to_period("M").dt.start_time, ward_code=ward, category=crisis,
            subcategory=pd.Series(measure, index=f.index, dtype="string"), status=household,
            channel=f["Referral Agency"].replace("", pd.NA).astype("string"), org_code=org, count=count))
    events = pd.concat(parts, ignore_index=True)
    keep = ~f.index.isin(list(chk.bad))
    if chk.problems and not partial:
        chk.finish(events, partial=False)  # raises, naming every problem
    _, rejects = chk.finish(f.drop(columns=[ROW]), partial=True)
    good = events.loc[pd.concat([pd.Series(keep)] * len(MEASURES), ignore_index=True).to_numpy()].reset_index(drop=True)
    rows = pd.concat([f[ROW].loc[keep]] * len(MEASURES), ignore_index=True)
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(raw.frame), rejects=rejects,
                      rows_dropped=dropped,
                      notes=raw.notes + ([f"{dropped} exact duplicate rows dropped"] if dropped else []))


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a food bank export into tidy events (three per voucher), or raise LoadError."""
    return parse(path, context=context).frame
