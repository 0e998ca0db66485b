"""What the backend suites compare: the materialised indicator values, normalised the same way on every
engine, and a fingerprint of every table of a PostgreSQL store."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from warehouse.sample import EXTRACTS
from warehouse.store import Store
from warehouse.tables import COLUMNS

KEY = ["indicator_id", "role", "area_code", "band", "period"]
TYPES = dict(COLUMNS["indicator_values"])
FLOATS = [c for c, t in TYPES.items() if t == "DOUBLE"]
HUB_HEADER = ["Request ID", "Date Received", "Ward", "Postcode District", "Age Band", "Request Type",
              "Referral Source", "Status", "Repeat Request", "Notes"]


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in key order, each column as its declared type (engines hand dates, integers and booleans back
    in different Python types); missing text is None."""
    out = frame.sort_values([c for c in KEY if c in frame]).reset_index(drop=True)
    for column in out.columns:
        kind = TYPES.get(column)
        if kind == "DATE":
            out[column] = pd.to_datetime(out[column]).astype("datetime64[ns]")
        elif kind == "BIGINT":
            out[column] = out[column].astype("Float64").astype("Int64")
        elif kind == "DOUBLE":
            out[column] = out[column].astype(float)
        elif kind == "BOOLEAN":
            out[column] = out[column].astype("boolean")
        else:
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def values_table(store: Store) -> pd.DataFrame:
    """The whole `indicator_values` table, read through Ibis."""
    return normalised(store.table("indicator_values").to_pandas())


def assert_same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """Every row and column equal: floats to a tight relative tolerance, everything else exactly."""
    assert list(left.columns) == list(right.columns)
    assert len(left) == len(right), f"{len(left)} rows against {len(right)}"
    floats = [c for c in left.columns if c in FLOATS]
    exact = [c for c in left.columns if c not in floats]
    pd.testing.assert_frame_equal(left[exact], right[exact], check_exact=True)
    pd.testing.assert_frame_equal(left[floats], right[floats], check_exact=False, rtol=1e-9, atol=1e-12)


def postgres_fingerprints(store: Store) -> dict[str, tuple[int, str]]:
    """Every table's row count and an order-independent digest of its rows, computed in PostgreSQL."""
    out = {}
    for table in COLUMNS:
        row = store.fetch(f'SELECT COUNT(*) AS n, md5(COALESCE(string_agg(md5(t::text), \'\' ORDER BY md5(t::text)),'
                          f' \'\')) AS digest FROM "{table}" AS t').iloc[0]
        out[table] = (int(row["n"]), row["digest"])
    return out


def hub_month_file(tmp_path: Path, *, month: str = "2022-01", like: str = "2021-12") -> Path:
    """A community hub export for a month the sample does not hold: the sample's requests of `like`, re-dated
    to the same day of `month` (the last day where it is shorter) under new request ids."""
    rows = []
    start = pd.Timestamp(f"{month}-01")
    last_day = (start + pd.offsets.MonthEnd(0)).day
    with open(EXTRACTS / "community_hub" / f"hub_requests_{like[:4]}.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["Date Received"].startswith(like):
                day = min(int(row["Date Received"][8:10]), last_day)
                rows.append({**row, "Request ID": f"NEW{len(rows):05d}",
                             "Date Received": f"{start.replace(day=day):%Y-%m-%d}"})
    assert len(rows) > 100, f"the sample has too few requests in {like} to make a month from"
    path = tmp_path / f"hub_requests_{month}.csv"
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=HUB_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def hub_file(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text(",".join(HUB_HEADER) + "\n" + "\n".join(rows) + "\n")
    return path


def periods_of(frame: pd.DataFrame, prefix: str) -> set[str]:
    return set(frame.loc[frame["indicator_id"].str.startswith(prefix), "period"])


def differs(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    if len(before) != len(after):
        return True
    try:
        assert_same(before, after)
    except AssertionError:
        return True
    return False



MH_HEADER = ["Month", "Service", "Ward Code", "Referrals", "Assessments", "Waiting At Month End"]


def mh_file(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text(",".join(MH_HEADER) + "\n" + "\n".join(rows) + "\n")
    return path
