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
        frame = frame.apply(lambda c: c.map(lambda v: bytes(v).hex() if isinstance(v, bytes | bytearray | memoryview)
                                            else v))  # BLOBs (protection_memo, shapes) compare as hex
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


def test_failure_inside_the_transaction_rolls_back(store, tmp_path, monkeypatch):
    """A failure after the delete step (here the rollup refresh) leaves the store exactly as it was."""
    import warehouse.ingest as ingest_module

    ingest(store, "community_hub", hub_file(tmp_path, "march.csv", row(1), row(2)))
    before = fingerprint(store)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest_module, "_refresh_rollup", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest(store, "community_hub", hub_file(tmp_path, "again.csv", row(1, date="28/03/2020"), row(7)))
    assert fingerprint(store) == before


def test_a_hub_file_amends_the_requests_it_holds_and_says_so(store, tmp_path):
    """Hub files are amendments (REPLACES = record_id): a correction replaces only the requests it holds."""
    ingest(store, "community_hub", hub_file(tmp_path, "v1.csv", row(1), row(2), row(3, date="02/04/2020")))
    result = ingest(store, "community_hub", hub_file(tmp_path, "v2.csv", row(1, date="28/03/2020"), row(9)))
    events = store.fetch('SELECT record_id, event_date FROM "events" ORDER BY record_id')
    assert events["record_id"].tolist() == ["H1", "H2", "H3", "H9"]  # H2 and H3 kept, H1 corrected
    assert str(events["event_date"].iloc[0])[:10] == "2020-03-28"
    assert (result.rows_replaced, result.periods) == (1, "2020-03")
    audit = store.fetch('SELECT ingest_id, rows_replaced, periods FROM "ingests" ORDER BY ingest_id')
    assert audit["rows_replaced"].tolist() == [0, 1]


MH_HEADER = "Month,Service,Ward Code,Referrals,Assessments,Waiting At Month End"


def mh_file(tmp_path, name: str, *rows: tuple[str, str, str]):
    path = tmp_path / name
    path.write_text(MH_HEADER + "\n" + "\n".join(f"{m},{s},{w},5,4,3" for m, s, w in rows) + "\n")
    return path


def test_a_month_sent_as_two_files_by_service_keeps_both(store, tmp_path):
    """Mental health replaces month x service: IAPT then CMHT for the same month are both kept."""
    ingest(store, "mental_health", mh_file(tmp_path, "iapt.csv", ("2020-03", "IAPT", "E05013064"),
                                           ("2020-03", "IAPT", "E05013065")))
    cmht = ingest(store, "mental_health", mh_file(tmp_path, "cmht.csv", ("2020-03", "CMHT", "E05013064")))
    assert cmht.rows_replaced == 0
    held = store.fetch('SELECT category, COUNT(*) AS n FROM "events" GROUP BY category ORDER BY category')
    assert dict(zip(held["category"], held["n"], strict=True)) == {"CMHT": 3, "IAPT": 6}


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
    # H1 and H2 held; H1 is amended, H7 and H8 are new: 2 -> 4 rows
    assert (change["rows_before"], change["rows_after"], change["count_before"], change["count_after"]) == (2, 4, 2, 4)
    assert plan.already_loaded_as is None and not plan.clean and not plan.needs_confirmation
    assert "rows 2 -> 4" in plan.report() and "row 5: Ward: 'Atlantis' is not a ward" in plan.report()


def test_a_file_that_removes_more_than_it_brings_needs_replace_and_roll_back_restores(store, tmp_path):
    from warehouse.ingest import RollbackRefused, dry_run, rollback

    ingest(store, "mental_health", mh_file(tmp_path, "v1.csv", ("2020-03", "IAPT", "E05013064"),
                                           ("2020-03", "IAPT", "E05013065")))
    second = ingest(store, "mental_health", mh_file(tmp_path, "v2.csv", ("2020-03", "IAPT", "E05013064"),
                                                    ("2020-03", "IAPT", "E05013066"), ("2020-03", "IAPT", "E05013067")))
    assert second.rows_replaced == 6
    before = fingerprint(store)
    late = mh_file(tmp_path, "v3.csv", ("2020-03", "IAPT", "E05013068"))
    plan = dry_run(store, "mental_health", late)
    assert plan.needs_confirmation and "NEEDS --replace" in plan.report()
    with pytest.raises(LoadError, match=r"v3.csv: the file would remove 9 rows already held \(period 2020-03; "
                                        r"category IAPT: 9 rows\) and bring 3 in their place.*--replace"):
        ingest(store, "mental_health", late)
    assert fingerprint(store) == before
    third = ingest(store, "mental_health", late, replace=True)
    assert third.rows_replaced == 9
    with pytest.raises(RollbackRefused, match="ingest 3 has since replaced rows of ingest 2: roll back ingest 3"):
        rollback(store, second.ingest_id)
    assert "removed 3 rows, restored 9 rows" in rollback(store, third.ingest_id)
    assert "removed 9 rows, restored 6 rows" in rollback(store, second.ingest_id)
    wards = store.fetch('SELECT DISTINCT ward_code FROM "events" ORDER BY ward_code')["ward_code"].tolist()
    assert wards == ["E05013064", "E05013065"]
    status = store.fetch('SELECT status FROM "ingests" ORDER BY ingest_id')["status"].tolist()
    assert status == ["loaded", "rolled back", "rolled back"]
    with pytest.raises(RollbackRefused, match="is rolled back, not loaded"):
        rollback(store, second.ingest_id)
    # The same file can be loaded again once its ingest was rolled back.
    assert ingest(store, "mental_health", tmp_path / "v2.csv").status == "loaded"


def test_ingest_and_dry_run_report_their_steps_in_order(store, tmp_path):
    """The Upload page's status box hears each step as it starts, the share done rising, the refresh among them."""
    from warehouse.ingest import dry_run

    heard: dict[str, list[tuple[str, float]]] = {"dry": [], "load": []}
    path = hub_file(tmp_path, "hub.csv", row(1), row(2))
    dry_run(store, "community_hub", path, progress=lambda text, done: heard["dry"].append((text, done)))
    ingest(store, "community_hub", path, progress=lambda text, done: heard["load"].append((text, done)))
    assert [t for t, _ in heard["dry"]] == ["Checking the file", "Reading and validating the rows",
                                            "Comparing 2 rows with what the store holds"]
    assert [t for t, _ in heard["load"]] == ["Checking the file", "Reading and validating the rows",
                                             "Writing 2 rows read",
                                             "Recomputing the indicator values of Community hub requests", "Committing"]
    for steps in heard.values():
        shares = [d for _, d in steps]
        assert shares == sorted(shares) and shares[0] == 0.0 and shares[-1] < 1.0
