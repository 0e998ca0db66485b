"""The bad-input corpus (tests/corpus/make_corpus.py), one test per file.

A file that should load is parsed with "today" pinned and its tidy values checked, then ingested.
A file that should be refused is parsed with "today" pinned and the message a person reads is checked
(file, row, column, fix); then it is ingested into a store holding the reference data, and the DuckDB file
must be byte-for-byte what it was before: nothing written, not even an audit row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from data_loaders import SOURCES, LoadError
from data_loaders.safety import MB, check_upload
from metrics.export import escape_cell
from tests.corpus.make_corpus import BY_NAME, CASES, TODAY, Case, write_corpus
from warehouse.ingest import ingest, store_context
from warehouse.store import Store, connect

REFERENCE = Path(__file__).resolve().parents[2] / "sample_data" / "public"
# The real public reference files the sample store loads (Chorley's where one district is enough).
REFERENCE_FILES = [("boundaries", "boundaries/chorley_wards_wd25_bgc.geojson"),
                   ("boundaries", "boundaries/south_ribble_wards_wd25_bgc.geojson"),
                   ("lsoa_ward", "lookups/lsoa21_to_wd25_chorley_southribble_DERIVED.csv"),
                   ("lsoa_ward", "lookups/lsoa11_to_wd25_chorley_southribble_DERIVED.csv"),
                   ("population", "population/chorley_census2021_wd_syoa_usual_residents.csv"),
                   ("deprivation", "imd/chorley_imd2025_lsoa21_scores_ranks_deciles.csv"),
                   ("gp_practices", "pcn/gp_practices_00X_DERIVED.csv")]


def url(path: Path) -> str:
    return f"duckdb:///{path}"


def quiesce(store: Store) -> None:
    """Checkpoint, then close. DuckDB keeps committed changes in a .wal file and folds them into the
    database file at a checkpoint (or on close); checkpointing first means the file is settled, so that
    later opening and closing the store without writing leaves its bytes exactly as they are."""
    store.execute("CHECKPOINT")
    store.close()


def fingerprint(db: Path) -> dict[str, str]:
    """SHA-256 of the database file and of its write-ahead log, if there is one."""
    files = [db, db.with_name(db.name + ".wal")]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def reference_store(tmp_path_factory):
    """A quiescent DuckDB file holding the sample reference data (wards as in dashboard.toml), and the
    load context built from it with "today" pinned."""
    db = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    store = connect(url(db))
    try:
        for source, name in REFERENCE_FILES:
            ingest(store, source, REFERENCE / name)
        context = dataclasses.replace(store_context(store), today=TODAY)
    finally:
        quiesce(store)
    return db, context


@pytest.fixture
def store_file(tmp_path, reference_store):
    """A private copy of the reference store for one case."""
    db = tmp_path / "store.duckdb"
    shutil.copyfile(reference_store[0], db)
    return db


def ingest_prior(db: Path, case: Case, corpus: Path) -> None:
    if case.prior:
        store = connect(url(db))
        try:
            ingest(store, BY_NAME[case.prior].source, corpus / case.prior)
        finally:
            quiesce(store)


def assert_message(error: LoadError, case: Case) -> None:
    message = str(error)
    for fragment in (case.name, *case.refuse, "Fix: "):
        assert fragment in message, f"{case.name}: {fragment!r} not in:\n{message}"


def as_text(values: pd.Series) -> list:
    """Tidy values as plain Python values: dates as yyyy-mm-dd, missing as None."""
    if pd.api.types.is_datetime64_any_dtype(values):
        values = values.dt.strftime("%Y-%m-%d")
    return [None if pd.isna(v) else v for v in values.astype(object)]


REFUSE = [c for c in CASES if c.verdict == "refuse"]
ACCEPT = [c for c in CASES if c.verdict == "accept"]


def test_the_corpus_is_big_and_covers_every_source():
    assert len(CASES) >= 30 and len(BY_NAME) == len(CASES)
    # a source added after these cases were written is covered by the declared corpus (its own sample file,
    # damaged the usual ways) until it gets hand-written cases of its own
    from tests.corpus.test_declared_sources import DECLARED
    assert set(SOURCES) - {c.source for c in CASES} <= {s.name for s in DECLARED}
    assert len({c.source for c in CASES}) >= 10
    assert all(BY_NAME[c.prior].verdict == "accept" for c in CASES if c.prior)


@pytest.mark.parametrize("case", [c for c in ACCEPT if c.replace], ids=[c.name for c in ACCEPT if c.replace])
def test_a_file_replacing_more_than_it_brings_is_refused_without_replace(case, corpus, store_file):
    ingest_prior(store_file, case, corpus)  # what it replaces, when the reference data does not hold it
    before = fingerprint(store_file)
    store = connect(url(store_file))
    try:
        with pytest.raises(LoadError, match=f"{case.name}: the file would remove {case.replaced} rows"):
            ingest(store, case.source, corpus / case.name)
    finally:
        store.close()
    assert fingerprint(store_file) == before


@pytest.mark.parametrize("case", REFUSE, ids=[c.name for c in REFUSE])
def test_refused_file_names_the_problem_and_leaves_the_store_byte_for_byte_unchanged(
        case, corpus, reference_store, store_file):
    path = corpus / case.name
    if case.by_ingest:  # the loader alone cannot know: only the store holds the earlier record
        SOURCES[case.source].parse(path, context=reference_store[1])
    else:
        with pytest.raises(LoadError) as parsed:
            SOURCES[case.source].parse(path, context=reference_store[1])
        assert_message(parsed.value, case)
    ingest_prior(store_file, case, corpus)
    before = fingerprint(store_file)
    store = connect(url(store_file))
    try:
        with pytest.raises(LoadError) as ingested:
            ingest(store, case.source, path)
    finally:
        store.close()
    assert_message(ingested.value, case)
    assert fingerprint(store_file) == before


@pytest.mark.parametrize("case", ACCEPT, ids=[c.name for c in ACCEPT])
def test_accepted_file_loads_the_expected_tidy_rows(case, corpus, reference_store, store_file):
    path = corpus / case.name
    assert check_upload(case.name, path.read_bytes(), max_bytes=50 * MB) in {"text", "xlsx"}  # the upload gate
    result = SOURCES[case.source].parse(path, context=reference_store[1])
    frame = result.frame
    for column, expected in case.expect.items():
        assert as_text(frame[column]) == expected, f"{case.name}: column {column}"
    assert result.rows_dropped == case.dropped
    stored = [str(v) for v in frame.to_numpy().ravel()]
    for text in case.absent:
        assert not any(text in value for value in stored), f"{case.name}: {text!r} was stored"
    ingest_prior(store_file, case, corpus)
    before = fingerprint(store_file)
    store = connect(url(store_file))
    try:
        loaded = ingest(store, case.source, path, replace=case.replace)
    finally:
        store.close()
    assert (loaded.status, loaded.rows_loaded, loaded.rows_replaced) == ("loaded", len(frame), case.replaced)
    assert fingerprint(store_file) != before  # the byte-for-byte check does see a real write


def test_the_upload_gate_names_utf16_too(corpus):
    with pytest.raises(LoadError, match=r"hub_utf16.csv: the file is saved as UTF-16 \('Unicode Text'\)"):
        check_upload("hub_utf16.csv", (corpus / "hub_utf16.csv").read_bytes(), max_bytes=50 * MB)


def test_formula_text_is_stored_as_text_and_escaped_on_export(corpus, reference_store):
    """Free text that starts like a formula is data: stored as typed, made harmless when exported."""
    frame = SOURCES["citizens_advice"].parse(corpus / "ca_formula_detail.csv", context=reference_store[1]).frame
    assert [escape_cell(v) for v in frame["subcategory"]] == ["'=HYPERLINK(\"http://x\",\"y\")", "'-rent arrears"]
