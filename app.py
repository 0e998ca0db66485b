"""The frame shared by every page: page config, grouped navigation (from views.PAGES), the shared filters
(mirrored in the URL so a copied link reopens the same view), who is looking and how fresh the data are;
then the page."""

from __future__ import annotations

import streamlit as st

import views
from settings import get_settings
from ui import data, navigation, presentation
from ui.favicon import favicon
from ui.session import auth_configured, current_role, gate, mode_label
from ui.state import sidebar_filters
from ui.text import plain
from views._shared import NoData

settings = get_settings()
st.set_page_config(page_title=f"{settings.partnership} Locality Dashboard", page_icon=favicon(),
                   layout="wide")

# url_path differs from each file's stem on purpose: a page whose url_path equals its stem opens without
# this frame on a deep link (Streamlit's legacy multipage mode takes over).
PAGES: dict[str, list] = {}
for page in views.PAGES:
    PAGES.setdefault(page.group, []).append(st.Page(page.file, title=page.title, icon=page.icon, url_path=page.path,
                                                    default=page.path == views.ROOT))
PAGES["Partnership"].append(st.Page("app_pages/meeting.py", title="Meeting", icon=":material/co_present:",
                                    url_path=presentation.MEETING_PATH))
UPLOAD = st.Page("app_pages/upload.py", title="Upload", icon=":material/upload_file:", url_path="upload-data")

role = current_role()
# Signed-out and no-access people stop here, whichever of the app's addresses they opened.
gate(role, [p.url_path for group in PAGES.values() for p in group] + [UPLOAD.url_path])
if role == "analyst":
    PAGES["About the data"].append(UPLOAD)


def sidebar(version: str):
    """Who is looking, the shared filters and how fresh the data are."""
    with st.sidebar:
        st.markdown(f"**{plain(settings.partnership)} Locality Dashboard**")
        navigation.sidebar_links(PAGES)
        st.caption(mode_label(role))  # plain text already (ui.session)
        if auth_configured():
            st.button("Sign out", on_click=st.logout, icon=":material/logout:")
        chosen = sidebar_filters(lambda indicator: data.period_options(version, indicator), data.area_names(version),
                                 role=role)
        fresh = data.freshness(version)
        if len(fresh):
            st.caption(plain("Data held, latest month: " + "; ".join(
                f"{r.source.replace('_', ' ')} {r.latest_month:%b %Y}" for r in fresh.itertuples()
                if str(r.latest_month) != "NaT") + f". Last ingest {fresh['last_ingest'].max():%d %b %Y %H:%M} UTC."))
    return chosen


# st.navigation routes only; the sidebar's links are drawn by ui/navigation.py (Streamlit's own sectioned menu
# has invalid list markup). Presentation mode (`?present=1&agenda=…&step=…`, ui/presentation.py) draws no
# navigation and no sidebar; the agenda view's page runs with the view's filters, under a bar that steps
# through the agenda.
presenting = presentation.requested()
page = st.navigation(PAGES, position="hidden")
version = data.begin_snapshot()
snapshot = data.current_snapshot()
data.warm(version, role, presentation.base_url())  # once per store version and role, off this thread
try:
    BY_PATH = {p.url_path: p for group in PAGES.values() for p in group}
    BY_PATH[views.ROOT] = BY_PATH[""]  # the default page's url_path reads "" (the root)
    showing = presentation.start(version, role, page, BY_PATH) if presenting else None
    if showing is not None:
        filters = presentation.filters(showing, version, role=role)
        presentation.bar(showing, version, role)
    else:
        filters = sidebar(version)
        # `?view=<url path>` opens that page inside this frame (after the filters have read the URL, which a
        # page switch clears): a link form that also lets tests run any page with the frame.
        target = st.query_params.get("view")
        if target in BY_PATH and target != page.url_path:
            del st.query_params["view"]
            st.switch_page(BY_PATH[target])
    st.session_state["filters"] = filters
    st.session_state["presenting"] = showing is not None
    st.session_state["role"] = role
    st.session_state["version"] = version
    page.run()
except NoData as missing:  # a source not loaded yet: say what to do, not a stack trace
    st.info(plain(str(missing)), icon=":material/database:")
finally:
    data.end_snapshot(snapshot)
