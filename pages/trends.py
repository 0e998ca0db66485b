"""Trends: the borough and chosen wards over time, against the pre-pandemic baseline, with SPC signals."""

from __future__ import annotations

import streamlit as st

from charts.trend import trend_chart
from metrics import catalogue
from metrics.narrative import summarise_trend
from metrics.views import series_table
from settings import get_settings
from ui import data
from ui.components import chart_block
from ui.state import page_param, set_page_param

settings = get_settings()
f, version = st.session_state["filters"], st.session_state["version"]
indicator = catalogue.get(f.indicator)
st.title("Trends")
if indicator.numerator is None:
    st.info(f"{indicator.title} is deprivation context, published once: it has no time series.")
    st.stop()
st.caption(f"{indicator.title} · {indicator.unit}. {indicator.definition}")
freq_options = ["month", "week"] if indicator.source == "community_hub" else ["month"]
freq = st.radio("Show", freq_options, horizontal=True, format_func=lambda v: f"By {v}",
                index=freq_options.index(page_param("freq", "month", freq_options)))
set_page_param("freq", freq, "month")

series = data.indicator_series(version, f.role, f.indicator, f.wards, freq)
summary = summarise_trend(series, title=indicator.title, unit=indicator.unit, borough_name=settings.partnership)
figure = trend_chart(series, title=f"{indicator.title} by {freq}", unit=indicator.unit, lockdowns=settings.lockdowns,
                     show_spc=True, show_baseline=freq == "month")
chart_block(figure, series_table(series), summary=summary, file_name=f"{indicator.id}_{freq}ly_trend", key="trend")
st.caption("Dashed vertical lines mark national lockdowns. The shaded band is the range expected from the same "
           "month in the baseline year; grey lines are the SPC mean and process limits (XmR, NHS Making Data "
           "Count), with special-cause points marked.")
