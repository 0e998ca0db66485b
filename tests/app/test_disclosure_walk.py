"""Disclosure on the rendered pages: on a store seeded with many small counts, every page's tables, charts
(hover text included), metrics and the counts quoted in its text, as the viewer's browser receives them,
hold no count from 1 to 7; nor does the viewer's alert digest. That nothing can be recovered by arithmetic
is proved on the values themselves (test_disclosure_property)."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from settings import get_settings
from tests.conftest import ROOT
from warehouse.ingest import ingest
from warehouse.interventions import add_intervention
from warehouse.sample import PUBLIC
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
    for source, name in [("boundaries", "boundaries/chorley_wards_wd25_bgc.geojson"),
                         ("boundaries", "boundaries/south_ribble_wards_wd25_bgc.geojson"),
                         ("lsoa_ward", "lookups/lsoa21_to_wd25_chorley_southribble_DERIVED.csv"),
                         ("population", "population/chorley_census2021_wd_syoa_usual_residents.csv"),
                         ("population", "population/south_ribble_census2021_wd_syoa_usual_residents.csv"),
                         ("deprivation", "imd/chorley_imd2025_lsoa21_scores_ranks_deciles.csv")]:
        ingest(store, source, PUBLIC / name)
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
    ingest(store, "community_hub", path)  # the alert rules run inside it
    add_intervention(store, title="Doorstep delivery", partner="Chorley Council community hub",
                     areas=["E05013066", "E05013064"], indicators=["hub_food_parcels", "hub_personal_shopping_65"],
                     start="2020-11-01", end="2021-03-31", created_by="test")
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
QUOTED_COUNT = re.compile(r"\(count (\d[\d,]*)\)")  # how alerts and the digest quote a count


def quoted_small(text: str) -> list[str]:
    return [text[max(0, m.start() - 60):m.end()] for m in QUOTED_COUNT.finditer(text)
            if 1 <= int(m.group(1).replace(",", "")) <= 7]


def small_numbers_in(at: AppTest) -> list[str]:
    found = []
    for df in at.dataframe:
        frame = df.value
        for col in [c for c in frame.columns if COUNTISH.search(str(c))]:
            values = pd.to_numeric(frame[col], errors="coerce").dropna()
            if values.between(1, 7).any():
                found.append(f"table column {col}: {values[values.between(1, 7)].tolist()[:5]}")
        for col in frame.select_dtypes(include="object").columns:
            found += [f"table column {col}: {q}" for q in quoted_small(" ".join(frame[col].astype(str)))]
    for element in [*at.markdown, *at.caption, *at.info, *at.warning, *at.success]:
        found += [f"text: {q}" for q in quoted_small(element.value)]
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


VIEWS = [None, "ward-map", "demand-trends", "community-hub", "ward-profile", "deprivation-inequalities", "partnership-priorities",
         "partner-interventions", "partnership-alerts", "stories"]
INDICATORS = ["hub_food_parcels", "hub_personal_shopping_65", "hub_repeat_share", "hub_befriending_65"]


@pytest.mark.parametrize("view", VIEWS)
def test_no_small_number_reaches_the_viewer_on_any_page(viewer, view):
    for indicator in INDICATORS:
        for period in ("2020-05", "2021-Q1", "2020/21"):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            if view:
                at.query_params["view"] = view
            at.query_params.update(indicator=indicator, period=period, areas="E05013066,E05013064")
            at.run()
            assert not at.exception, (view, indicator, at.exception)
            assert small_numbers_in(at) == [], (view, indicator, period)


def test_the_viewers_digest_quotes_no_count_of_1_to_7(viewer):
    from warehouse.alerts import run
    from warehouse.digest import compose
    from warehouse.store import opened

    with opened(viewer) as store:
        with store.transaction():
            run(store)
        viewer_digest = compose(store, role="viewer")
    assert len(viewer_digest.alerts) > 0, "no alert fired on the small store: the test would prove nothing"
    assert quoted_small(viewer_digest.text) == [] and quoted_small(viewer_digest.html) == []
    # The sample store's digest test compares each count the viewer's digest quotes with the analyst's.
