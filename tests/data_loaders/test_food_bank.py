"""The food bank source: a Trussell-style voucher export -> three events per voucher (the voucher, the
adults and the children it fed)."""

from __future__ import annotations

import pytest

from data_loaders import LoadError, food_bank
from data_loaders.context import LoadContext
from warehouse.sample import EXTRACTS

CONTEXT = LoadContext.from_settings(today="2022-06-30")
HEADER = "Voucher ID,Date Issued,Ward,Postcode District,Household Type,Adults,Children,Crisis Type,Referral Agency"


def parse(*rows: str, **kwargs):
    return food_bank.parse("food_bank.csv", context=CONTEXT, data=(HEADER + "\n" + "\n".join(rows) + "\n").encode(),
                           **kwargs)


def test_each_voucher_gives_the_voucher_and_the_people_it_fed():
    events = parse("V1,02/04/2020,Chorley East,PR7,Single parent,1,3,Benefit delays,Jobcentre Plus").frame
    counts = dict(zip(events["subcategory"], events["count"], strict=True))
    assert counts == {"Vouchers": 1, "Adults fed": 1, "Children fed": 3}
    assert set(events["record_id"]) == {"V1|Vouchers", "V1|Adults fed", "V1|Children fed"}
    assert set(events["ward_code"]) == {"E05013066"} and set(events["category"]) == {"Benefit delays"}
    assert set(events["status"]) == {"Single parent"} and set(events["org_code"]) == {"PR7"}


def test_a_blank_ward_with_a_postcode_district_is_ward_not_known_and_keeps_the_district():
    events = parse("V2,02/04/2020,,PR6,Single adult,1,0,Low income,GP").frame
    assert events["ward_code"].isna().all() and set(events["org_code"]) == {"PR6"}


@pytest.mark.parametrize(("row", "expected"), [
    ("V3,02/04/2020,Chorley East,PR7,Family,2,45,Debt,School", ["row 2", "column 'Children'", "more than 30 people"]),
    ("V3,02/04/2020,Chorley East,PR7,Family,0,0,Debt,School", ["row 2", "column 'Adults'", "fed nobody"]),
    ("V3,02/04/2020,Chorley East,PR7 1AB,Family,2,1,Debt,School", ["row 2", "column 'Postcode District'"]),
    ("V3,02/04/2020,Chorley East,PR7,Family,2,1,Broke,School", ["row 2", "column 'Crisis Type'", "not recognised"]),
    ("V3,02/04/2020,Chorley Eest,PR7,Family,2,1,Debt,School", ["row 2", "did you mean 'Chorley East'?"]),
    ("V3,02/04/2020,Chorley East,PR7,Family,two,1,Debt,School", ["row 2", "column 'Adults'", "not a number"]),
])
def test_bad_rows_are_refused_naming_row_column_and_fix(row, expected):
    with pytest.raises(LoadError) as refused:
        parse(row)
    message = str(refused.value)
    assert "food_bank.csv" in message and all(e in message for e in expected), message


def test_the_same_voucher_with_different_details_is_refused_and_an_exact_repeat_is_dropped():
    row = "V4,02/04/2020,Euxton,PR7,Couple,2,0,Sickness,GP"
    result = parse(row, row)
    assert result.rows_dropped == 1 and len(result.frame) == 3
    with pytest.raises(LoadError, match="rows 2, 3.*Voucher ID.*more than one row"):
        parse(row, row.replace("Couple,2", "Couple,3"))


def test_the_sample_extracts_load_and_follow_the_story():
    years = {}
    for path in sorted(EXTRACTS.glob("food_bank/*.csv")):
        events = food_bank.parse(path, context=CONTEXT).frame
        vouchers = events[events["subcategory"] == "Vouchers"]
        years[path.stem[-4:]] = len(vouchers)
        assert (events.loc[events["subcategory"] == "Children fed", "count"] >= 0).all()
    assert set(years) == {"2019", "2020", "2021"}
    assert years["2020"] > 1.25 * years["2019"]  # the pandemic surge
