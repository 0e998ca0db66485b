"""The shared filters, drawn in the sidebar by the frame and mirrored in the URL.

A copied link opens the same page with the same filters for someone else: every filter is read from
`st.query_params` the first time a session sees it (an unknown value falls back to the default, never
an error), and written back on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

import sources
from metrics import catalogue
from views._shared import DEFAULT_INDICATOR
from views.base import ALL_AGES, RATES, Control, Filters

LEGACY = {"wards": "areas"}  # links made before areas could be groups of wards


def param(name: str) -> str | None:
    value = st.query_params.get(name)
    if value is None:
        for old, new in LEGACY.items():
            if new == name:
                value = st.query_params.get(old)
    return value


def _seed(key: str, url_name: str, default, parse=lambda v: v) -> None:
    """Initialise a widget's state from the URL once per session."""
    if key not in st.session_state:
        raw = param(url_name)
        try:
            st.session_state[key] = parse(raw) if raw not in (None, "") else default
        except (ValueError, KeyError):
            st.session_state[key] = default


def bands_of(indicator_id: str) -> list[str]:
    indicator = catalogue.get(indicator_id)
    if "age_band" not in indicator.breakdowns:
        return []
    return [b.label for b in sources.get(indicator.source).bands_within(indicator.age_min, indicator.age_max)]


GOTO = "_goto_page"  # set by a callback that opens an area's page; the page run switches to it


def open_area(code: str, path: str) -> None:
    """Make `code` the chosen area and ask for page `path` (a ward clicked on the map, an area found by name).
    Called from a widget's callback, before the run: the sidebar's areas are set before they are drawn, and
    ui.page.show switches page at the start of the run."""
    st.session_state["f_areas"] = [code]
    st.session_state[GOTO] = path


def sidebar_filters(period_options: Callable[[str], Sequence[tuple[str, str]]], area_names: Mapping[str, str], *,
                    role: str) -> Filters:
    """Draw the shared filters; `period_options(indicator)` gives [(code, label), ...] for the indicator."""
    _seed("f_indicator", "indicator", DEFAULT_INDICATOR, lambda v: v if catalogue.known(v) else DEFAULT_INDICATOR)
    _seed("f_theme", "theme", catalogue.get(st.session_state["f_indicator"]).theme)
    _seed("f_period", "period", "")
    _seed("f_areas", "areas", [], lambda v: [a for a in v.split(",") if a in area_names])
    _seed("f_age", "age", ALL_AGES)
    _seed("f_rate", "rate", "crude", lambda v: v if v in RATES else "crude")

    themes = list(catalogue.THEMES)
    if st.session_state["f_theme"] not in themes:
        st.session_state["f_theme"] = catalogue.get(st.session_state["f_indicator"]).theme
    st.selectbox("Theme", themes, key="f_theme")
    ids = [i.id for i in catalogue.by_theme()[st.session_state["f_theme"]]]
    if st.session_state["f_indicator"] not in ids:
        st.session_state["f_indicator"] = ids[0]
    st.selectbox("Indicator", ids, key="f_indicator", format_func=lambda i: catalogue.get(i).title)
    indicator = catalogue.get(st.session_state["f_indicator"])

    options = list(period_options(indicator.id))
    codes = [c for c, _ in options]
    if st.session_state["f_period"] not in codes:
        st.session_state["f_period"] = ""
    labels = dict(options)
    st.selectbox("Period", codes, key="f_period", format_func=lambda c: labels.get(c, c))
    st.multiselect("Areas", list(area_names), key="f_areas", format_func=lambda c: area_names.get(c, c),
                   placeholder="Type a ward or area to highlight it")
    bands = [ALL_AGES, *bands_of(indicator.id)]
    if st.session_state["f_age"] not in bands:
        st.session_state["f_age"] = ALL_AGES
    st.selectbox("Age band", bands, key="f_age", disabled=len(bands) == 1,
                 help=None if len(bands) > 1 else "This indicator has no age breakdown")
    st.selectbox("Rate", list(RATES), key="f_rate", format_func=RATES.get, disabled=not indicator.standardise,
                 help="Age-standardised rates (European Standard Population 2013) compare areas with different age "
                      "mixes fairly" if indicator.standardise else "This indicator has no age-standardised rate")
    filters = Filters(indicator=indicator.id, period=st.session_state["f_period"],
                      areas=tuple(st.session_state["f_areas"]), age=st.session_state["f_age"],
                      rate=st.session_state["f_rate"] if indicator.standardise else "crude", role=role)
    mirror(filters)
    return filters


def filters_from(params: Mapping[str, str], period_options, area_names: Mapping[str, str], *, role: str) -> Filters:
    """The filters a set of link parameters asks for, checked as the sidebar checks them (presentation mode
    draws no sidebar: each agenda view's parameters are its filters)."""
    indicator = params.get("indicator", "")
    indicator = indicator if catalogue.known(indicator) else DEFAULT_INDICATOR
    period = params.get("period", "")
    if period not in [c for c, _ in period_options(indicator)]:
        period = ""
    age = params.get("age", ALL_AGES)
    rate = params.get("rate", "crude")
    areas = params.get("areas", params.get("wards", ""))
    return Filters(indicator=indicator, period=period, areas=tuple(a for a in areas.split(",") if a in area_names),
                   age=age if age in bands_of(indicator) else ALL_AGES,
                   rate=rate if rate in RATES and catalogue.get(indicator).standardise else "crude", role=role)


def mirror(filters: Filters) -> None:
    """Write the filters to the URL (leaving page-specific parameters alone)."""
    wanted = {"indicator": filters.indicator, "period": filters.period, "areas": ",".join(filters.areas),
              "age": "" if filters.age == ALL_AGES else filters.age,
              "rate": "" if filters.rate == "crude" else filters.rate}
    for old in LEGACY:
        if old in st.query_params:
            del st.query_params[old]
    for name, value in wanted.items():
        if value:
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]


def page_controls(controls: Sequence[Control], *, show: bool = True, areas: Mapping[str, str] | None = None,
                  area_types: Mapping[str, str] | None = None) -> dict[str, str]:
    """A page's own controls, read from and written to the URL; hidden (but honoured) when presenting.
    `areas` (code -> name) and `area_types` (code -> type) feed a control of kind "areas"."""
    chosen = {}
    for control in controls:
        if control.kind == "areas":
            chosen[control.name] = _area_control(control, show=show, areas=areas or {}, types=area_types or {})
            continue
        values = list(control.choices)
        raw = st.query_params.get(control.name, control.default)
        current = raw if raw in values else control.default
        if show:
            index = values.index(current)
            if control.kind == "select":
                current = st.selectbox(control.label, values, index=index, format_func=control.choices.get,
                                       key=f"page-{control.name}")
            else:
                current = st.radio(control.label, values, index=index, format_func=control.choices.get,
                                   horizontal=True, key=f"page-{control.name}")
        if current == control.default:
            if control.name in st.query_params:
                del st.query_params[control.name]
        elif st.query_params.get(control.name) != current:
            st.query_params[control.name] = current
        chosen[control.name] = current
    return chosen


def _area_control(control: Control, *, show: bool, areas: Mapping[str, str], types: Mapping[str, str]) -> str:
    """A multiselect of areas (type a name to find one), kept in the URL as comma-separated codes."""
    raw = st.query_params.get(control.name, "")
    current = [c for c in dict.fromkeys(raw.split(",")) if c in areas][: control.limit or None]
    if len(current) < 2 and control.suggest is not None:
        current = [c for c in control.suggest([(c, types.get(c, "")) for c in areas]) if c in areas]
    if show:
        current = st.multiselect(control.label, list(areas), default=current, format_func=lambda c: areas.get(c, c),
                                 max_selections=control.limit or None, key=f"page-{control.name}",
                                 placeholder="Type an area's name to add it")
    value = ",".join(current)
    if st.query_params.get(control.name) != value:
        if value:
            st.query_params[control.name] = value
        elif control.name in st.query_params:
            del st.query_params[control.name]
    return value
