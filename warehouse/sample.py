"""Build the sample store from the generated extracts in sample_data/extracts, as a user would ingest them."""

from __future__ import annotations

from pathlib import Path

from settings import ROOT
from warehouse.ingest import IngestResult, ingest
from warehouse.store import Store

EXTRACTS = ROOT / "sample_data" / "extracts"

# Reference data first: partner files resolve wards, LSOAs and practices against it.
PLAN: list[tuple[str, str]] = [
    ("boundaries", "reference/borough_outline_approx.geojson"),
    ("boundaries", "reference/wards_approx.geojson"),
    ("lsoa_ward", "reference/lsoa21_to_wd25.csv"),
    ("population", "reference/census2021_ward_single_year_of_age.csv"),
    ("deprivation", "reference/imd2025_lsoa21.csv"),
    ("gp_practices", "reference/gp_practices.csv"),
    ("community_hub", "community_hub/*"),
    ("citizens_advice", "citizens_advice/*"),
    ("police_uk", "police_uk/*.zip"),
    ("gp_appointments", "gp_appointments/*"),
    ("mental_health", "mental_health/*"),
    ("vcfs_survey", "vcfs_survey/*"),
]


def sample_files(extracts: Path = EXTRACTS) -> list[tuple[str, Path]]:
    files = []
    for source, pattern in PLAN:
        matched = sorted(extracts.glob(pattern))
        if not matched:
            raise FileNotFoundError(f"no sample file {extracts / pattern}: run `make sample-data` first")
        files.extend((source, p) for p in matched)
    return files


def build_sample(store: Store, extracts: Path = EXTRACTS) -> list[IngestResult]:
    return [ingest(store, source, path) for source, path in sample_files(extracts)]
