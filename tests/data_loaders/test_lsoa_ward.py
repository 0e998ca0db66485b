"""LSOA -> ward lookups: the real derived (LSOA 2011/2021 -> ward 2025) and official ONS (-> ward 2019) files,
and bad lookups refused with reasons."""

from __future__ import annotations

import pytest
from real_data import CHORLEY_WARDS, context, real_file

from data_loaders import LoadError, lsoa_ward


@pytest.mark.real_data
@pytest.mark.parametrize(("relative", "lsoas"), [
    ("lookups/chorley_lsoa21_to_wd25_DERIVED.csv", 70),
    ("lookups/chorley_lsoa11_to_wd25_DERIVED.csv", 66),
])
def test_real_derived_lookups_cover_the_14_current_wards(relative, lsoas):
    result = lsoa_ward.parse(real_file(relative), context=context())
    frame = result.frame
    assert len(frame) == result.rows_read == lsoas
    assert set(frame["ward_code"]) == set(CHORLEY_WARDS)
    assert frame["lsoa_code"].is_unique
    assert set(frame["lad_code"]) == {"E07000118"}
    assert result.notes == [] and result.rows_dropped == 0


@pytest.mark.real_data
def test_real_ons_lookup_to_2019_wards_drops_south_ribble_and_notes_the_old_wards():
    path = real_file("lookups/chorley_southribble_lsoa11_to_wd19_ONS.csv")
    result = lsoa_ward.parse(path, context=context())
    assert result.rows_read == 136
    assert result.rows_dropped == 70 and len(result.frame) == 66
    assert result.frame["ward_code"].nunique() == 20  # the pre-2020 wards E05005165..E05005184
    assert result.notes == ["70 rows in districts outside the partnership dropped",
                            "20 ward codes are not the partnership's configured wards (e.g. E05005165): "
                            "this lookup may be for older ward boundaries; events placed through it use "
                            "those codes"]


BAD = [
    ("LSOA twice", b"LSOA21CD,WD24CD,LAD24CD\nE01024915,E05013064,E07000118\nE01024915,E05013065,E07000118\n",
     ["rows 2, 3", "column 'LSOA21CD'", "more than one row", "best-fit"]),
    ("no ward column", b"LSOA21CD,LSOA21NM\nE01024915,Chorley 014A\n",
     ["row 1", "no LSOA to ward lookup header", "WDyyCD"]),
    ("not an LSOA code", b"LSOA11CD,WD19CD\nChorley 014A,E05005165\n",
     ["row 2", "column 'LSOA11CD'", "not an ONS LSOA code"]),
    ("all in another district", b"LSOA21CD,WD24CD,LAD24CD\nE01025000,E05010214,E07000126\n",
     ["column 'LAD24CD'", "all 1 rows are in districts outside the partnership"]),
]


@pytest.mark.parametrize(("data", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_reason(data, expected):
    with pytest.raises(LoadError) as caught:
        lsoa_ward.parse("lookup.csv", data=data, context=context())
    for fragment in expected:
        assert fragment in str(caught.value)
