"""English Indices of Deprivation: the real IoD 2019 and IoD 2025 Chorley files, MHCLG's File 7 headers,
and bad inputs refused with reasons."""

from __future__ import annotations

import pytest
from real_data import context, real_file

from data_loaders import LoadError, deprivation

DOMAINS = ["IMD", "Income", "Employment", "Education", "Health", "Crime", "Housing and Services",
           "Environment"]
FILE_7 = ["LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2019)",
          "Local Authority District name (2019)", "Index of Multiple Deprivation (IMD) Score",
          "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
          "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
          "Income Score (rate)", "Income Rank (where 1 is most deprived)",
          "Income Decile (where 1 is most deprived 10% of LSOAs)",
          "Barriers to Housing and Services Score",
          "Barriers to Housing and Services Rank (where 1 is most deprived)",
          "Income Deprivation Affecting Children Index (IDACI) Score (rate)",
          "Geographical Barriers Sub-domain Score"]


def file_7(*rows: list[str]) -> bytes:
    return "\n".join(",".join(f'"{c}"' for c in r) for r in [FILE_7, *rows]).encode() + b"\n"


CHORLEY_ROW = ["E01024915", "Chorley 014A", "E07000118", "Chorley", "14.1", "17308", "6", "0.1", "14190", "5",
               "12.5", "31022", "0.12", "0.5"]


@pytest.mark.real_data
def test_real_iod_2019_ranks_and_deciles_for_66_lsoas():
    result = deprivation.parse(real_file("imd/chorley_imd2019_lsoa11_ranks_deciles.csv"), context=context())
    frame = result.frame
    assert frame["lsoa_code"].nunique() == 66 and len(frame) == 66 * 8
    assert set(frame["edition"]) == {2019}
    assert sorted(frame["imd_decile"].unique()) == list(range(1, 11))  # every decile is present in Chorley
    assert frame["domain"].unique().tolist() == DOMAINS
    assert frame["imd_score"].isna().all()  # this file has no scores
    first = frame[frame["lsoa_code"] == "E01024915"].set_index("domain")
    assert first.loc["IMD", "imd_rank"] == first.loc["Crime", "imd_rank"] == 17308  # repeated on every row
    assert first.loc["Housing and Services", "domain_rank"] == 31022  # "Housing_and_Access" in IoD 2019


@pytest.mark.real_data
def test_real_iod_2025_has_scores_on_2021_lsoas():
    path = real_file("imd/chorley_imd2025_lsoa21_scores_ranks_deciles.csv")
    frame = deprivation.load(path, context=context())
    assert frame["lsoa_code"].nunique() == 70 and len(frame) == 70 * 8
    assert set(frame["edition"]) == {2025}
    first = frame[frame["lsoa_code"] == "E01024915"].set_index("domain")
    assert first.loc["IMD", "imd_score"] == pytest.approx(16.047)
    assert first.loc["IMD", "imd_decile"] == 6
    assert first.loc["Health", "domain_score"] == pytest.approx(0.288)
    assert frame["domain_score"].notna().all()


def test_mhclg_file_7_headers_are_read_and_sub_domains_ignored():
    other = ["E01025000", "Preston 001A", "E07000123", "Preston", *CHORLEY_ROW[4:]]
    result = deprivation.parse("File_7_-_All_IoD2019_Scores.csv", data=file_7(CHORLEY_ROW, other),
                               context=context())
    frame = result.frame.set_index("domain")
    assert frame.index.tolist() == ["IMD", "Income", "Housing and Services"]
    assert frame.loc["IMD", ["imd_score", "imd_rank", "imd_decile"]].tolist() == [14.1, 17308, 6]
    assert frame.loc["Housing and Services", "domain_score"] == 12.5
    assert result.rows_dropped == 1 and "outside the partnership" in result.notes[0]


BAD = [
    ("decile 11", "imd2019.csv", file_7([*CHORLEY_ROW[:6], "11", *CHORLEY_ROW[7:]]),
     ["row 2", "column 'Index of Multiple Deprivation (IMD) Decile", "not 1 to 10"]),
    ("edition and LSOAs disagree", "iod2025_lsoa.csv", file_7(CHORLEY_ROW),
     ["says IoD 2025 but the LSOA codes are 2011 codes"]),
    ("no IMD columns", "imd2019.csv", b"lsoa11_code,score\nE01024915,3\n",
     ["no Indices of Deprivation header"]),
    ("rank not a number", "imd2019.csv", file_7([*CHORLEY_ROW[:5], "high", *CHORLEY_ROW[6:]]),
     ["column 'Index of Multiple Deprivation (IMD) Rank", "not a number"]),
]


@pytest.mark.parametrize(("name", "data", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_reason(name, data, expected):
    with pytest.raises(LoadError) as caught:
        deprivation.parse(name, data=data, context=context())
    for fragment in expected:
        assert fragment in str(caught.value)
