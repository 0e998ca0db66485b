"""Outcome charts: the cumulative gap (backlog), a target's trajectory, and an intervention's series.

Pure plotly builders, one palette (charts.palette); every hover is text, every chart has a zero or target
line drawn as data (so its table says the same).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import add_band, base_layout, empty_figure, label
from charts.palette import (
    BASELINE_BAND,
    BOROUGH,
    SERIES,
    SPC_LINES,
    SPECIAL_CAUSE_HIGH,
    SPECIAL_CAUSE_LOW,
    WARD,
)

BAND = "rgba(0, 0, 0, 0.10)"


def backlog_chart(rows: pd.DataFrame, *, title: str, what: str) -> go.Figure:
    """Cumulative observed - expected since the pandemic month, per area (the reference area with its 95% band)."""
    rows = rows.dropna(subset=["cumulative_gap"])
    if rows.empty:
        return empty_figure("No cumulative gap: no pre-pandemic expectation, or a month is suppressed", title=title)
    rows = rows.assign(period=pd.to_datetime(rows["period_start"])).sort_values("period")
    fig = go.Figure()
    reference = rows[rows["reference"].astype(bool)] if "reference" in rows else rows
    if not reference.empty:
        add_band(fig, reference["period"], reference["cumulative_gap_lower"], reference["cumulative_gap_upper"],
                 name=f"95% interval ({label(reference['area_name'].iloc[0])})", colour=BAND)
    others = rows[~rows["area_code"].isin(reference["area_code"])]
    for i, (name, g) in enumerate(others.groupby("area_name", sort=False)):
        fig.add_trace(_gap_line(g, name=name, colour=SERIES[i % len(SERIES)], width=1.5, what=what))
    for name, g in reference.groupby("area_name", sort=False):
        fig.add_trace(_gap_line(g, name=name, colour=BOROUGH, width=2.5, what=what))
    fig.add_hline(y=0, line={"color": SPC_LINES, "width": 1, "dash": "dash"})
    fig.update_layout(xaxis_title="Month", yaxis_title="Cumulative: observed minus expected",
                      hovermode="closest")
    return base_layout(fig, title=title, height=400)


def _gap_line(g: pd.DataFrame, *, name: str, colour: str, width: float, what: str) -> go.Scatter:
    hover = [f"{label(name)}, {p:%b %Y}: {v:+,.0f} {what} against expected since the start (95% interval "
             f"{lo:+,.0f} to {hi:+,.0f})" for p, v, lo, hi in zip(g["period"], g["cumulative_gap"],
                                                                  g["cumulative_gap_lower"], g["cumulative_gap_upper"],
                                                                  strict=True)]
    return go.Scatter(x=g["period"], y=g["cumulative_gap"], mode="lines+markers", name=label(name),
                      line={"color": colour, "width": width}, marker={"size": 4, "color": colour},
                      hovertext=hover, hoverinfo="text")


def target_chart(series: pd.DataFrame, *, title: str, unit: str, target: float, target_x, target_label: str,
                 projection: pd.DataFrame | None) -> go.Figure:
    """The values (with intervals), the trend line carried on to the target date with its 95% band, and the target."""
    if series.dropna(subset=["value"]).empty:
        return empty_figure("No values yet", title=title)
    fig = go.Figure()
    if projection is not None and not projection.empty:
        add_band(fig, projection["x"], projection["lower"], projection["upper"], name="Trend, 95% band",
                 colour=BASELINE_BAND)
        fig.add_trace(go.Scatter(x=projection["x"], y=projection["value"], mode="lines", name="Trend carried on",
                                 line={"color": SPECIAL_CAUSE_LOW, "width": 2, "dash": "dot"}, hoverinfo="skip"))
    hover = [f"{p}: {v:,.2f} {unit} (95% CI {lo:,.2f} to {hi:,.2f})" if pd.notna(v) else f"{p}: suppressed"
             for p, v, lo, hi in zip(series["period_label"], series["value"], series["lower_ci"], series["upper_ci"],
                                     strict=True)]
    fig.add_trace(go.Scatter(x=series["x"], y=series["value"], mode="lines+markers", name="Value",
                             line={"color": BOROUGH, "width": 2.5}, marker={"size": 5},
                             error_y={"type": "data", "symmetric": False, "color": SPC_LINES,
                                      "array": (series["upper_ci"] - series["value"]).to_numpy(),
                                      "arrayminus": (series["value"] - series["lower_ci"]).to_numpy()},
                             hovertext=hover, hoverinfo="text"))
    fig.add_trace(go.Scatter(x=[target_x], y=[target], mode="markers", name=f"Target ({target_label})",
                             marker={"symbol": "star", "size": 16, "color": SPECIAL_CAUSE_HIGH},
                             hovertext=[f"Target: {target:,.2f} {unit} by {target_label}"], hoverinfo="text"))
    fig.add_hline(y=target, line={"color": SPECIAL_CAUSE_HIGH, "width": 1, "dash": "dash"})
    fig.update_layout(xaxis_title="Period", yaxis_title=unit[:1].upper() + unit[1:], yaxis_rangemode="tozero")
    return base_layout(fig, title=title, height=380)


def impact_chart(series: pd.DataFrame, *, title: str, unit: str, start: pd.Timestamp, areas: str,
                 comparison: str) -> go.Figure:
    """The intervention areas' monthly rate and the comparison wards', with the start marked."""
    if series.empty:
        return empty_figure("No values for these months", title=title)
    fig = go.Figure()
    for column, name, colour, width in (("comparison", comparison, SPC_LINES, 1.5), ("treated", areas, WARD, 2.5)):
        hover = [f"{label(name)}, {m:%b %Y}: " + (f"{v:,.2f} {unit}" if pd.notna(v) else "suppressed or missing")
                 for m, v in zip(series["month"], series[column], strict=True)]
        fig.add_trace(go.Scatter(x=series["month"], y=series[column], mode="lines+markers", name=label(name),
                                 line={"color": colour, "width": width}, marker={"size": 4}, connectgaps=False,
                                 hovertext=hover, hoverinfo="text"))
    fig.add_vline(x=start, line={"color": SPECIAL_CAUSE_HIGH, "width": 1.5, "dash": "dash"})
    fig.add_annotation(x=start, y=1, yref="paper", text="Start", showarrow=False, xanchor="left", yanchor="top",
                       font={"color": "#8a3c00"})
    fig.update_layout(xaxis_title="Month", yaxis_title=unit[:1].upper() + unit[1:], yaxis_rangemode="tozero")
    return base_layout(fig, title=title, height=380)
