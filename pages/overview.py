"""Overview: each partner's demand in the latest month against the same month before the pandemic."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from settings import get_settings
from ui import data

settings = get_settings()
role = st.session_state.get("role", "viewer")
st.title(f"{settings.partnership}: demand across the partnership")
st.caption(f"Latest month each partner has sent, against the same month of the pre-pandemic baseline "
           f"({settings.baseline_start} to {settings.baseline_end}). Up or down only where the 95% interval "
           f"on the ratio excludes no change.")

tiles = data.headlines(data.store_version(), role)
if tiles.empty:
    st.info("The store has no partner data yet. Run `make run` (it builds the sample store) or "
            "`python -m warehouse ingest SOURCE FILE`.")
    st.stop()

COLOUR_BY_POLARITY = {"high_is_bad": "inverse", "high_is_good": "normal"}  # rises red when high is bad
columns = st.columns(len(tiles))
for column, tile in zip(columns, tiles.itertuples(), strict=True):
    value = "suppressed" if pd.isna(tile.count) else f"{int(tile.count):,}"
    if pd.isna(tile.change_pct):
        delta, note = None, "new service: no pre-pandemic baseline"
    else:
        delta = f"{tile.change_pct:+.0f}% vs {tile.latest_month:%b} {settings.baseline_start[:4]}"
        note = f"{tile.direction} than the baseline ({tile.baseline_count:,.0f})" if tile.direction != "similar" \
            else f"similar to the baseline ({tile.baseline_count:,.0f})"
    column.metric(tile.title, value, delta,
                  delta_color=COLOUR_BY_POLARITY.get(tile.polarity, "off") if tile.direction in ("worse", "better")
                  else "off", help=tile.partner, border=True)
    column.caption(f"{tile.latest_month:%B %Y} · {note}")

table = tiles[["title", "partner", "latest_month", "count", "baseline_count", "change_pct", "direction"]].rename(
    columns={"title": "Demand", "partner": "Partner", "latest_month": "Month", "count": "Count",
             "baseline_count": "Same month, baseline", "change_pct": "Change %", "direction": "Against baseline"})
st.dataframe(table, hide_index=True, column_config={"Month": st.column_config.DateColumn(format="MMM YYYY"),
                                                     "Count": st.column_config.NumberColumn(format="localized"),
                                                     "Same month, baseline": st.column_config.NumberColumn(
                                                         format="localized"),
                                                     "Change %": st.column_config.NumberColumn(format="%+.0f%%")})
