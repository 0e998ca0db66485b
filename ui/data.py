"""Cached access to the store for pages: small aggregates only, keyed by store version and role.

Each call opens the store read-only for the duration of the query, so an ingest from the command line
can take the write lock between page runs. `st.cache_data` pickles each hit, so only small aggregated
frames are cached here, never rows of events; a page's built view (figures and aggregated frames) is held as
an object with st.cache_resource. The role is part of every key: cached results never cross roles.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, replace

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import views
from metrics import catalogue
from metrics.periods import default_period
from settings import get_settings
from views import agenda
from views._shared import DEFAULT_INDICATOR
from views.agenda import AgendaView
from views.base import Filters, PageView
from warehouse import values
from warehouse.agendas import AgendaNotFound, list_agendas, load_agenda
from warehouse.agendas import save_agenda as store_agenda
from warehouse.interventions import add_intervention as store_intervention
from warehouse.interventions import list_interventions, logs_version
from warehouse.interventions import withdraw as store_withdraw
from warehouse.status import source_freshness
from warehouse.store import Store, connect, opened
from warehouse.stories import add_story as store_story
from warehouse.stories import edit_story as store_edit_story
from warehouse.stories import list_stories, stories_version
from warehouse.stories import withdraw_story as store_withdraw_story

CACHE = {"show_spinner": False, "max_entries": 256}
SNAPSHOT = "_snapshot"


class RunSnapshot:
    """A script run's store inside its read transaction; closing it twice is harmless."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.closed = False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.store.execute("ROLLBACK")
        finally:
            self.store.close()


def begin_snapshot() -> str:
    """Open this script run's read snapshot: every query in the run sees the same committed data, so a page
    never mixes data from before and after an ingest. Returns the snapshot's version (the cache key)."""
    end_snapshot()
    store = connect(read_only=True)
    store.execute("BEGIN TRANSACTION")
    st.session_state[SNAPSHOT] = RunSnapshot(store)
    return snapshot_version(store)


def current_snapshot() -> RunSnapshot | None:
    return st.session_state.get(SNAPSHOT)


def end_snapshot(snapshot: RunSnapshot | None = None) -> None:
    """Close the run's snapshot. The frame's `finally` passes it in: after a page's st.stop() every touch of
    st.session_state raises StopException again, so looking it up there would leave the store open (and the
    DuckDB file locked against other processes)."""
    if snapshot is None:
        snapshot = st.session_state.pop(SNAPSHOT, None)
    if snapshot is not None:
        snapshot.close()


_WARMING = threading.local()  # the warming thread's own store (it has no session)


def _open_snapshot() -> Store | None:
    warming = getattr(_WARMING, "store", None)
    if warming is not None:
        return warming
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    held = st.session_state.get(SNAPSHOT)
    return held.store if held is not None and not held.closed else None


def snapshot_version(store: Store) -> str:
    """Changes with every ingest or roll back: the cache key of everything computed from this snapshot."""
    return f"{get_settings().store_url}#{values.store_version(store)}#{logs_version(store)}#{stories_version(store)}"


def store_version() -> str:
    store = _open_snapshot()
    if store is not None:
        return snapshot_version(store)
    with opened(read_only=True) as own:
        return snapshot_version(own)


class _Snapshot:
    """`with _snapshot() as store`: the run's snapshot when the frame opened one, else a short-lived store."""

    def __enter__(self) -> Store:
        self.own = None
        store = _open_snapshot()
        if store is None:
            self.own = store = connect(read_only=True)
        return store

    def __exit__(self, *exc) -> None:
        if self.own is not None:
            self.own.close()


_snapshot = _Snapshot


def _filters_json(filters: Filters) -> str:
    return json.dumps(asdict(filters), sort_keys=True)


def page_view(version: str, path: str, filters: Filters) -> PageView:
    """A page's whole content (frames, figures, sentences), built once per store version, role and filters.

    The same view asked for two ways is one entry: the page passes its controls' values, a meeting step's
    sentences, the pack and warming pass only what differs from the defaults, so the controls' defaults (and
    the default indicator) are filled in before the key is made."""
    defaults = {c.name: c.default for c in views.BY_PATH[path].PAGE.controls if c.kind != "areas"}
    filters = replace(filters, indicator=filters.indicator if catalogue.known(filters.indicator) else DEFAULT_INDICATOR,
                      options=tuple(sorted((defaults | dict(filters.options)).items())))
    return _page_view(version, path, _filters_json(filters))


@st.cache_resource(show_spinner=False, max_entries=64)
def _page_view(version: str, path: str, filters_json: str) -> PageView:
    """Held as the object itself (st.cache_resource), not pickled: unpickling a view's plotly figures validates
    every property again, a fifth of a cached run's time. Views are never changed after they are built (the
    renderer, meeting mode and the pack copy a figure or frame before changing it). An object is about five
    times its pickle (0.02-1.9 MB on the sample store), so fewer are kept than st.cache_data's 256."""
    with _snapshot() as store:
        return views.BY_PATH[path].build(store, _from_json(filters_json))


def _from_json(filters_json: str) -> Filters:
    raw = json.loads(filters_json)
    raw["areas"], raw["options"] = tuple(raw["areas"]), tuple(tuple(o) for o in raw["options"])
    return Filters(**raw)


def _build_behind(version: str, name: str, wanted: list[tuple[str, Filters]],
                  then: Callable[[], list[tuple[str, Filters]]] | None = None,
                  last: Callable[[], None] | None = None) -> threading.Thread:
    """Build these views into the page cache on a background thread, in order, with its own read-only store
    (the store the version names first, whatever settings say later), then the views `then` names (asked on
    that thread), then call `last`. Best effort: a view that cannot be built is skipped, and its page shows the
    real error when visited."""
    url = version.split("#", 1)[0]

    def build_all() -> None:
        with opened(url, read_only=True) as store:
            _WARMING.store = store
            try:
                for path, filters in wanted:
                    try:
                        page_view(version, path, filters)
                    except Exception:  # noqa: BLE001, S112 - warming is best effort (see above)
                        continue
                try:
                    later = then() if then is not None else []
                except Exception:  # noqa: BLE001 - best effort, as above
                    later = []
                for path, filters in later:
                    try:
                        page_view(version, path, filters)
                    except Exception:  # noqa: BLE001, S112 - as above
                        continue
            finally:
                _WARMING.store = None
        if last is not None:
            try:
                last()
            except Exception:  # noqa: BLE001, S110 - as above
                pass

    thread = threading.Thread(target=build_all, name=name, daemon=True)
    thread.start()
    return thread


def prepare_pack() -> bool:
    """Whether warming also makes the default agenda's pack (DASHBOARD_PREPARE_PACK=0 turns it off: it opens
    Chromium in the background after every start and ingest)."""
    return os.environ.get("DASHBOARD_PREPARE_PACK", "1") != "0"


@st.cache_resource(show_spinner=False, max_entries=8)
def warm(version: str, role: str, base_url: str) -> threading.Thread:
    """Every page's default view for `role`, once per store version (a server start, an ingest, a roll back),
    then the default agenda's steps (what a meeting presents and packs), then that agenda's pack (links to
    `base_url`), so the first visitor of each page finds it in the cache and a meeting's press finds the pack
    made; the page builds what the thread has not reached."""
    def agenda_steps() -> list[tuple[str, Filters]]:
        return [(v.page, v.filters_for(role)) for v in agenda_views(version, role, DEFAULT_AGENDA)[1]]

    def the_pack() -> None:  # on its own thread, from the steps just built
        name, steps = agenda_views(version, role, DEFAULT_AGENDA)
        pack_job(version, role, name, tuple(v.to_json() for v in steps), base_url)

    return _build_behind(version, f"warm-views-{role}",
                         [(page.path, Filters(indicator=DEFAULT_INDICATOR, role=role)) for page in views.PAGES],
                         then=agenda_steps, last=the_pack if prepare_pack() else None)


NEAR_PERIODS = 2  # a period chosen: the next ones down the list (older) and the one above are built behind


def warm_periods(version: str, path: str, filters: Filters) -> threading.Thread | None:
    """Someone who has chosen a period steps through periods: build this view for the periods beside it in
    the Period list, off this thread, so the next choice finds its view built. Nothing is built while the
    page shows its default period."""
    if not filters.period:
        return None
    codes = [code for code, _ in period_options(version, filters.indicator) if code]
    if filters.period not in codes:
        return None
    at = codes.index(filters.period)
    near = codes[at + 1:at + 1 + NEAR_PERIODS] + codes[max(at - 1, 0):at]
    return _warm_near(version, path, _filters_json(filters), tuple(near))


@st.cache_resource(show_spinner=False, max_entries=64)
def _warm_near(version: str, path: str, filters_json: str, near: tuple[str, ...]) -> threading.Thread:
    filters = _from_json(filters_json)
    return _build_behind(version, "warm-periods", [(path, replace(filters, period=code)) for code in near])


@st.cache_resource(show_spinner=False, max_entries=16)
def warm_agenda(version: str, role: str, key: str) -> threading.Thread:
    """Every step of an agenda being presented, in order, once per store version, role and agenda: Next finds
    the coming views built."""
    _, steps = agenda_views(version, role, key)
    return _build_behind(version, f"warm-agenda-{role}", [(v.page, v.filters_for(role)) for v in steps])


@st.cache_data(**CACHE)
def freshness(version: str) -> pd.DataFrame:
    with _snapshot() as store:
        return source_freshness(store)


@st.cache_data(**CACHE)
def period_options(version: str, indicator_id: str) -> list[tuple[str, str]]:
    """("", the default) then quarters, financial years, calendar years and months held, newest first."""
    with _snapshot() as store:
        if catalogue.get(indicator_id).method == "score":
            editions = values.editions_held(store, indicator_id)
            return [("", f"Latest ({editions[-1]})" if editions else "Latest")]
        held = values.periods_held(store, indicator_id)
    if not held:
        return [("", "Latest")]
    latest = default_period(held)
    options = [("", f"Latest complete quarter ({latest.long_label})" if latest.kind == "quarter"
                else f"Latest ({latest.long_label})")]
    for kind in ("quarter", "financial_year", "year", "month"):
        options += [(p.code, p.long_label) for p in sorted((p for p in held if p.kind == kind),
                                                           key=lambda p: p.start, reverse=True)]
    return options


@st.cache_data(**CACHE)
def area_names(version: str) -> dict[str, str]:
    """Every area a person may choose (wards, groups, districts …), with its name, in a sensible order."""
    from warehouse.areas import TYPE_NAMES

    with _snapshot() as store:
        geo = values.geography(store)
    order = ("ward", "group", "pcn", "district", "partnership", "deprivation")
    out = {}
    for kind in order:
        for area in geo.of_type(kind):
            out[area.code] = area.name if kind == "ward" else f"{area.name} ({TYPE_NAMES[kind].lower()})"
    return out


@st.cache_data(**CACHE)
def area_types(version: str) -> dict[str, str]:
    """Every area's type (ward, group, pcn, district …), for controls that suggest areas by type."""
    with _snapshot() as store:
        geo = values.geography(store)
    return {a.code: a.type for a in geo.areas}


# --- uploads (analyst role): never cached; each call opens its own cursor on the shared database ---

@contextmanager
def _status(label: str):
    """A status box with a progress bar and the current step (warehouse.ingest's `progress` callback); it
    collapses when the work is done and says so when it failed."""
    with st.status(label, expanded=True) as box:
        bar = st.progress(0.0, text="Starting")
        started = time.monotonic()

        def step(text: str, done: float) -> None:
            bar.progress(min(max(done, 0.0), 1.0), text=text)

        try:
            yield step
        except Exception:
            box.update(label=f"{label}: stopped", state="error", expanded=False)
            raise
        bar.progress(1.0, text="Done")
        box.update(label=f"{label}: done in {time.monotonic() - started:.1f} s", state="complete", expanded=False)


def upload_plan(source: str, file_name: str, content: bytes):
    """Check an uploaded file on the server and dry-run it: what would load, what would be rejected, what
    it would replace. Raises LoadError for a file that cannot be read at all."""
    from warehouse.ingest import dry_run  # runs the upload checks (size, content, archives) first

    with _status("Checking the file (dry run: nothing is written)") as step, opened() as store:
        return dry_run(store, source, file_name, data=content, file_name=file_name, progress=step)


def upload_ingest(source: str, file_name: str, content: bytes, *, partial: bool, replace: bool = False):
    """Load a checked upload; `replace` is the person's confirmation that a file which removes more rows than
    it brings replaces them."""
    from warehouse.ingest import ingest

    with _status("Loading the file") as step, opened() as store:
        result = ingest(store, source, file_name, data=content, file_name=file_name, partial=partial,
                        replace=replace, progress=step)
    _forget()
    return result


def _forget() -> None:
    """After a load or a roll back: the store version changes too; clearing frees memory sooner."""
    st.cache_data.clear()
    _page_view.clear()


def ingest_log(version: str) -> pd.DataFrame:
    with opened(read_only=True) as store:  # fresh, so a load or roll back just made shows at once
        return store.fetch('SELECT ingest_id, source, file_name, rows_read, rows_loaded, rows_rejected, '
                           'rows_dropped, rows_replaced, periods, loaded_at, status, message FROM "ingests" '
                           "ORDER BY ingest_id DESC LIMIT 200")


def roll_back(ingest_id: int) -> str:
    from warehouse.ingest import rollback

    with opened() as store:
        message = rollback(store, ingest_id)
    _forget()
    return message


# --- the intervention log (analyst role writes; never cached) --------------------------------------------

def interventions() -> list[tuple[int, str]]:
    """(id, "title (partner)") of every intervention on the log, oldest first."""
    with _snapshot() as store:
        return [(i.intervention_id, f"{i.title} ({i.partner}), {i.when()}") for i in list_interventions(store)]


def add_intervention(*, created_by: str, **fields) -> int:
    with opened() as store:
        return store_intervention(store, created_by=created_by, **fields)


def withdraw_intervention(intervention_id: int, *, by: str) -> None:
    with opened() as store:
        store_withdraw(store, intervention_id, by=by)


# --- stories beside the figures (analyst role writes; never cached) -------------------------------------

def stories_to_edit() -> list:
    """Every story not withdrawn, fresh from the store (a story saved a moment ago is there), for the edit form."""
    with opened(read_only=True) as store:
        return list_stories(store, role="analyst")


def add_story(*, created_by: str, **fields) -> int:
    with opened() as store:
        return store_story(store, created_by=created_by, **fields)


def edit_story(story_id: int, *, by: str, **fields) -> dict:
    with opened() as store:
        return store_edit_story(store, story_id, by=by, **fields)


def withdraw_story(story_id: int, *, by: str, reason: str = "") -> None:
    with opened() as store:
        store_withdraw_story(store, story_id, by=by, reason=reason)


# --- partnership meetings: agendas (default from the data, or saved), each view's sentences, the pack ---

DEFAULT_AGENDA = "default"


@st.cache_data(**CACHE)
def default_agenda(version: str, role: str) -> list[AgendaView]:
    with _snapshot() as store:
        return agenda.default_agenda(store, role=role)


def agenda_views(version: str, role: str, key: str) -> tuple[str, list[AgendaView]]:
    """(name, views) of the default agenda or a saved one; raises AgendaNotFound for an unknown key."""
    if key == DEFAULT_AGENDA:
        return "Default agenda (from the data)", default_agenda(version, role)
    if not str(key).isdigit():
        raise AgendaNotFound(f"there is no saved agenda {key!r}")
    with opened(read_only=True) as store:  # fresh: an agenda saved a moment ago is there
        saved = load_agenda(store, int(key))
    return saved.name, [AgendaView.from_dict(v) for v in saved.views]


def saved_agendas() -> pd.DataFrame:
    with opened(read_only=True) as store:
        return list_agendas(store)


def save_agenda(name: str, views: list[AgendaView], created_by: str) -> int:
    with opened() as store:
        return store_agenda(store, name, views, created_by)


def view_narrative(version: str, role: str, view: AgendaView) -> list[str]:
    """What a meeting step says: the narrative of the same view its page renders."""
    return list(page_view(version, view.page, view.filters_for(role)).narrative)


class PackJob:
    """A pack being made on a background thread: the step it is on, then the pack or the error."""

    def __init__(self) -> None:
        self.step, self.done_share = "Starting", 0.0
        self.made = self.error = None
        self.finished = threading.Event()

    def progress(self, step: str, done: float) -> None:
        self.step, self.done_share = step, min(max(done, 0.0), 1.0)


@st.cache_resource(show_spinner=False, max_entries=4)
def pack_job(version: str, role: str, name: str, views_json: tuple[str, ...], base_url: str) -> PackJob:
    """The meeting pack (PDF and PNGs) for this store version, role and agenda, made once on a background
    thread as soon as the meeting page shows the agenda (Chromium opens while the room reads the page), from
    the views the page cache holds; every session asking for the same pack shares it (figures are the role's:
    the role is in the key). Kept with st.cache_resource, not st.cache_data: it is megabytes of bytes."""
    from ui.export import build_pack

    job = PackJob()
    url = version.split("#", 1)[0]
    steps = [AgendaView.from_json(v) for v in views_json]

    def make() -> None:
        try:
            with opened(url, read_only=True) as store:
                _WARMING.store = store
                try:
                    job.made = build_pack(store, name, steps, role=role, base_url=base_url, progress=job.progress,
                                          content=lambda view: page_view(version, view.page, view.filters_for(role)))
                finally:
                    _WARMING.store = None
        except Exception as problem:  # noqa: BLE001 - shown to whoever asks for the pack (see `pack`)
            job.error = problem
        finally:
            job.finished.set()

    threading.Thread(target=make, name=f"pack-{role}", daemon=True).start()
    return job


def pack(version: str, role: str, name: str, views_json: tuple[str, ...], base_url: str):
    """The pack of `pack_job`, waited for under a progress bar with the step it is on; ready at once when the
    background thread has finished. Raises what making it raised."""
    job = pack_job(version, role, name, views_json, base_url)
    if not job.finished.is_set():
        with st.status("Making the pack", expanded=True) as status:
            bar = st.progress(job.done_share, text=job.step)
            while not job.finished.wait(0.2):
                bar.progress(job.done_share, text=job.step)
            if job.made is not None:
                bar.progress(1.0, text=f"Done in {job.made.seconds:.1f} s")
                status.update(label=f"Pack ready: {job.made.pages} pages ({job.made.seconds:.1f} s)",
                              state="complete", expanded=False)
            else:
                status.update(label="The pack could not be made", state="error")
    if job.error is not None:
        pack_job.clear()  # the next press tries again
        raise job.error
    return job.made


def rate_indicators() -> dict[str, str]:
    """Indicators an intervention may aim at (rates), id -> title."""
    return {i.id: i.title for i in catalogue.all_indicators() if i.method == "rate"}


def all_indicators() -> dict[str, str]:
    """Every indicator a story may speak to, id -> title."""
    return {i.id: i.title for i in catalogue.all_indicators()}
