"""Open a boundaries file safely: only GeoJSON, GeoPackage and zipped Shapefile, recognised by content.

GDAL opens dozens of formats, and some of them reference other files or URLs (an OGR VRT saved under a
.geojson name makes the reader open any file the server can read). So the kind is decided here from the
bytes, and each kind is opened with exactly one reader:
- GeoJSON (text starting with `{`): GDAL's GeoJSON driver only, forced by the `GeoJSON:` prefix;
- GeoPackage (SQLite header with the GeoPackage application id): checked with Python's sqlite3 first (no
  views, no virtual tables other than the R-tree spatial index), then GDAL's GPKG driver only (`GPKG:`);
- zipped Shapefile: no GDAL at all; the .shp, .dbf and .prj members are read here (polygons only), within
  the archive limits of `data_loaders.limits`.
Each kind is written to a private temporary directory under a fixed name, so nothing in the upload chooses
a path.
"""

from __future__ import annotations

import sqlite3
import struct
import tempfile
import warnings
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data_loaders.errors import file_problem
from data_loaders.limits import Expansion, check_time, open_zip, read_member

FORMAT_FIX = ("export the boundaries from the ONS Open Geography Portal as GeoJSON, GeoPackage or zipped "
              "Shapefile")
SQLITE_MAGIC = b"SQLite format 3\x00"
GPKG_IDS = (b"GPKG", b"GP10", b"GP11")  # application_id at byte 68 (GeoPackage 1.2+, and 1.0/1.1)
POLYGON_TYPES = {5, 15, 25}  # Polygon, PolygonZ, PolygonM
SHAPEFILE_PARTS = (".shp", ".dbf", ".prj", ".cpg", ".shx")


def kind_of(data: bytes) -> str | None:
    """'geojson', 'geopackage', 'shapefile' (a zip with a .shp) or None, from the bytes alone."""
    if data.startswith(SQLITE_MAGIC) and data[68:72] in GPKG_IDS:
        return "geopackage"
    if data.startswith(b"PK\x03\x04"):
        return "shapefile"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "geojson"
    return None


def read_boundaries(path: Path, data: bytes) -> gpd.GeoDataFrame:
    kind = kind_of(data)
    if kind is None:
        what = ("an SQLite database that is not a GeoPackage" if data.startswith(SQLITE_MAGIC)
                else "neither GeoJSON, a GeoPackage nor a zipped Shapefile")
        raise file_problem(path, f"the file is {what} (judged by its content, not its name)", FORMAT_FIX)
    if kind == "shapefile":
        return read_zipped_shapefile(path, data)
    with tempfile.TemporaryDirectory(prefix="boundaries-") as folder:
        local = Path(folder) / ("boundaries.geojson" if kind == "geojson" else "boundaries.gpkg")
        local.write_bytes(data)
        if kind == "geopackage":
            _check_geopackage(path, local)
        return _gdal(path, ("GeoJSON:" if kind == "geojson" else "GPKG:") + str(local), kind)


def _gdal(path: Path, name: str, kind: str) -> gpd.GeoDataFrame:
    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return pyogrio.read_dataframe(name)
    except Exception as exc:  # pyogrio raises several types for files it cannot open
        reason = (str(exc).replace(name, "the file").splitlines() or [type(exc).__name__])[0][:120]
        label = "GeoJSON" if kind == "geojson" else "a GeoPackage"
        raise file_problem(path, f"the file cannot be read as {label} ({reason})", FORMAT_FIX) from None


def _check_geopackage(path: Path, local: Path) -> None:
    """Refuse SQL objects a boundaries file never needs and a crafted one could use: views and virtual
    tables (other than the R-tree spatial index)."""
    try:
        con = sqlite3.connect(f"file:{local}?mode=ro&immutable=1", uri=True)
        try:
            rows = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise file_problem(path, f"the GeoPackage is damaged ({exc})", FORMAT_FIX) from None
    for kind, name, sql in rows:
        text = (sql or "").upper()
        if kind == "view" or ("VIRTUAL TABLE" in text and "USING RTREE" not in " ".join(text.split())):
            raise file_problem(path, f"the GeoPackage holds a {'view' if kind == 'view' else 'virtual table'} "
                               f"('{name}'), which boundaries files never have", FORMAT_FIX)


# --- zipped Shapefile, read without GDAL --------------------------------------------------------------

def read_zipped_shapefile(path: Path, data: bytes) -> gpd.GeoDataFrame:
    with open_zip(path, data, what="zip") as archive:
        infos = [i for i in archive.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
        shps = [i for i in infos if i.filename.lower().endswith(".shp")]
        if len(shps) != 1:
            raise file_problem(path, "the zip holds " + ("no .shp file" if not shps else f"{len(shps)} .shp files")
                               + ": a zipped Shapefile has exactly one", FORMAT_FIX)
        stem = shps[0].filename[:-4]
        parts = {PurePosixPath(i.filename).suffix.lower(): i for i in infos
                 if i.filename[:-4] == stem and PurePosixPath(i.filename).suffix.lower() in SHAPEFILE_PARTS}
        if ".dbf" not in parts:
            raise file_problem(path, f"the zip has {shps[0].filename} but not its .dbf (the attribute table)",
                               "zip the .shp, .shx, .dbf and .prj files together")
        expansion = Expansion(path, data, "zip")
        content = {ext: read_member(path, archive, info, expansion, what="zip") for ext, info in parts.items()}
    geometry = _shp_polygons(path, content[".shp"])
    encoding = content.get(".cpg", b"").decode("ascii", "ignore").strip() or "utf-8"
    attributes = _dbf(path, content[".dbf"], encoding)
    if len(attributes) != len(geometry):
        raise file_problem(path, f"the .shp has {len(geometry)} shapes but the .dbf {len(attributes)} rows",
                           FORMAT_FIX)
    crs = None
    if ".prj" in content:
        from pyproj import CRS

        try:
            crs = CRS.from_wkt(content[".prj"].decode("utf-8", "replace"))
        except Exception:  # pyproj raises CRSError (and others) for unreadable WKT
            raise file_problem(path, "the .prj file (the coordinate system) cannot be read", FORMAT_FIX) from None
    return gpd.GeoDataFrame(attributes, geometry=geometry, crs=crs)


def _shp_polygons(path: Path, shp: bytes) -> list:
    if len(shp) < 100 or struct.unpack(">i", shp[:4])[0] != 9994:
        raise file_problem(path, "the .shp file is not a Shapefile (its header is wrong)", FORMAT_FIX)
    shape_type = struct.unpack("<i", shp[32:36])[0]
    if shape_type not in POLYGON_TYPES:
        raise file_problem(path, f"the Shapefile holds shape type {shape_type}, not polygons",
                           "use the boundary (polygon) file, not centroids or lines")
    out, offset = [], 100
    while offset + 8 <= len(shp):
        if len(out) % 500 == 0:
            check_time(path)
        length = struct.unpack(">i", shp[offset + 4:offset + 8])[0] * 2
        record = shp[offset + 8:offset + 8 + length]
        if length < 4 or len(record) < length:
            raise file_problem(path, f"shape {len(out) + 1} of the .shp file is cut short", FORMAT_FIX)
        offset += 8 + length
        kind = struct.unpack("<i", record[:4])[0]
        if kind == 0:
            out.append(None)
            continue
        if kind not in POLYGON_TYPES or length < 44:
            raise file_problem(path, f"shape {len(out) + 1} of the .shp file is not a polygon", FORMAT_FIX)
        n_parts, n_points = struct.unpack("<ii", record[36:44])
        end = 44 + 4 * n_parts + 16 * n_points
        if n_parts < 1 or n_points < 4 or end > length:
            raise file_problem(path, f"shape {len(out) + 1} of the .shp file is damaged", FORMAT_FIX)
        starts = np.frombuffer(record, "<i4", n_parts, 44)
        points = np.frombuffer(record, "<f8", 2 * n_points, 44 + 4 * n_parts).reshape(-1, 2)
        bounds = [*starts.tolist(), n_points]
        rings = [shapely.linearrings(points[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b - a >= 4]
        out.append(_assemble(rings))
    return out


def _assemble(rings: list) -> shapely.Geometry:
    """Shapefile rings: outer rings clockwise, holes anticlockwise; each hole goes in the outer ring around it."""
    outers = [r for r in rings if not shapely.is_ccw(r)] or rings[:1]
    holes = [r for r in rings if shapely.is_ccw(r) and r not in outers]
    shells = [shapely.Polygon(r) for r in outers]
    inner: list[list] = [[] for _ in shells]
    for hole in holes:
        point = shapely.Point(hole.coords[0])
        index = next((i for i, s in enumerate(shells) if s.covers(point)), 0)
        inner[index].append(hole)
    polygons = [shapely.Polygon(o, h) for o, h in zip(outers, inner, strict=True)]
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _dbf(path: Path, dbf: bytes, encoding: str) -> pd.DataFrame:
    if len(dbf) < 32:
        raise file_problem(path, "the .dbf file is damaged", FORMAT_FIX)
    count, header, width = struct.unpack("<IHH", dbf[4:12])
    fields, pos = [], 32
    while pos + 32 <= header and dbf[pos] != 0x0D:
        name = dbf[pos:pos + 11].split(b"\x00")[0].decode("ascii", "replace").strip()
        fields.append((name, chr(dbf[pos + 11]), dbf[pos + 16]))
        pos += 32
    if header + count * width > len(dbf) or sum(f[2] for f in fields) + 1 > width:
        raise file_problem(path, "the .dbf file is cut short or damaged", FORMAT_FIX)
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "utf-8"
    columns: dict[str, list] = {name: [] for name, _, _ in fields}
    for r in range(count):
        if r % 2000 == 0:
            check_time(path)
        start = header + r * width + 1  # the first byte is the deletion flag
        for name, kind, size in fields:
            raw = dbf[start:start + size].decode(encoding, "replace").strip()
            start += size
            if kind in "NF":
                try:
                    columns[name].append(float(raw) if raw else None)
                except ValueError:
                    columns[name].append(None)
            else:
                columns[name].append(raw)
    return pd.DataFrame(columns)
