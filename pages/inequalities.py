"""Inequalities: an indicator by national deprivation decile, with the slope and relative index of inequality."""

from __future__ import annotations

import streamlit as st

from charts.inequality import decile_chart
from metrics import catalogue
from metrics.narrative import summarise_inequality
from metrics.views import rounded
from ui import data
from ui.components import chart_block

f, version = st.session_state["filters"], st.session_state["version"]
indicator = catalogue.get(f.indicator)
st.title("Inequalities by deprivation")
if indicator.method != "rate":
    st.info(f"{indicator.title} is not a rate per population, so it has no deprivation gradient here. "
            "Choose a rate indicator (e.g. Food parcel requests) in the sidebar.")
    st.stop()
groups, sii = data.view(version, f.role, "by_deprivation", indicator_id=f.indicator, period=f.period)
how = ("wards grouped by the national IMD 2025 decile of most of their neighbourhoods" if sii["grouped_by"] == "decile"
       else "wards ranked by IMD score (too few deciles present to group)")
st.caption(f"{indicator.title} ({indicator.unit}), {sii['period_label']}: {how}. Slope index of inequality (SII) and "
           "relative index (RII) by Low & Low (2004), population-weighted, with simulated 95% intervals.")
summary = summarise_inequality(sii, title=indicator.title, unit=indicator.unit) if "value" in sii else \
    "Too few groups with data to estimate a gradient."
chart_block(decile_chart(groups, title=f"{indicator.title} by deprivation", unit=indicator.unit,
                         sii=sii if "value" in sii else None), rounded(groups), summary=summary,
            file_name=f"{indicator.id}_by_deprivation", key="deciles")
if "value" in sii:
    a, b, c = st.columns(3)
    a.metric("Slope index of inequality", f"{sii['value']:.2f}", help=f"95% CI {sii['lower_ci']:.2f} to "
             f"{sii['upper_ci']:.2f} {indicator.unit}; most minus least deprived")
    b.metric("Relative index of inequality", f"{sii['rii']:.2f}", help=f"95% CI {sii['rii_lower_ci']:.2f} to "
             f"{sii['rii_upper_ci']:.2f}; most over least deprived")
    c.metric("Groups", f"{sii['groups']}")
