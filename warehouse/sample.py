"""Build the sample store from the sample extracts, as a user would ingest them, in the order the source
declarations give (reference data first: partner files resolve wards, LSOAs and practices against it)."""

from __future__ import annotations

from pathlib import Path

import sources
from sample_data.interventions import SAMPLE_INTERVENTIONS
from settings import ROOT
from warehouse import alerts, values
from warehouse.ingest import IngestResult, ingest
from warehouse.interventions import add_intervention
from warehouse.store import Store

EXTRACTS = ROOT / "sample_data" / "extracts"


def sample_files(extracts: Path = EXTRACTS) -> list[tuple[str, Path]]:
    files = []
    for source in sources.all_sources():
        for pattern in source.sample_files:
            matched = sorted(extracts.glob(pattern))
            if not matched:
                raise FileNotFoundError(f"no sample file {extracts / pattern}: run `make sample-data` first")
            files.extend((source.name, p) for p in matched)
    return files


def build_sample(store: Store, extracts: Path = EXTRACTS) -> list[IngestResult]:
    """Ingest every sample file, compute the indicator values once (not after each file), record the sample
    interventions and run the alert rules."""
    results = [ingest(store, source, path, refresh=False) for source, path in sample_files(extracts)]
    with store.transaction():
        values.refresh(store)
    for item in SAMPLE_INTERVENTIONS:
        add_intervention(store, **item, created_by="sample data")
    with store.transaction():
        alerts.run(store)
    return results
