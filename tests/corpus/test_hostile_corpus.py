"""The hostile corpus (tests/corpus/hostile.py) through both entry points: the CLI and the Upload page.

Each case runs on a private copy of a store holding the sample reference data. A refused file must name
itself and the problem, and leave the DuckDB file byte-for-byte as it was; a loaded file must store exactly
the expected rows, replace exactly the expected rows, and say what it noted.
"""

from __future__ import annotations

import pytest

from data_loaders import SOURCES, LoadError
from settings import get_settings
from tests.corpus.hostile import BY_NAME, CASES, Hostile
from tests.corpus.test_corpus import fingerprint, quiesce, reference_store, store_file, url  # noqa: F401
from warehouse.__main__ import main
from warehouse.store import connect

ENTRY_POINTS = ["cli", "upload"]


def test_the_hostile_corpus_is_big_and_covers_every_source():
    assert len(CASES) >= 40 and len(BY_NAME) == len(CASES)
    # a source added after these cases were written is covered by the declared corpus (its own sample file,
    # damaged the usual ways) until it gets hand-written cases of its own
    from tests.corpus.test_declared_sources import DECLARED
    assert set(SOURCES) - {c.source for c in CASES} <= {s.name for s in DECLARED}
    assert len({c.source for c in CASES}) >= 10
    assert all(BY_NAME[c.prior].refuse == () for c in CASES if c.prior)


@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    return folder


def write(case: Hostile, folder) -> bytes:
    content = case.content()
    (folder / case.name).write_bytes(content)
    return content


def cli(db, *args: str) -> int:
    return main(["--db", url(db), "ingest", *args])


def latest_ingest(db) -> tuple[int, int, str]:
    store = connect(url(db))
    try:
        row = store.fetch('SELECT ingest_id, rows_replaced, message FROM "ingests" ORDER BY ingest_id DESC LIMIT 1')
        return int(row["ingest_id"].iloc[0]), int(row["rows_replaced"].iloc[0]), str(row["message"].iloc[0] or "")
    finally:
        quiesce(store)


def rows_of_ingest(db, table: str, ingest_id: int) -> int:
    store = connect(url(db))
    try:
        return int(store.fetch(f'SELECT COUNT(*) AS n FROM "{table}" WHERE ingest_id = ?', [ingest_id])["n"].iloc[0])
    finally:
        quiesce(store)


@pytest.fixture
def upload_env(store_file, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DASHBOARD_DB_URL", url(store_file))
    get_settings.cache_clear()
    yield store_file
    get_settings.cache_clear()


def through_upload(case: Hostile, content: bytes):
    """The Upload page's path: the plan (server checks and dry run), then the load with its confirmation."""
    from ui import data

    data.upload_plan(case.source, case.name, content)  # refuses what the page would refuse at once
    return data.upload_ingest(case.source, case.name, content, partial=False, replace=case.replace)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file(case, entry, upload_env, corpus_dir, capsys):
    db = upload_env
    if case.prior:
        prior = BY_NAME[case.prior]
        write(prior, corpus_dir)
        assert cli(db, prior.source, str(corpus_dir / prior.name)) == 0, capsys.readouterr().err
    content = write(case, corpus_dir)
    store = connect(url(db))
    quiesce(store)
    before = fingerprint(db)
    last_before = latest_ingest(db)[0]
    if entry == "cli":
        args = [case.source, str(corpus_dir / case.name)] + (["--replace"] if case.replace else [])
        code = cli(db, *args)
        out = capsys.readouterr()
        message = out.err
        loaded = code == 0
    else:
        try:
            through_upload(case, content)
            loaded, message = True, ""
        except LoadError as refused:
            loaded, message = False, str(refused)
    if case.refuse:
        assert not loaded, f"{case.name} was loaded through the {entry}"
        for fragment in (case.name, *case.refuse, "Fix: "):
            assert fragment in message, f"{case.name} ({entry}): {fragment!r} not in:\n{message}"
        assert fingerprint(db) == before, f"{case.name} ({entry}) changed the store"
        return
    assert loaded, f"{case.name} ({entry}) was refused:\n{message}"
    ingest_id, replaced, notes = latest_ingest(db)
    assert ingest_id == last_before + 1
    assert rows_of_ingest(db, case.table, ingest_id) == case.rows
    assert replaced == case.replaced
    for fragment in case.notes:
        assert fragment in notes, f"{case.name} ({entry}): note {fragment!r} not in {notes!r}"


def test_the_cli_dry_run_prints_the_upload_pages_report_and_writes_nothing(store_file, corpus_dir, capsys):  # noqa: F811
    for name in ("mh_iapt_month.csv", "mh_partial_resend.csv"):
        write(BY_NAME[name], corpus_dir)
    assert cli(store_file, "mental_health", str(corpus_dir / "mh_iapt_month.csv")) == 0
    store = connect(url(store_file))
    quiesce(store)
    before = fingerprint(store_file)
    assert cli(store_file, "--dry-run", "mental_health", str(corpus_dir / "mh_partial_resend.csv")) == 0
    report = capsys.readouterr().out
    assert "dry run, nothing written" in report and "NEEDS --replace" in report
    assert "2020-04: rows 6 -> 3" in report
    assert fingerprint(store_file) == before


def test_the_cli_applies_the_upload_size_limit(store_file, tmp_path, monkeypatch, capsys):  # noqa: F811
    config = tmp_path / "dashboard.toml"
    from tests.conftest import ROOT

    config.write_text((ROOT / "dashboard.toml").read_text().replace("max_mb = 50", "max_mb = 1"))
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    get_settings.cache_clear()
    try:
        big = tmp_path / "big.csv"
        big.write_bytes(b"Month,Service,Ward Code,Referrals,Assessments,Waiting At Month End\n" + b"x" * (2 << 20))
        before = fingerprint(store_file)
        assert cli(store_file, "mental_health", str(big)) == 1
        assert "big.csv: the file is 2.0 MB, over the 1 MB limit" in capsys.readouterr().err
        assert fingerprint(store_file) == before
    finally:
        get_settings.cache_clear()
