"""OHID Fingertips: published indicators for districts, the county and England (health context)."""

from __future__ import annotations

from sources.base import Source

SOURCE = Source(
    name="fingertips",
    title="Fingertips public health indicators",
    partner="Office for Health Improvement and Disparities",
    loader="data_loaders.fingertips",
    tables=("comparators",),
    stage=2,
    public=True,
    sample="public",
    # The shipped extract (sample_data/public/fingertips/…) is in FingertipsNext's layout, which this loader
    # does not read yet: the sample store loads no Fingertips file until it does.
    attribution="Office for Health Improvement and Disparities, Public Health Profiles (Fingertips), © Crown "
                "copyright, licensed under the Open Government Licence v3.0.",
    # A newer export replaces the published values it holds again (indicator x area x period x sex x age x
    # breakdown category).
    replaces=("indicator_id", "area_code", "time_period", "sex", "age", "category"),
    description="Fingertips API CSV export: indicator, area, period, value with 95% interval, count, "
                "denominator, comparison with England.",
)
