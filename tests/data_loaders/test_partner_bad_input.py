"""Bad partner files: each is refused with a message naming the file, row, column and fix.

Table-driven (Datasette test_filters style): (file content, source, expected message fragments).
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from data_loaders import SOURCES, LoadError
from data_loaders.context import LoadContext

HUB_HEADER = ("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
              "Repeat Request,Notes")
GOOD_HUB = HUB_HEADER + "\nH1,27/03/2020,Chorley East,PR7,25-49,Food parcel,Self,Completed,N,\n"
MH_HEADER = "Month,Service,Ward Code,Referrals,Assessments,Waiting At Month End"
CONTEXT = LoadContext.from_settings(today="2022-06-30")


def hub(*rows: str) -> bytes:
    return (HUB_HEADER + "\n" + "\n".join(rows) + "\n").encode()


BAD = [
    ("wrong delimiter", "community_hub", GOOD_HUB.replace(",", ";").encode(),
     ["hub.csv", "row 1", "separated by semicolons", "CSV UTF-8 (Comma delimited)"]),
    ("missing column", "community_hub", GOOD_HUB.replace("Request Type,", "").replace("Food parcel,", "").encode(),
     ["row 1", "column 'Request Type'", "missing", "rename the header"]),
    ("renamed column", "community_hub", GOOD_HUB.replace("Request Type", "Type of Request").encode(),
     ["column 'Request Type'", "'Type of Request' looks like it was renamed"]),
    ("unknown ward", "community_hub", hub("H1,27/03/2020,Chorley Eest,PR7,25-49,Food parcel,Self,Completed,N,"),
     ["row 2", "column 'Ward'", "'Chorley Eest' is not a ward", "did you mean 'Chorley East'?"]),
    ("unparseable date", "community_hub", hub("H1,31/02/2020,Euxton,PR7,25-49,Food parcel,Self,Completed,N,",
                                             "H2,March 3rd,Euxton,PR7,25-49,Food parcel,Self,Completed,N,"),
     ["row 2", "the date does not exist", "row 3", "the date cannot be read", "column 'Date Received'"]),
    ("future date", "community_hub", hub("H1,01/01/2031,Euxton,PR7,25-49,Food parcel,Self,Completed,N,"),
     ["row 2", "column 'Date Received'", "in the future"]),
    ("mixed date styles", "community_hub", hub("H1,27/03/2020,Euxton,PR7,25-49,Food parcel,Self,Completed,N,",
                                               "H2,28/03/2020,Euxton,PR7,25-49,Food parcel,Self,Completed,N,",
                                               "H3,2020-03-29,Euxton,PR7,25-49,Food parcel,Self,Completed,N,"),
     ["row 4", "mixes date styles", "ISO", "day-first"]),
    ("empty file", "community_hub", b"", ["hub.csv", "the file is empty"]),
    ("header only", "community_hub", (HUB_HEADER + "\n").encode(), ["row 1", "header but no data rows"]),
    ("truncated last line", "community_hub", hub("H1,27/03/2020,Euxton,PR7,25-49,Food parcel,Self,Completed,N,",
                                                 "H2,28/03/2020,Eux").rstrip(b"\n"),
     ["row 3", "looks truncated", "export the file again"]),
    ("same id, different content", "community_hub",
     hub("H1,27/03/2020,Euxton,PR7,25-49,Food parcel,Self,Completed,N,",
         "H1,27/03/2020,Euxton,PR7,85+,Food parcel,Self,Completed,N,"),
     ["rows 2, 3", "column 'Request ID'", "on more than one row"]),
    ("negative count", "mental_health", (MH_HEADER + "\n2020-04,START,E05013066,-3,2,5\n").encode(),
     ["row 2", "column 'Referrals'", "negative"]),
    ("non-numeric count", "mental_health", (MH_HEADER + "\n2020-04,START,E05013066,twelve,2,5\n").encode(),
     ["row 2", "column 'Referrals'", "not a number"]),
    ("unknown ward code", "mental_health", (MH_HEADER + "\n2020-04,START,E05099999,3,2,5\n").encode(),
     ["row 2", "column 'Ward Code'", "not one of this partnership's"]),
    ("undecodable bytes", "community_hub", GOOD_HUB.encode() + b"H2,27/03/2020,Euxton,PR7,25-49,Other,Self,x,N,\x81\n",
     ["row 3", "0x81", "cannot be read"]),
    ("old xls", "community_hub", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ["old-style .xls"]),
]


@pytest.mark.parametrize("case, source, content, expected", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_a_message(tmp_path, case, source, content, expected):
    path = tmp_path / "hub.csv"
    path.write_bytes(content)
    with pytest.raises(LoadError) as info:
        SOURCES[source].load(path, context=CONTEXT)
    message = str(info.value)
    for fragment in expected:
        assert fragment in message, f"{case}: {fragment!r} not in:\n{message}"


def test_bom_and_cp1252_files_load(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + GOOD_HUB.encode())
    cp = tmp_path / "cp1252.csv"
    cp.write_bytes((GOOD_HUB.rstrip("\n") + "Caf\u00e9 note \u2013 \u00a3\n").encode("cp1252"))
    assert SOURCES["community_hub"].load(bom, context=CONTEXT)["record_id"].tolist() == ["H1"]
    assert SOURCES["community_hub"].load(cp, context=CONTEXT)["ward_code"].tolist() == ["E05013066"]


def test_ward_names_in_any_case_and_with_and(tmp_path):
    path = tmp_path / "hub.csv"
    path.write_bytes(hub("H1,27/03/2020,  CHORLEY SOUTH EAST AND HEATH CHARNOCK ,PR7,25-49,Food parcel,Self,x,N,",
                         "H2,27/03/2020,clayton east brindle & hoghton,PR7,,Other,Self,x,N,",
                         "H3,27/03/2020,Out of area,PR7,85+,Other,Self,x,N,"))
    frame = SOURCES["community_hub"].load(path, context=CONTEXT)
    assert frame["ward_code"].tolist()[:2] == ["E05013070", "E05013072"]
    assert frame["ward_code"].isna().tolist() == [False, False, True]
    assert frame["age_band"].tolist()[1] == "Unknown"


def test_xlsx_with_a_title_row_above_the_header(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Citizens Advice Chorley - advice issues 2021"])
    sheet.append([])
    sheet.append(["Client Ref", "Contact Date", "Ward", "Age Range", "Gender", "Channel", "Issue Category",
                  "Issue Detail"])
    import datetime as dt

    sheet.append(["C1", dt.datetime(2021, 1, 4), "Euxton", "25-34", "Female", "Phone", "Debt", "Rent arrears"])
    sheet.append(["C2", dt.datetime(2021, 1, 5), "Coppull", "", "Male", "Webchat", "Housing", "Threatened homelessness"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "ca_2021.xlsx"
    path.write_bytes(buffer.getvalue())
    frame = SOURCES["citizens_advice"].load(path, context=CONTEXT)
    assert frame["event_date"].dt.strftime("%Y-%m-%d").tolist() == ["2021-01-04", "2021-01-05"]
    assert frame["age_band"].tolist() == ["25-34", "Not recorded"]
    bad = tmp_path / "bad.xlsx"
    sheet.append(["C3", dt.datetime(2021, 1, 6), "Nowhere", "25-34", "Male", "Phone", "Debt", ""])
    book.save(bad)
    with pytest.raises(LoadError, match=r"bad.xlsx: row 6, column 'Ward': 'Nowhere' is not a ward"):
        SOURCES["citizens_advice"].load(bad, context=CONTEXT)


def test_macro_workbook_is_refused(tmp_path):
    path = tmp_path / "hub.xlsm"
    path.write_bytes(b"PK\x03\x04whatever")
    with pytest.raises(LoadError, match="macro-enabled workbooks are not accepted"):
        SOURCES["community_hub"].load(path, context=CONTEXT)


def test_mental_health_star_is_kept_as_missing(tmp_path):
    path = tmp_path / "mh.csv"
    path.write_text(MH_HEADER + "\n2020-04,START,E05013066,*,2,5\n2020-04,iapt,e05013066,40,22,101\n")
    frame = SOURCES["mental_health"].load(path, context=CONTEXT)
    referrals = frame[frame["subcategory"] == "Referrals"].set_index("category")["count"]
    assert referrals.isna().to_dict() == {"START": True, "IAPT": False}
    assert int(referrals["IAPT"]) == 40
