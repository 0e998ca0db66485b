"""ONS boundaries: the real Chorley wards and LSOAs, reprojection from British National Grid, the size of
the map's GeoJSON, and bad files refused with reasons."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from real_data import CHORLEY_WARDS, context, real_file

from data_loaders import LoadError, boundaries
from data_loaders.context import LoadContext

WARDS = "boundaries/chorley_wards_wd25_bgc.geojson"
SHIPPED = Path(__file__).resolve().parents[2] / "sample_data/public/boundaries"
MAX_MAP_BYTES = 100 * 1024


@pytest.mark.real_data
def test_real_wards_are_14_polygons_in_wgs84_and_small_enough_for_the_map():
    wards = boundaries.load(real_file(WARDS), context=context())
    assert len(wards) == 14 and set(wards["area_code"]) == set(CHORLEY_WARDS)
    assert wards.crs.to_epsg() == 4326
    assert set(wards.geom_type) <= {"Polygon", "MultiPolygon"} and wards.is_valid.all()
    assert set(wards["area_type"]) == {"ward"} and set(wards["parent_code"]) == {"E07000118"}
    minx, miny, maxx, maxy = wards.total_bounds
    assert -2.9 < minx < maxx < -2.4 and 53.5 < miny < maxy < 53.8  # Chorley, in degrees
    text = boundaries.to_geojson(wards)
    assert len(text.encode()) <= MAX_MAP_BYTES  # about 38 KB
    feature = json.loads(text)["features"][0]
    assert feature["properties"]["area_name"] == "Adlington & Anderton"
    assert all(len(str(x).split(".")[1]) <= 5 for x in feature["geometry"]["coordinates"][0][0])


@pytest.mark.real_data
def test_real_wards_parse_into_areas_and_shapes():
    result = boundaries.parse(real_file(WARDS), context=context())
    areas, shapes = result.tables["areas"], result.tables["area_shapes"]
    assert list(result.tables) == ["areas", "area_shapes"]
    assert areas.columns.tolist() == ["area_code", "area_name", "area_type", "parent_code"]
    assert shapes["area_code"].tolist() == areas["area_code"].tolist()
    polygon = shapely.from_wkb(shapes["geometry_wkb"].iloc[0])
    assert polygon.geom_type in ("Polygon", "MultiPolygon") and polygon.area > 0


def _gpkg(frame: gpd.GeoDataFrame, folder: Path) -> Path:
    frame.to_file(folder / "wards.gpkg", driver="GPKG")
    return folder / "wards.gpkg"


def _zipped_shapefile(frame: gpd.GeoDataFrame, folder: Path) -> Path:
    frame[["WD25CD", "WD25NM", "LAD25CD", "geometry"]].to_file(folder / "wards.shp")
    with zipfile.ZipFile(folder / "wards.zip", "w") as archive:
        for part in folder.glob("wards.*"):
            if part.suffix != ".zip":
                archive.write(part, part.name)
    return folder / "wards.zip"


@pytest.mark.real_data
@pytest.mark.parametrize("write", [_gpkg, _zipped_shapefile], ids=["geopackage", "zipped shapefile"])
def test_real_british_national_grid_files_are_reprojected(tmp_path, write):
    path = write(gpd.read_file(real_file(WARDS)).to_crs(27700), tmp_path)
    result = boundaries.parse(path, context=context(), data=path.read_bytes())
    wards = boundaries.load(path, context=context())
    original = boundaries.load(real_file(WARDS), context=context())
    assert wards.crs.to_epsg() == 4326 and len(result.frame) == 14
    assert wards.total_bounds == pytest.approx(original.total_bounds, abs=1e-3)


@pytest.mark.real_data
def test_real_lsoas_take_their_district_from_ladcd_active():
    result = boundaries.parse(real_file("boundaries/chorley_lsoa21_bgc.geojson"), context=context())
    areas = result.frame
    assert len(areas) == 70 and set(areas["area_type"]) == {"lsoa"}
    assert set(areas["parent_code"]) == {"E07000118"}


@pytest.mark.real_data
def test_real_old_wards_any_year_suffix():
    path = real_file("boundaries/chorley_wards_wd13_ukgeojson.geojson")
    areas = boundaries.parse(path, context=context()).frame
    assert len(areas) == 20 and areas["area_code"].str.startswith("E050051").all()


@pytest.mark.parametrize(("name", "district", "count"), [("chorley_wards_wd25_bgc.geojson", "E07000118", 14),
                                                         ("south_ribble_wards_wd25_bgc.geojson", "E07000126", 23)])
def test_shipped_real_wards_load_and_fit_the_map_budget(name, district, count):
    """The real ONS ward boundaries the sample store loads (sample_data/public), one district each."""
    both = LoadContext(wards={}, districts=("E07000118", "E07000126"))
    wards = boundaries.load(SHIPPED / name, context=both)
    assert len(wards) == count and set(wards["parent_code"]) == {district}
    assert len(boundaries.to_geojson(wards).encode()) <= MAX_MAP_BYTES


def feature_collection(properties: dict) -> bytes:
    square = {"type": "Polygon", "coordinates": [[[-2.6, 53.6], [-2.5, 53.6], [-2.5, 53.7], [-2.6, 53.6]]]}
    return json.dumps({"type": "FeatureCollection",
                       "features": [{"type": "Feature", "properties": properties, "geometry": square}]}
                      ).encode()


BAD = [
    ("no area code column", feature_collection({"name": "Euxton", "code": "E05013077"}),
     ["no area code column", "WDyyCD", "the file has name, code"]),
    ("not a boundary file", b"ward,count\nEuxton,3\n", ["neither GeoJSON, a GeoPackage nor a zipped Shapefile", "judged by its content"]),
    ("another district", feature_collection({"WD24CD": "E05010214", "WD24NM": "X", "LAD24CD": "E07000126"}),
     ["column 'LAD24CD'", "all 1 areas are in districts outside the partnership"]),
]


@pytest.mark.parametrize(("data", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_reason(data, expected):
    with pytest.raises(LoadError) as caught:
        boundaries.parse("wards.geojson", data=data, context=context())
    for fragment in expected:
        assert fragment in str(caught.value)


def test_any_two_digit_year_and_district_parent():
    data = feature_collection({"WD31CD": "E05099999", "WD31NM": "Future Ward", "LAD31CD": "E07000118"})
    areas = boundaries.parse("wards.geojson", data=data, context=context()).frame
    assert areas.to_dict("records") == [{"area_code": "E05099999", "area_name": "Future Ward",
                                         "area_type": "ward", "parent_code": "E07000118"}]
