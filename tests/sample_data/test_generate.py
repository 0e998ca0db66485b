"""The seeded sample-data generator: deterministic bytes, the agreed formats, and the story in the numbers.

Headers are the ones in FORMATS.md (partner CRM exports) and the published public layouts. The story
thresholds are those the generator's docstring promises; the files are generated once per session.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from sample_data.generate import DEFAULT_SEED, generate, main
from sample_data.reference_figures import WARD_POPULATION_BY_BAND, WARDS
from warehouse.sample import EXTRACTS

HUB = ("Request ID", "Date Received", "Ward", "Postcode District", "Age Band", "Request Type", "Referral Source",
       "Status", "Repeat Request", "Notes")
CA = ("Client Ref", "Contact Date", "Ward", "Age Range", "Gender", "Channel", "Issue Category", "Issue Detail")
POLICE = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context")
GP = ("GP_CODE", "GP_NAME", "PCN_CODE", "PCN_NAME", "Appointment_Month", "APPT_STATUS", "HCP_TYPE", "APPT_MODE",
      "TIME_BETWEEN_BOOK_AND_APPT", "COUNT_OF_APPOINTMENTS")
MH = ("Month", "Service", "Ward Code", "Referrals", "Assessments", "Waiting At Month End")
VCFS = ("Organisation", "Sector", "Survey Date", "Income Lost GBP", "Services Closed (None/Some/All)",
        "Volunteers Before", "Volunteers Now", "Moved Online (Y/N)", "Wards Served")
IMD_HEAD = ("lsoa21_code", "lsoa21_name", "IMD_decile", "Income_decile")

EXPECTED = [  # (path, encoding, header) - header None: checked elsewhere (geojson, xlsx, zip)
    ("reference/wards_approx.geojson", None, None),
    ("reference/borough_outline_approx.geojson", None, None),
    ("reference/lsoa21_to_wd25.csv", "utf-8", ("LSOA21CD", "LSOA21NM", "WD25CD", "WD25NM", "LAD25CD", "LAD25NM")),
    ("reference/census2021_ward_single_year_of_age.csv", "utf-8",
     ("ward_code", "ward_name", "age", "usual_residents", "row_type")),
    ("reference/imd2025_lsoa21.csv", "utf-8", None),
    ("reference/gp_practices.csv", "utf-8",
     ("Practice Code", "Practice Name", "Postcode", "Ward Code", "Registered Patients")),
    ("community_hub/hub_requests_2020.csv", "utf-8", HUB),
    ("community_hub/hub_requests_2021.csv", "utf-8", HUB),
    ("citizens_advice/ca_issues_2019.csv", "utf-8-sig", CA),
    ("citizens_advice/ca_issues_2020.csv", "cp1252", CA),
    ("citizens_advice/ca_issues_2021.xlsx", None, None),
    ("police_uk/police_uk_2019-01_2021-12.zip", None, None),
    ("gp_appointments/gp_appointments_practice_2019-2021.csv", "utf-8", GP),
    ("mental_health/mh_referrals_2019-2021.csv", "utf-8", MH),
    ("vcfs_survey/vcfs_survey_2020.csv", "utf-8", VCFS),
    ("vcfs_survey/vcfs_survey_2021.csv", "utf-8", VCFS),
]
UNKNOWN_WARDS = {"", "unknown", "out of area"}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("extracts")
    generate(folder, seed=DEFAULT_SEED)
    return folder


def _csv(path: Path, encoding: str = "utf-8") -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)


@pytest.fixture(scope="module")
def hub(out) -> pd.DataFrame:
    h20 = _csv(out / "community_hub/hub_requests_2020.csv")
    h21 = _csv(out / "community_hub/hub_requests_2021.csv")
    h20["date"] = pd.to_datetime(h20["Date Received"], format="%d/%m/%Y")
    h21["date"] = pd.to_datetime(h21["Date Received"], format="%Y-%m-%d")
    return pd.concat([h20, h21], ignore_index=True)


@pytest.fixture(scope="module")
def population(out) -> pd.DataFrame:
    pop = _csv(out / "reference/census2021_ward_single_year_of_age.csv")
    pop = pop[pop["row_type"] == "single_year"].copy()
    pop["age"] = pop["age"].str.rstrip("+").astype(int)
    pop["n"] = pop["usual_residents"].astype(int)
    return pop


@pytest.fixture(scope="module")
def police(out) -> pd.DataFrame:
    with zipfile.ZipFile(out / "police_uk/police_uk_2019-01_2021-12.zip") as archive:
        return pd.concat([pd.read_csv(archive.open(n), dtype=str, keep_default_na=False)
                          for n in archive.namelist()], ignore_index=True)


def test_same_seed_gives_identical_bytes(out, tmp_path):
    """Generating twice gives the same bytes, and they are exactly the extracts committed in the repository
    (every declared generator's files and nothing else)."""
    again = generate(tmp_path, seed=DEFAULT_SEED)
    committed = sorted(p.relative_to(EXTRACTS) for p in EXTRACTS.rglob("*") if p.is_file())
    assert sorted(p.relative_to(tmp_path) for p in again) == committed
    for path in again:
        relative = path.relative_to(tmp_path)
        assert path.read_bytes() == (out / relative).read_bytes() == (EXTRACTS / relative).read_bytes(), path.name


@pytest.mark.parametrize("relative, encoding, header", EXPECTED)
def test_file_exists_with_the_agreed_header(out, relative, encoding, header):
    path = out / relative
    assert path.is_file()
    if header is not None:
        first = path.read_bytes().decode(encoding).splitlines()[0]
        assert tuple(first.split(",")) == header


def test_encodings_as_real_exports(out):
    assert (out / "citizens_advice/ca_issues_2019.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    cp1252 = (out / "citizens_advice/ca_issues_2020.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        cp1252.decode("utf-8")
    assert "–" in cp1252.decode("cp1252")
    assert cp1252.endswith(b"\r\n\r\n")


def test_imd_file_keeps_the_published_layout(out):
    imd = _csv(out / "reference/imd2025_lsoa21.csv")
    assert tuple(imd.columns[:4]) == IMD_HEAD and len(imd.columns) == 26 and len(imd) == 70


def test_ca_workbook_has_title_and_blank_row_above_the_header(out):
    ws = openpyxl.load_workbook(out / "citizens_advice/ca_issues_2021.xlsx", read_only=True).worksheets[0]
    rows = list(ws.iter_rows(min_row=1, max_row=4, values_only=True))
    assert rows[0][0] == "Citizens Advice Chorley — advice issues 2021"
    assert all(v is None for v in rows[1])
    assert rows[2] == CA
    assert rows[3][1].year == 2021  # a real Excel date


def test_police_zip_holds_one_street_file_per_month(police, out):
    with zipfile.ZipFile(out / "police_uk/police_uk_2019-01_2021-12.zip") as archive:
        names = archive.namelist()
        assert tuple(io.TextIOWrapper(archive.open(names[0])).readline().strip().split(",")) == POLICE
    assert len(names) == 36 and names[0] == "2019-01/2019-01-lancashire-street.csv"
    asb = police["Crime type"] == "Anti-social behaviour"
    assert (police["Crime ID"] == "").equals(asb)
    assert police.loc[~asb, "Crime ID"].str.fullmatch(r"[0-9a-f]{64}").all()
    outside = ~police["LSOA name"].str.startswith("Chorley ")
    assert police.loc[outside, "LSOA name"].str.startswith("South Ribble ").all()
    assert police[outside].groupby("Month").size().reindex(police["Month"].unique()).fillna(0).ge(1).mean() > 0.9
    chorley_2019 = police[~outside & police["Month"].str.startswith("2019")].groupby("Month").size()
    assert 700 <= chorley_2019.mean() <= 900


def test_total_size_is_a_few_megabytes(out):
    assert sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) < 6_000_000
    assert (out / "gp_appointments/gp_appointments_practice_2019-2021.csv").stat().st_size < 1_500_000


def test_geometry_is_small_valid_and_inside_the_outline(out):
    wards_path = out / "reference/wards_approx.geojson"
    assert wards_path.stat().st_size <= 100_000
    wards = json.loads(wards_path.read_text())["features"]
    outline = shape(json.loads((out / "reference/borough_outline_approx.geojson").read_text())["features"][0]
                    ["geometry"])
    assert [f["properties"]["WD25CD"] for f in wards] == [w[0] for w in WARDS]
    for feature in wards:
        polygon = shape(feature["geometry"])
        assert polygon.geom_type == "Polygon" and polygon.is_valid
        assert outline.covers(polygon)
        assert feature["properties"]["approximate"] is True and "not an ONS boundary" in feature["properties"]["note"]
    cells = [shape(f["geometry"]) for f in wards]
    assert shapely.union_all(cells).area == pytest.approx(outline.area, rel=1e-9)
    coords = np.concatenate([np.asarray(c.exterior.coords) for c in cells])
    assert np.allclose(coords, np.round(coords, 5), atol=1e-12, rtol=0)


def test_population_single_years_add_up_to_the_census_bands(out, population):
    census = _csv(out / "reference/census2021_ward_single_year_of_age.csv")
    totals = census[census["row_type"] == "total"].set_index("ward_code")["usual_residents"].astype(int)
    assert totals.equals(population.groupby("ward_code")["n"].sum().rename("usual_residents"))
    assert totals.sum() == 117_753
    for code, bands in WARD_POPULATION_BY_BAND.items():
        ages = population[population["ward_code"] == code].set_index("age")["n"]
        band = np.minimum(ages.index // 5, 18)
        assert tuple(ages.groupby(band).sum()) == bands


def test_hub_opens_on_23_march_2020_and_has_no_future_dates(hub):
    assert hub["date"].min() >= pd.Timestamp("2020-03-23")
    assert hub["date"].max() <= pd.Timestamp("2021-12-31")
    assert 8_000 <= len(hub) <= 12_000


def test_hub_duplicates_are_exact_and_wards_never_misspelt(hub):
    dup = hub.duplicated(subset=list(HUB), keep=False)
    assert 0.001 < hub.duplicated(subset=list(HUB)).mean() < 0.006
    assert not hub[~dup]["Request ID"].isin(hub[dup]["Request ID"]).any()
    assert hub.drop_duplicates(subset=list(HUB))["Request ID"].is_unique
    names = {n.lower() for _, n, _, _ in WARDS} | {n.replace(" & ", " and ").lower() for _, n, _, _ in WARDS}
    typed = hub["Ward"].str.strip().str.lower()
    assert typed.isin(names | UNKNOWN_WARDS).all()
    assert 0.005 < typed.isin(UNKNOWN_WARDS).mean() < 0.03
    assert hub["Notes"].str.contains("\n").any() and hub["Notes"].str[:1].isin(["=", "+", "-", "@"]).any()


def test_hub_food_parcels_per_head_favour_working_age(hub, population):
    april = hub[(hub["date"].dt.to_period("M") == "2020-04") & (hub["Request Type"] == "Food parcel")]
    working = april["Age Band"].isin(["16-24", "25-49", "50-64"]).sum() / population.query("16 <= age <= 64")["n"].sum()
    older = april["Age Band"].isin(["65-74", "75-84", "85+"]).sum() / population.query("age >= 65")["n"].sum()
    assert working / older > 2.5


def test_hub_personal_shopping_is_for_the_oldest(hub):
    share = pd.crosstab(hub["Age Band"], hub["Request Type"], normalize="index")["Personal shopping"]
    assert share["75-84"] > share["25-49"] and share["85+"] > share["25-49"]


def test_hub_demand_follows_deprivation(hub, population):
    codes = {n.lower(): c for c, n, _, _ in WARDS}
    ward = hub["Ward"].str.strip().str.lower().str.replace(" and ", " & ").map(codes)
    rate = ward.value_counts() / population.groupby("ward_code")["n"].sum()
    assert 1.8 < rate["E05013066"] / rate["E05013077"] < 3.5  # Chorley East vs Euxton


def test_ca_housing_rises_about_40_percent(out):
    c19 = _csv(out / "citizens_advice/ca_issues_2019.csv", "utf-8-sig")
    c20 = _csv(out / "citizens_advice/ca_issues_2020.csv", "cp1252")

    def housing_apr_dec(frame):
        month = pd.to_datetime(frame["Contact Date"], format="%d/%m/%Y").dt.month
        return ((frame["Issue Category"] == "Housing") & (month >= 4)).sum()

    assert 1.25 <= housing_apr_dec(c20) / housing_apr_dec(c19) <= 1.6
    assert 3_000 <= len(c19) <= 5_000 and 3_000 <= len(c20) <= 5_000


def test_mh_start_referrals_drop_in_april_2020(out):
    mh = _csv(out / "mental_health/mh_referrals_2019-2021.csv")
    assert mh["Referrals"].isin(["*"]).any()
    start = mh[mh["Service"] == "START"].assign(n=lambda f: pd.to_numeric(f["Referrals"].replace("*", "2.5")))
    by_month = start.groupby("Month")["n"].sum()
    assert by_month["2020-04"] < 0.6 * by_month["2019-04"]
    assert by_month[["2020-09", "2020-10"]].sum() > by_month[["2019-09", "2019-10"]].sum()


def test_gp_appointments_move_to_telephone_and_video(out):
    gp = _csv(out / "gp_appointments/gp_appointments_practice_2019-2021.csv")
    gp["n"] = gp["COUNT_OF_APPOINTMENTS"].astype(int)
    remote = gp["APPT_MODE"].isin(["Telephone", "Video/Online", "Video Conference/Online"])
    year = gp["Appointment_Month"].str[-4:]
    share = gp["n"].where(remote, 0).groupby(year).sum() / gp["n"].groupby(year).sum()
    assert share["2019"] < 0.30 and share["2021"] > 0.45
    assert set(gp.loc[year == "2019", "APPT_MODE"]) >= {"Video Conference/Online"}
    assert "Video Conference/Online" not in set(gp.loc[year != "2019", "APPT_MODE"])


def test_police_crime_falls_and_asb_rises_in_the_first_lockdown(police):
    spring = police[police["Month"].str[5:].isin(["04", "05"]) & police["LSOA name"].str.startswith("Chorley ")]
    asb = spring["Crime type"] == "Anti-social behaviour"
    year = spring["Month"].str[:4]
    assert (~asb & (year == "2020")).sum() < 0.9 * (~asb & (year == "2019")).sum()
    assert (asb & (year == "2020")).sum() > 1.3 * (asb & (year == "2019")).sum()


def test_hub_rows_mode_writes_exactly_n_rows(tmp_path):
    target = tmp_path / "bench" / "hub.csv"
    assert main(["--hub-rows", "1000", "--hub-out", str(target), "--seed", "7"]) == 0
    frame = _csv(target)
    assert tuple(frame.columns) == HUB and len(frame) == 1000


def test_hub_rows_mode_needs_an_output_file():
    with pytest.raises(SystemExit):
        main(["--hub-rows", "10"])
