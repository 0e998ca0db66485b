"""Overview: each partner's latest month against the pre-pandemic baseline; the multi-agency ward matrix;
wards worse than the borough and getting worse."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.matrix import demand_matrix
from metrics.narrative import summarise_headlines
from metrics.views import matrix_summary, matrix_table, rounded, worse_and_worsening
from settings import get_settings
from ui import data
from ui.components import chart_block

settings = get_settings()
f, version = st.session_state["filters"], st.session_state["version"]
st.title(f"{settings.partnership}: demand across the partnership")

tiles = data.headlines(version, f.role)
if tiles.empty:
    st.info("The store has no partner data yet. `make run` builds the sample store; "
            "`python -m warehouse ingest SOURCE FILE` loads your own.")
    st.stop()
st.caption(summarise_headlines(tiles))
COLOUR_BY_POLARITY = {"high_is_bad": "inverse", "high_is_good": "normal"}  # a rise is red when high is bad
for column, tile in zip(st.columns(len(tiles)), tiles.itertuples(), strict=True):
    value = "suppressed" if pd.isna(tile.count) else f"{int(tile.count):,}"
    delta = None if pd.isna(tile.change_pct) else f"{tile.change_pct:+.0f}% vs {tile.latest_month:%b} " \
                                                   f"{settings.baseline_start[:4]}"
    column.metric(tile.title, value, delta, border=True, help=tile.partner,
                  delta_color=COLOUR_BY_POLARITY.get(tile.polarity, "off")
                  if tile.direction in ("worse", "better") else "off")
    column.caption(f"{tile.latest_month:%B %Y} · " + ("new service: no pre-pandemic baseline"
                                                       if pd.isna(tile.change_pct) else
                                                       f"{tile.direction} (same month {settings.baseline_start[:4]}:"
                                                       f" {tile.baseline_count:,.0f})"))

st.subheader("Where each partner sees demand: wards against the borough")
matrix = data.view(version, f.role, "demand_matrix", period=f.period)
title = "Partner demand by ward, compared with the borough (95% intervals)"
chart_block(demand_matrix(matrix, title=title, borough_name=settings.partnership), matrix_table(matrix),
            summary=matrix_summary(matrix, borough_name=settings.partnership), file_name="ward_demand_matrix",
            key="matrix")

st.subheader("Worse than the borough and getting worse")
flagged = worse_and_worsening(matrix)
if flagged.empty:
    st.success("No ward is both significantly worse than the borough and on a significantly worsening recent "
               "trend for these indicators.")
else:
    st.dataframe(rounded(flagged[["area_name", "indicator_title", "partner", "period_label", "value", "lower_ci",
                                  "upper_ci", "trend"]]), hide_index=True)
