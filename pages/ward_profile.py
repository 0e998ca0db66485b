"""Ward profile: one ward against the borough on every indicator, its people, deprivation and demand."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from charts.population import population_pyramid
from charts.spine import spine_chart
from charts.trend import trend_chart
from metrics.engine import NoData
from metrics.narrative import summarise_ward_profile
from metrics.views import rounded, series_table
from settings import get_settings
from ui import data
from ui.components import chart_block

settings = get_settings()
f, version = st.session_state["filters"], st.session_state["version"]
names = settings.ward_names
ward = f.wards[0] if f.wards else next(iter(names))
st.title(f"Ward profile: {names[ward]}")
if not f.wards:
    st.caption("Showing the first ward: choose wards in the sidebar (the first chosen is profiled).")

spine = data.view(version, f.role, "ward_spine", ward_code=ward, period=f.period)
summary = summarise_ward_profile(spine, ward_name=names[ward], borough_name=settings.partnership)
chart_block(spine_chart(spine, title=f"{names[ward]} against {settings.partnership} (latest 3 months per source)",
                        ward_name=names[ward], borough_name=settings.partnership),
            rounded(spine.drop(columns=["indicator_id"])), summary=summary, file_name=f"profile_{ward}", key="spine")

left, right = st.columns(2)
with left:
    pop = data.reference(version, "population_profile", ward_code=ward)
    chart_block(population_pyramid(pop, title="Residents by age (Census 2021)", ward_name=names[ward],
                                   borough_name=settings.partnership), pop,
                summary=f"Share of residents in each five-year age band in {names[ward]} (left) and "
                        f"{settings.partnership} (right).", file_name=f"population_{ward}", key="pyramid")
with right:
    mix = data.reference(version, "deprivation_mix", ward_code=ward)
    figure = px.bar(mix, x="imd_decile", y="lsoas", labels={"imd_decile": "IMD 2025 decile (1 = most deprived)",
                                                           "lsoas": "Neighbourhoods (LSOAs)"},
                    title="Neighbourhoods by national deprivation decile", color_discrete_sequence=["#0072B2"])
    chart_block(figure, mix, summary=f"{names[ward]} has {int(mix['lsoas'].sum())} LSOAs; "
                f"{int(mix.loc[mix['imd_decile'] <= 3, 'lsoas'].sum())} are among England's 30% most deprived.",
                file_name=f"imd_mix_{ward}", key="imd")

st.markdown("#### Partner demand over time in this ward")
for indicator_id, title in (("hub_food_parcels", "Food parcel requests"), ("ca_debt", "Debt advice"),
                            ("police_asb", "Anti-social behaviour"), ("mh_start_referrals", "START referrals")):
    try:
        series = data.indicator_series(version, f.role, indicator_id, (ward,), "month")
    except NoData:
        continue  # that partner's data is not loaded yet
    chart_block(trend_chart(series, title=f"{title}: {names[ward]} and {settings.partnership}",
                            unit="per 1,000 residents", lockdowns=settings.lockdowns, show_spc=False),
                series_table(series),
                summary=f"{title} per 1,000 residents each month in {names[ward]} and the borough.",
                file_name=f"{indicator_id}_{ward}", key=f"trend-{indicator_id}")
