"""Build the sample store from the sample extracts, as a user would ingest them, in the order the source
declarations give (reference data first: partner files resolve wards, LSOAs and practices against it)."""

from __future__ import annotations

from pathlib import Path

import sources
from settings import ROOT
from warehouse import values
from warehouse.ingest import IngestResult, ingest
from warehouse.store import Store

EXTRACTS = ROOT / "sample_data" / "extracts"
PUBLIC = ROOT / "sample_data" / "public"  # real open data shipped as published (a declaration says "public/…")


def sample_files(extracts: Path = EXTRACTS) -> list[tuple[str, Path]]:
    files = []
    for source in sources.all_sources():
        for pattern in source.sample_files:
            folder, pattern = (PUBLIC, pattern.removeprefix("public/")) if pattern.startswith("public/") \
                else (extracts, pattern)
            matched = sorted(folder.glob(pattern))
            if not matched:
                raise FileNotFoundError(f"no sample file {folder / pattern}: run `make sample-data` first")
            files.extend((source.name, p) for p in matched)
    return files


def build_sample(store: Store, extracts: Path = EXTRACTS) -> list[IngestResult]:
    """Ingest every sample file, then compute the indicator values once (not after each file)."""
    results = [ingest(store, source, path, refresh=False) for source, path in sample_files(extracts)]
    with store.transaction():
        values.refresh(store)
    return results
