"""Mirrored age profile ("profile pyramid") of a ward against the borough.

The population table is persons only, so the two halves are not the sexes: the ward's share of its
residents in each age band is drawn to the left, the borough's to the right, youngest at the bottom.
A thin black tick on the ward's side marks the borough's share of that band, for a direct comparison.
Tick labels show absolute percentages on both sides.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.common import COLUMN_WIDTH, age_order, base_layout, empty_figure, label
from charts.palette import BOROUGH, BOROUGH_LIGHT, WARD


def _nice_step(largest: float) -> float:
    """A tick step from 1, 2, 5 x 10^k giving about four ticks per side."""
    raw = max(largest, 1e-9) / 4
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def population_pyramid(frame: pd.DataFrame, *, title: str, ward_name: str,
                       borough_name: str = "Borough") -> go.Figure:
    """Ward % of residents by age band to the left, borough % to the right, ages rising upwards."""
    if frame.empty or frame[["ward_pct", "borough_pct"]].isna().all().all():
        return empty_figure("No data", title=title)
    frame = frame.set_index(frame["age_band"].astype(str)).loc[age_order(frame["age_band"])]
    bands = frame.index.tolist()  # youngest first, drawn at the bottom
    ward, borough = frame["ward_pct"].astype(float), frame["borough_pct"].astype(float)
    ward_name, borough_name = label(ward_name), label(borough_name)
    fig = go.Figure()
    fig.add_trace(go.Bar(y=bands, x=-ward, orientation="h", name=ward_name, marker={"color": WARD},
                         hovertext=[f"{ward_name}: {p:.1f}% of residents are aged {b}" for b, p in zip(bands, ward,
                                                                                                    strict=True)],
                         hoverinfo="text"))
    if borough.notna().any():  # no comparator (the partnership itself): the area's half alone
        fig.add_trace(go.Bar(y=bands, x=borough, orientation="h", name=borough_name, marker={"color": BOROUGH_LIGHT},
                             hovertext=[f"{borough_name}: {p:.1f}% of residents are aged {b}" for b, p in zip(
                                 bands, borough, strict=True)], hoverinfo="text"))
        fig.add_trace(go.Scatter(y=bands, x=-borough, mode="markers", name=f"{borough_name} share, for comparison",
                                 marker={"symbol": "line-ns-open", "size": 16, "color": BOROUGH,
                                         "line": {"width": 2, "color": BOROUGH}}, hoverinfo="skip"))
    largest = float(pd.concat([ward, borough]).max())
    step = _nice_step(largest)
    ticks = [step * k for k in range(-math.ceil(largest / step), math.ceil(largest / step) + 1)]
    fig.update_xaxes(tickvals=ticks, ticktext=[f"{abs(t):g}%" for t in ticks], title="% of residents",
                     range=[ticks[0] * 1.05, ticks[-1] * 1.05])
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=bands, title="Age")
    fig.update_layout(barmode="overlay", bargap=0.1, hovermode="closest")
    return base_layout(fig, title=title, height=170 + 22 * len(bands), width=COLUMN_WIDTH)


def deprivation_mix_chart(mix: pd.DataFrame, *, title: str, edition: int | None) -> go.Figure:
    """How many of the area's neighbourhoods (LSOAs) fall in each national IMD decile, 1 to 10, every decile on the
    axis (an empty one is a zero bar, not a gap) and whole-number ticks (a count of neighbourhoods)."""
    if mix.empty:
        return empty_figure("No deprivation data", title=title)
    counts = mix.set_index("imd_decile")["lsoas"].reindex(range(1, 11), fill_value=0)
    fig = go.Figure(go.Bar(x=list(counts.index), y=counts.to_numpy(), marker={"color": WARD}, name="Neighbourhoods",
                           text=[str(int(v)) for v in counts], textposition="outside", cliponaxis=False,
                           hovertext=[f"Decile {d}: {int(v)} neighbourhood{'s' if v != 1 else ''} (LSOAs)"
                                      for d, v in counts.items()], hoverinfo="text"))
    top = int(counts.max())
    fig.update_xaxes(title=f"IMD {edition or ''} decile (1 = most deprived 10% in England)".replace("  ", " "),
                     tickmode="array", tickvals=list(range(1, 11)), range=[0.4, 10.6])
    fig.update_yaxes(title="Neighbourhoods (LSOAs)", tickformat="d", dtick=max(1, math.ceil(top / 5)),
                     range=[0, top * 1.2 + 0.5])
    return base_layout(fig, title=title, height=380, width=COLUMN_WIDTH)
