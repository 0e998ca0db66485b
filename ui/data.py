"""Cached access to the store for pages: small aggregates only, keyed by store version and role.

Each call opens the store read-only for the duration of the query, so an ingest from the command line
can take the write lock between page runs. `st.cache_data` pickles each hit, so only small aggregated
frames are cached here, never rows of events. The role is part of every key: cached results never cross
roles.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics import views
from metrics.engine import compute
from metrics.headlines import partner_headlines
from metrics.periods import parse_period
from metrics.series import series
from settings import get_settings
from warehouse import geometry, queries
from warehouse.status import source_freshness
from warehouse.store import duckdb_path, opened

CACHE = {"show_spinner": False, "max_entries": 256}


def store_version() -> str:
    """Changes whenever an ingest lands (DuckDB file and WAL timestamps), so caches refresh."""
    path = duckdb_path(get_settings().store_url)
    if path is None:
        return "remote"
    parts = []
    for p in (path, path.with_suffix(path.suffix + ".wal")):
        parts.append(f"{p.stat().st_mtime_ns}:{p.stat().st_size}" if p.exists() else "-")
    return "|".join(parts)


@st.cache_data(**CACHE)
def headlines(version: str, role: str) -> pd.DataFrame:
    with opened(read_only=True) as store:
        return partner_headlines(store, role=role)


@st.cache_data(**CACHE)
def freshness(version: str) -> pd.DataFrame:
    with opened(read_only=True) as store:
        return source_freshness(store)


@st.cache_data(**CACHE)
def period_options(version: str, source: str) -> list[tuple[str, str]]:
    """("", latest three months) then quarters, years and months the source holds, newest first."""
    with opened(read_only=True) as store:
        months = queries.months_available(store, source) if source != "deprivation" else []
    if not months:
        return [("", "Latest")]
    latest = parse_period(None, latest=months[-1])
    options = [("", f"Latest 3 months ({latest.label})")]
    quarters = sorted({f"{m.year}-Q{(m.month - 1) // 3 + 1}" for m in months}, reverse=True)
    years = sorted({str(m.year) for m in months}, reverse=True)
    options += [(q, q.replace("-", " ")) for q in quarters] + [(y, f"{y} (calendar year)") for y in years]
    options += [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in reversed(months)]
    return options


@st.cache_data(**CACHE)
def indicator(version: str, role: str, indicator_id: str, period: str, breakdown: str | None) -> pd.DataFrame:
    with opened(read_only=True) as store:
        return compute(indicator_id, period=period or None, breakdown=breakdown, role=role, store=store)


@st.cache_data(**CACHE)
def indicator_series(version: str, role: str, indicator_id: str, wards: tuple[str, ...], freq: str) -> pd.DataFrame:
    with opened(read_only=True) as store:
        return series(indicator_id, wards=wards, role=role, freq=freq, store=store)


def shapes(version: str) -> tuple[dict, dict | None, bool]:
    """Ward and borough GeoJSON for the map, and whether the geometry is approximate."""
    s = get_settings()
    return _shapes(version, str(s.ward_boundaries or ""), str(s.borough_outline or ""))


@st.cache_data(**CACHE)
def _shapes(version: str, ward_file: str, outline_file: str) -> tuple[dict, dict | None, bool]:
    with opened(read_only=True) as store:
        return geometry.map_shapes(store)


@st.cache_data(**CACHE)
def view(version: str, role: str, name: str, **options):
    """Any of metrics.views' page frames, by name (options are part of the cache key)."""
    with opened(read_only=True) as store:
        return getattr(views, name)(store, role=role, **options)


@st.cache_data(**CACHE)
def reference(version: str, name: str, **options):
    """Role-free reference frames (population profile, deprivation mix, sources)."""
    with opened(read_only=True) as store:
        return getattr(views, name)(store, **options)
