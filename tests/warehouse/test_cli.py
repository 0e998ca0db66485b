"""The store's command line as a user runs it: build-sample, status, ingest (refusals exit non-zero)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, real_data
from warehouse.sample import sample_files

PUBLIC = ROOT / "sample_data" / "public"


def run(*args: str, db: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "warehouse", "--db", db, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_status_lists_every_table_with_row_counts(sample_store_url):
    out = run("status", db=sample_store_url)
    assert out.returncode == 0, out.stderr
    for table in ("areas", "area_shapes", "lsoa_ward", "population", "deprivation", "practices", "events",
                  "survey_responses", "ingests", "rejects"):
        assert f"\n{table} " in out.stdout
    counts = {line.split()[0]: int(line.split()[1].replace(",", "")) for line in out.stdout.splitlines()[3:14]
              if len(line.split()) == 2}
    # Every ward and LSOA of the shipped boundary files, counted from the files themselves.
    shipped = sum(len(json.loads(f.read_text())["features"]) for f in PUBLIC.glob("boundaries/*.geojson"))
    assert counts["areas"] == shipped and counts["area_shapes"] == shipped
    assert counts["events"] > 50_000 and counts["ingests"] == len(sample_files()) and counts["rejects"] == 0
    for source in ("community_hub", "citizens_advice", "gp_appointments", "police_uk", "mental_health"):
        assert source in out.stdout


def test_ingest_refuses_a_bad_file_with_exit_status_and_reason(tmp_path):
    db = f"duckdb:///{tmp_path / 'cli.duckdb'}"
    bad = tmp_path / "hub.csv"
    bad.write_text("Request ID;Date Received;Ward\nH1;27/03/2020;Euxton\n")
    out = run("ingest", "community_hub", str(bad), db=db)
    assert out.returncode == 1
    assert "REFUSED (nothing loaded)" in out.stderr and "separated by semicolons" in out.stderr


@pytest.mark.real_data
def test_real_police_ingests_after_its_lookup_as_a_user_would(tmp_path):
    db = f"duckdb:///{tmp_path / 'real.duckdb'}"
    police = real_data("police/2018-12-lancashire-street_CHORLEY.csv")
    lookup = real_data("lookups/chorley_lsoa11_to_wd25_DERIVED.csv")
    first = run("ingest", "police_uk", str(police), db=db)
    assert first.returncode == 1 and "ingest lsoa_ward" in first.stderr
    assert run("ingest", "lsoa_ward", str(lookup), db=db).returncode == 0
    second = run("ingest", "police_uk", str(police), db=db)
    assert second.returncode == 0, second.stderr
    assert "read 661 rows, stored 661 in events" in second.stdout
    again = run("ingest", "police_uk", str(police), db=db)
    assert "already loaded" in again.stdout


@pytest.mark.real_data
@pytest.mark.parametrize("source, relative", [
    ("boundaries", "boundaries/chorley_wards_wd25_bgc.geojson"),
    ("boundaries", "boundaries/chorley_lsoa21_bgc.geojson"),
    ("lsoa_ward", "lookups/chorley_lsoa21_to_wd25_DERIVED.csv"),
    ("population", "population/chorley_census2021_wd_syoa_usual_residents.csv"),
    ("population", "population/chorley_mye2020_lsoa11_syoa_persons.csv"),
    ("deprivation", "imd/chorley_imd2019_lsoa11_ranks_deciles.csv"),
    ("deprivation", "imd/chorley_imd2025_lsoa21_scores_ranks_deciles.csv"),
    ("fingertips", "fingertips/fingertips_93356_campylobacter_countyUA_2015_2017.csv"),
    ("gp_appointments", "nhs/appointments_gp_regional_csv_dorset_ccg_mar2019_aug2021.csv"),
])
def test_real_public_files_ingest_into_the_store(tmp_path, source, relative):
    from warehouse.ingest import ingest
    from warehouse.store import connect

    store = connect(f"duckdb:///{tmp_path / 'r.duckdb'}")
    try:
        result = ingest(store, source, Path(real_data(relative)))
        assert result.status == "loaded" and result.rows_loaded > 0 and result.rows_rejected == 0
    finally:
        store.close()
