"""ONS Open Geography boundaries (wards, LSOAs, MSOAs, districts) for the map."""

from __future__ import annotations

from sources.base import Source

SOURCE = Source(
    name="boundaries",
    title="Area boundaries",
    partner="Office for National Statistics",
    loader="data_loaders.boundaries",
    tables=("areas", "area_shapes"),
    stage=0,
    public=True,
    sample_files=("reference/borough_outline_approx.geojson", "reference/wards_approx.geojson"),
    sample_generator="sample_data.reference",
    # A newer file replaces the areas it holds (their names and shapes).
    replaces=("area_code",),
    description="GeoJSON, GeoPackage or zipped Shapefile with WDyyCD/WDyyNM (or LSOA, MSOA, LAD) columns.",
)
