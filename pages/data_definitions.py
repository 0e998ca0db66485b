"""Data and definitions: every source with its freshness, rows, last ingest and rejects; every indicator's
definition, method and attribution."""

from __future__ import annotations

import streamlit as st

from metrics.views import definitions
from settings import get_settings
from ui import data

settings = get_settings()
version = st.session_state["version"]
st.title("Data and definitions")
st.subheader("Sources")
sources = data.reference(version, "data_sources")
st.dataframe(sources, hide_index=True, column_config={
    "first_month": st.column_config.DateColumn("First month", format="MMM YYYY"),
    "latest_month": st.column_config.DateColumn("Latest month", format="MMM YYYY"),
    "last_ingest": st.column_config.DatetimeColumn("Last ingest (UTC)", format="D MMM YYYY HH:mm")})
st.caption("Rows rejected at ingest are held in the store's `rejects` table with the reason; "
           "`python -m warehouse status` lists every table.")
st.subheader("Indicators")
st.dataframe(definitions(), hide_index=True)
st.subheader("Disclosure control")
st.markdown(f"For the viewer role, counts from 1 to {settings.threshold} are suppressed and other counts are "
            f"rounded to the nearest {settings.rounding}. Further cells are suppressed where a hidden value "
            "could be worked out from the totals shown (secondary suppression). Rates and proportions built on a "
            "suppressed count are suppressed. The same rules apply to every chart, table and download.")
st.subheader("Attribution")
st.markdown("Contains public sector information licensed under the Open Government Licence v3.0 (ONS, MHCLG, "
            "police.uk, NHS Digital, OHID Fingertips). Contains OS data © Crown copyright and database right. "
            "Partner data: shared under the partnership's data sharing agreement.")
