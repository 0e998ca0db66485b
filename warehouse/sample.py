"""Build the sample store as a user would ingest its files, in the order the source declarations give
(reference data first: partner files resolve wards, LSOAs and practices against it): the real public files
of sample_data/public (sources declared `sample="public"`) and the generated partner extracts of
sample_data/extracts (the rest: no public source exists for them)."""

from __future__ import annotations

from pathlib import Path

import sources
from sample_data.interventions import SAMPLE_INTERVENTIONS
from sample_data.stories import SAMPLE_STORIES
from settings import ROOT
from warehouse import alerts, values
from warehouse.ingest import IngestResult, ingest
from warehouse.interventions import add_intervention
from warehouse.store import Store
from warehouse.stories import add_story

EXTRACTS = ROOT / "sample_data" / "extracts"
PUBLIC = ROOT / "sample_data" / "public"


def sample_files(extracts: Path = EXTRACTS, public: Path = PUBLIC) -> list[tuple[str, Path]]:
    files = []
    for source in sources.all_sources():
        folder = public if source.sample == "public" else extracts
        for pattern in source.sample_files:
            matched = sorted(folder.glob(pattern))
            if not matched:
                fix = "the real public files ship with the project" if source.sample == "public" else \
                    "run `make sample-data` first"
                raise FileNotFoundError(f"no sample file {folder / pattern}: {fix}")
            files.extend((source.name, p) for p in matched)
    return files


def build_sample(store: Store, extracts: Path = EXTRACTS) -> list[IngestResult]:
    """Ingest every sample file, compute the indicator values once (not after each file), record the sample
    interventions and stories and run the alert rules."""
    results = [ingest(store, source, path, refresh=False) for source, path in sample_files(extracts)]
    with store.transaction():
        values.refresh(store)
    for item in SAMPLE_INTERVENTIONS:
        add_intervention(store, **item, created_by="sample data")
    for item in SAMPLE_STORIES:
        add_story(store, **item, created_by="sample data")
    with store.transaction():
        alerts.run(store)
    return results
