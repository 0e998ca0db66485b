"""The Upload page (analysts): check a partner's extract, see exactly what would load and why anything would
not, then confirm; the ingest log, with roll back. Streamlit glue over warehouse.ingest."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sources
from data_loaders import LoadError
from metrics.export import to_safe_csv
from settings import get_settings
from ui import data
from ui.render import styled
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
        st.dataframe(styled(changes_table(plan.changes)), hide_index=True)
        if not plan.clean:
            st.markdown("**Rejected rows and why**")
            st.dataframe(styled(plan.rejects.rename(columns=REJECT_COLUMNS)), hide_index=True)
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
    st.dataframe(styled(log_table(log)), hide_index=True)
    loaded = log[log["status"] == "loaded"]
    with st.form("rollback"):
        # Nothing is chosen until the person picks an ingest: a roll back is never one click from the default.
        target = st.selectbox("Roll back an ingest", list(loaded["ingest_id"].astype(int)), index=None,
                              format_func=lambda i: ingest_label(loaded, i),
                              placeholder="Choose the ingest to roll back")
        if st.form_submit_button("Roll back"):
            if target is None:
                st.warning("Choose an ingest first.")
            else:
                try:
                    st.success(plain(data.roll_back(int(target))))
                except RollbackRefused as refused:
                    st.error(plain(refused))


REJECT_COLUMNS = {"row_number": "Row", "reason": "Why it was refused", "raw": "The row as read"}
LOG_COLUMNS = {"ingest_id": "Ingest", "source": "Source", "file_name": "File", "rows_read": "Rows in the file",
               "rows_loaded": "Records stored", "rows_rejected": "Rows rejected", "rows_dropped": "Rows dropped",
               "rows_replaced": "Records replaced", "periods": "Periods", "loaded_at": "Loaded (UTC)",
               "status": "Status", "message": "Message"}


def source_title(name: str) -> str:
    return sources.get(name).title if name in sources.names() else name


def log_table(log: pd.DataFrame) -> pd.DataFrame:
    """The ingest log with the names people read: sources by title, times as dates."""
    out = log.assign(source=log["source"].map(source_title),
                     loaded_at=pd.to_datetime(log["loaded_at"]).dt.strftime("%d %b %Y %H:%M"))
    return out.rename(columns=LOG_COLUMNS)


def ingest_label(loaded: pd.DataFrame, ingest_id: int) -> str:
    row = loaded[loaded["ingest_id"] == ingest_id].iloc[0]
    return (f"{ingest_id}: {source_title(row['source'])}, {row['file_name']} "
            f"({pd.Timestamp(row['loaded_at']):%d %b %Y %H:%M}, {int(row['rows_loaded'] or 0):,} records)")


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    return changes.rename(columns={"period": "Month (or table)", "rows_before": "Records now",
                                   "rows_after": "Records after", "count_before": "Total count now",
                                   "count_after": "Total count after"})
