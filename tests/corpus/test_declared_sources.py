"""The bad-input corpus for every declared source, read from the declarations: each source's own sample
file loads, and the same file damaged the ways real exports are damaged is refused with a message that
names the file, leaving the store byte-for-byte as it was. A new source gets these cases by being
declared (sources/<name>.py with sample_files), with no edit here."""

from __future__ import annotations

import shutil

import pytest

import sources
from data_loaders import LoadError
from tests.corpus.test_corpus import REFERENCE, REFERENCE_FILES, fingerprint, quiesce, url
from warehouse.ingest import ingest
from warehouse.sample import EXTRACTS
from warehouse.store import connect


def first_csv(source: sources.Source):
    for pattern in source.sample_files:
        for path in sorted(EXTRACTS.glob(pattern)):
            data = path.read_bytes()
            if path.suffix.lower() == ".csv" and not data.startswith(b"\xef\xbb\xbf"):
                return path
    return None


DECLARED = [s for s in sources.all_sources() if s.stage == 3 and first_csv(s) is not None]


def _lines(data: bytes) -> list[bytes]:
    return data.replace(b"\r\n", b"\n").rstrip(b"\n").split(b"\n")


def damaged(data: bytes) -> dict[str, tuple[bytes, str]]:
    """(the damaged bytes, what the message must say) for each kind of damage."""
    lines = _lines(data)
    header, body = lines[0], lines[1:6]
    first_column = header.split(b",")[0]
    return {
        "empty": (b"", "the file is empty"),
        "header only": (header + b"\n", "header but no data rows"),
        "semicolons": (b"\n".join(line.replace(b",", b";") for line in [header, *body]) + b"\n",
                       "separated by semicolons"),
        "renamed column": (b"\n".join([header.replace(first_column, first_column + b" (old)", 1), *body]) + b"\n",
                           "missing"),
        "truncated": (b"\n".join([header, *body[:-1], body[-1][: body[-1].index(b",") + 2]]), "truncated"),
        "utf-16": ((b"\n".join([header, *body]) + b"\n").decode("utf-8").encode("utf-16"), "UTF-16"),
    }


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("declared") / "reference.duckdb"
    store = connect(url(db))
    for source, name in REFERENCE_FILES:
        ingest(store, source, REFERENCE / name)
    quiesce(store)
    return db


@pytest.mark.parametrize("source", DECLARED, ids=lambda s: s.name)
def test_a_declared_sources_own_sample_file_loads(source, reference_db, tmp_path):
    db = tmp_path / "store.duckdb"
    shutil.copy(reference_db, db)
    store = connect(url(db))
    try:
        result = ingest(store, source.name, first_csv(source))
        assert result.status == "loaded" and result.rows_loaded > 0
        held = store.fetch("SELECT COUNT(*) AS n FROM indicator_values WHERE indicator_id IN (" +
                           ", ".join("?" * len(source.indicators)) + ")", [i.id for i in source.indicators])
        assert not source.indicators or held["n"].iloc[0] > 0  # its indicators were computed in the ingest
    finally:
        store.close()


@pytest.mark.parametrize("source", DECLARED, ids=lambda s: s.name)
@pytest.mark.parametrize("damage", list(damaged(b"a,b\n1,2\n")))
def test_a_damaged_file_of_every_declared_source_is_refused_and_changes_nothing(source, damage, reference_db,
                                                                                tmp_path):
    data, expected = damaged(first_csv(source).read_bytes())[damage]
    db = tmp_path / "store.duckdb"
    shutil.copy(reference_db, db)
    before = fingerprint(db)
    store = connect(url(db))
    try:
        with pytest.raises(LoadError) as refused:
            ingest(store, source.name, tmp_path / f"{source.name}.csv", data=data)
    finally:
        quiesce(store)
    message = str(refused.value)
    assert f"{source.name}.csv" in message and expected.lower() in message.lower(), message
    assert fingerprint(db) == before
