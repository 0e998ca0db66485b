"""The LSOA to ward best-fit lookup: police.uk and IoD arrive by LSOA."""

from __future__ import annotations

from sources.base import Source

SOURCE = Source(
    name="lsoa_ward",
    title="LSOA to ward lookup",
    partner="Office for National Statistics",
    loader="data_loaders.lsoa_ward",
    tables=("lsoa_ward",),
    stage=1,
    public=True,
    sample_files=("reference/lsoa21_to_wd25.csv",),
    sample_generator="sample_data.reference",
    # A newer lookup replaces the LSOAs it holds.
    replaces=("lsoa_code",),
    description="ONS best-fit lookup of LSOAs (2011 or 2021) to wards.",
)
