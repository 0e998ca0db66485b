"""police.uk street-level CSVs and zips: the real Chorley months; bad inputs refused with reasons."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from real_data import context, lsoa11_context, real_file

from data_loaders import LoadError, police_uk

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
          "Crime type,Last outcome category,Context")
ROW = (",2018-12,Lancashire Constabulary,Lancashire Constabulary,-2.64,53.71,On or near X,E01024951,"
       "Chorley 001A,")
LOOKUP = {"E01024951": "E05013072"}


def csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.real_data
def test_real_december_2018_keeps_every_row_including_identical_asb_reports():
    path = real_file("police/2018-12-lancashire-street_CHORLEY.csv")
    result = police_uk.parse(path, context=lsoa11_context())
    events = result.frame
    asb = events[events["category"] == "Anti-social behaviour"]
    assert result.rows_read == len(events) == 661
    assert result.rows_dropped == 0 and result.notes == []
    assert len(asb) == 199  # 63 of them repeat an identical row: separate reports, all kept
    assert asb["record_id"].str.fullmatch(r"[0-9a-f]{40}-\d+").all()
    assert events["record_id"].is_unique
    assert (events["period"] == pd.Timestamp("2018-12-01")).all()
    assert events["ward_code"].notna().all()  # every Chorley LSOA 2011 maps to a current ward
    assert set(events["ward_code"]) <= set(context().wards)
    assert events["subcategory"].isna().sum() == 199  # ASB has no outcome
    assert (events["count"] == 1).all()


@pytest.mark.real_data
def test_real_files_give_the_same_ids_every_time_and_zip_members_are_read():
    path_11 = real_file("police/2018-11-lancashire-street_CHORLEY.csv")
    path_12 = real_file("police/2018-12-lancashire-street_CHORLEY.csv")
    first = police_uk.load(path_12, context=lsoa11_context())
    again = police_uk.load(path_12, context=lsoa11_context())
    assert first["record_id"].tolist() == again["record_id"].tolist()
    bundle = zipped({"2018-11/2018-11-lancashire-street.csv": path_11.read_bytes(),
                     "2018-12/2018-12-lancashire-street.csv": path_12.read_bytes(),
                     "2018-12/2018-12-lancashire-outcomes.csv": b"not, read\n"})
    events = police_uk.parse("police.zip", data=bundle, context=lsoa11_context()).frame
    assert len(events) == 896 + 661
    assert events.groupby("period").size().to_dict() == {pd.Timestamp("2018-11-01"): 896,
                                                        pd.Timestamp("2018-12-01"): 661}
    assert events["record_id"].is_unique


@pytest.mark.real_data
def test_real_rows_outside_the_lookup_are_dropped_and_counted():
    lookup = lsoa11_context().lsoa_ward
    half = dict(sorted(lookup.items())[: len(lookup) // 2])
    result = police_uk.parse(real_file("police/2018-12-lancashire-street_CHORLEY.csv"),
                             context=context(lsoa_ward=half))
    assert result.rows_dropped + len(result.frame) == 661
    assert result.rows_dropped > 0
    assert result.notes == [f"{result.rows_dropped} rows outside the partnership's LSOAs dropped"]
    assert set(result.frame["lsoa_code"]) <= set(half)


def test_identical_asb_rows_get_numbered_ids_and_crimes_keep_theirs():
    data = csv(ROW + "Anti-social behaviour,,", ROW + "Anti-social behaviour,,",
               "abc123" + ROW + "Burglary,Under investigation,")
    events = police_uk.parse("street.csv", data=data, context=context(lsoa_ward=LOOKUP)).frame
    ids = events["record_id"].tolist()
    assert ids[0].endswith("-1") and ids[1].endswith("-2") and ids[0][:40] == ids[1][:40]
    assert ids[2] == "abc123"
    assert events["subcategory"].tolist()[2] == "Under investigation"


BAD = [
    ("no lookup", "street.csv", csv(ROW + "Burglary,,"), {},
     ["street.csv", "no LSOA to ward lookup", "python -m warehouse ingest lsoa_ward FILE"]),
    ("month with a slash", "street.csv", csv(ROW.replace("2018-12", "2018/12") + "Burglary,,"), LOOKUP,
     ["street.csv", "row 2", "column 'Month'", "the month cannot be read", "yyyy-mm"]),
    ("missing column", "street.csv", csv(ROW + "Burglary,,").replace(b",Crime type", b""), LOOKUP,
     ["column 'Crime type'", "missing"]),
    ("no row in the lookup", "street.csv", csv(ROW + "Burglary,,"), {"E01000001": "E05013064"},
     ["none of the 1 rows", "column 'LSOA code'", "LSOA edition"]),
    ("bad month inside a zip", "police.zip",
     zipped({"2018-12/2018-12-lancashire-street.csv":
             csv(ROW + "Burglary,,", ROW.replace("2018-12", "Dec") + "Arson,,")}),
     LOOKUP, ["police.zip", "2018-12/2018-12-lancashire-street.csv row 3, column 'Month'", "cannot be read"]),
    ("zip bomb", "police.zip", zipped({"2018-12/2018-12-x-street.csv": csv() + b"," * 4_000_000}), LOOKUP,
     ["police.zip", "expands", "zip bomb"]),
    ("zip without CSVs", "police.zip", zipped({"readme.txt": b"hello"}), LOOKUP, ["holds no CSV files"]),
]


@pytest.mark.parametrize(("name", "data", "lookup", "expected"), [(b[1], b[2], b[3], b[4]) for b in BAD],
                         ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_reason(name, data, lookup, expected):
    with pytest.raises(LoadError) as caught:
        police_uk.parse(name, data=data, context=context(lsoa_ward=lookup))
    for fragment in expected:
        assert fragment in str(caught.value)


def test_zip_that_expands_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(police_uk, "MAX_UNZIPPED_BYTES", 100)
    data = zipped({"2018-12/2018-12-x-street.csv": csv(ROW + "Burglary,,")})
    with pytest.raises(LoadError, match=r"expands to more than 100 bytes .* \(counted while reading"):
        police_uk.parse("police.zip", data=data, context=context(lsoa_ward=LOOKUP))


def test_partial_load_quarantines_bad_rows_and_keeps_the_rest():
    data = csv(ROW + "Burglary,,", ROW.replace("2018-12", "2018/12") + "Arson,,")
    result = police_uk.parse("street.csv", data=data, context=context(lsoa_ward=LOOKUP), partial=True)
    assert len(result.frame) == 1
    assert result.rejects["row_number"].tolist() == [3]
    assert "month cannot be read" in result.rejects["reason"].iloc[0]


def test_partial_load_of_a_zip_names_the_member_in_each_reject():
    member = "2018-12/2018-12-lancashire-street.csv"
    data = zipped({member: csv(ROW + "Burglary,,", ROW.replace("2018-12", "Dec") + "Arson,,")})
    result = police_uk.parse("police.zip", data=data, context=context(lsoa_ward=LOOKUP), partial=True)
    assert len(result.frame) == 1
    assert result.rejects["row_number"].tolist() == [3]
    assert result.rejects["reason"].iloc[0].startswith(member + ": Month: the month cannot be read")
