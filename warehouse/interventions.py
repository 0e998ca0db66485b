"""The intervention log: what the partners did, where and when, and what it aimed at (`interventions` table),
kept by analysts, and each intervention's impact estimated from the ready values.

Every row records who added it and when; withdrawing one keeps the row (who and when withdrawn), so the
log is an audit trail. Impact (metrics.impact) is estimated on the role's monthly counts: the intervention's
areas pooled (counts and denominators summed, so the rate is theirs together) for the interrupted time
series, and against the pooled comparison wards for the difference-in-differences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd

from metrics import catalogue
from metrics.impact import (
    COMPARISONS,
    ITS,
    DiD,
    choose_comparisons,
    difference_in_differences,
    interrupted_time_series,
    slope,
)
from metrics.periods import Period
from warehouse import values
from warehouse.areas import UNKNOWN
from warehouse.store import Store

PRE_MONTHS, MAX_POST_MONTHS = 12, 24
MAX_TITLE, MAX_TEXT = 120, 1000


class InterventionNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Intervention:
    intervention_id: int
    title: str
    partner: str
    description: str
    areas: tuple[str, ...]
    indicators: tuple[str, ...]
    start: pd.Timestamp
    end: pd.Timestamp | None
    created_by: str
    created_at: pd.Timestamp

    @property
    def start_month(self) -> pd.Timestamp:
        return self.start.to_period("M").start_time

    def when(self) -> str:
        return f"from {self.start:%d %b %Y}" + (f" to {self.end:%d %b %Y}" if self.end is not None else " (ongoing)")


def _clean(text: str, *, name: str, limit: int, required: bool = True) -> str:
    text = " ".join(str(text or "").split())
    if required and not text:
        raise ValueError(f"an intervention needs {name}")
    if len(text) > limit:
        raise ValueError(f"{name} is at most {limit} characters")
    return text


def add_intervention(store: Store, *, title: str, partner: str, areas: Sequence[str], indicators: Sequence[str],
                     start: date | str, end: date | str | None = None, description: str = "",
                     created_by: str) -> int:
    """Record an intervention (analysts only: the page and the CLI check the role) and return its id."""
    geo = values.geography(store)
    title = _clean(title, name="a title", limit=MAX_TITLE)
    partner = _clean(partner, name="a partner", limit=MAX_TITLE)
    description = _clean(description, name="the description", limit=MAX_TEXT, required=False)
    codes = [a for a in dict.fromkeys(areas) if a]
    if not codes:
        raise ValueError("an intervention needs at least one area")
    unknown = [a for a in codes if a not in geo.by_code or a == UNKNOWN]
    if unknown:
        raise ValueError(f"unknown area(s) {', '.join(unknown)}: use ward or area codes of the partnership")
    ids = [i for i in dict.fromkeys(indicators) if i]
    if not ids:
        raise ValueError("an intervention needs at least one indicator it aims at")
    wrong = [i for i in ids if not catalogue.known(i) or catalogue.get(i).method != "rate"]
    if wrong:
        raise ValueError(f"unknown indicator(s) or not a rate: {', '.join(wrong)}")
    first = pd.Timestamp(start)
    last = pd.Timestamp(end) if end not in (None, "") else None
    if last is not None and last < first:
        raise ValueError("the end date is before the start date")
    with store.transaction():
        new = int(store.fetch('SELECT COALESCE(MAX(intervention_id), 0) + 1 AS n FROM "interventions"')["n"].iloc[0])
        store.execute('INSERT INTO "interventions" (intervention_id, title, partner, description, areas, indicators, '
                      "start_date, end_date, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [new, title, partner, description, ",".join(codes), ",".join(ids), first.date(),
                       last.date() if last is not None else None, _clean(created_by, name="who adds it", limit=200),
                       datetime.now(UTC).replace(tzinfo=None)])
    return new


def withdraw(store: Store, intervention_id: int, *, by: str) -> None:
    """Take an intervention off the log's pages; the row stays, with who withdrew it and when."""
    held = store.fetch('SELECT withdrawn_at FROM "interventions" WHERE intervention_id = ?', [int(intervention_id)])
    if held.empty:
        raise InterventionNotFound(f"there is no intervention {intervention_id}")
    with store.transaction():
        store.execute('UPDATE "interventions" SET withdrawn_by = ?, withdrawn_at = ? WHERE intervention_id = ?',
                      [by, datetime.now(UTC).replace(tzinfo=None), int(intervention_id)])


def _from_row(r) -> Intervention:
    end = pd.Timestamp(r.end_date) if pd.notna(r.end_date) else None
    return Intervention(int(r.intervention_id), r.title, r.partner, r.description or "",
                        tuple(a for a in str(r.areas).split(",") if a),
                        tuple(i for i in str(r.indicators).split(",") if i), pd.Timestamp(r.start_date), end,
                        r.created_by, pd.Timestamp(r.created_at))


def list_interventions(store: Store, *, withdrawn: bool = False) -> list[Intervention]:
    frame = store.fetch('SELECT * FROM "interventions" ' + ("" if withdrawn else "WHERE withdrawn_at IS NULL ")
                        + "ORDER BY start_date, intervention_id")
    return [_from_row(r) for r in frame.itertuples()]


def get_intervention(store: Store, intervention_id: int) -> Intervention:
    frame = store.fetch('SELECT * FROM "interventions" WHERE intervention_id = ?', [int(intervention_id)])
    if frame.empty:
        raise InterventionNotFound(f"there is no intervention {intervention_id}")
    return _from_row(next(frame.itertuples()))


# --- impact ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Impact:
    intervention: Intervention
    indicator_id: str
    series: pd.DataFrame  # month, t, treated, comparison (rates), pre/post
    comparisons: tuple[str, ...]
    its: ITS | None
    did: DiD | None
    problem: str = ""  # why an estimate could not be made


def _pooled(rows: pd.DataFrame, codes: Sequence[str], multiplier: float) -> pd.Series:
    """The areas' rate together per month: summed counts over summed denominators (NaN if any is unknown)."""
    mine = rows[rows["area_code"].isin(list(codes))]
    grouped = mine.groupby("period_start")
    count = grouped["count"].sum(min_count=1)
    unknown = grouped["count"].apply(lambda c: c.isna().any()) | grouped["suppressed"].any()
    den = grouped["denominator"].sum()
    rate = (count.astype(float) / den * multiplier).where(~unknown & (grouped.size() == len(set(codes))))
    return rate


def impact(store: Store, intervention: Intervention, indicator_id: str, *, role: str) -> Impact:
    """ITS on the intervention's areas and DiD against the comparison wards (the module doc), from `role`'s values."""
    indicator = catalogue.get(indicator_id)
    geo = values.geography(store)
    wards = [a.code for a in geo.of_type("ward")]
    members = sorted({m for a in intervention.areas for m in geo.by_code[a].members if m != UNKNOWN})
    rows = values.read(store, indicator_id, role=role, period_types=["month"], areas=wards,
                       columns=["area_code", "period_start", "count", "denominator", "suppressed", "value"])
    start = intervention.start_month
    first = start - pd.DateOffset(months=PRE_MONTHS)
    last_wanted = start + pd.DateOffset(months=MAX_POST_MONTHS - 1)
    if intervention.end is not None:
        last_wanted = min(last_wanted, intervention.end.to_period("M").start_time)
    rows = rows[(rows["period_start"] >= first) & (rows["period_start"] <= last_wanted)]
    months = pd.DatetimeIndex(sorted(rows["period_start"].unique()))
    t = np.array([Period(m, "month", m).index for m in months], dtype=float)
    t0 = float(Period(start, "month", start).index)
    treated = _pooled(rows, members, indicator.multiplier).reindex(months)
    series = pd.DataFrame({"month": months, "t": t, "treated": treated.to_numpy(dtype=float)})
    series["post"] = series["t"] >= t0
    if series.empty:
        return Impact(intervention, indicator_id, series.assign(comparison=np.nan), (), None, None,
                      "there are no values for these months yet")
    pre = series[~series["post"]]
    candidates = [w for w in wards if w not in members]
    slopes = {}
    for code in candidates:
        own = rows[rows["area_code"] == code].set_index("period_start")
        rate = (own["count"].astype(float) / own["denominator"] * indicator.multiplier).where(~own["suppressed"])
        rate = rate.reindex(pre["month"])
        if rate.notna().sum() >= 3:
            slopes[code] = slope(pre["t"], rate.to_numpy(dtype=float))
    chosen = tuple(choose_comparisons(slope(pre["t"], pre["treated"]), slopes, k=COMPARISONS))
    series["comparison"] = _pooled(rows, chosen, indicator.multiplier).reindex(months).to_numpy(dtype=float) \
        if chosen else np.nan
    problems: list[str] = []
    its = did = None
    try:
        its = interrupted_time_series(series["t"], series["treated"], start=t0)
    except ValueError as why:
        problems.append(f"interrupted time series: {why}")
    if not chosen:
        problems.append("difference-in-differences: no comparison ward has a pre-period trend")
    else:
        try:
            did = difference_in_differences(series["t"], series["treated"], series["comparison"], start=t0)
        except ValueError as why:
            problems.append(f"difference-in-differences: {why}")
    return Impact(intervention, indicator_id, series, chosen, its, did, "; ".join(problems))


def logs_version(store: Store) -> str:
    """Changes whenever an intervention is added or withdrawn or an alert fires (outside any ingest): part of
    every page cache key, with the store version."""
    row = store.fetch('SELECT (SELECT COALESCE(MAX(intervention_id), 0) FROM "interventions") AS i, '
                      '(SELECT COUNT(withdrawn_at) FROM "interventions") AS w, '
                      '(SELECT COALESCE(MAX(alert_id), 0) FROM "alerts") AS a').iloc[0]
    return f"{int(row['i'])}.{int(row['w'])}.{int(row['a'])}"
