"""The Upload page (analysts): check a partner's extract, see exactly what would load and why anything would
not, then confirm; the ingest log, with roll back. Streamlit glue over warehouse.ingest."""

from __future__ import annotations

import streamlit as st

import sources
from data_loaders import LoadError
from metrics.export import to_safe_csv
from settings import get_settings
from ui import data
from ui.text import plain, plain_lines
from warehouse.ingest import RollbackRefused


def show() -> None:
    f = st.session_state["filters"]
    st.title("Upload partner data")
    if f.role != "analyst":
        st.warning("Uploads are for the analyst role.")
        return
    st.caption(f"Files are checked on the server (content, not extension; up to {get_settings().max_upload_mb} MB; "
               "no macro workbooks). Nothing is written until you confirm, and a refused file changes nothing.")

    source = st.selectbox("Source", list(sources.names()), format_func=lambda s: sources.get(s).title)
    upload = st.file_uploader("Partner extract: CSV, XLSX, a police.uk zip, or boundaries as GeoJSON, GeoPackage or zipped Shapefile", key="upload")
    if upload is not None:
        content = upload.getvalue()
        try:
            plan = data.upload_plan(source, upload.name, content)
        except LoadError as refused:
            st.error(f"**Refused, nothing loaded.**\n\n{plain_lines(refused)}")
            return
        if plan.already_loaded_as:
            st.info(f"This exact file was already loaded as ingest {plan.already_loaded_as}: loading it again changes "
                    "nothing.")
        a, b, c = st.columns(3)
        a.metric("Rows read", f"{plan.rows_read:,}")
        b.metric("Rows accepted", f"{plan.rows_accepted:,}")
        c.metric("Rows rejected", f"{len(plan.rejects):,}")
        for note in plan.notes:
            st.caption(plain(note))
        st.markdown("**What it will replace** (rows and total count now in the store for each period, and after)")
        st.dataframe(plan.changes, hide_index=True)
        if not plan.clean:
            st.markdown("**Rejected rows and why**")
            st.dataframe(plan.rejects, hide_index=True)
            rejects = plan.rejects
            st.download_button("Download rejected rows (CSV)", lambda: to_safe_csv(rejects), on_click="ignore",
                               file_name=f"{upload.name}.rejects.csv", mime="text/csv")
        replace = False
        if plan.needs_confirmation:
            st.warning("**This file removes more rows than it brings.**\n\n" + plain_lines(
                "\n".join(r.describe() for r in plan.replacements if r.removes_more)))
            replace = st.checkbox("Replace them: this file supersedes those rows (roll back restores them)",
                                  key="upload-replace")
        label = "Load the file" if plan.clean else f"Load {plan.rows_accepted:,} rows, quarantine {len(plan.rejects):,}"
        if st.button(label, type="primary", disabled=plan.already_loaded_as is not None
                     or (plan.needs_confirmation and not replace)):
            try:
                result = data.upload_ingest(source, upload.name, content, partial=not plan.clean, replace=replace)
                st.success(plain(result.summary()))
            except LoadError as refused:
                st.error(f"**Refused, nothing loaded.**\n\n{plain_lines(refused)}")

    st.subheader("Ingest log")
    log = data.ingest_log(data.store_version())
    st.dataframe(log, hide_index=True, column_config={"loaded_at": st.column_config.DatetimeColumn(
        "Loaded (UTC)", format="D MMM YYYY HH:mm")})
    with st.form("rollback"):
        target = st.number_input("Roll back ingest", min_value=1, step=1, value=int(log["ingest_id"].max() or 1)
                                 if len(log) else 1)
        if st.form_submit_button("Roll back"):
            try:
                st.success(plain(data.roll_back(int(target))))
            except RollbackRefused as refused:
                st.error(plain(refused))
