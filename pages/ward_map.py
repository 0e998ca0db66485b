"""Ward map: any indicator for the chosen period, coloured by comparison with the borough or by fifths."""

from __future__ import annotations

import streamlit as st

from charts.map import ward_choropleth
from metrics import catalogue
from metrics.narrative import summarise_comparison
from metrics.views import indicator_table
from settings import get_settings
from ui import data
from ui.components import chart_block, indicator_header
from ui.state import page_param, set_page_param

settings = get_settings()
f, version = st.session_state["filters"], st.session_state["version"]
indicator = catalogue.get(f.indicator)
frame = data.indicator(version, f.role, f.indicator, f.period, f.breakdown)
if f.breakdown:
    frame = frame[frame["age_band"] == f.age]
st.title("Ward map")
indicator_header(indicator, frame["period_label"].iloc[0] + (f" · aged {f.age}" if f.breakdown else ""))

options = {"comparison": "Compared with the borough", "quintile": "Value (fifths of wards)"}
default = "comparison" if indicator.method != "score" else "quintile"
colour = st.radio("Colour wards by", list(options), format_func=options.get, horizontal=True,
                  index=list(options).index(page_param("colour", default, list(options))))
set_page_param("colour", colour, default)

wards, outline, approximate = data.shapes(version)
if approximate:
    st.caption(":material/info: Approximate generated geometry (Voronoi cells around ward centroids), not ONS "
               "boundaries: set `[geography] ward_boundaries` in dashboard.toml to use real ones.")
summary = summarise_comparison(frame, title=indicator.title, unit=indicator.unit, borough_name=settings.partnership)
figure = ward_choropleth(frame, wards, title=f"{indicator.title}, {frame['period_label'].iloc[0]}",
                         unit=indicator.unit, colour_by=colour, outline=outline)
chart_block(figure, indicator_table(frame, indicator), summary=summary, file_name=f"{indicator.id}_map",
            key="map")
