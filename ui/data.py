"""Cached access to the store for pages: small aggregates only, keyed by store version and role.

Each call opens the store read-only for the duration of the query, so an ingest from the command line
can take the write lock between page runs. `st.cache_data` pickles each hit, so only small aggregated
frames are cached here, never rows of events.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.headlines import partner_headlines
from settings import get_settings
from warehouse.status import source_freshness
from warehouse.store import duckdb_path, opened


def store_version() -> str:
    """Changes whenever an ingest lands (DuckDB file and WAL timestamps), so caches refresh."""
    path = duckdb_path(get_settings().store_url)
    if path is None:
        return "remote"
    parts = []
    for p in (path, path.with_suffix(path.suffix + ".wal")):
        parts.append(f"{p.stat().st_mtime_ns}:{p.stat().st_size}" if p.exists() else "-")
    return "|".join(parts)


@st.cache_data(show_spinner=False, max_entries=64)
def headlines(version: str, role: str) -> pd.DataFrame:
    with opened(read_only=True) as store:
        return partner_headlines(store, role=role)


@st.cache_data(show_spinner=False, max_entries=16)
def freshness(version: str) -> pd.DataFrame:
    with opened(read_only=True) as store:
        return source_freshness(store)
