"""Citizens Advice advice issues (agreed export) -> events, one row per issue.

Natural key: Client Ref + Contact Date + Issue Category + Issue Detail (one client may raise several
issues). Exact duplicate rows are dropped and counted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, event_frame, validate
from data_loaders.context import LoadContext
from data_loaders.parsing import Checker, categorise, parse_dates, resolve_wards
from data_loaders.reading import ROW, read_table
from sources.citizens_advice import SOURCE as DECLARED

SOURCE = DECLARED.name
TABLE = "events"
COLUMNS = ["Client Ref", "Contact Date", "Ward", "Age Range", "Gender", "Channel", "Issue Category", "Issue Detail"]
AGE_RANGES = [*DECLARED.band_labels, DECLARED.unknown_age]
CHANNELS = list(DECLARED.vocabulary("channel"))
CATEGORIES = list(DECLARED.vocabulary("category"))


def _lookup(values: list[str]) -> dict[str, str]:
    out = {v: v for v in values}
    out.update({v.replace("&", "and"): v for v in values if "&" in v})
    return out


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    context = context or LoadContext.from_settings()
    raw = read_table(path, required=COLUMNS, data=data)
    chk = Checker(raw.path, raw.frame)
    exact = chk.frame.drop(columns=[ROW]).duplicated(keep="first")
    dropped = int(exact.sum())
    chk.frame = chk.frame.loc[~exact].reset_index(drop=True)
    f = chk.frame
    chk.flag(f["Client Ref"] == "", "Client Ref", "the Client Ref is blank", "every issue needs its Client Ref")
    today = date.fromisoformat(context.today) if context.today else None
    when = parse_dates(chk, "Contact Date", today=today)
    detail = f["Issue Detail"].replace("", pd.NA).astype("string")
    record_id = (f["Client Ref"] + "|" + when.dt.strftime("%Y-%m-%d").fillna("") + "|" + f["Issue Category"]
                 + "|" + f["Issue Detail"])
    chk.flag(record_id.duplicated(keep=False), "Client Ref",
             "the same client, date, issue category and detail appear on more than one row with different details",
             "keep one row per issue for each client and date")
    events = event_frame(
        len(f),
        source=SOURCE,
        record_id=record_id,
        event_date=when,
        period=when.dt.to_period("M").dt.start_time,
        ward_code=resolve_wards(chk, "Ward", context),
        category=categorise(chk, "Issue Category", _lookup(CATEGORIES)),
        subcategory=detail,
        age_band=categorise(chk, "Age Range", _lookup(AGE_RANGES) | {"75 and over": "75+"}, blank="Not recorded"),
        sex=categorise(chk, "Gender", {"female": "Female", "f": "Female", "male": "Male", "m": "Male",
                                       "other": "Other", "not recorded": "Not recorded"}, blank="Not recorded"),
        channel=categorise(chk, "Channel", _lookup(CHANNELS) | {"face-to-face": "Face to face"}),
        count=pd.Series(1, index=f.index, dtype="Int64"),
    )
    good, rejects = chk.finish(events, partial=partial)
    rows = f[ROW].loc[~f.index.isin(list(chk.bad))].reset_index(drop=True)
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(raw.frame),
                      rejects=rejects, rows_dropped=dropped,
                      notes=raw.notes + ([f"{dropped} exact duplicate rows dropped"] if dropped else []))


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a Citizens Advice export into the tidy events shape, or raise LoadError."""
    return parse(path, context=context).frame
