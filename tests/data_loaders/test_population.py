"""Population by single year of age: the real Census 2021 wards and mid-year estimates by LSOA, ONS's own
custom-dataset layout, and bad inputs refused with reasons."""

from __future__ import annotations

import pytest
from real_data import CHORLEY_WARDS, context, real_file

from data_loaders import LoadError, population

CENSUS = "population/chorley_census2021_wd_syoa_usual_residents.csv"
MYE_2019 = "population/chorley_mye2019_lsoa11_syoa_persons.csv"


@pytest.mark.real_data
def test_real_census_2021_wards_sum_to_the_published_total():
    result = population.parse(real_file(CENSUS), context=context())
    frame = result.frame
    assert result.rows_read == 1428  # 14 wards x (101 single years + a total)
    assert set(frame["area_code"]) == set(CHORLEY_WARDS)
    assert frame["persons"].sum() == 117_753  # ward totals (the LA figure, 117,731, is perturbed separately)
    ages = frame.groupby("area_code")["age"].agg(["min", "max", "count"])
    assert ages.drop_duplicates().values.tolist() == [[0, 100, 101]]  # every ward: 0..99 and 100+
    assert set(frame["year"]) == {2021} and set(frame["dataset"]) == {"census2021"}
    assert set(frame["sex"]) == {"persons"}


@pytest.mark.real_data
@pytest.mark.parametrize(("relative", "year", "total"), [
    (MYE_2019, 2019, 118_216),
    ("population/chorley_mye2020_lsoa11_syoa_persons.csv", 2020, 118_870),
])
def test_real_mid_year_estimates_by_lsoa_take_the_year_from_the_file_name(relative, year, total):
    frame = population.load(real_file(relative), context=context())
    assert len(frame) == 66 * 91  # 66 LSOAs x ages 0..89 and 90+
    assert frame["area_code"].nunique() == 66
    assert frame["age"].max() == 90 and frame["age"].min() == 0
    assert set(frame["year"]) == {year} and set(frame["dataset"]) == {"mye"}
    assert frame["persons"].sum() == total


def test_ons_custom_dataset_layout_is_read():
    data = (b"Electoral wards and divisions Code,Electoral wards and divisions,Age (101 categories) Code,"
            b"Age (101 categories),Observation\n"
            b"E05013077,Euxton,0,Aged under 1 year,51\n"
            b"E05013077,Euxton,1,Aged 1 year,60\n"
            b"E05013077,Euxton,100,Aged 100 years and over,2\n")
    frame = population.parse("custom.csv", data=data, context=context()).frame
    assert frame[["age", "persons"]].values.tolist() == [[0, 51], [1, 60], [100, 2]]


def census(*rows: str) -> bytes:
    return ("ward_code,ward_name,age,usual_residents,row_type\n" + "\n".join(rows) + "\n").encode()


BAD = [
    ("total does not add up", "census.csv",
     census("E05013077,Euxton,Total,100,total", "E05013077,Euxton,0,40,single_year",
            "E05013077,Euxton,1,50,single_year"),
     ["row 2", "column 'usual_residents'", "total does not equal the sum", "total 100, ages add up to 90"]),
    ("age unreadable", "census.csv", census("E05013077,Euxton,forty,10,single_year"),
     ["row 2", "column 'age'", "the age cannot be read"]),
    ("age twice", "census.csv",
     census("E05013077,Euxton,4,10,single_year", "E05013077,Euxton,4,11,single_year"),
     ["rows 2, 3", "same area and age"]),
    ("not an area code", "census.csv", census("Euxton,Euxton,4,10,single_year"),
     ["column 'ward_code'", "not an ONS code"]),
    ("unknown layout", "people.csv", b"name,how many\nEuxton,10\n", ["layout is not recognised"]),
]


@pytest.mark.parametrize(("name", "data", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_reason(name, data, expected):
    with pytest.raises(LoadError) as caught:
        population.parse(name, data=data, context=context())
    for fragment in expected:
        assert fragment in str(caught.value)


@pytest.mark.real_data
def test_real_mid_year_estimates_without_a_year_are_refused():
    data = real_file(MYE_2019).read_bytes()
    with pytest.raises(LoadError, match="does not say which mid-year"):
        population.parse("lsoa_single_year_of_age.csv", data=data, context=context())
