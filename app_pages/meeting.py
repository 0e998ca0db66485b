"""Partnership meeting: agendas to present on a shared screen (the default one built from the data, or saved
ones), their shareable links, the one-click pack (PDF, charts as PNG), and for analysts a form to make one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data, presentation
from ui.export import ExportUnavailable
from ui.session import auth_configured, signed_in_email
from ui.text import plain
from views.agenda import AgendaView, agenda_pages
from views.base import ALL_AGES

PAGES = agenda_pages()

f, version = st.session_state["filters"], st.session_state["version"]
DRAFT = "agenda_draft"
st.title("Partnership meeting")
st.caption("Share your screen and step through an agenda, one view at a time, in large type with each view's "
           "findings in words. A link opens the same agenda for anyone with access, with their own role's figures.")

saved = data.saved_agendas()
labels = {data.DEFAULT_AGENDA: "Default agenda (built from the data)"} | {
    str(r.agenda_id): f"{r.name} · {r.views} views · {r.created_by}, {r.created_at:%d %b %Y}" for r in saved.itertuples()}
keys = list(labels)
wanted = presentation.agenda_param()
choice = st.selectbox("Agenda", keys, index=keys.index(wanted) if wanted in keys else 0, format_func=labels.get)
if choice == data.DEFAULT_AGENDA:
    st.query_params.pop("agenda", None)
elif st.query_params.get("agenda") != choice:
    st.query_params["agenda"] = choice
try:
    name, views = data.agenda_views(version, f.role, choice)
except ValueError as problem:  # a saved view this version cannot open
    st.error(plain(f"Agenda {choice} cannot be opened: {problem}"))
    st.stop()
base = presentation.base_url()
st.code(base + presentation.link(choice), language=None)

present, make = st.columns(2)
present.button("Present", type="primary", icon=":material/slideshow:", on_click=presentation.begin, args=(choice,))
views_json, slug = tuple(v.to_json() for v in views), "".join(c if c.isalnum() else "-" for c in name.lower())
key = (version, f.role, name, views_json, base)
data.pack_job(version, f.role, name, views_json, base)  # started now, on its own thread: ready sooner when asked
ready = st.session_state.get("_pack") == key
if make.button("Make the pack (PDF, charts)", icon=":material/picture_as_pdf:", key="pack-make", disabled=ready) \
        or ready:
    try:
        made = data.pack(version, f.role, name, views_json, base)  # waits under a progress bar with its step
    except ExportUnavailable as problem:
        st.error(plain(f"The pack cannot be made on this server: {problem}"))
        st.stop()
    st.session_state["_pack"] = key
    pdf, pngs = st.columns(2)
    # the bytes are handed over only when a download is pressed (deferred), not on every run of the page
    pdf.download_button("Download pack (PDF)", lambda: made.pdf, file_name=f"{slug}-pack.pdf", mime="application/pdf",
                        on_click="ignore", icon=":material/picture_as_pdf:", key="pack-pdf")
    pngs.download_button("Download charts (PNG, zip)", made.png_zip, file_name=f"{slug}-charts.zip",
                         mime="application/zip", on_click="ignore", icon=":material/image:", key="pack-png")
st.caption("The pack has one page per view: its heading, findings in words, the chart as an image, sources, "
           "definitions and the date. " + ("Small numbers are suppressed (viewer role)." if f.role == "viewer"
                                           else "Figures are unsuppressed (analyst role): do not circulate."))

st.subheader(plain(name))
st.dataframe(pd.DataFrame({
    "Step": range(1, len(views) + 1), "Heading": [v.heading for v in views], "Page": [PAGES[v.page] for v in views],
    "Shows": [v.describe(data.area_names(version)) for v in views],
    "Open": [base + v.path for v in views], "Present": [base + presentation.link(choice, i) for i in range(len(views))],
}), hide_index=True, column_config={"Open": st.column_config.LinkColumn(display_text="Open the view"),
                                    "Present": st.column_config.LinkColumn(display_text="Present from here")})
if st.toggle("Show what each view will say", key="meeting-say"):
    for view in views:
        st.markdown(f"**{plain(view.heading)}**\n\n" + "\n".join(
            f"- {plain(s)}" for s in data.view_narrative(version, f.role, view)))

st.subheader("Make an agenda")
if f.role != "analyst":
    st.caption("Analysts make and save agendas; anyone can present them and download the pack.")
    st.stop()
draft: list[AgendaView] = st.session_state.setdefault(DRAFT, [])


def add_view() -> None:
    filters = {"indicator": f.indicator, "period": f.period, "areas": ",".join(f.areas),
               "age": "" if f.age == ALL_AGES else f.age, "rate": "" if f.rate == "crude" else f.rate}
    try:
        draft.append(AgendaView(st.session_state["draft-heading"], st.session_state["draft-page"], filters))
        st.session_state["draft-heading"] = ""
    except ValueError as problem:
        st.session_state["draft-error"] = str(problem)


def save() -> None:
    try:
        new = data.save_agenda(st.session_state["draft-name"], draft,
                               signed_in_email() if auth_configured() else "local analyst")
    except ValueError as problem:
        st.session_state["draft-error"] = str(problem)
        return
    st.session_state[DRAFT] = []
    st.session_state["draft-saved"] = new
    st.query_params["agenda"] = str(new)


st.caption("A view is a page with the sidebar's current filters and a heading for the room. Set the filters in "
           "the sidebar, then add the view.")
left, right = st.columns([3, 2])
left.text_input("Heading", key="draft-heading", placeholder="e.g. Food parcels: Chorley East against the borough")
right.selectbox("Page", list(PAGES), format_func=PAGES.get, key="draft-page")
st.button("Add to the draft agenda", on_click=add_view, icon=":material/playlist_add:")
if st.button("Start from the default agenda", icon=":material/content_copy:"):
    draft.extend(data.default_agenda(version, f.role))
if error := st.session_state.pop("draft-error", None):
    st.error(plain(error))
if draft:
    st.dataframe(pd.DataFrame([{"Heading": v.heading, "Page": PAGES[v.page], "Link": base + v.path} for v in draft]),
                 hide_index=True, column_config={"Link": st.column_config.LinkColumn(display_text="Open")})
st.text_input("Agenda name", key="draft-name", placeholder="e.g. Partnership meeting, March")
st.button("Save agenda", type="primary", on_click=save, disabled=not draft, icon=":material/save:")
if saved_id := st.session_state.pop("draft-saved", None):
    st.success(f"Saved as agenda {saved_id}. Link to present it: {base + presentation.link(str(saved_id))}")
