"""Community hub: food parcels, personal shopping and the other request types by ward and age band."""

from __future__ import annotations

import streamlit as st

from charts.hub import age_band_heatmap, request_mix_bars, weekly_volumes
from metrics.views import HUB_TYPES, age_contrast_sentence, rounded
from settings import get_settings
from ui import data
from ui.components import chart_block
from ui.state import page_param, set_page_param

settings = get_settings()
f, version = st.session_state["filters"], st.session_state["version"]
st.title("Community hub")
period = f.period if f.indicator.startswith("hub_") else ""
st.caption("Requests per 1,000 residents in the same age band (Census 2021), so age groups of different sizes "
           "compare fairly. The period follows the sidebar when a hub indicator is chosen, else the latest three "
           "months.")

mix = data.view(version, f.role, "hub_age_rates", period=period)
label = mix["period_label"].iloc[0]
contrast = age_contrast_sentence(data.view(version, f.role, "hub_age_contrast", category="Food parcel", period=period))
shop = age_contrast_sentence(data.view(version, f.role, "hub_age_contrast", category="Personal shopping",
                                       period=period))
st.info(f"{contrast} {shop}")
chart_block(request_mix_bars(mix[["age_band", "category", "value"]], title=f"Requests per 1,000 in each age band, {label}"),
            rounded(mix), summary=contrast, file_name="hub_requests_by_age", key="mix")

category = st.selectbox("Request type for the ward table", HUB_TYPES,
                        index=HUB_TYPES.index(page_param("type", "Food parcel", list(HUB_TYPES))))
set_page_param("type", category, "Food parcel")
grid = data.view(version, f.role, "hub_ward_age", category=category, period=period)
cells = grid[(grid["age_band"] != "All") & (grid["area_type"] != "borough")]
st.markdown(f"#### {category} requests per 1,000 residents, by ward and age band")
table = rounded(grid[["area_name", "age_band", "count", "denominator", "value", "lower_ci", "upper_ci",
                     "comparison", "suppressed"]])
chart_block(age_band_heatmap(cells, title=f"{category} requests per 1,000 in the age band, {label}",
                             unit="per 1,000 residents in the age band"), table,
            summary=age_contrast_sentence(data.view(version, f.role, "hub_age_contrast", category=category,
                                                    period=period)),
            file_name=f"hub_{category.lower().replace(' ', '_')}_ward_age", key="wardage")

st.markdown("#### Requests each week")
weekly = data.view(version, f.role, "hub_weekly")
chart_block(weekly_volumes(weekly, title="Hub requests per week by type", lockdowns=settings.lockdowns),
            weekly, summary="Weekly requests by type since the hub opened; dashed lines mark lockdowns. Weeks "
                            "with a type of 1-7 requests show it as suppressed for viewers.",
            file_name="hub_weekly_requests", key="weekly")

st.markdown("#### Referral sources and repeat requests")
st.dataframe(data.view(version, f.role, "hub_referrals_and_repeats", period=period), hide_index=True)
