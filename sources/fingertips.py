"""OHID Fingertips: published indicators for the districts, the county and England (the health context)."""

from __future__ import annotations

from sources.base import Source

SOURCE = Source(
    name="fingertips",
    title="Fingertips public health indicators",
    short="Fingertips",
    partner="Office for Health Improvement and Disparities",
    loader="data_loaders.fingertips",
    tables=("comparators",),
    stage=2,
    public=True,
    sample="public",
    sample_files=("fingertips/*.csv",),  # the real FingertipsNext extract, shipped as published
    attribution="Office for Health Improvement and Disparities, Public Health Profiles (Fingertips), © Crown "
                "copyright, licensed under the Open Government Licence v3.0.",
    # A newer export replaces the published values it holds again (indicator x area x period x sex x age x
    # breakdown category).
    replaces=("indicator_id", "area_code", "time_period", "sex", "age", "category"),
    description="Fingertips API CSV export, or the FingertipsNext extract: indicator, area, period, value with "
                "95% interval, count, denominator, recent trend, polarity and (API) the comparison with England.",
)
