"""The real places: the shipped police.uk months, both LSOA vintages, and how every row read is accounted for.

The expected counts are computed here from the raw police.uk CSVs with plain pandas (no project code): each
row of a district's LSOAs (by the LSOA name, "Chorley 012B") is one report; a crime listed twice in a month
(the same Crime ID) is one crime; a crime republished in a later month under the same Crime ID is counted in
the first month it appears. The store built from the files through the loader must give exactly those
counts, per district and month, for crime excluding ASB and for ASB.
"""

from __future__ import annotations

import pandas as pd
import pytest

from warehouse import values
from warehouse.ingest import ingest, replace_wards, rollback
from warehouse.sample import PUBLIC
from warehouse.store import connect

POLICE = sorted((PUBLIC / "police").glob("*-lancashire-street_CHORLEY_SOUTHRIBBLE.csv"))
LOOKUP11 = PUBLIC / "lookups/lsoa11_to_wd25_chorley_southribble_DERIVED.csv"
LOOKUP21 = PUBLIC / "lookups/lsoa21_to_wd25_chorley_southribble_DERIVED.csv"
CENSUS = sorted((PUBLIC / "population").glob("*_census2021_wd_syoa_usual_residents.csv"))
DISTRICTS = {"Chorley": "E07000118", "South Ribble": "E07000126"}
ASB = "Anti-social behaviour"


def raw_rows() -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in POLICE]
    raw = pd.concat(frames, ignore_index=True)
    raw["district"] = raw["LSOA name"].str.replace(r" \d{3}[A-Z]$", "", regex=True)
    return raw


def expected_counts() -> pd.DataFrame:
    """Reports per district x month x (crime excl. ASB, ASB), each crime once, in its first month."""
    raw = raw_rows()
    asb = raw[raw["Crime type"] == ASB]
    crimes = raw[raw["Crime type"] != ASB].sort_values("Month", kind="stable").drop_duplicates("Crime ID")
    out = pd.concat([asb.assign(kind="asb"), crimes.assign(kind="crime")])
    return out.groupby(["district", "Month", "kind"]).size().rename("n").reset_index()


def _store(tmp_path, name="places.duckdb", lookups=(LOOKUP11, LOOKUP21)):
    store = connect(f"duckdb:///{tmp_path / name}")
    for path in lookups:
        ingest(store, "lsoa_ward", path, refresh=False)
    for path in CENSUS:
        ingest(store, "population", path, refresh=False)
    return store


@pytest.fixture(scope="module")
def police_store(tmp_path_factory):
    """Both lookups, Census 2021 and the 22 real police.uk months, loaded as a user would (forwards)."""
    store = _store(tmp_path_factory.mktemp("places"))
    results = [ingest(store, "police_uk", path, refresh=False) for path in POLICE]
    with store.transaction():
        values.refresh(store, ["police_uk"])
    yield store, results
    store.close()


def test_the_22_real_months_all_load_and_every_row_read_is_accounted_for(police_store):
    _, results = police_store
    assert len(results) == 22 and all(r.status == "loaded" for r in results)
    raw = raw_rows()
    for result, path in zip(results, POLICE, strict=True):
        read = len(pd.read_csv(path, dtype=str, keep_default_na=False))
        assert result.rows_read == read
        assert result.adds_up(), result.summary()
        assert result.rows_outside == 0 and result.rows_unplaced == 0 and result.rows_rejected == 0
    assert sum(r.rows_read for r in results) == len(raw)
    # 135 republished Crime IDs across months; the rest of the repeats are a crime listed twice in a month
    crimes = raw[raw["Crime ID"] != ""]
    assert (crimes.groupby("Crime ID")["Month"].nunique() > 1).sum() == 135
    assert sum(r.rows_repeated for r in results) == len(crimes) - crimes["Crime ID"].nunique()


def test_the_store_gives_the_counts_of_the_raw_files_per_district_and_month(police_store):
    store, _ = police_store
    expected = expected_counts()
    got = values.read(store, ["police_crime", "police_asb"], role="analyst", period_types=["month"],
                      area_types=["district"])
    got = got.assign(kind=got["indicator_id"].map({"police_crime": "crime", "police_asb": "asb"}),
                     district=got["area_name"], Month=got["period"])
    merged = expected.merge(got[["district", "Month", "kind", "count"]], on=["district", "Month", "kind"],
                            how="outer")
    assert len(merged) == 2 * 2 * 22
    assert (merged["n"] == merged["count"]).all(), merged[merged["n"] != merged["count"]]


def test_the_first_lockdown_as_provenance_describes_it():
    """PROVENANCE.md: Chorley crime excluding ASB ~570 a month in Jan-Feb 2020, 421 in April (rows), back to
    686 by July; ASB from ~220 to 746 and 836 in April and May."""
    raw = raw_rows()
    chorley = raw[raw["district"] == "Chorley"]
    crime = chorley[chorley["Crime type"] != ASB].groupby("Month").size()
    asb = chorley[chorley["Crime type"] == ASB].groupby("Month").size()
    assert crime["2020-04"] == 421 and crime["2020-07"] == 686 and (asb["2020-04"], asb["2020-05"]) == (746, 836)
    before = crime[["2020-01", "2020-02"]].mean()
    assert 0.2 < 1 - crime["2020-04"] / before < 0.3  # "fell about a quarter"
    assert asb["2020-04"] / asb[["2020-01", "2020-02"]].mean() > 3  # "roughly tripled"


def test_the_districts_add_up_to_the_partnership(police_store):
    store, _ = police_store
    rows = values.read(store, "police_crime", role="analyst", period_types=["month"],
                       area_types=["district", "partnership"])
    wide = rows.pivot_table(index="period", columns="area_type", values="count", aggfunc="sum")
    assert (wide["district"] == wide["partnership"]).all()


def _events(store) -> pd.DataFrame:
    return store.fetch('SELECT record_id, period, ward_code, lsoa_code, category FROM "events" '
                       "ORDER BY record_id, period").reset_index(drop=True)


def test_consecutive_months_in_any_order_give_the_same_store(tmp_path):
    """A crime republished in a later month is counted in its first month whether that month arrives first
    or last; both orders hold exactly the same events."""
    months = [p for p in POLICE if p.name[:7] in ("2020-01", "2020-02", "2020-03", "2020-04", "2020-05")]
    forwards, backwards = _store(tmp_path, "f.duckdb"), _store(tmp_path, "b.duckdb")
    for path in months:
        ingest(forwards, "police_uk", path, refresh=False)
    notes = [ingest(backwards, "police_uk", path, refresh=False).notes for path in reversed(months)]
    assert any("now counted in this file's earlier month" in n for note in notes for n in note)
    pd.testing.assert_frame_equal(_events(forwards), _events(backwards))
    for store in (forwards, backwards):
        store.close()


def test_a_late_lookup_places_the_rows_held_without_a_ward_and_nothing_is_lost(tmp_path):
    """The 2021 lookup alone leaves the 2011-only LSOAs of a 2020 file unplaced (not outside); loading the 2011
    lookup places them; rolling it back unplaces them again; the store then equals one built with both."""
    april = next(p for p in POLICE if p.name.startswith("2020-04"))
    store = _store(tmp_path, "late.duckdb", lookups=(LOOKUP21,))
    first = ingest(store, "police_uk", april, refresh=False)
    assert first.adds_up() and first.rows_outside == 0
    assert first.rows_unplaced > 0 and first.rows_placed + first.rows_unplaced == first.rows_loaded
    note = next(n for n in first.notes if "not in the loaded LSOA lookup" in n)
    assert "LSOA 2011 to ward lookup" in note and "lsoa11_to_wd25" in note
    held = int(store.fetch('SELECT COUNT(*) AS n FROM "events"')["n"].iloc[0])
    assert held == first.rows_loaded
    assert int(store.fetch('SELECT COUNT(*) AS n FROM "events" WHERE ward_code IS NULL')["n"].iloc[0]) == \
        first.rows_unplaced

    lookup = ingest(store, "lsoa_ward", LOOKUP11, refresh=False)
    assert any("rows held without a ward (or placed through the other LSOA vintage) were placed" in n
               for n in lookup.notes)
    assert int(store.fetch('SELECT COUNT(*) AS n FROM "events" WHERE ward_code IS NULL')["n"].iloc[0]) == 0
    assert int(store.fetch('SELECT COUNT(*) AS n FROM "events"')["n"].iloc[0]) == held
    both = _store(tmp_path, "both.duckdb")
    ingest(both, "police_uk", april, refresh=False)
    pd.testing.assert_frame_equal(_events(store), _events(both))
    rollup = store.fetch('SELECT SUM("rows") AS n FROM "events_monthly" WHERE ward_code IS NULL')["n"].iloc[0]
    assert pd.isna(rollup) or int(rollup) == 0

    rollback(store, lookup.ingest_id)
    assert int(store.fetch('SELECT COUNT(*) AS n FROM "events" WHERE ward_code IS NULL')["n"].iloc[0]) == \
        first.rows_unplaced
    assert replace_wards(store) == (0, 0)  # nothing left to do: the placement follows the lookups held
    for s in (store, both):
        s.close()


def test_rows_outside_the_partnership_are_outside_not_unplaced(tmp_path):
    """A row of another district's LSOA (not in any lookup, its name not a partnership district) is dropped
    and counted as outside."""
    april = next(p for p in POLICE if p.name.startswith("2020-04"))
    text = april.read_text().splitlines()
    row = text[1].split(",")
    header = text[0].split(",")
    row[header.index("LSOA code")], row[header.index("LSOA name")] = "E01025500", "Preston 001A"
    row[header.index("Crime ID")] = "f" * 64
    path = tmp_path / "2020-04-lancashire-street.csv"
    path.write_text("\n".join([text[0], *text[1:], ",".join(row)]) + "\n")
    store = _store(tmp_path, "outside.duckdb")
    result = ingest(store, "police_uk", path, refresh=False)
    assert result.rows_outside == 1 and result.rows_unplaced == 0 and result.adds_up()
    store.close()
