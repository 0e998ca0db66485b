"""The shared filters, drawn in the sidebar by the frame and mirrored in the URL.

A copied link opens the same page with the same filters for someone else: every filter is read from
`st.query_params` the first time a session sees it, and written back on every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from metrics import catalogue
from metrics.catalogue import AGE_BANDS
from settings import get_settings

DEFAULT_INDICATOR = "hub_food_parcels"
ALL_AGES = "All ages"


@dataclass(frozen=True)
class Filters:
    indicator: str
    period: str  # "" = the latest three months the source holds
    wards: tuple[str, ...]
    age: str  # ALL_AGES or one of the source's age bands
    comparator: str
    role: str

    @property
    def breakdown(self) -> str | None:
        return None if self.age == ALL_AGES else "age_band"


def _seed(key: str, url_name: str, default, parse=lambda v: v) -> None:
    """Initialise a widget's state from the URL once per session."""
    if key not in st.session_state:
        raw = st.query_params.get(url_name)
        st.session_state[key] = parse(raw) if raw not in (None, "") else default


def sidebar_filters(period_options, *, role: str) -> Filters:
    """Draw the shared filters; `period_options(source)` gives [(code, label), ...] for the indicator."""
    settings = get_settings()
    names = settings.ward_names
    _seed("f_indicator", "indicator", DEFAULT_INDICATOR,
          lambda v: v if v in catalogue.BY_ID else DEFAULT_INDICATOR)
    _seed("f_theme", "theme", catalogue.get(st.session_state["f_indicator"]).theme)
    _seed("f_period", "period", "")
    _seed("f_wards", "wards", [], lambda v: [w for w in v.split(",") if w in names])
    _seed("f_age", "age", ALL_AGES)

    themes = list(catalogue.THEMES)
    if st.session_state["f_theme"] not in themes:
        st.session_state["f_theme"] = catalogue.get(st.session_state["f_indicator"]).theme
    st.selectbox("Theme", themes, key="f_theme")
    ids = [i.id for i in catalogue.by_theme()[st.session_state["f_theme"]]]
    if st.session_state["f_indicator"] not in ids:
        st.session_state["f_indicator"] = ids[0]
    st.selectbox("Indicator", ids, key="f_indicator", format_func=lambda i: catalogue.get(i).title)
    indicator = catalogue.get(st.session_state["f_indicator"])

    options = period_options(indicator.source)
    codes = [c for c, _ in options]
    if st.session_state["f_period"] not in codes:
        st.session_state["f_period"] = ""
    labels = dict(options)
    st.selectbox("Period", codes, key="f_period", format_func=lambda c: labels.get(c, c))
    st.multiselect("Wards", list(names), key="f_wards", format_func=lambda c: names.get(c, c),
                   placeholder="All wards (choose some to highlight)")
    bands = [ALL_AGES] + ([b for b, _, _ in AGE_BANDS[indicator.source]]
                          if "age_band" in indicator.breakdowns else [])
    if st.session_state["f_age"] not in bands:
        st.session_state["f_age"] = ALL_AGES
    st.selectbox("Age band", bands, key="f_age", disabled=len(bands) == 1,
                 help=None if len(bands) > 1 else "This indicator has no age breakdown")
    st.selectbox("Compare with", ["borough"], format_func=lambda _: settings.partnership, key="f_comparator",
                 help="County and England comparators need published values (Fingertips) for the same "
                      "indicator; partner demand has none, so wards are compared with the borough.")

    filters = Filters(indicator=indicator.id, period=st.session_state["f_period"],
                      wards=tuple(st.session_state["f_wards"]), age=st.session_state["f_age"],
                      comparator="borough", role=role)
    mirror(filters)
    return filters


def filters_from(params: Mapping[str, str], period_options, *, role: str) -> Filters:
    """The filters a set of link parameters asks for, checked as the sidebar checks them (presentation mode
    draws no sidebar: each agenda view's parameters are its filters)."""
    names = get_settings().ward_names
    indicator = catalogue.BY_ID.get(params.get("indicator", ""), catalogue.get(DEFAULT_INDICATOR))
    period = params.get("period", "")
    if period not in [c for c, _ in period_options(indicator.source)]:
        period = ""
    bands = [b for b, _, _ in AGE_BANDS[indicator.source]] if "age_band" in indicator.breakdowns else []
    age = params.get("age", ALL_AGES)
    return Filters(indicator=indicator.id, period=period,
                   wards=tuple(w for w in params.get("wards", "").split(",") if w in names),
                   age=age if age in bands else ALL_AGES, comparator="borough", role=role)


def mirror(filters: Filters) -> None:
    """Write the filters to the URL (leaving page-specific parameters alone)."""
    wanted = {"indicator": filters.indicator, "period": filters.period, "wards": ",".join(filters.wards),
              "age": "" if filters.age == ALL_AGES else filters.age}
    for name, value in wanted.items():
        if value:
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]


def page_param(name: str, default: str, options: list[str]) -> str:
    """A page's own URL parameter (e.g. the map's colouring), validated against its options."""
    value = st.query_params.get(name, default)
    return value if value in options else default


def set_page_param(name: str, value: str, default: str) -> None:
    if value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value
