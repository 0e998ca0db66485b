"""Disclosure everywhere: on a store seeded with many small counts, every page, table, chart and metric the
viewer sees has no count from 1 to 7, and no suppressed cell can be recovered from the totals shown."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from metrics import catalogue
from metrics.engine import compute
from settings import get_settings
from tests.conftest import ROOT
from warehouse.ingest import ingest
from warehouse.sample import EXTRACTS
from warehouse.store import connect

HEADER = ("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
          "Repeat Request,Notes\n")
BANDS = ["16-24", "25-49", "50-64", "65-74", "75-84", "85+"]
TYPES = ["Food parcel", "Personal shopping", "Prescription collection", "Befriending"]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """Reference data from the sample, plus a hub file where most ward x month x type cells hold 0-6."""
    folder = tmp_path_factory.mktemp("small")
    url = f"duckdb:///{folder / 'small.duckdb'}"
    store = connect(url)
    for source, name in [("boundaries", "wards_approx.geojson"), ("boundaries", "borough_outline_approx.geojson"),
                         ("lsoa_ward", "lsoa21_to_wd25.csv"), ("population", "census2021_ward_single_year_of_age.csv"),
                         ("deprivation", "imd2025_lsoa21.csv")]:
        ingest(store, source, EXTRACTS / "reference" / name)
    rng = np.random.default_rng(7)
    rows, n = [], 0
    for month in pd.date_range("2020-04-01", "2021-06-01", freq="MS"):
        for ward in get_settings().wards:
            for kind in TYPES:
                for _ in range(int(rng.integers(0, 7))):
                    n += 1
                    day = month + pd.Timedelta(days=int(rng.integers(0, 27)))
                    rows.append([f"S{n}", f"{day:%d/%m/%Y}", ward.name, "PR7", rng.choice(BANDS), kind, "Self",
                                 "Completed", "Y" if rng.random() < 0.3 else "N", ""])
    path = folder / "hub_small.csv"
    with path.open("w", newline="") as f:
        f.write(HEADER)
        csv.writer(f).writerows(rows)
    ingest(store, "community_hub", path)
    store.close()
    return url


@pytest.fixture
def viewer(small_store, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", small_store)
    monkeypatch.delenv("DASHBOARD_LOCAL_ROLE", raising=False)
    get_settings.cache_clear()
    yield small_store
    get_settings.cache_clear()


COUNTISH = re.compile(r"^(count|ward_count|all requests|first request|repeat)$", re.IGNORECASE)
HOVER_COUNT = re.compile(r"(?:[Cc]ount|requests?)\D{0,12}?(\d[\d,]*)(?![\d.])")


def small_numbers_in(at: AppTest) -> list[str]:
    found = []
    for df in at.dataframe:
        frame = df.value
        for col in [c for c in frame.columns if COUNTISH.search(str(c))]:
            values = pd.to_numeric(frame[col], errors="coerce").dropna()
            if values.between(1, 7).any():
                found.append(f"table column {col}: {values[values.between(1, 7)].tolist()[:5]}")
    for metric in at.metric:
        value = metric.value.replace(",", "")
        if value.isdigit() and 1 <= int(value) <= 7:
            found.append(f"metric {metric.label}: {value}")
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        text = json.dumps([{k: t.get(k) for k in ("text", "hovertext", "customdata")} for t in spec["data"]])
        for match in HOVER_COUNT.finditer(text):
            if 1 <= int(match.group(1).replace(",", "")) <= 7:
                found.append(f"chart hover: ...{text[max(0, match.start() - 40):match.end()]}")
    return found


VIEWS = [None, "ward-map", "demand-trends", "community-hub", "ward-profile", "deprivation-inequalities"]
INDICATORS = ["hub_food_parcels", "hub_personal_shopping_65", "hub_repeat_share", "hub_befriending_65"]


@pytest.mark.parametrize("view", VIEWS)
def test_no_small_number_reaches_the_viewer_on_any_page(viewer, view):
    for indicator in INDICATORS:
        for period in ("2020-05", "2021-Q1"):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            if view:
                at.query_params["view"] = view
            at.query_params.update(indicator=indicator, period=period, wards="E05013066,E05013064")
            at.run()
            assert not at.exception, (view, indicator, at.exception)
            assert small_numbers_in(at) == [], (view, indicator, period)


def lines_are_safe(viewer_frame: pd.DataFrame, true_frame: pd.DataFrame, keys: list[str]) -> list[str]:
    """With the borough total shown, the hidden cells of a line must be 0 or >= 2 in number and their true
    total must not be 1..7 (else total minus the shown cells gives it away)."""
    problems = []
    merged = viewer_frame.merge(true_frame[[*keys, "count"]], on=keys, suffixes=("", "_true"))
    cells = merged[merged["area_type"] != "borough"]
    totals = merged[merged["area_type"] == "borough"]
    group = [k for k in keys if k != "area_code"]
    for key, line in (cells.groupby(group) if group else [((), cells)]):
        total = totals[(totals[group] == pd.Series(key, index=group)).all(axis=1)] if group else totals
        if total["suppressed"].all():
            continue  # the line's total is hidden too: nothing to subtract from
        hidden = line[line["suppressed"]]
        if len(hidden) == 1 or 1 <= hidden["count_true"].sum() <= 7:
            problems.append(f"{key}: {len(hidden)} hidden, true sum {hidden['count_true'].sum()}")
    return problems


def ward_lines_are_safe(viewer_frame: pd.DataFrame, true_frame: pd.DataFrame) -> list[str]:
    """Each ward's age bands against the ward total ("All") shown next to them."""
    merged = viewer_frame.merge(true_frame[["area_code", "age_band", "count"]], on=["area_code", "age_band"],
                                suffixes=("", "_true"))
    problems = []
    for ward, line in merged[merged["area_type"] == "ward"].groupby("area_code"):
        total, cells = line[line["age_band"] == "All"], line[line["age_band"] != "All"]
        if total.empty or total["suppressed"].all():
            continue
        hidden = cells[cells["suppressed"]]
        if len(hidden) == 1 or 1 <= hidden["count_true"].sum() <= 7:
            problems.append(f"{ward}: {len(hidden)} hidden, true sum {hidden['count_true'].sum()}")
    return problems


@pytest.mark.parametrize("indicator", [i.id for i in catalogue.INDICATORS if i.source == "community_hub"])
def test_no_suppressed_cell_is_recoverable_from_the_totals(small_store, monkeypatch, indicator):
    monkeypatch.setenv("DASHBOARD_DB_URL", small_store)
    get_settings.cache_clear()
    store = connect(small_store)
    try:
        for period in ("2020-05", "2020-Q4", "2021"):
            shown = compute(indicator, period=period, role="viewer", store=store)
            true = compute(indicator, period=period, role="analyst", store=store)
            assert not shown["count"].dropna().astype(int).between(1, 7).any()
            assert lines_are_safe(shown, true, ["area_code"]) == []
            if "age_band" in catalogue.get(indicator).breakdowns:
                shown = compute(indicator, period=period, role="viewer", breakdown="age_band", store=store)
                true = compute(indicator, period=period, role="analyst", breakdown="age_band", store=store)
                assert not shown["count"].dropna().astype(int).between(1, 7).any()
                inner = shown["age_band"] != "All"
                assert lines_are_safe(shown[inner], true, ["area_code", "age_band"]) == []
                assert ward_lines_are_safe(shown, true) == []
    finally:
        store.close()
        get_settings.cache_clear()
