"""The monthly rollup answers every event_counts question exactly as the raw events do, after ingests,
replacements and roll backs."""

from __future__ import annotations

import pandas as pd
import pytest

from warehouse import queries, rollups
from warehouse.ingest import ingest, rollback
from warehouse.queries import EventFilter
from warehouse.store import connect

QUESTIONS = [
    (EventFilter("community_hub"), ["ward_code"]),
    (EventFilter("community_hub", categories=("Food parcel",), age_bands=("16-24", "25-49")), ["ward_code", "age_band"]),
    (EventFilter("community_hub", repeat_only=True), ["channel"]),
    (EventFilter("citizens_advice", categories=("Housing",), subcategories=("Threatened homelessness",)), ["sex"]),
    (EventFilter("citizens_advice", channels=("Phone", "Adviceline")), []),
    (EventFilter("police_uk"), ["lsoa_code", "category"]),
    (EventFilter("mental_health", subcategories=("Referrals",)), ["ward_code", "category"]),
    (EventFilter("gp_appointments", statuses=("DNA",)), ["org_code"]),
]


def same_answers(store) -> None:
    for f, by in QUESTIONS:
        for monthly in (True, False):
            fast = queries.event_counts(store, f, by=by, monthly=monthly, use_rollup=True)
            raw = queries.event_counts(store, f, by=by, monthly=monthly, use_rollup=False)
            pd.testing.assert_frame_equal(fast, raw, check_dtype=False)
            assert len(raw) > 0


@pytest.fixture
def store(store_copy):
    s = connect(store_copy)
    yield s
    s.close()


def test_rollup_equals_the_raw_rows(store):
    assert rollups.consistent(store)
    same_answers(store)


def test_rollup_follows_replacements_and_roll_backs(store, tmp_path):
    """A resent December 2021 (IAPT, two wards) replaces that month x service (confirmed: it brings fewer rows)."""
    path = tmp_path / "resend.csv"
    path.write_text("Month,Service,Ward Code,Referrals,Assessments,Waiting At Month End\n"
                    "2021-12,IAPT,E05013066,5,4,3\n2021-12,IAPT,E05013077,7,6,2\n")
    result = ingest(store, "mental_health", path, replace=True)
    assert result.rows_replaced > 0
    same_answers(store)
    december = queries.event_counts(store, EventFilter("mental_health", categories=("IAPT",)), by=[],
                                    start="2021-12-01")
    assert december["count"].tolist() == [27]
    rollback(store, result.ingest_id)
    same_answers(store)
    assert rollups.consistent(store)


def test_a_store_from_before_rollups_is_backfilled(tmp_path, sample_store_url):
    import shutil

    path = tmp_path / "old.duckdb"
    shutil.copy(sample_store_url.removeprefix("duckdb:///"), path)
    s = connect(f"duckdb:///{path}")
    s.execute('DROP TABLE "events_monthly"')
    s.close()
    s = connect(f"duckdb:///{path}")
    try:
        assert rollups.consistent(s)
        same_answers(s)
    finally:
        s.close()
