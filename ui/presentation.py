"""Presentation mode for partnership meetings: one agenda view at a time, for a shared screen.

The URL carries it, so a link opens a meeting at any step:
`/partnership-meeting?present=1&agenda=default&step=0` (`agenda` is "default" or a saved agenda's id).
While presenting the frame draws no navigation and no sidebar; each step's page runs with the view's
filters (they override the URL's), under a bar with Previous / Next / Exit, the view's heading and its
sentences (beside the view's lead chart, ui.render.presented). CSS enlarges the text and hides the pages' own
controls; chart_block enlarges the charts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st

from ui import data
from ui.state import filters_from, mirror
from ui.text import plain
from views._shared import NoData
from views.agenda import PAGE_KEYS, AgendaView
from views.base import Filters
from warehouse.agendas import AgendaNotFound

PARAMS = ("present", "agenda", "step")
FINDINGS = "present-findings"
MEETING_PATH = "partnership-meeting"
SIDEBAR_KEYS = ("f_indicator", "f_theme", "f_period", "f_areas", "f_age", "f_rate")
CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 1.2rem 3rem 3rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.3rem; line-height: 1.5; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
[data-testid="stMain"] h1 { font-size: 1.6rem; color: #555; }
[data-testid="stMain"] h2 { font-size: 1.7rem; }
[data-testid="stMain"] .st-key-present-head h1 { font-size: 2.0rem; line-height: 1.25; color: #111;
  padding: 0.2rem 0 0.4rem; }
[data-testid="stMain"] .st-key-present-findings li { font-size: 1.3rem; line-height: 1.45; }
[data-testid="stMain"] .st-key-present-where p { font-size: 1.1rem; color: #555; }
[data-testid="stMain"] :is([data-testid="stRadio"], [data-testid="stSelectbox"], [data-testid="stMultiSelect"],
  [data-testid="stExpander"], [data-testid="stDownloadButton"]) { display: none; }
</style>"""


STEP = re.compile(r"[0-9]{1,4}")
AGENDA = re.compile(r"default|[0-9]{1,9}")


def agenda_param() -> str:
    """`agenda` from the URL when it is one an agenda can have ("default" or a saved id), else the default:
    an invalid parameter never reaches a message or an error page."""
    raw = st.query_params.get("agenda", data.DEFAULT_AGENDA)
    return raw if AGENDA.fullmatch(raw or "") else data.DEFAULT_AGENDA


def requested() -> bool:
    return st.query_params.get("present") == "1"


def link(agenda_key: str, step: int = 0) -> str:
    """The path that opens an agenda in presentation mode (prefix the server's address to share it)."""
    return f"/{MEETING_PATH}?" + urlencode({"present": 1, "agenda": agenda_key, "step": step})


@dataclass(frozen=True)
class Showing:
    key: str
    name: str
    views: list[AgendaView]
    step: int

    @property
    def view(self) -> AgendaView:
        return self.views[self.step]

    def params(self) -> dict[str, str]:
        return {"present": "1", "agenda": self.key, "step": str(self.step), **self.view.filters}


def start(version: str, role: str, page, by_path: dict) -> Showing | None:
    """The agenda and step the URL asks for; switches to the step's page when this is another page."""
    key = agenda_param()
    try:
        name, views = data.agenda_views(version, role, key)
    except (AgendaNotFound, ValueError) as missing:  # ValueError: a saved view this version cannot open
        st.warning(plain(f"Cannot present: {missing}. Choose an agenda on the Meeting page."),
                   icon=":material/event_busy:")
        return None
    if not views:
        st.info("This agenda has no views yet.")
        return None
    raw = st.query_params.get("step", "0")
    step = min(int(raw), len(views) - 1) if STEP.fullmatch(raw or "") else 0  # '²' is a digit to isdigit()
    showing = Showing(key=key, name=name, views=views, step=step)
    data.warm_agenda(version, role, key)
    target = by_path.get(showing.view.page)
    if target is not None and target.url_path != page.url_path:
        st.switch_page(target, query_params=showing.params())
    if raw != str(step):
        st.query_params["step"] = str(step)
    return showing


def filters(showing: Showing, version: str, *, role: str) -> Filters:
    """The view's filters (they override the URL's), written to the URL with the view's page parameters."""
    view = showing.view
    chosen = filters_from(view.filters, lambda indicator: data.period_options(version, indicator),
                          data.area_names(version), role=role)
    mirror(chosen)
    for name in PAGE_KEYS:
        if name in view.filters:
            if st.query_params.get(name) != view.filters[name]:
                st.query_params[name] = view.filters[name]
        elif name in st.query_params:
            del st.query_params[name]
    return chosen


def _go(step: int) -> None:
    st.query_params["step"] = str(step)


def _leave() -> None:
    for name in PARAMS:
        if name in st.query_params:
            del st.query_params[name]
    for key in SIDEBAR_KEYS:  # the sidebar re-reads the view's filters from the URL
        st.session_state.pop(key, None)


def bar(showing: Showing, version: str, role: str) -> None:
    """Previous / where we are / Next / Exit, then the view's heading and its sentences."""
    st.markdown(CSS, unsafe_allow_html=True)
    last = len(showing.views) - 1
    with st.container(key="present-bar"):
        back, where, forward, leave = st.columns([1.2, 5, 1.2, 1], vertical_alignment="center")
        back.button("Previous", key="present-prev", icon=":material/arrow_back:", disabled=showing.step == 0,
                    on_click=_go, args=(showing.step - 1,), width="stretch")
        where.container(key="present-where").markdown(f"{plain(showing.name)} · view {showing.step + 1} of "
                                                      f"{last + 1}")
        forward.button("Next", key="present-next", icon=":material/arrow_forward:", type="primary",
                       disabled=showing.step == last, on_click=_go, args=(showing.step + 1,), width="stretch")
        leave.button("Exit", key="present-exit", icon=":material/close:", on_click=_leave, width="stretch")
    with st.container(key="present-head"):
        st.title(plain(showing.view.heading), anchor=False)
    try:
        sentences = data.view_narrative(version, role, showing.view)
    except NoData as missing:
        sentences = [str(missing)]
    # The page draws them beside its lead chart, so the chart is on screen at 1280x720 (ui.render.presented).
    st.session_state[FINDINGS] = sentences


def begin(agenda_key: str, step: int = 0) -> None:
    """Callback: start presenting an agenda (the frame switches to the step's page on the rerun)."""
    st.query_params.update(present="1", agenda=agenda_key, step=str(step))


def base_url() -> str:
    """This server's address as the browser sees it (for links to copy), or the local default."""
    from urllib.parse import urlsplit

    url = urlsplit(st.context.url or "")
    return f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else "http://localhost:8501"
