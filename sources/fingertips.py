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
    # A newer export replaces the published values it holds again (indicator x area x period x sex x age x
    # breakdown category).
    replaces=("indicator_id", "area_code", "time_period", "sex", "age", "category"),
    description="Fingertips API CSV export: indicator, area, period, value with 95% interval, count, "
                "denominator, comparison with England.",
)
