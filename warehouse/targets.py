"""The partnership's targets ([[priorities]] in dashboard.toml) judged on the ready values, for one role.

A value target reads the indicator's series for its area; a gap target (`gap = "deprivation"`) computes,
for every period, the slope index of inequality across the deprivation-decile areas (metrics.inequality)
from the same role's values. The trend line, the on/off-track rule and when the trend would reach the
target are metrics.targets'. Everything rests on the role's own values, so a viewer's figures come from
protected counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics import catalogue
from metrics.inequality import gradient
from metrics.periods import Period, from_index, parse_code
from metrics.targets import HORIZON, MET, MISSED, OFF, ON, UNCLEAR, Line, Reach, fit_line, judge, reaches
from settings import Target, get_settings
from warehouse import values
from warehouse.areas import DECILE_PREFIX
from warehouse.store import Store

GAP_TITLE = "gap between the most and least deprived wards"


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    priority: str
    title: str  # what is measured: "Food bank vouchers" or "Food bank vouchers: gap between …"
    area_name: str
    unit: str
    direction: str
    series: pd.DataFrame  # period, period_index, period_label, value, lower_ci, upper_ci
    line: Line | None
    status: str  # metrics.targets ON/OFF/CLOSE, MET/MISSED/UNCLEAR, or "no data"
    target_label: str
    due_index: int  # the target period's position on its kind's time axis
    projected: tuple[float, float, float] | None  # the line at the target period (value, lower, upper)
    reach: Reach | None

    @property
    def latest(self) -> pd.Series | None:
        known = self.series.dropna(subset=["value"])
        return known.iloc[-1] if len(known) else None

    def period_label(self, index: float | None) -> str:
        return from_index(self.target.period, int(index)).label if index is not None else ""

    def sentence(self) -> str:
        t = self.target
        sign = "or below" if self.direction == "below" else "or above"
        head = f"{self.title}, {self.area_name}: target {t.value:,.2f} {sign} by {self.target_label}"
        latest = self.latest
        if latest is None or self.status == "no data":
            return f"{head}; there are no values to judge it on yet."
        now = f"{latest['value']:,.2f} {self.unit} in {latest['period_label']}"
        if self.status in (MET, MISSED, UNCLEAR):
            return f"{head}: {now}; {self.status} (95% interval {latest['lower_ci']:,.2f} to {latest['upper_ci']:,.2f})."
        if self.line is None or self.projected is None:
            return f"{head}: {now}; too few recent values for a trend."
        value, low, high = self.projected
        words = {ON: "on track", OFF: "off track"}.get(self.status, "too close to call")
        text = (f"{head}: {now}. At the trend of the latest {self.line.df + 2} {t.period}s it would be {value:,.2f} "
                f"(95% CI {low:,.2f} to {high:,.2f}) by then: {words}.")
        return f"{text} {self.when()}"

    def when(self) -> str:
        r = self.reach
        if r is None:
            return ""
        if r.point is None:
            return ("At the current trend it would never reach the target." if r.never else
                    f"The trend would not reach the target within {HORIZON} {self.target.period}s.")
        if r.point <= self.line.t_last:
            return "The trend line already meets it: the target is to stay there."
        earliest = self.period_label(r.earliest) or "?"
        latest = self.period_label(r.latest) if r.latest is not None else f"not within {HORIZON} {self.target.period}s"
        return f"The trend would reach it in {self.period_label(r.point)} (95% band: {earliest} to {latest})."


def direction_of(target: Target) -> str:
    if target.direction:
        return target.direction
    polarity = catalogue.get(target.indicator).polarity
    if polarity == "no_judgement":
        raise ValueError(f"target for {target.indicator}: the indicator has no polarity, so say direction = "
                         "\"below\" or \"above\"")
    return "above" if polarity == "high_is_good" else "below"


def _indexed(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Rows with their position on the period kind's time axis (Period.index)."""
    index = [Period(pd.Timestamp(s), kind, pd.Timestamp(e)).index for s, e in zip(rows["period_start"],
                                                                               rows["period_end"], strict=True)]
    return rows.assign(period_index=index)


def _series(store: Store, target: Target, *, role: str) -> tuple[pd.DataFrame, str]:
    geo = values.geography(store)
    if target.gap:
        rows = _indexed(values.read(store, target.indicator, role=role, period_types=[target.period],
                                    area_types=["deprivation"]), target.period)
        out = []
        for (period, index, label), g in rows.groupby(["period", "period_index", "period_label"]):
            g = g.assign(decile=g["area_code"].str.removeprefix(DECILE_PREFIX).astype(int))
            sii = gradient(g.sort_values("decile"), group="decile")
            out.append({"period": period, "period_index": index, "period_label": label, "value": sii.get("value"),
                        "lower_ci": sii.get("lower_ci"), "upper_ci": sii.get("upper_ci")})
        frame = pd.DataFrame(out, columns=["period", "period_index", "period_label", "value", "lower_ci", "upper_ci"])
        return frame.sort_values("period_index").reset_index(drop=True), geo.by_code[geo.top].name
    area = target.area or geo.top
    if area not in geo.by_code:
        raise ValueError(f"target for {target.indicator}: unknown area {area!r}")
    rows = _indexed(values.read(store, target.indicator, role=role, period_types=[target.period], areas=[area]),
                    target.period).sort_values("period_index")
    frame = rows[["period", "period_index", "period_label", "value", "lower_ci", "upper_ci"]].reset_index(drop=True)
    return frame.astype({"value": float, "lower_ci": float, "upper_ci": float}), geo.by_code[area].name


def evaluate(store: Store, target: Target, *, role: str, priority: str = "", upto: int | None = None) -> TargetStatus:
    """A target's status from the role's values (up to and including period index `upto` when given)."""
    indicator = catalogue.get(target.indicator)
    direction = direction_of(target)
    series, area_name = _series(store, target, role=role)
    if upto is not None:
        series = series[series["period_index"] <= upto]
    due = parse_code(target.by)
    due_index = due.index if target.period == "month" else parse_code(
        f"{due.start.year}-Q{(due.start.month - 1) // 3 + 1}").index
    label = from_index(target.period, due_index).label
    title = f"{indicator.title}: {GAP_TITLE}" if target.gap else indicator.title
    unit = indicator.unit
    base = dict(target=target, priority=priority, title=title, area_name=area_name, unit=unit, direction=direction,
                target_label=label, due_index=due_index)
    known = series.dropna(subset=["value"])
    if known.empty:
        return TargetStatus(series=series, line=None, status="no data", projected=None, reach=None, **base)
    passed = known[known["period_index"] == due_index]
    if len(passed):
        row = passed.iloc[0]
        return TargetStatus(series=series, line=None, projected=None, reach=None,
                            status=judge(row["lower_ci"], row["upper_ci"], target.value, direction, passed=True),
                            **base)
    line = fit_line(known["period_index"], known["value"], known["lower_ci"], known["upper_ci"], points=target.points)
    if line is None:
        return TargetStatus(series=series, line=None, status="no data", projected=None, reach=None, **base)
    projected = line.at(due_index)
    return TargetStatus(series=series, line=line, status=judge(projected[1], projected[2], target.value, direction),
                        projected=projected, reach=reaches(line, target.value, direction), **base)


def evaluate_all(store: Store, *, role: str) -> list[TargetStatus]:
    out = []
    for priority in get_settings().priorities:
        for target in priority.targets:
            out.append(evaluate(store, target, role=role, priority=priority.name))
    return out
