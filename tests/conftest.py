"""Shared test set-up: the repository root on sys.path, a pinned 'today', and a sample store per session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# The shipped config hides error details from users; tests need them to say what failed.
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")
# Warming makes the default agenda's pack in Chromium after every start: test servers (dozens a run) do not,
# except where a test asks (tests/app/test_warming.py).
os.environ.setdefault("DASHBOARD_PREPARE_PACK", "0")


def require(path: str | Path, reason: str) -> Path:
    """`path`, or a skip when it is absent: a failure in CI, where everything a test needs must be present."""
    if not os.path.exists(path):
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI must run every test)")
        pytest.skip(reason)
    return Path(path)


def require_chromium(path: str) -> None:
    require(path, f"Debian's Chromium is not installed at {path} (apt-get install chromium)")


def real_data(relative: str = "") -> Path:
    """A file of ../shared/data/real; skip when absent, but fail in CI where it must be present."""
    path = REAL / relative
    return require(path, f"real open data not found at {path} (it lives beside the project in ../shared/data/real)")


@pytest.fixture(scope="session")
def sample_store_url(tmp_path_factory) -> str:
    """A DuckDB store built from the committed sample extracts, once per test session."""
    from warehouse.sample import build_sample
    from warehouse.store import connect

    url = f"duckdb:///{tmp_path_factory.mktemp('store') / 'sample.duckdb'}"
    store = connect(url)
    try:
        build_sample(store)
    finally:
        store.close()
    return url


def as_shown(markdown: str) -> str:
    """What a person reads from an element's Markdown source: `ui.text.plain` escapes are resolved and the
    invisible word joiners (which keep bare URLs from becoming links) removed."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


@pytest.fixture
def store_copy(sample_store_url, tmp_path) -> str:
    """A private copy of the sample store, for a test that writes to it (its URL)."""
    import shutil

    path = tmp_path / "copy.duckdb"
    shutil.copy(sample_store_url.removeprefix("duckdb:///"), path)
    return f"duckdb:///{path}"
