"""The hostile corpus: files made as an attacker, or a partner with real spreadsheets, would make them.

One entry per case, built here in code (nothing binary is committed): what is uploaded, as which source,
and what must happen through BOTH entry points (the CLI `python -m warehouse ingest` and the Upload page's
`ui.data.upload_plan` / `upload_ingest`):
- refused: the message names the file and says `refuse` (row, column as the partner wrote it, the fix),
  and the store is byte-for-byte unchanged;
- loaded: exactly `rows` rows land in the source's table under the new ingest, `replaced` rows of the store
  are replaced, and `notes` appear in the ingest's message.
`prior` is a case of this corpus loaded first (through the CLI path).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from tests.corpus.make_corpus import (
    CA,
    DISABILITY,
    FINGERTIPS,
    GP_APPTS,
    HEALTH,
    HUB,
    LOOKUP,
    MH,
    POLICE,
    PRACTICES,
    PROVISION,
    VCFS,
    appts,
    ca,
    fingertips,
    geojson_ward,
    health,
    hub,
    lines,
    mh,
    police,
    provider,
    vcfs,
)

TABLES = {"boundaries": "areas", "lsoa_ward": "lsoa_ward", "population": "population", "deprivation": "deprivation",
          "gp_practices": "practices", "fingertips": "comparators", "vcfs_survey": "survey_responses",
          "provision": "provision", "census_health": "census_health"}


@dataclass(frozen=True)
class Hostile:
    name: str
    source: str
    finding: str  # the finding this case exercises
    content: Callable[[], bytes]
    refuse: tuple[str, ...] = ()
    rows: int = 0
    replaced: int = 0
    notes: tuple[str, ...] = ()
    prior: str | None = None
    replace: bool = False

    @property
    def table(self) -> str:
        return TABLES.get(self.source, "events")


# --- builders -----------------------------------------------------------------------------------------

def book(sheets: dict[str, list[list]], *, hidden_sheets=(), hidden_rows: dict[str, tuple[int, ...]] | None = None,
         merges: dict[str, tuple[str, ...]] | None = None, date_columns: tuple[int, ...] = ()) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for col in date_columns:
            for (cell,) in ws.iter_rows(min_col=col + 1, max_col=col + 1):
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy"
        for r in (hidden_rows or {}).get(title, ()):
            ws.row_dimensions[r].hidden = True
        for ref in (merges or {}).get(title, ()):
            ws.merge_cells(ref)
        if title in hidden_sheets:
            ws.sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change: Callable[[str, bytes], bytes], *, compression=zipfile.ZIP_DEFLATED,
          extra: dict[str, bytes] | None = None) -> bytes:
    """The archive with each member passed through `change`, written with `compression`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info)))
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def understated(members: dict[str, bytes], claimed: int = 1000) -> bytes:
    """A zip whose local and central headers say each member is `claimed` bytes (it is far larger)."""
    data = bytearray(zipped(members))
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) >= 0:
        data[pos + 22:pos + 26] = claimed.to_bytes(4, "little")
        pos += 4
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
        data[pos + 24:pos + 28] = claimed.to_bytes(4, "little")
        pos += 4
    return bytes(data)


def with_dtd(workbook: bytes) -> bytes:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')

    def change(name: str, content: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return bomb + content.split(b"?>", 1)[-1]
        return content
    return rezip(workbook, change)


def padded_sheet(workbook: bytes, mb: int = 40) -> bytes:
    """A sheet whose XML inflates to `mb` MB (whitespace before the data) from a few kilobytes."""
    def change(name: str, content: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            head, rest = content.split(b"<sheetData>", 1)
            return head + b"<sheetData>" + b" " * (mb * 1024 * 1024) + rest
        return content
    return rezip(workbook, change)


def rows_of(header: str, *records: str) -> list[list]:
    return [header.split(",")] + [r.split(",") for r in records]


def wards_frame():
    import geopandas as gpd

    return gpd.read_file(io.BytesIO(geojson_ward()))


def gpkg(*, view: bool = False) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wards.gpkg"
        wards_frame().to_file(path, driver="GPKG")
        if view:
            con = sqlite3.connect(path)
            con.execute("CREATE VIEW leak AS SELECT * FROM sqlite_master")
            con.commit()
            con.close()
        return path.read_bytes()


def sqlite_plain() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.db"
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE wards (WD25CD TEXT)")
        con.commit()
        con.close()
        return path.read_bytes()


def shapefile_zip(compression=zipfile.ZIP_DEFLATED) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        wards_frame().to_file(Path(folder) / "wards.shp")
        return zipped({p.name: p.read_bytes() for p in sorted(Path(folder).iterdir())}, compression)


VRT = (b'<OGRVRTDataSource><OGRVRTLayer name="wards"><SrcDataSource>CSV:/etc/passwd</SrcDataSource>'
       b"</OGRVRTLayer></OGRVRTDataSource>")
MYE_AGES = [str(a) for a in range(90)]


def mye(ages: list[str], values: int = 3) -> bytes:
    header = "LSOA Code,LSOA Name," + ",".join(ages)
    return lines(header, "E01024915,Chorley 014A," + ",".join([str(values)] * len(ages)))


def police_rows(*rows: str) -> bytes:
    return lines(POLICE, *rows)


HUB_HEADER = HUB.split(",")
CA_HEADER = CA.split(",")
VCFS_HEADER = VCFS.split(",")
PLANTED = "[Sign in again](https://evil.example/login)"
ROUND = [vcfs("Sample Pantry"), vcfs("Sample Choir", wards="Borough-wide"), vcfs("Sample Shed", wards="Coppull")]
DECEMBER = [hub(f"D{i}", f"{d:02d}/12/2021") for i, d in enumerate(range(1, 11), 1)]


CASES: list[Hostile] = [
    # 1. Server files: only GeoJSON, GeoPackage, zipped Shapefile, by content, one reader each
    Hostile("boundaries_vrt_named_geojson.geojson", "boundaries", "server files", lambda: VRT,
            refuse=("neither GeoJSON, a GeoPackage nor a zipped Shapefile", "judged by its content")),
    Hostile("boundaries_vrt_after_space.geojson", "boundaries", "server files", lambda: b"  \n" + VRT,
            refuse=("neither GeoJSON",)),
    Hostile("boundaries_sqlite_not_gpkg.gpkg", "boundaries", "server files", sqlite_plain,
            refuse=("an SQLite database that is not a GeoPackage",)),
    Hostile("boundaries_gpkg_with_view.gpkg", "boundaries", "server files", lambda: gpkg(view=True),
            refuse=("holds a view ('leak')", "GeoPackage")),
    Hostile("boundaries_wards.gpkg", "boundaries", "server files: the Upload page takes GeoPackage", gpkg,
            rows=1, replaced=2),  # the area and its shape
    Hostile("boundaries_wards_shapefile.zip", "boundaries", "server files: the Upload page takes Shapefile",
            shapefile_zip, rows=1, replaced=2),
    Hostile("boundaries_shapefile_bzip2.zip", "boundaries", "memory", lambda: shapefile_zip(zipfile.ZIP_BZIP2),
            refuse=("compression method", "deflate")),
    Hostile("boundaries_json_not_geojson.geojson", "boundaries", "server files",
            lambda: json.dumps({"type": "Topology", "objects": {}}).encode(), refuse=("cannot be read as GeoJSON",)),

    # 2. Memory and time: real sizes counted while reading, methods, members, DTDs
    Hostile("police_bzip2_member.zip", "police_uk", "memory: bzip2 inflates a whole block at once",
            lambda: zipped({"2020-03-lancashire-street.csv": police_rows(police("c1", "E01024915"))}, zipfile.ZIP_BZIP2),
            refuse=("compression method", "Excel and police.uk never use")),
    Hostile("police_understated_size.zip", "police_uk", "memory: headers understate a member's size",
            lambda: understated({"2020-03-lancashire-street.csv": police_rows(*[police(f"c{i}", "E01024915")
                                                                                 for i in range(400)])}),
            refuse=("size does not match its header",)),
    Hostile("police_zip_bomb.zip", "police_uk", "memory: a zip bomb with honest headers",
            lambda: zipped({"2020-03-lancashire-street.csv": police_rows(police("c1", "E01024915"))
                            + b"," * (30 * 1024 * 1024)}),
            refuse=("expands to more than", "counted while reading")),
    Hostile("police_too_many_members.zip", "police_uk", "memory: member count",
            lambda: zipped({f"m{i}-street.csv": b"x" for i in range(1001)}),
            refuse=("holds 1,001 files, more than the 1,000 accepted",)),
    Hostile("hub_sheet_inflates.xlsx", "community_hub", "memory/time: sheet XML inflating 1000x",
            lambda: padded_sheet(book({"Requests": rows_of(HUB, hub("B1", "27/03/2020"))})),
            refuse=("expands to more than", "zip bomb")),
    Hostile("ca_entity_expansion.xlsx", "citizens_advice", "memory: entity-expansion DTD",
            lambda: with_dtd(book({"Issues": rows_of(CA, ca("C1", "02/03/2020"))})),
            refuse=("declares a DTD", "save it again as .xlsx")),
    Hostile("imd2025_entity_expansion.xlsx", "deprivation", "memory: DTD, through the header look-up",
            lambda: with_dtd(book({"IoD": [["lsoa21_code", "IMD_decile", "IMD_rank"], ["E01024915", 6, 18191]]})),
            refuse=("declares a DTD",)),
    Hostile("pop_sheet_inflates.xlsx", "population", "memory: inflating sheet, through the header look-up",
            lambda: padded_sheet(book({"Pop": [["ward_code", "age", "usual_residents"], ["E05013077", 0, 61]]})),
            refuse=("expands to more than",)),
    Hostile("hub_macro_inside.xlsx", "community_hub", "server files: macros by content, not name",
            lambda: rezip(book({"R": rows_of(HUB, hub("B1", "27/03/2020"))}), lambda n, c: c,
                          extra={"xl/vbaProject.bin": b"\x00" * 64}),
            refuse=("contains macros",)),

    # 3. Lost rows: what a file replaces is declared per source
    Hostile("vcfs_round.csv", "vcfs_survey", "lost rows: survey by organisation", lambda: lines(VCFS, *ROUND), rows=3),
    Hostile("vcfs_late_response.csv", "vcfs_survey", "lost rows: one late survey response",
            lambda: lines(VCFS, vcfs("Sample Shed", wards="Coppull", now="9")), rows=1, replaced=1,
            prior="vcfs_round.csv"),
    Hostile("mh_iapt_month.csv", "mental_health", "lost rows: a month sent by service (IAPT)",
            lambda: lines(MH, mh("2020-04", "E05013066"), mh("2020-04", "E05013077")), rows=6),
    Hostile("mh_cmht_month.csv", "mental_health", "lost rows: ... then CMHT keeps IAPT",
            lambda: lines(MH, mh("2020-04", "E05013066", service="CMHT")), rows=3, prior="mh_iapt_month.csv"),
    Hostile("mh_partial_resend.csv", "mental_health", "lost rows: nothing asks first",
            lambda: lines(MH, mh("2020-04", "E05013066", referrals="14")), prior="mh_iapt_month.csv",
            refuse=("would remove 6 rows already held (period 2020-04; category IAPT: 6 rows) and bring 3",
                    "--replace", "Replace them")),
    Hostile("mh_partial_resend_confirmed.csv", "mental_health", "lost rows: confirmed with --replace",
            lambda: lines(MH, mh("2020-04", "E05013066", referrals="15")), prior="mh_iapt_month.csv",
            replace=True, rows=3, replaced=6),
    Hostile("provision_register.csv", "provision", "lost rows: the whole provision register",
            lambda: lines(PROVISION, provider("Club A", "Food club", ward="Euxton"),
                          provider("Club B", "Food club", ward="Coppull"), provider("Hall", "Warm space", ward="Euxton")),
            rows=3),
    Hostile("provision_short_register.csv", "provision", "lost rows: a register missing providers",
            lambda: lines(PROVISION, provider("Club A", "Food club", ward="Euxton")), prior="provision_register.csv",
            refuse=("would remove 3 rows of provision already held", "bring 1", "--replace")),
    Hostile("provision_short_register_confirmed.csv", "provision", "lost rows: a smaller register, confirmed",
            lambda: lines(PROVISION, provider("Club A", "Food club", ward="Euxton", sessions="3")),
            prior="provision_register.csv", replace=True, rows=1, replaced=3),
    Hostile("hub_december.csv", "community_hub", "lost rows: a month of hub requests", lambda: lines(HUB, *DECEMBER),
            rows=10),
    Hostile("hub_two_row_correction.csv", "community_hub", "lost rows: a two-row correction for 30-31 December",
            lambda: lines(HUB, hub("D1", "30/12/2021"), hub("D2", "31/12/2021")), rows=2, replaced=2,
            prior="hub_december.csv"),
    Hostile("police_march.csv", "police_uk", "police: a month", lambda: police_rows(
        police("a" * 64, "E01024915"), police("b" * 64, "E01024916")), rows=2),
    Hostile("police_april_republished.csv", "police_uk", "police: a crime republished a month later",
            lambda: police_rows(police("a" * 64, "E01024915", month="2020-04"),
                                police("c" * 64, "E01024915", month="2020-04")),
            prior="police_march.csv", rows=1, notes=("counted once", "republishes")),
    Hostile("police_zip_republished.zip", "police_uk", "messages: a Crime ID repeated across months of a zip",
            lambda: zipped({"2020-03/2020-03-lancashire-street.csv": police_rows(police("d" * 64, "E01024915")),
                            "2020-04/2020-04-lancashire-street.csv": police_rows(
                                police("d" * 64, "E01024915", month="2020-04"),
                                police("e" * 64, "E01024916", month="2020-04"))}),
            rows=2, notes=("2020-04/2020-04-lancashire-street.csv row 2 repeats 2020-03/2020-03-lancashire-street.csv "
                           "row 2",)),

    # 4. Invented or wrong rows
    Hostile("vcfs_org_twice.csv", "vcfs_survey", "conflicting duplicates: one organisation twice",
            lambda: lines(VCFS, vcfs("Sample Pantry"), vcfs("sample pantry", now="3")),
            refuse=("rows 2, 3", "column 'Organisation'", "answered twice in the same month",
                    "keep the organisation's one response")),
    Hostile("fingertips_two_values.csv", "fingertips", "conflicting duplicates: one value twice",
            lambda: lines(FINGERTIPS, fingertips("95.3"), fingertips("97.1")),
            refuse=("rows 2, 3", "column 'Value'", "different values", "export the indicator again")),
    Hostile("hub_merged_ward.xlsx", "community_hub", "merged ward cells filled from their range",
            lambda: book({"Requests": [HUB_HEADER] + [["M1", dt.datetime(2020, 3, 27), "Euxton", "PR7", "25-49",
                                                      "Food parcel", "Self", "Open", "N"],
                                                     ["M2", dt.datetime(2020, 3, 27), None, "PR7", "25-49",
                                                      "Food parcel", "Self", "Open", "N"]]},
                         merges={"Requests": ("C2:C3",)}, date_columns=(1,)),
            rows=2, notes=("merged cells C2:C3 were filled",)),
    Hostile("pop_mye2019_90_spaced.csv", "population", "every age column read: '90 +'",
            lambda: mye(MYE_AGES + ["90 +"]), rows=91),
    Hostile("pop_mye2019_no_top_band.csv", "population", "every age column read, or refused",
            lambda: mye(MYE_AGES), refuse=("row 1", "not an open-ended band", "90+")),
    Hostile("pop_mye2019_odd_age.csv", "population", "every age column read, or refused",
            lambda: mye(MYE_AGES + ["90 and older people"]),
            refuse=("'90 and older people' cannot be read as a single year", "'90+'")),
    Hostile("hub_1900.csv", "community_hub", "implausible dates: 01/01/1900",
            lambda: lines(HUB, hub("O1", "27/03/2020"), hub("O2", "01/01/1900")),
            refuse=("row 3", "column 'Date Received'", "before 01/01/2000", "check the year")),
    Hostile("police_2009.csv", "police_uk", "implausible dates: before police.uk data",
            lambda: police_rows(police("f" * 64, "E01024915", month="2009-05")),
            refuse=("row 2", "column 'Month'", "before 01/12/2010")),
    Hostile("gp_appts_1999.csv", "gp_appointments", "implausible dates",
            lambda: lines(GP_APPTS, appts(month="MAR1999")), refuse=("row 2", "column 'Appointment_Month'",
                                                                     "before 01/01/2000")),
    Hostile("hub_nul_bytes.csv", "community_hub", "NUL bytes removed with a note",
            lambda: lines(HUB, hub("N1", "27/03/2020").replace("Self", "Se\x00lf"), hub("N2", "27/03/2020")),
            rows=2, notes=("control characters (such as NUL) removed from row 2, column 'Referral Source'",)),
    Hostile("ca_control_chars.csv", "citizens_advice", "control characters removed with a note",
            lambda: lines(CA, ca("C1", "02/03/2020", detail="Rent\x0b arrears\x1b[31m")), rows=1,
            notes=("control characters",)),
    Hostile("ca_hidden_row.xlsx", "citizens_advice", "hidden rows reported",
            lambda: book({"Issues": rows_of(CA, ca("C1", "02/03/2020"), ca("C2", "03/03/2020"))},
                         hidden_rows={"Issues": (3,)}),
            rows=2, notes=("rows 3 are hidden in the workbook",)),
    Hostile("practices_hidden_sheet.xlsx", "gp_practices", "hidden sheets reported",
            lambda: book({"List": rows_of(PRACTICES, "P81990,Hidden Test Surgery,PR7 1ZA,E05013066,100"),
                          "Old": rows_of(PRACTICES, "P81991,Old Surgery,PR7 1ZA,E05013066,100")},
                         hidden_sheets=("Old",)),
            rows=1, notes=("hidden sheets not read: 'Old'",)),
    Hostile("provision_hidden_sheet.xlsx", "provision", "hidden sheets reported",
            lambda: book({"Register": [PROVISION.split(","), ["Club A", "Food club", "Hall, Coppull", "", "", "",
                                                             "", 2, "", "", "SVP", "", ""]],
                          "Closed": [PROVISION.split(","), ["Old club", "Food club", "Hall, Coppull", "", "", "", "",
                                                           1, "", "", "SVP", "", ""]]},
                         hidden_sheets=("Closed",)),
            rows=1, notes=("hidden sheets not read: 'Closed'", "placed by town: 1 (1 approximate)")),
    Hostile("hub_data_on_hidden_sheet.xlsx", "community_hub", "hidden sheets: data only there",
            lambda: book({"Cover": [["Hub export"]], "Data": rows_of(HUB, hub("H1", "27/03/2020"))},
                         hidden_sheets=("Data",)),
            refuse=("the data are on the hidden sheet 'Data'", "unhide the sheet")),

    # 5. Messages that mislead
    Hostile("vcfs_second_sheet.xlsx", "vcfs_survey", "messages: data on the second sheet",
            lambda: book({"Notes": [["Survey of members, June 2020"]], "Responses": rows_of(VCFS, *ROUND[:2])}),
            rows=2, notes=("read the sheet 'Responses'",)),
    Hostile("hub_two_data_sheets.xlsx", "community_hub", "messages: two sheets with data",
            lambda: book({"March": rows_of(HUB, hub("T1", "27/03/2020")), "April": rows_of(HUB, hub("T2", "02/04/2020"))}),
            refuse=("the sheets 'March', 'April' each have the header row", "save each sheet as its own file")),
    Hostile("hub_utf16_no_bom.csv", "community_hub", "messages: UTF-16 without a byte-order mark",
            lambda: (HUB + "\r\n" + hub("U1", "27/03/2020") + "\r\n").encode("utf-16-le"),
            refuse=("saved as UTF-16", "CSV UTF-8 (Comma delimited)")),
    Hostile("lookup_utf16_no_bom.csv", "lsoa_ward", "messages: UTF-16 without BOM, through the header look-up",
            lambda: (LOOKUP + "\r\n").encode("utf-16-be"), refuse=("saved as UTF-16",)),
    Hostile("ca_bom_then_cp1252.csv", "citizens_advice", "messages: a BOM followed by Windows-1252",
            lambda: b"\xef\xbb\xbf" + lines(CA, ca("C1", "02/03/2020", detail="Arrears \u00a3300"), encoding="cp1252"),
            rows=1, notes=("its text is Windows-1252",)),
    Hostile("hub_date_cells_and_typed.xlsx", "community_hub", "messages: real date cells and one typed date",
            lambda: book({"R": [HUB_HEADER, ["X1", dt.datetime(2020, 3, 27), "Euxton", "PR7", "25-49", "Food parcel",
                                             "Self", "Open", "N"],
                                ["X2", "28/03/2020", "Euxton", "PR7", "25-49", "Food parcel", "Self", "Open", "N"]]},
                         date_columns=(1,)), rows=2),
    Hostile("vcfs_negative_income.csv", "vcfs_survey", "messages: internal names (income_lost_gbp ... >= 0)",
            lambda: lines(VCFS, vcfs("Sample Pantry").replace(",1500,", ",-200,")),
            refuse=("row 2", "column 'Income Lost GBP'", "the amount is negative")),
    Hostile("hub_markup_header.csv", "community_hub", "links planted in a header shown in a refusal",
            lambda: lines(HUB.replace("Status", PLANTED), hub("L1", "27/03/2020")),
            refuse=("column 'Status'", "the column is missing", PLANTED)),
    Hostile("gp_appts_utf16.csv", "gp_appointments", "messages: UTF-16, through the header look-up",
            lambda: "\ufeff".encode("utf-16-le") + (GP_APPTS + "\r\n").encode("utf-16-le"),
            refuse=("saved as UTF-16",)),

    # Census 2021 health, disability and unpaid care (the digital exclusion lens)
    Hostile("census_health_two_topics.csv", "census_health", "lost rows: a ward's topics replaced one by one",
            lambda: lines(HEALTH, *health(), *health(topic="disability", counts=(500, 800, 650, 5800),
                                                     categories=DISABILITY)), rows=9),
    Hostile("census_health_health_again.csv", "census_health", "lost rows: ... a newer general health keeps disability",
            lambda: lines(HEALTH, *health(counts=(4010, 2590, 900, 250, 60))), rows=5, replaced=5,
            prior="census_health_two_topics.csv"),
    Hostile("census_health_title_row.xlsx", "census_health", "header offset: a title row above the header in a workbook",
            lambda: book({"TS037": [["Census 2021 general health by ward"], HEALTH.split(","),
                                    *[r.split(",") for r in health()]]}), rows=5),
    Hostile("census_health_markup_category.csv", "census_health", "links planted in a category are data, refused",
            lambda: lines(HEALTH, *health(categories=("Very good health", "Good health", "Fair health",
                                                      PLANTED.replace(",", " "), "Very bad health"))),
            refuse=("row 5", "column 'category'", "not one of its topic's Census 2021 categories")),
]

BY_NAME = {c.name: c for c in CASES}
