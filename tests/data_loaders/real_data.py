"""Shared helpers for the public-format loader tests.

Real open data lives beside the project in ../shared/data/real (never copied into it). Where that folder
is absent the real-data tests skip with the reason; in CI (CI=true) they fail instead: CI must run them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from data_loaders.context import LoadContext
from tests.conftest import real_data

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"
CHORLEY = "E07000118"
TODAY = "2025-12-31"
# Chorley's 14 current wards (2020 review), as configured in dashboard.toml.
CHORLEY_WARDS = {
    "E05013064": "Adlington & Anderton", "E05013065": "Buckshaw & Whittle", "E05013066": "Chorley East",
    "E05013067": "Chorley North East", "E05013068": "Chorley North West",
    "E05013069": "Chorley North & Astley",
    "E05013070": "Chorley South East & Heath Charnock", "E05013071": "Chorley South West",
    "E05013072": "Clayton East, Brindle & Hoghton", "E05013073": "Clayton West & Cuerden",
    "E05013074": "Coppull",
    "E05013075": "Croston, Mawdesley & Euxton South", "E05013076": "Eccleston, Heskin & Charnock Richard",
    "E05013077": "Euxton",
}


def real_file(relative: str) -> Path:
    """The path of a file in ../shared/data/real; skip when absent (fail in CI): see tests/conftest.py."""
    return real_data(relative)


def context(**extra) -> LoadContext:
    """Chorley's wards and district, a pinned 'today', plus any lookups the test gives."""
    return LoadContext(wards=dict(CHORLEY_WARDS), districts=(CHORLEY,), today=TODAY, **extra)


@cache
def _lookup(relative: str) -> tuple[tuple[str, str], ...]:
    from data_loaders import lsoa_ward

    frame = lsoa_ward.load(real_file(relative), context=context())
    return tuple(zip(frame["lsoa_code"], frame["ward_code"], strict=True))


def lsoa11_context() -> LoadContext:
    """Chorley with the real LSOA 2011 -> ward 2025 lookup (police.uk files before 2022 use 2011 LSOAs)."""
    return context(lsoa_ward=dict(_lookup("lookups/chorley_lsoa11_to_wd25_DERIVED.csv")))
