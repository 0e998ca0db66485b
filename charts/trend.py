"""Trend over time: the borough (black) and chosen wards, against the pre-pandemic expectation and SPC.

Drawn: the expected range for each calendar month (shaded) and the expected value (dotted), the SPC
mean (solid grey) and process limits (dashed grey), special-cause points on the borough line (orange
high, blue low), dashed lines at lockdown dates. Suppressed periods leave a gap in their line and a grey
mark along the foot of the chart (on a hidden 0-1 axis, so never read as a value of zero).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    SUPPRESSED_HOVER,
    add_band,
    add_lockdown_lines,
    add_suppressed_rug,
    base_layout,
    capitalise,
    empty_figure,
    is_suppressed,
    label,
)
from charts.palette import (
    BASELINE_BAND,
    BOROUGH,
    SERIES,
    SPC_LINES,
    SPECIAL_CAUSE_HIGH,
    SPECIAL_CAUSE_LOW,
)
from metrics.narrative import format_interval, format_value


def _when(period: pd.Timestamp, weekly: bool) -> str:
    return f"w/c {period.day} {period:%b %Y}" if weekly else f"{period:%b %Y}"


def _line(rows: pd.DataFrame, *, name: str, colour: str, width: float, unit: str, weekly: bool) -> go.Scatter:
    gaps = rows["gap"].eq(True) if "gap" in rows else pd.Series(False, index=rows.index)
    hover = [f"{label(name)}, {_when(p, weekly)}: " + (NO_DATA_HOVER if gap else format_value(v, unit) if pd.notna(v)
                                                       else SUPPRESSED_HOVER)
             + (f" (95% CI {format_interval(lo, hi, like=v)})" if pd.notna(lo) and pd.notna(hi) else "")
             for p, v, lo, hi, gap in zip(rows["period"], rows["value"], rows["lower_ci"], rows["upper_ci"], gaps,
                                          strict=True)]
    return go.Scatter(x=rows["period"], y=rows["value"], mode="lines+markers", name=label(name), connectgaps=False,
                      line={"color": colour, "width": width}, marker={"size": 4, "color": colour},
                      hovertext=hover, hoverinfo="text")


NO_DATA_HOVER = "no data held for this month (a gap, not a zero)"


def with_gaps(series: pd.DataFrame) -> pd.DataFrame:
    """Monthly series with a row of no value for every month missing between an area's first and last (a month
    not published, e.g. police.uk's 2020-06): lines break there instead of joining across it."""
    out = [series]
    for name, rows in series.groupby("area_name", sort=False):
        months = pd.date_range(rows["period"].min(), rows["period"].max(), freq="MS")
        missing = months.difference(pd.DatetimeIndex(rows["period"]))
        if len(missing):
            out.append(pd.DataFrame({"period": missing, "area_name": name, "gap": True,
                                     "reference": bool(rows["reference"].iloc[0])}))
    return pd.concat(out, ignore_index=True).sort_values("period") if len(out) > 1 else series


def trend_chart(series: pd.DataFrame, *, title: str, unit: str, lockdowns: Iterable = (), show_spc: bool = True,
                show_baseline: bool = True) -> go.Figure:
    """Lines over time for the borough and the wards in `series` (monthly or weekly periods)."""
    if series.empty:
        return empty_figure("No data", title=title)
    series = series.assign(period=pd.to_datetime(series["period_start"])).sort_values("period")
    periods = series["period"].drop_duplicates()
    weekly = len(periods) > 1 and periods.diff().median() < pd.Timedelta(days=20)
    lines = series if weekly else with_gaps(series)
    borough = lines[lines["reference"].astype(bool)]
    wards = lines[~lines["reference"].astype(bool)]
    fig = go.Figure()

    if show_baseline and "expected" in borough and borough["expected"].notna().any():
        held = series[series["reference"].astype(bool)]
        add_band(fig, held["period"], held["expected_lower"], held["expected_upper"],
                 name="Expected range (pre-pandemic, 95%)", colour=BASELINE_BAND)
        fig.add_trace(go.Scatter(x=borough["period"], y=borough["expected"], mode="lines",
                                 line={"color": SPECIAL_CAUSE_LOW, "width": 1.5, "dash": "dot"},
                                 name="Expected (same month before the pandemic)", hoverinfo="skip"))
    if show_spc and "spc_mean" in borough and borough["spc_mean"].notna().any():
        fig.add_trace(go.Scatter(x=borough["period"], y=borough["spc_mean"], mode="lines", name="Average (SPC)",
                                 line={"color": SPC_LINES, "width": 1}, hoverinfo="skip"))
        for col, show in (("spc_upper", True), ("spc_lower", False)):
            fig.add_trace(go.Scatter(x=borough["period"], y=borough[col], mode="lines", name="Process limits",
                                     legendgroup="limits", showlegend=show, hoverinfo="skip",
                                     line={"color": SPC_LINES, "width": 1, "dash": "dash"}))

    for i, (name, rows) in enumerate(wards.groupby("area_name", sort=False)):
        fig.add_trace(_line(rows, name=name, colour=SERIES[i % len(SERIES)], width=1.5, unit=unit, weekly=weekly))
    for name, rows in borough.groupby("area_name", sort=False):
        fig.add_trace(_line(rows, name=name, colour=BOROUGH, width=2.5, unit=unit, weekly=weekly))

    if show_spc and "special_cause" in borough:
        flagged = borough[borough["special_cause"].eq(True) & borough["value"].notna()]
        for direction, colour, text in (("high", SPECIAL_CAUSE_HIGH, "Unusually high (special cause)"),
                                        ("low", SPECIAL_CAUSE_LOW, "Unusually low (special cause)")):
            points = flagged[flagged["spc_direction"] == direction]
            if not points.empty:
                fig.add_trace(go.Scatter(x=points["period"], y=points["value"], mode="markers", name=text,
                                         marker={"color": colour, "size": 10, "line": {"color": "white", "width": 1}},
                                         hovertext=[f"{text}, {_when(p, weekly)}" for p in points["period"]],
                                         hoverinfo="text"))

    hidden = series[is_suppressed(series)]
    colours = {n: SERIES[i % len(SERIES)] for i, n in enumerate(dict.fromkeys(wards["area_name"]))}
    for level, (name, rows) in enumerate(hidden.groupby("area_name", sort=False)):
        add_suppressed_rug(fig, rows["period"], [f"{label(name)}, {_when(p, weekly)}: {SUPPRESSED_HOVER}"
                                                 for p in rows["period"]],
                           name=f"{label(name)}: suppressed (small numbers)", colour=colours.get(name, BOROUGH),
                           level=level)
    add_lockdown_lines(fig, lockdowns, within=(periods.min(), periods.max()))
    fig.update_xaxes(title="Week beginning" if weekly else "Month")
    fig.update_layout(yaxis_title=capitalise(unit), yaxis_rangemode="tozero", hovermode="closest")
    return base_layout(fig, title=title, height=460)
