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
    sample="public",
    sample_files=("boundaries/*_wards_wd25_bgc.geojson",
                  "boundaries/*_lsoa21_bgc.geojson"),
    attribution="Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS "
                "data © Crown copyright and database right 2025.",
    # A newer file replaces the areas it holds (their names and shapes).
    replaces=("area_code",),
    description="GeoJSON, GeoPackage or zipped Shapefile with WDyyCD/WDyyNM (or LSOA, MSOA, LAD) columns.",
)
