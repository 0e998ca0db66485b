"""The shipped Streamlit configuration is hardened, and the upload flow checks, dry-runs, loads and rolls back."""

from __future__ import annotations

import tomllib

import pytest

from data_loaders import LoadError
from settings import get_settings
from tests.conftest import ROOT


def test_shipped_streamlit_config_is_hardened():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert 1 <= config["server"]["maxUploadSize"] <= 200
    assert config["server"]["maxUploadSize"] == get_settings().max_upload_mb
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["browser"]["gatherUsageStats"] is False


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", f"duckdb:///{tmp_path / 'up.duckdb'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


HEADER = ("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
          "Repeat Request,Notes\n")


def test_upload_flow_dry_run_confirm_and_roll_back(fresh_store):
    from ui import data

    good = (HEADER + "H1,27/03/2020,Euxton,PR7,25-49,Food parcel,Self,Completed,N,=call back\n").encode()
    mixed = (HEADER + "H2,28/03/2020,Euxton,PR7,25-49,Food parcel,Self,Completed,N,\n"
             "H3,28/03/2020,Atlantis,PR7,25-49,Food parcel,Self,Completed,N,\n").encode()
    plan = data.upload_plan("community_hub", "good.csv", good)
    assert plan.clean and plan.rows_accepted == 1
    first = data.upload_ingest("community_hub", "good.csv", good, partial=False)
    plan = data.upload_plan("community_hub", "mixed.csv", mixed)
    assert (plan.rows_accepted, len(plan.rejects)) == (1, 1)
    # hub files amend: H2 is new, H1 stays (H3's ward is refused)
    assert plan.changes["rows_before"].tolist() == [1] and plan.changes["rows_after"].tolist() == [2]
    with pytest.raises(LoadError, match="'Atlantis' is not a ward"):
        data.upload_ingest("community_hub", "mixed.csv", mixed, partial=False)
    second = data.upload_ingest("community_hub", "mixed.csv", mixed, partial=True)
    assert (second.rows_loaded, second.rows_rejected, second.rows_replaced) == (1, 1, 0)
    log = data.ingest_log("test")
    assert log["status"].tolist() == ["loaded", "loaded"]
    assert "removed 1 rows, restored 0 rows" in data.roll_back(second.ingest_id)
    assert data.ingest_log("test2")["status"].tolist() == ["rolled back", "loaded"]
    assert first.ingest_id == 1


@pytest.mark.parametrize("name, content, fragment", [
    ("huge.csv", b"a" * (51 * 1024 * 1024), "over the 50 MB limit"),
    ("book.xlsm", b"PK\x03\x04", "macro-enabled"),
    ("notes.csv", b"%PDF-1.4", "a PDF"),
])
def test_uploads_are_refused_before_any_loader_runs(fresh_store, name, content, fragment):
    from ui import data

    with pytest.raises(LoadError, match=fragment):
        data.upload_plan("community_hub", name, content)
