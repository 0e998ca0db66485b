"""Census 2021 usual residents (or mid-year estimates) by area and single year of age: the denominators."""

from __future__ import annotations

from sources.base import Source

SOURCE = Source(
    name="population",
    title="Population by single year of age",
    partner="Office for National Statistics",
    loader="data_loaders.population",
    tables=("population",),
    stage=2,
    public=True,
    sample="public",
    sample_files=("population/*_census2021_wd_syoa_usual_residents.csv",),
    attribution="Source: Office for National Statistics, Census 2021 (TS007), licensed under the Open Government "
                "Licence v3.0.",
    # A newer file replaces the areas x years it holds.
    replaces=("area_code", "year", "sex"),
    description="Census 2021 TS007 by ward and single year of age, or ONS mid-year estimates by LSOA.",
)
