"""The seeded sample-data generator: deterministic bytes, the agreed formats, the story in the numbers, and
consistency with the real places (the wards, Census 2021 population and deprivation of sample_data/public).

Headers are the ones in FORMATS.md (partner CRM exports) and the published public layouts. The story
thresholds are those the generator's docstring promises; the files are generated once per session. The
reference data and the police months are not generated: they are the real files (tests/warehouse/test_places.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from scipy.stats import spearmanr

from sample_data.common import borough, practices
from sample_data.generate import DEFAULT_SEED, generate, main
from warehouse.sample import EXTRACTS, PUBLIC

B = borough()
WARDS = list(zip(B.codes, B.names, strict=True))

HUB = ("Request ID", "Date Received", "Ward", "Postcode District", "Age Band", "Request Type", "Referral Source",
       "Status", "Repeat Request", "Notes")
CA = ("Client Ref", "Contact Date", "Ward", "Age Range", "Gender", "Channel", "Issue Category", "Issue Detail")
GP = ("GP_CODE", "GP_NAME", "PCN_CODE", "PCN_NAME", "Appointment_Month", "APPT_STATUS", "HCP_TYPE", "APPT_MODE",
      "TIME_BETWEEN_BOOK_AND_APPT", "COUNT_OF_APPOINTMENTS")
MH = ("Month", "Service", "Ward Code", "Referrals", "Assessments", "Waiting At Month End")
VCFS = ("Organisation", "Sector", "Survey Date", "Income Lost GBP", "Services Closed (None/Some/All)",
        "Volunteers Before", "Volunteers Now", "Moved Online (Y/N)", "Wards Served")

EXPECTED = [  # (path, encoding, header) - header None: checked elsewhere (geojson, xlsx, zip)
    ("community_hub/hub_requests_2020.csv", "utf-8", HUB),
    ("community_hub/hub_requests_2021.csv", "utf-8", HUB),
    ("citizens_advice/ca_issues_2019.csv", "utf-8-sig", CA),
    ("citizens_advice/ca_issues_2020.csv", "cp1252", CA),
    ("citizens_advice/ca_issues_2021.xlsx", None, None),
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
def population() -> pd.DataFrame:
    """The real Census 2021 files shipped in sample_data/public, read here independently of the generator."""
    pop = pd.concat([_csv(p) for p in sorted((PUBLIC / "population").glob("*_census2021_wd_syoa_*.csv"))])
    pop = pop[pop["row_type"] == "single_year"].copy()
    pop["age"] = pop["age"].str.rstrip("+").astype(int)
    pop["n"] = pop["usual_residents"].astype(int)
    return pop


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


def test_ca_workbook_has_title_and_blank_row_above_the_header(out):
    ws = openpyxl.load_workbook(out / "citizens_advice/ca_issues_2021.xlsx", read_only=True).worksheets[0]
    rows = list(ws.iter_rows(min_row=1, max_row=4, values_only=True))
    assert rows[0][0].startswith("Citizens Advice") and rows[0][0].endswith("— advice issues 2021")
    assert all(v is None for v in rows[1])
    assert rows[2] == CA
    assert rows[3][1].year == 2021  # a real Excel date


def test_total_size_is_a_few_megabytes(out):
    assert sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) < 9_000_000
    assert (out / "gp_appointments/gp_appointments_practice_2019-2021.csv").stat().st_size < 3_000_000


def test_the_generators_use_the_real_wards_and_census_population(population):
    """The borough model is the real places: both districts' 37 wards and Census 2021 single years exactly."""
    assert len(B.codes) == 37 and set(B.districts) == {"E07000118", "E07000126"}
    real = population.pivot_table(index="ward_code", columns="age", values="n", aggfunc="sum").reindex(B.codes)
    assert np.array_equal(B.population, real.to_numpy())
    assert int(B.population.sum()) == 117_753 + 111_031
    assert B.scale == pytest.approx((117_753 + 111_031) / 117_753)
    assert len(practices()) == 26 and practices()["Registered Patients"].sum() == 186_562


def test_hub_opens_on_23_march_2020_and_has_no_future_dates(hub):
    assert hub["date"].min() >= pd.Timestamp("2020-03-23")
    assert hub["date"].max() <= pd.Timestamp("2021-12-31")
    assert 8_000 * B.scale <= len(hub) <= 12_000 * B.scale  # 10,000 for Chorley's population, scaled


def test_hub_duplicates_are_exact_and_wards_never_misspelt(hub):
    dup = hub.duplicated(subset=list(HUB), keep=False)
    assert 0.001 < hub.duplicated(subset=list(HUB)).mean() < 0.006
    assert not hub[~dup]["Request ID"].isin(hub[dup]["Request ID"]).any()
    assert hub.drop_duplicates(subset=list(HUB))["Request ID"].is_unique
    names = {n.lower() for _, n in WARDS} | {n.replace(" & ", " and ").lower() for _, n in WARDS}
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
    """Requests per head rise with the ward's real deprivation (IoD 2019): Chorley East against Euxton, and
    the rank correlation over all 37 wards."""
    codes = {n.lower(): c for c, n in WARDS}
    ward = hub["Ward"].str.strip().str.lower().str.replace(" and ", " & ").map(codes)
    rate = (ward.value_counts() / population.groupby("ward_code")["n"].sum()).reindex(B.codes)
    assert 1.8 < rate["E05013066"] / rate["E05013077"] < 4.5  # Chorley East vs Euxton
    assert spearmanr(rate.to_numpy(), B.imd_weight).statistic > 0.8


def test_ca_housing_rises_about_40_percent(out):
    c19 = _csv(out / "citizens_advice/ca_issues_2019.csv", "utf-8-sig")
    c20 = _csv(out / "citizens_advice/ca_issues_2020.csv", "cp1252")

    def housing_apr_dec(frame):
        month = pd.to_datetime(frame["Contact Date"], format="%d/%m/%Y").dt.month
        return ((frame["Issue Category"] == "Housing") & (month >= 4)).sum()

    assert 1.25 <= housing_apr_dec(c20) / housing_apr_dec(c19) <= 1.6
    assert 3_000 * B.scale <= len(c19) <= 5_000 * B.scale and 3_000 * B.scale <= len(c20) <= 5_000 * B.scale


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


def test_hub_rows_mode_writes_exactly_n_rows(tmp_path):
    target = tmp_path / "bench" / "hub.csv"
    assert main(["--hub-rows", "1000", "--hub-out", str(target), "--seed", "7"]) == 0
    frame = _csv(target)
    assert tuple(frame.columns) == HUB and len(frame) == 1000


def test_hub_rows_mode_needs_an_output_file():
    with pytest.raises(SystemExit):
        main(["--hub-rows", "10"])
