"""Write the bad-input corpus: partner and public files as people really send them, one table entry per case.

Every case is a file name, the source it is uploaded as, the category it exercises, the bytes (built here
in code, so the corpus stays readable and reviewable) and what should happen:
- "accept": the file loads; `expect` gives tidy values it must produce (dates as yyyy-mm-dd);
- "refuse": the file is refused; `refuse` gives fragments of the message a person reads (the row, the
  column and the fix; the file name is always checked too).
Dates are all before 2022-06-30 (the "today" the tests pin) except the deliberate future ones (2031).

    python tests/corpus/make_corpus.py OUTDIR     # writes the files into OUTDIR
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

TODAY = "2022-06-30"  # the pinned "today" for future-date checks

HUB = ("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
       "Repeat Request,Notes")
CA = "Client Ref,Contact Date,Ward,Age Range,Gender,Channel,Issue Category,Issue Detail"
MH = "Month,Service,Ward Code,Referrals,Assessments,Waiting At Month End"
VCFS = ("Organisation,Sector,Survey Date,Income Lost GBP,Services Closed (None/Some/All),Volunteers Before,"
        "Volunteers Now,Moved Online (Y/N),Wards Served")
POLICE = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
          "Last outcome category,Context")
GP_APPTS = ("GP_CODE,GP_NAME,PCN_CODE,PCN_NAME,Appointment_Month,APPT_STATUS,HCP_TYPE,APPT_MODE,"
            "TIME_BETWEEN_BOOK_AND_APPT,COUNT_OF_APPOINTMENTS")
PRACTICES = "Practice Code,Practice Name,Postcode,Ward Code,Registered Patients"
PROVISION = ("Name,Type,Address,Postcode,Latitude,Longitude,Ward,Sessions Per Week,Capacity,Capacity Unit,Run By,"
             "Start Date,End Date")
CENSUS = "ward_code,ward_name,age,usual_residents,row_type"
IMD = "lsoa21_code,lsoa21_name,IMD_decile,IMD_rank,IMD_score"
HEALTH = "lad_code,area_code,area_name,topic,category,usual_residents"
HEALTH_CATEGORIES = ("Very good health", "Good health", "Fair health", "Bad health", "Very bad health")
DISABILITY = ("Disabled under the Equality Act: Day-to-day activities limited a lot",
              "Disabled under the Equality Act: Day-to-day activities limited a little",
              "Not disabled under the Equality Act: Has long term physical or mental health condition but "
              "day-to-day activities are not limited",
              "Not disabled under the Equality Act: No long term physical or mental health conditions")
LOOKUP = "LSOA21CD,LSOA21NM,WD25CD,WD25NM,LAD25CD,LAD25NM"
FINGERTIPS = ("Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
              "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,"
              "Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,"
              "Compared to England value or percentiles,Compared to Region value or percentiles,"
              "Time period Sortable,New data,Compared to goal")


@dataclass(frozen=True)
class Case:
    name: str  # the file's name in the corpus (and in the message)
    source: str
    category: str
    content: Callable[[], bytes]
    refuse: tuple[str, ...] = ()  # message fragments; empty for a file that loads
    expect: dict[str, list] = field(default_factory=dict)  # tidy column -> values, for a file that loads
    dropped: int = 0  # rows the loader drops and counts (exact duplicates)
    absent: tuple[str, ...] = ()  # text that must not be stored anywhere (free-text notes)
    prior: str | None = None  # a corpus file ingested before this one
    by_ingest: bool = False  # refused by the store (cross-file duplicate), not by the loader alone
    replace: bool = False  # loaded with --replace: it replaces more rows of the store than it brings
    replaced: int = 0  # rows of the store an accepted file replaces

    @property
    def verdict(self) -> str:
        return "refuse" if self.refuse else "accept"


# --- building blocks ---------------------------------------------------------------------------------

def lines(*rows: str, encoding: str = "utf-8", bom: bool = False, end: str = "\n") -> bytes:
    """CSV text from literal lines (the header first), as a partner's export would hold it."""
    return (b"\xef\xbb\xbf" if bom else b"") + (end.join(rows) + end).encode(encoding)


def health(code: str = "E05013077", name: str = "Euxton", counts=(4000, 2600, 900, 250, 60),
           categories=HEALTH_CATEGORIES, topic: str = "general_health") -> list[str]:
    """One area's Census 2021 general health rows (TS037), a row per category."""
    return [f"E07000118,{code},{name},{topic},{c},{n}" for c, n in zip(categories, counts, strict=True)]


def hub(rid: str, date: str, ward: str = "Euxton", district: str = "PR7", notes: str = "") -> str:
    return f"{rid},{date},{ward},{district},25-49,Food parcel,Self,Completed,N,{notes}"


def ca(ref: str, date: str, ward: str = "Coppull", detail: str = "Rent arrears", channel: str = "Phone") -> str:
    return f"{ref},{date},{ward},35-44,Female,{channel},Housing,{detail}"


def mh(month: str, ward: str = "E05013066", referrals: str = "12", service: str = "IAPT") -> str:
    return f"{month},{service},{ward},{referrals},9,30"


def vcfs(org: str, date: str = "10/06/2020", wards: str = "Euxton", now: str = "12") -> str:
    return f"{org},Food & essentials,{date},1500,Some,10,{now},Y,{wards}"


def police(crime_id: str, lsoa: str, month: str = "2020-03", crime: str = "Burglary") -> str:
    return (f"{crime_id},{month},Lancashire Constabulary,Lancashire Constabulary,-2.63,53.65,"
            f"On or near High Street,{lsoa},Chorley 014A,{crime},Under investigation,")


def provider(name: str, kind: str = "Food bank", address: str = "Church Hall, Chorley", postcode: str = "",
             lat: str = "", lon: str = "", ward: str = "", start: str = "", end: str = "", sessions: str = "2",
             capacity: str = "", unit: str = "") -> str:
    return f'"{name}",{kind},"{address}",{postcode},{lat},{lon},"{ward}",{sessions},{capacity},{unit},Volunteers,{start},{end}'


def appts(code: str = "P81127", count: str = "677", month: str = "MAR2020", mode: str = "Face-to-Face") -> str:
    return f"{code},Sample Medical Centre,U90001,Sample PCN,{month},Attended,GP,{mode},Same Day,{count}"


def fingertips(value: str = "95.3", area: str = "E10000017") -> str:
    return (f'93356,"Campylobacter incidence rate/100,000",E12000002,North West region,{area},Lancashire,'
            f"County & UA,Persons,All ages,,,2017,{value},90.1,100.2,,,1150,1198798,,,Similar,Similar,"
            "20170000,,")


def workbook(rows: list[list], *, epoch=None, date_columns: tuple[int, ...] = (), merge: tuple[str, ...] = ()) -> bytes:
    """An .xlsx whose first sheet holds `rows`; numbers in `date_columns` (0-based) get a dd/mm/yyyy format,
    as a date column of a real workbook has (Excel stores dates as day counts formatted as dates)."""
    book = openpyxl.Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for column in date_columns:
        for (cell,) in sheet.iter_rows(min_col=column + 1, max_col=column + 1):
            if isinstance(cell.value, int | float | dt.datetime):
                cell.number_format = "dd/mm/yyyy"
    for cells in merge:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def geojson_ward() -> bytes:
    feature = {"type": "Feature",
               "properties": {"WD25CD": "E05013077", "WD25NM": "Euxton", "LAD25CD": "E07000118"},
               "geometry": {"type": "Polygon", "coordinates": [[[-2.68, 53.66], [-2.66, 53.66], [-2.66, 53.68],
                                                                [-2.68, 53.68], [-2.68, 53.66]]]}}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


CA_HEADER = CA.split(",")
HUB_HEADER = HUB.split(",")
VCFS_HEADER = VCFS.split(",")
FORMULAS = ('"=HYPERLINK(""http://example.com"",""call back"")"', "+44 1257 000000", "-no answer",
            '"@SUM(A1:A9), then ring"', '"=1+2\nsecond line"')


# --- the corpus --------------------------------------------------------------------------------------

CASES: list[Case] = [
    # Encodings
    Case("hub_utf8_bom.csv", "community_hub", "encoding: UTF-8 with BOM",
         lambda: lines(HUB, hub("B1", "27/03/2020"), hub("B2", "28/03/2020", "chorley east"), bom=True),
         expect={"record_id": ["B1", "B2"], "ward_code": ["E05013077", "E05013066"]}),
    Case("ca_cp1252.csv", "citizens_advice", "encoding: Windows-1252 (en dash, pound sign, e-acute)",
         lambda: lines(CA, ca("C1", "02/03/2020", detail="Arrears \u2013 \u00a3300 owed to caf\u00e9"),
                       encoding="cp1252", end="\r\n"),
         expect={"subcategory": ["Arrears \u2013 \u00a3300 owed to caf\u00e9"], "ward_code": ["E05013074"]}),
    Case("vcfs_latin1.csv", "vcfs_survey", "encoding: Latin-1 bytes, read as Windows-1252",
         # 0xE8 and 0xE3 mean the same in both; 0x92 is a control code in Latin-1 but a right quote in
         # Windows-1252, which is what a Windows export means by it.
         lambda: lines(VCFS) + b"Cr\xe8che S\xe3o Paulo \x92Little Stars\x92,Children,10/06/2020,0,None,4,4,N,Euxton\n",
         expect={"organisation": ["Cr\u00e8che S\u00e3o Paulo \u2019Little Stars\u2019"],
                 "wards_served": ["E05013077"]}),
    Case("ca_undecodable_0x8d.csv", "citizens_advice", "encoding: undecodable byte",
         lambda: lines(CA, ca("C1", "02/03/2020"), ca("C2", "03/03/2020")) + b"C3,04/03/2020,Coppull,35-44,"
         b"Female,Phone,Housing,Rent \x8d arrears\n",
         refuse=("row 4", "byte 0x8D cannot be read as UTF-8 or Windows-1252", "CSV UTF-8 (Comma delimited)")),
    Case("practices_undecodable_0x90.csv", "gp_practices", "encoding: undecodable byte",
         lambda: lines(PRACTICES) + b"P81127,Surgery \x90 One,PR7 1ZA,E05013066,13500\n",
         refuse=("row 2", "byte 0x90", "CSV UTF-8 (Comma delimited)")),
    Case("hub_utf16.csv", "community_hub", "encoding: UTF-16 ('Unicode Text')",
         lambda: "\ufeff".encode("utf-16-le") + (HUB.replace(",", "\t") + "\r\n").encode("utf-16-le"),
         refuse=("saved as UTF-16", "CSV UTF-8 (Comma delimited)")),

    # Delimiters
    Case("ca_tabs.csv", "citizens_advice", "delimiter: tabs",
         lambda: lines(CA.replace(",", "\t"), ca("C1", "02/03/2020").replace(",", "\t")),
         refuse=("row 1", "separated by tabs, not commas", "CSV UTF-8 (Comma delimited)")),
    Case("mh_semicolons.csv", "mental_health", "delimiter: semicolons",
         lambda: lines(MH.replace(",", ";"), mh("2020-04").replace(",", ";")),
         refuse=("row 1", "separated by semicolons", "CSV UTF-8 (Comma delimited)")),

    # Header offsets and merged header rows
    Case("ca_title_rows.csv", "citizens_advice", "header offset: title rows and a blank line above the header",
         lambda: lines("Citizens Advice Chorley,,,,,,,", "Advice issues March 2020,,,,,,,", ",,,,,,,", CA,
                       ca("C1", "02/03/2020"), ca("C2", "03/03/2020", ward="euxton")),
         expect={"event_date": ["2020-03-02", "2020-03-03"], "ward_code": ["E05013074", "E05013077"]}),
    Case("pop_title_rows.csv", "population", "header offset: a title row above the Census header",
         lambda: lines("Census 2021 usual residents by ward and single year of age,,,,", CENSUS,
                       "E05013077,Euxton,0,61,single_year", "E05013077,Euxton,1,70,single_year"),
         expect={"area_code": ["E05013077", "E05013077"], "age": [0, 1], "persons": [61, 70]},
         replace=True, replaced=101),  # two ages replace Euxton's 101 held: only with --replace
    Case("hub_merged_header.xlsx", "community_hub", "merged header row above the real header; xlsx dates",
         lambda: workbook([["Request details", None, None, None, "Client", None, "Request", None, None, None],
                           HUB_HEADER,
                           ["M1", dt.datetime(2020, 3, 27), "Euxton", "PR7", "25-49", "Food parcel", "Self",
                            "Completed", "N", None],
                           ["M2", dt.datetime(2020, 4, 2), "Coppull", "PR7", "85+", "Befriending", "GP/NHS",
                            "Open", "Y", "rang twice"]],
                          date_columns=(1,), merge=("A1:D1", "E1:F1", "G1:J1")),
         expect={"record_id": ["M1", "M2"], "event_date": ["2020-03-27", "2020-04-02"],
                 "is_repeat": [False, True], "age_band": ["25-49", "85+"]}),
    Case("vcfs_group_header.csv", "vcfs_survey", "merged header row (CSV): a group row above the header",
         lambda: lines("About the organisation,,,Impact,,,,,Reach", VCFS, vcfs("Sample Pantry", wards="Borough-wide"),
                       vcfs("Sample Choir", wards="euxton; Coppull")),
         expect={"organisation": ["Sample Pantry", "Sample Choir"],
                 "wards_served": ["borough-wide", "E05013077;E05013074"]}),
    Case("hub_header_too_deep.csv", "community_hub", "header offset: header below the first 30 rows",
         lambda: lines(*[f"Export note {i},,,,,,,,," for i in range(31)], HUB, hub("D1", "27/03/2020")),
         refuse=("row 1", "no header row found in the first 30 rows", "'Request ID'",
                 "delete notes or title rows above it")),

    # Renamed, missing, extra and repeated columns
    Case("ca_renamed_column.csv", "citizens_advice", "columns: renamed",
         lambda: lines(CA.replace("Client Ref", "Client Reference"), ca("C1", "02/03/2020")),
         refuse=("row 1", "column 'Client Ref'", "'Client Reference' looks like it was renamed",
                 "rename the header to 'Client Ref'")),
    Case("mh_missing_column.csv", "mental_health", "columns: missing",
         lambda: lines("Month,Service,Ward Code,Referrals,Waiting At Month End", "2020-04,IAPT,E05013066,12,30"),
         refuse=("row 1", "column 'Assessments'", "the column is missing", "rename the header to 'Assessments'")),
    Case("mh_extra_columns.csv", "mental_health", "columns: extra columns are ignored",
         lambda: lines("Team," + MH + ",Comments", "North," + mh("2020-04") + ",fine",
                       "South," + mh("2020-04", ward="e05013077", referrals="*") + ",suppressed by trust"),
         expect={"ward_code": ["E05013066", "E05013077"] * 3, "count": [12, None, 9, 9, 30, 30]}),
    Case("practices_extra_columns.csv", "gp_practices", "columns: extra columns, lower-case codes",
         lambda: lines(PRACTICES + ",PCN Name,Opening Hours", "p81127,Sample Medical Centre,pr7 1za,e05013066,"
                       "13500,Sample PCN,8-6"),
         expect={"practice_code": ["P81127"], "postcode": ["PR7 1ZA"], "ward_code": ["E05013066"]},
         replaced=1),  # P81127 is in the reference list: its row is replaced
    Case("fingertips_renamed_column.csv", "fingertips", "columns: renamed",
         lambda: lines(FINGERTIPS.replace("Area Code", "AreaCode"), fingertips()),
         refuse=("row 1", "column 'Area Code'", "'AreaCode' looks like it was renamed")),
    Case("hub_repeated_column.csv", "community_hub", "columns: the same column twice",
         lambda: lines(HUB + ",Ward", hub("R1", "27/03/2020") + ",Coppull"),
         refuse=("row 1", "column 'Ward'", "appears more than once in the header (columns C and K)",
                 "delete or rename the extra column")),

    # Ragged and truncated files
    Case("vcfs_ragged_row.csv", "vcfs_survey", "ragged row: an unquoted comma",
         lambda: lines(VCFS, vcfs("Sample Pantry"), vcfs("Smith, Jones and Co Trust"), vcfs("Sample Food Bank")),
         refuse=("row 3", "the row has 10 fields where the header has 9", "unquoted comma")),
    Case("practices_truncated.csv", "gp_practices", "truncated: cut off part-way through the last row",
         lambda: lines(PRACTICES, "P81127,Sample Medical Centre,PR7 1ZA,E05013066,13500")
         + b"P81062,Sample Surg",
         refuse=("row 3", "the file looks truncated", "export the file again")),
    Case("fingertips_truncated.csv", "fingertips", "truncated: cut off inside a quoted field",
         lambda: lines(FINGERTIPS, fingertips()) + b'93356,"Campylobacter incidence',
         refuse=("row 3", "looks truncated")),
    Case("boundaries_truncated.geojson", "boundaries", "truncated: GeoJSON cut off",
         lambda: geojson_ward()[:150],
         refuse=("cannot be read as GeoJSON", "GeoJSON, GeoPackage or zipped Shapefile")),
    Case("mh_empty.csv", "mental_health", "empty file",
         lambda: b"",
         refuse=("the file is empty", "export the data again")),

    # Excel serial dates
    Case("hub_serial_dates.csv", "community_hub", "Excel serial dates in a CSV",
         lambda: lines(HUB, hub("S1", "43921"), hub("S2", "43922")),
         refuse=("rows 2, 3", "column 'Date Received'", "looks like an Excel serial date number (e.g. 43921)",
                 "format the column as a date (dd/mm/yyyy) before exporting")),
    Case("mh_month_serial.csv", "mental_health", "Excel serial date as a month",
         lambda: lines(MH, mh("2020-03"), mh("43922", ward="E05013077")),
         refuse=("row 3", "column 'Month'", "looks like an Excel serial date number",
                 "format the column as a date")),
    Case("ca_serial_1900.xlsx", "citizens_advice", "xlsx: date cells stored as numbers (1900 date system)",
         lambda: workbook([CA_HEADER, ["C1", 43921, "Coppull", "35-44", "Female", "Phone", "Housing", "Rent arrears"],
                           ["C2", 43922.0, "Euxton", "75+", "Male", "Email", "Debt", "Fuel debt"]],
                          date_columns=(1,)),
         expect={"event_date": ["2020-03-31", "2020-04-01"], "period": ["2020-03-01", "2020-04-01"]}),
    Case("hub_1904_dates.xlsx", "community_hub", "xlsx: 1904 date system (old Mac Excel)",
         # Under 1904, day 42460 is 1 April 2020; read as 1900 it would be 31 March 2016.
         lambda: workbook([HUB_HEADER,
                           ["W1", dt.datetime(2020, 3, 31), "Euxton", "PR7", "25-49", "Food parcel", "Self",
                            "Completed", "N", None],
                           ["W2", 42460, "Euxton", "PR7", "25-49", "Food parcel", "Self", "Completed", "N", None]],
                          epoch=CALENDAR_MAC_1904, date_columns=(1,)),
         expect={"record_id": ["W1", "W2"], "event_date": ["2020-03-31", "2020-04-01"]}),
    Case("vcfs_general_serial.xlsx", "vcfs_survey", "xlsx: a date column formatted General (serial numbers)",
         lambda: workbook([VCFS_HEADER,
                           ["Sample Pantry", "Food", dt.datetime(2020, 6, 10), 0, "None", 4, 4, "N", "Euxton"],
                           ["Sample Choir", "Arts", 43992, 0, "All", 20, 0, "Y", "Borough-wide"]]),
         refuse=("row 3", "column 'Survey Date'", "Excel serial date number (e.g. 43992)",
                 "format the column as a date (dd/mm/yyyy)")),

    # Ambiguous and impossible dates
    Case("hub_april_dayfirst.csv", "community_hub", "ambiguous dates: valid both ways, read day-first",
         lambda: lines(HUB, hub("A1", "03/04/2020"), hub("A2", "05/04/2020"), hub("A5", "11/04/2020")),
         expect={"event_date": ["2020-04-03", "2020-04-05", "2020-04-11"], "period": ["2020-04-01"] * 3}),
    Case("hub_impossible_date.csv", "community_hub", "ambiguous dates: neither day-first nor month-first",
         lambda: lines(HUB, hub("I1", "03/04/2020"), hub("I2", "13/25/2020")),
         refuse=("row 3", "column 'Date Received'", "the date does not exist", "dates are day-first")),
    Case("ca_month_first.csv", "citizens_advice", "ambiguous dates: a US-style (month-first) export",
         lambda: lines(CA, ca("C1", "03/27/2020"), ca("C2", "03/04/2020"), ca("C3", "03/03/2020")),
         refuse=("row 2", "looks month-first, US style (e.g. 03/27/2020)", "export the dates day-first",
                 "row 3", "could be day-first or month-first")),

    # Leading zeros and codes saved as numbers
    Case("gp_appts_code_lost_letter.csv", "gp_appointments", "codes: GP code saved without its letter",
         lambda: lines(GP_APPTS, appts(), appts("81902")),
         refuse=("row 3", "column 'GP_CODE'", "not an ODS practice code", "lost its letter")),
    Case("practices_numeric_code.csv", "gp_practices", "codes: practice code as a number",
         lambda: lines(PRACTICES, "81001,Sample Surgery,PR7 1ZA,E05013066,9000"),
         refuse=("row 2", "column 'Practice Code'", "not an ODS practice code", "a letter and five digits")),
    Case("mh_month_lost_zero.csv", "mental_health", "codes: month exported as 2020-4",
         lambda: lines(MH, mh("2020-03"), mh("2020-4", ward="E05013077")),
         refuse=("row 3", "column 'Month'", "lost its leading zero (e.g. 2020-4)", "two-digit months")),
    Case("mh_ward_code_number.csv", "mental_health", "codes: ward code saved as a number",
         lambda: lines(MH, mh("2020-04", ward="5013066")),
         refuse=("row 2", "column 'Ward Code'", "the ward code is a number (e.g. 5013066)",
                 "use the current ward code (E05")),
    Case("hub_postcode_number.csv", "community_hub", "codes: postcode district without its letters",
         lambda: lines(HUB, hub("P1", "27/03/2020", district="pr7"), hub("P2", "27/03/2020", district="7")),
         refuse=("row 3", "column 'Postcode District'", "not a postcode district like PR7",
                 "write only the first half of the postcode")),
    Case("police_lsoa_lowercase.csv", "police_uk", "codes: LSOA code in lower case",
         lambda: lines(POLICE, police("c1", "e01024915"), police("", "E01024916", crime="Anti-social behaviour")),
         expect={"lsoa_code": ["E01024915", "E01024916"], "ward_code": ["E05013064", "E05013064"]}),
    Case("police_lsoa_truncated.csv", "police_uk", "codes: LSOA code cut short",
         lambda: lines(POLICE, police("c1", "E01024915"), police("c2", "E0102491")),
         refuse=("row 3", "column 'LSOA code'", "not an ONS LSOA code", "E01024915")),
    Case("imd2025_lsoa_lowercase.csv", "deprivation", "codes: LSOA code in lower case",
         lambda: lines(IMD, "e01024915,Chorley 014A,6,18191,16.047"),
         expect={"lsoa_code": ["E01024915"], "imd_decile": [6]}, replace=True, replaced=8),
    Case("imd2025_lsoa_truncated.csv", "deprivation", "codes: LSOA code cut short",
         lambda: lines(IMD, "E01024915,Chorley 014A,6,18191,16.047", "E0102491,Chorley 014B,9,27848,7.666"),
         refuse=("row 3", "column 'lsoa21_code'", "not an ONS LSOA code", "E01012345")),

    # Counts
    Case("vcfs_negative_count.csv", "vcfs_survey", "counts: negative",
         lambda: lines(VCFS, vcfs("Sample Pantry", now="-3")),
         refuse=("row 2", "column 'Volunteers Now'", "the count is negative", "counts cannot be below 0")),
    Case("pop_non_numeric.csv", "population", "counts: not a number",
         lambda: lines(CENSUS, "E05013077,Euxton,0,61,single_year", "E05013077,Euxton,1,seventy,single_year"),
         refuse=("row 3", "column 'usual_residents'", "the count is not a number", "write a whole number")),
    Case("gp_appts_huge_count.csv", "gp_appointments", "counts: implausibly large",
         lambda: lines(GP_APPTS, appts(), appts(count="25000000", mode="Telephone")),
         refuse=("row 3", "column 'COUNT_OF_APPOINTMENTS'", "implausibly large", "above 10 million")),

    # Unknown wards
    Case("ca_unknown_ward.csv", "citizens_advice", "unknown ward",
         lambda: lines(CA, ca("C1", "02/03/2020", ward="Chorley Esat")),
         refuse=("row 2", "column 'Ward'", "'Chorley Esat' is not a ward", "did you mean 'Chorley East'?")),
    Case("vcfs_unknown_ward.csv", "vcfs_survey", "unknown ward in a list of wards",
         lambda: lines(VCFS, vcfs("Sample Pantry", wards="Euxton;Narnia")),
         refuse=("row 2", "column 'Wards Served'", "'Narnia' is not one of the partnership's wards",
                 "separate ward names with ';'")),

    # Future dates (2031 is in the future for the pinned today and for the real one)
    Case("ca_future_date.csv", "citizens_advice", "future date",
         lambda: lines(CA, ca("C1", "02/03/2020"), ca("C2", "02/03/2031")),
         refuse=("row 3", "column 'Contact Date'", "the date is in the future", "check the year")),
    Case("police_future_month.csv", "police_uk", "future month",
         lambda: lines(POLICE, police("f1", "E01024915", month="2031-01")),
         refuse=("row 2", "column 'Month'", "the month is in the future", "check the year")),

    # Duplicates within a file and across files
    Case("hub_exact_duplicates.csv", "community_hub", "duplicates: identical rows dropped and counted",
         lambda: lines(HUB, hub("X1", "27/03/2020"), hub("X2", "27/03/2020"), hub("X1", "27/03/2020")),
         expect={"record_id": ["X1", "X2"]}, dropped=1),
    Case("ca_conflicting_duplicate.csv", "citizens_advice", "duplicates: same issue, different details",
         lambda: lines(CA, ca("C1", "02/03/2020"), ca("C1", "02/03/2020", channel="Webchat")),
         refuse=("rows 2, 3", "column 'Client Ref'", "more than one row with different details",
                 "keep one row per issue")),
    Case("mh_duplicate_rows.csv", "mental_health", "duplicates: same month, service and ward",
         lambda: lines(MH, mh("2020-04"), mh("2020-04", referrals="14")),
         refuse=("rows 2, 3", "column 'Month'", "more than one row", "one row per month, service and ward")),
    Case("police_duplicate_crime_id.csv", "police_uk", "duplicates: same Crime ID twice",
         lambda: lines(POLICE, police("d1", "E01024915"), police("d1", "E01024916")),
         refuse=("rows 2, 3", "column 'Crime ID'", "appears on more than one row", "download the month again")),
    Case("lsoa_ward_duplicate.csv", "lsoa_ward", "duplicates: an LSOA given two wards",
         lambda: lines(LOOKUP, "E01024915,Chorley 014A,E05013064,Adlington & Anderton,E07000118,Chorley",
                       "E01024915,Chorley 014A,E05013077,Euxton,E07000118,Chorley"),
         refuse=("rows 2, 3", "column 'LSOA21CD'", "the LSOA appears on more than one row", "best-fit lookup")),
    Case("hub_cross_file_amendment.csv", "community_hub", "duplicates: a record already loaded is amended",
         # A5 was loaded from hub_april_dayfirst.csv for April; this file corrects its date to March.
         lambda: lines(HUB, hub("A7", "27/03/2020"), hub("A5", "30/03/2020")),
         expect={"record_id": ["A7", "A5"], "event_date": ["2020-03-27", "2020-03-30"]},
         prior="hub_april_dayfirst.csv", replaced=1),

    # Census 2021 general health, disability and unpaid care (sources/census_health.py)
    Case("census_health_ward_and_total.csv", "census_health", "district total rows dropped, wards kept",
         lambda: lines(HEALTH, *health(), *health("E07000118", "Chorley (LA total)", (60000, 38000, 13000, 5000,
                                                                                         1500))),
         expect={"area_code": ["E05013077"] * 5, "category": list(HEALTH_CATEGORIES),
                 "persons": [4000, 2600, 900, 250, 60]}, dropped=5),
    Case("census_health_case_and_spaces.csv", "census_health", "categories in capitals with double spaces",
         lambda: lines(HEALTH, *health(categories=("VERY GOOD HEALTH", "Good  health", "fair health", "Bad health ",
                                                   "Very bad health"), topic="General_Health")),
         expect={"topic": ["general_health"] * 5, "category": list(HEALTH_CATEGORIES)}),
    Case("census_health_missing_category.csv", "census_health", "completeness: a category left out",
         lambda: lines(HEALTH, *health()[:4]),
         refuse=("rows 2, 3, 4, 5", "column 'category'", "E05013077 general_health has no row for 'Very bad health'",
                 "send every category of the topic")),
    Case("census_health_unknown_category.csv", "census_health", "vocabulary: a category ONS does not publish",
         lambda: lines(HEALTH, *health(categories=("Very good health", "Good health", "Fair health", "Poor health",
                                                   "Very bad health"))),
         refuse=("row 5", "column 'category'", "not one of its topic's Census 2021 categories", "'Bad health'")),
    Case("census_health_unknown_topic.csv", "census_health", "vocabulary: a topic not held",
         lambda: lines(HEALTH, *health(topic="ethnicity")),
         refuse=("rows 2, 3, 4, 5, 6", "column 'topic'", "the topic is not one of general_health",
                 "write general_health, disability or unpaid_care")),
    Case("census_health_not_a_number.csv", "census_health", "counts: not a number",
         lambda: lines(HEALTH, *health(counts=(4000, 2600, "nine hundred", 250, 60))),
         refuse=("row 4", "column 'usual_residents'", "the count is not a number", "write a whole number")),
    Case("census_health_duplicate.csv", "census_health", "duplicates: a category twice",
         lambda: lines(HEALTH, *health(), health()[3]),
         refuse=("rows 5, 7", "the same ward, topic and category appear on more than one row", "keep one row")),
    Case("census_health_lsoa_code.csv", "census_health", "codes: an LSOA code where a ward code belongs",
         lambda: lines(HEALTH, *health("E01024915", "Chorley 014A")),
         refuse=("rows 2, 3, 4, 5, 6", "column 'area_code'", "the area code is not a ward code", "E05013064")),
    Case("census_health_unknown_ward.csv", "census_health", "unknown wards: a ward of another district",
         lambda: lines(HEALTH, *health("E05005195", "Somewhere Else")),
         refuse=("rows 2, 3, 4, 5, 6", "column 'area_code'", "not one of the partnership's wards", "dashboard.toml")),

    # Formula text in free-text fields
    Case("hub_formula_notes.csv", "community_hub", "formula text in Notes (never stored)",
         lambda: lines(HUB, *(hub(f"F{i}", "27/03/2020", notes=note) for i, note in enumerate(FORMULAS, 1))),
         expect={"record_id": ["F1", "F2", "F3", "F4", "F5"]},
         absent=("HYPERLINK", "+44", "no answer", "@SUM", "=1+2")),
    Case("ca_formula_detail.csv", "citizens_advice", "formula text in Issue Detail (stored as text)",
         lambda: lines(CA, ca("C1", "02/03/2020", detail='"=HYPERLINK(""http://x"",""y"")"'),
                       ca("C2", "02/03/2020", detail="-rent arrears")),
         expect={"subcategory": ['=HYPERLINK("http://x","y")', "-rent arrears"]}),
    # The community provision register: placing, types, and what cannot be placed
    Case("provision_placed_five_ways.csv", "provision", "placing: coordinates, ward code, ward name, postcode "
         "district, town in the address",
         lambda: lines(PROVISION,
                       provider("Neighbourhood pantry", "Pantry", "Union Street, Chorley", "PR7 1EB", "53.654698",
                                "-2.630852", capacity="40", unit="parcels a week"),
                       provider("Coppull food club", "Food club", ward="E05013074"),
                       provider("Euxton warm hub", "warm hub; Library", ward="euxton"),
                       provider("Leyland advice", "Advice outreach", "Market Hall", "PR25 1AA"),
                       provider("Adlington befriending", "Befriending", "Church Hall, Adlington", start="01/04/2021")),
         expect={"ward_code": ["E05013068", "E05013074", "E05013077", "E05010226", "E05013064"],
                 "placed_by": ["coordinates", "ward", "ward", "postcode district", "town"],
                 "approximate": [False, False, False, True, True],
                 "types": ["Pantry", "Food club", "Warm space; Library", "Advice outreach", "Befriending"],
                 "start_date": [None, None, None, None, "2021-04-01"]}),
    Case("provision_workbook.xlsx", "provision", "format: an Excel register, coordinates as numbers",
         lambda: workbook([PROVISION.split(","), ["Library", "Library; Warm space", "Railway Road, Adlington",
                                                   "PR6 9RG", 53.615094, -2.601359, "", 3, "", "", "County council",
                                                   "", ""]]),
         expect={"ward_code": ["E05013064"], "placed_by": ["coordinates"], "sessions_per_week": [3.0]}),
    Case("provision_newer_register.csv", "provision", "replacement: a newer register replaces the whole register",
         lambda: lines(PROVISION, provider("Coppull food club", "Food club", ward="Coppull"),
                       provider("Chorley food bank", ward="Chorley East")),
         expect={"name": ["Coppull food club", "Chorley food bank"]}, prior="provision_placed_five_ways.csv",
         replaced=5, replace=True),
    Case("provision_unplaceable.csv", "provision", "placing: no coordinates, ward, postcode or town",
         lambda: lines(PROVISION, provider("Pop-up pantry", "Pantry", "Behind the shops")),
         refuse=("row 2", "'Ward'", "cannot be placed in a ward", "give its Latitude and Longitude")),
    Case("provision_unplaceable_after_blank_row.csv", "provision", "placing: an unplaceable row after a blank line",
         lambda: lines(PROVISION, provider("Club A", "Food club", ward="Euxton"), ",,,,,,,,,,,,",
                       provider("Pop-up pantry", "Pantry", "Behind the shops")),
         refuse=("row 4", "cannot be placed in a ward")),
    Case("provision_swapped_coordinates.csv", "provision", "placing: latitude and longitude swapped",
         lambda: lines(PROVISION, provider("Food bank", lat="-2.630852", lon="53.654698")),
         refuse=("row 2", "'Latitude'", "look swapped")),
    Case("provision_outside.csv", "provision", "placing: a point outside every ward of the partnership",
         lambda: lines(PROVISION, provider("Manchester pantry", "Pantry", lat="53.4808", lon="-2.2426")),
         refuse=("row 2", "in none of the partnership's wards", "check the coordinates")),
    Case("provision_eastings.csv", "provision", "placing: eastings and northings instead of degrees",
         lambda: lines(PROVISION, provider("Food bank", lat="417650", lon="358950")),
         refuse=("row 2", "not in Great Britain", "WGS84 decimal degrees")),
    Case("provision_unknown_type.csv", "provision", "vocabulary: a type the register does not have",
         lambda: lines(PROVISION, provider("Soup run", "Soup kitchen", ward="Euxton")),
         refuse=("row 2", "'Type'", "not one of the register's types", "Food bank")),
    Case("provision_unknown_ward.csv", "provision", "placing: a ward that is not the partnership's",
         lambda: lines(PROVISION, provider("Food bank", ward="Fulwood")),
         refuse=("row 2", "'Ward'", "not a ward (code or name) of this partnership")),
    Case("provision_dates.csv", "provision", "dates: ends before it starts, unreadable date",
         lambda: lines(PROVISION, provider("Club A", "Food club", ward="Euxton", start="01/05/2022", end="01/04/2022"),
                       provider("Club B", "Food club", ward="Euxton", start="spring 2022")),
         refuse=("row 2", "ends before it starts", "row 3", "'Start Date'", "cannot be read")),
    Case("provision_duplicate.csv", "provision", "identity: the same provider twice",
         lambda: lines(PROVISION, provider("Club A", "Food club", ward="Euxton"),
                       provider("Club A", "Warm space", ward="Euxton")),
         refuse=("rows 2, 3", "listed more than once", "'Library; Warm space'")),
    Case("provision_capacity_no_unit.csv", "provision", "values: capacity without a unit, negative sessions",
         lambda: lines(PROVISION, provider("Club A", "Food club", ward="Euxton", capacity="40"),
                       provider("Club B", "Food club", ward="Euxton", sessions="-1")),
         refuse=("row 2", "'Capacity Unit'", "has no unit", "row 3", "below 0")),
]

BY_NAME = {case.name: case for case in CASES}


def write_corpus(folder: str | Path) -> list[Path]:
    """Write every case's file into `folder` (created if needed); return the paths in table order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in CASES:
        path = folder / case.name
        path.write_bytes(case.content())
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/corpus/make_corpus.py OUTDIR")
    write_corpus(sys.argv[1])
