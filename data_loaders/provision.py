"""The community provision register -> provision: one row per provider, placed in a ward of the partnership.

Columns (../shared/FORMATS.md "Community provision register"): Name, Type, Address, Postcode, Latitude, Longitude,
Ward, Sessions Per Week, Capacity, Capacity Unit, Run By, Start Date, End Date; an optional `Source` column says
where an entry comes from (kept as the row's origin). CSV or XLSX, read through the same limits as every file.

Type: one of sources.provision.TYPES, or several separated by ';' (a library that is also a warm space:
"Library; Warm space"): the provider counts once under each of its types; the first is its main type.

Placing, in this order, recorded in `placed_by` (and `approximate`):
1. Latitude and Longitude -> the stored ward shape that contains the point (shapely point in polygon):
   "coordinates", exact. A point inside no ward of the partnership is refused (it is outside the partnership
   or the coordinates are swapped).
2. Ward (a ward code or name of the partnership): "ward", exact.
3. Postcode -> its postcode district (the outward code, PR25 of "PR25 2EX") -> the ward dashboard.toml
   [provision] postcode_districts counts it in: "postcode district", approximate.
4. A town named in the Address -> the ward dashboard.toml [provision] towns counts it in: "town", approximate.
A row none of these places is refused, naming the row, the columns and the fix.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext, ward_key
from data_loaders.parsing import EARLIEST, ISO, Checker
from data_loaders.reading import ROW, read_table
from sources.provision import NAME, TYPES

SOURCE = NAME
TABLE = "provision"
COLUMNS = ["Name", "Type", "Address", "Postcode", "Latitude", "Longitude", "Ward", "Sessions Per Week", "Capacity",
           "Capacity Unit", "Run By", "Start Date", "End Date"]
OPTIONAL = ["Source"]
NAMES = {"name": "Name", "type": "Type", "latitude": "Latitude", "longitude": "Longitude", "ward_code": "Ward",
         "sessions_per_week": "Sessions Per Week", "capacity": "Capacity", "start_date": "Start Date",
         "end_date": "End Date"}
# A UK postcode, or only its district (outward code): "PR25 2EX", "PR252EX", "PR25".
POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})?$")
DAY_FIRST_DATE = r"^\d{1,2}/\d{1,2}/\d{4}$"
TYPE_KEYS = {t.lower(): t for t in TYPES} | {"food pantry": "Pantry", "warm hub": "Warm space",
                                             "warm bank": "Warm space", "community hall": "Community centre"}


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    context = context or LoadContext.from_settings()
    raw = read_table(path, required=COLUMNS, optional=OPTIONAL, data=data)
    f = raw.frame
    chk = Checker(raw.path, f)
    name = f["Name"].str.strip()
    chk.flag(name == "", "Name", "the provider's name is blank", "fill in the name of the provider")
    types = _types(chk)
    lat, lon = _number(chk, "Latitude"), _number(chk, "Longitude")
    one = lat.isna() != lon.isna()
    chk.flag(one, "Latitude", "only one of Latitude and Longitude is given", "give both, or leave both blank")
    swapped = (lat.between(-8.7, 2.0) & lon.between(49.8, 61.0)).fillna(False)
    chk.flag(swapped, "Latitude", "Latitude and Longitude look swapped (the latitude is a longitude in Great "
             "Britain)", "put the latitude (about 53.6 here) under Latitude and the longitude (about -2.6) under "
             "Longitude")
    outside_gb = ((lat.notna() & ~lat.between(49.8, 61.0)) | (lon.notna() & ~lon.between(-8.7, 2.0))) & ~swapped
    chk.flag(outside_gb.fillna(False), "Latitude", "the coordinates are not in Great Britain",
             "give WGS84 decimal degrees (e.g. 53.6531, -2.6328), not eastings and northings")
    usable = lat.notna() & lon.notna() & ~one & ~swapped & ~outside_gb.fillna(False)
    ward, placed_by = _place(chk, context, lat.where(usable), lon.where(usable))
    postcode = f["Postcode"].str.upper().str.split().str.join(" ")
    sessions = _number(chk, "Sessions Per Week", low=0, high=200, what="sessions a week")
    capacity = _number(chk, "Capacity", low=0, high=1_000_000, what="capacity")
    unit = _text(f, "Capacity Unit")
    chk.flag(capacity.notna() & unit.isna(), "Capacity Unit", "the capacity has no unit",
             "say what the capacity counts, e.g. 'parcels a week', 'people a session'")
    start, end = _date(chk, "Start Date", context), _date(chk, "End Date", context)
    chk.flag((end < start).fillna(False), "End Date", "the provider ends before it starts",
             "check the two dates (dd/mm/yyyy)")
    identity = name.str.lower() + "|" + f["Address"].str.lower().str.strip() + "|" + postcode.str.lower()
    chk.flag(identity.duplicated(keep=False) & (name != ""), "Name",
             "the same provider (name, address and postcode) is listed more than once",
             "keep one row per provider; a provider of several types lists them in one Type cell, e.g. "
             "'Library; Warm space'")
    tidy = pd.DataFrame({
        "register": "provision",
        "provider_id": identity.map(lambda s: hashlib.sha256(s.encode()).hexdigest()[:16]),
        "name": name,
        "type": types.str.split("; ").str[0],
        "types": types,
        "address": _text(f, "Address"),
        "postcode": postcode.replace("", pd.NA).astype("string"),
        "latitude": lat.where(usable),
        "longitude": lon.where(usable),
        "ward_code": ward,
        "placed_by": placed_by,
        "approximate": placed_by.isin(["postcode district", "town"]),
        "sessions_per_week": sessions,
        "capacity": capacity,
        "capacity_unit": unit,
        "run_by": _text(f, "Run By"),
        "start_date": start,
        "end_date": end,
        "origin": _text(f, "Source") if "Source" in f.columns else pd.Series(pd.NA, index=f.index, dtype="string"),
    })
    good, rejects = chk.finish(tidy, partial=partial)
    rows = f[ROW].loc[~f.index.isin(list(chk.bad))].reset_index(drop=True)
    notes = list(raw.notes)
    if len(good):
        approx = int(good["approximate"].sum())
        how = good["placed_by"].value_counts()
        notes.append("placed by " + ", ".join(f"{k}: {int(v)}" for k, v in how.items())
                     + (f" ({approx} approximate)" if approx else ""))
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows, NAMES)}, rows_read=len(f), rejects=rejects,
                      notes=notes)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].str.strip().replace("", pd.NA).astype("string")


def _types(chk: Checker) -> pd.Series:
    values = chk.frame["Type"].str.strip()
    parts = values.str.split(r"\s*[;,]\s*", regex=True)
    mapped = parts.map(lambda items: [TYPE_KEYS.get(i.lower()) for i in items if i])
    bad = mapped.map(lambda items: not items or any(t is None for t in items))
    chk.flag(bad & (values != ""), "Type", "the type is not one of the register's types",
             "use one of: " + ", ".join(TYPES) + " (several separated by ';')")
    chk.flag(values == "", "Type", "the type is blank", "fill in the type: " + ", ".join(TYPES))
    return mapped.map(lambda items: "; ".join(dict.fromkeys(t for t in items if t)) if items else "").astype("string")


def _number(chk: Checker, column: str, *, low: float | None = None, high: float | None = None,
            what: str = "value") -> pd.Series:
    values = chk.frame[column].str.strip().str.replace(",", "", regex=False)
    numbers = pd.to_numeric(values, errors="coerce")
    chk.flag(numbers.isna() & (values != ""), column, f"the {what} is not a number",
             "write a number (e.g. 53.6531 or 2), or leave it blank")
    if low is not None:
        chk.flag((numbers < low).fillna(False), column, f"the {what} is below {low:g}", f"write {low:g} or more")
    if high is not None:
        chk.flag((numbers > high).fillna(False), column, f"the {what} is implausibly large (above {high:,g})",
                 "check the value")
    return numbers.astype(float)


def _date(chk: Checker, column: str, context: LoadContext) -> pd.Series:
    """Optional dates, day-first (27/03/2020) or ISO; a start may lie in the future (a planned opening)."""
    values = chk.frame[column].str.strip()
    dmy, iso = values.str.match(DAY_FIRST_DATE), values.str.match(ISO)
    year = values.str.match(r"^\d{4}$")
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    parsed[dmy] = pd.to_datetime(values[dmy], format="%d/%m/%Y", errors="coerce")
    parsed[iso] = pd.to_datetime(values[iso].str[:10], format="%Y-%m-%d", errors="coerce")
    parsed[year] = pd.to_datetime(values[year] + "-01-01", format="%Y-%m-%d", errors="coerce")
    chk.flag((values != "") & ~dmy & ~iso & ~year, column, "the date cannot be read",
             "write dates as dd/mm/yyyy (e.g. 01/04/2022) or yyyy-mm-dd, or leave it blank")
    chk.flag((dmy | iso) & parsed.isna(), column, "the date does not exist", "check the day and month (dd/mm/yyyy)")
    chk.flag((parsed < pd.Timestamp(EARLIEST)).fillna(False), column, f"the date is before {EARLIEST[:4]}",
             "check the year")
    return parsed.dt.normalize()


def district_of(postcode: str) -> str | None:
    """The postcode district (outward code) of a full postcode or of a district alone; None if not a postcode."""
    match = POSTCODE.match(str(postcode).strip().upper())
    return match.group(1) if match else None


def _place(chk: Checker, context: LoadContext, lat: pd.Series, lon: pd.Series) -> tuple[pd.Series, pd.Series]:
    f = chk.frame
    n = len(f)
    ward = pd.Series(pd.NA, index=f.index, dtype="string")
    how = pd.Series(pd.NA, index=f.index, dtype="string")
    points = lat.notna().to_numpy()
    if points.any():
        if not context.ward_shapes:
            chk.flag(points, "Latitude", "no ward boundaries are held, so coordinates cannot be placed in wards",
                     "load the ward boundaries first ('python -m warehouse ingest boundaries FILE'), or give the Ward")
        else:
            codes = list(context.ward_shapes)
            shapes = shapely.from_wkb([context.ward_shapes[c] for c in codes])
            tree = shapely.STRtree(shapes)
            xy = shapely.points(lon.to_numpy()[points], lat.to_numpy()[points])
            hit_point, hit_shape = tree.query(xy, predicate="within")
            found = np.full(int(points.sum()), None, dtype=object)
            found[hit_point] = np.asarray(codes, dtype=object)[hit_shape]
            positions = np.flatnonzero(points)
            ward.iloc[positions] = found
            how.iloc[positions] = np.where(pd.isna(found), pd.NA, "coordinates")
            chk.flag(points & ward.isna().to_numpy(), "Latitude", "the point is in none of the partnership's wards",
                     "check the coordinates (WGS84 latitude and longitude), or leave them blank and give the Ward "
                     "if the provider serves the partnership from outside it")
    text = f["Ward"].str.strip()
    given = text != ""
    by_key = context.ward_by_key
    codes = text.str.upper().where(text.str.upper().isin(list(context.wards))).fillna(text.map(ward_key).map(by_key))
    unknown_ward = given & codes.isna()
    chk.flag(unknown_ward, "Ward", "the ward is not a ward (code or name) of this partnership",
             "use one of the ward codes or names in dashboard.toml, or leave it blank")
    use = ward.isna() & given & codes.notna()
    ward[use], how[use] = codes[use], "ward"
    districts = f["Postcode"].map(district_of)
    chk.flag((f["Postcode"].str.strip() != "") & districts.isna(), "Postcode", "the postcode is not a UK postcode",
             "write the postcode (e.g. PR7 1DP) or its district (PR7), or leave it blank")
    by_district = districts.map(context.postcode_districts)
    use = ward.isna() & ~unknown_ward & by_district.notna()
    ward[use], how[use] = by_district[use], "postcode district"
    address = f["Address"].str.lower()
    for town, code in sorted(context.towns.items(), key=lambda item: -len(item[0])):
        named = address.str.contains(rf"\b{re.escape(town.lower())}\b", regex=True)
        use = ward.isna() & ~unknown_ward & named
        ward[use], how[use] = code, "town"
    refused = np.zeros(n, dtype=bool)  # rows already refused for their coordinates or ward (positions)
    refused[list(chk.bad)] = True
    unplaced = ward.isna().to_numpy() & ~unknown_ward.to_numpy() & ~refused
    towns = ", ".join(sorted(context.towns)) or "none configured"
    chk.flag(unplaced, "Ward",
             "the provider cannot be placed in a ward: no coordinates, no ward, and no known postcode district or "
             "town in the address",
             "give its Latitude and Longitude, its Ward, or a postcode whose district dashboard.toml [provision] "
             f"lists (towns known: {towns})")
    return ward.astype("string"), how.astype("string")


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a provision register into the tidy provision shape, or raise LoadError."""
    return parse(path, context=context).frame
