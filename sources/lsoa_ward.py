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
    sample="public",
    sample_files=("lookups/lsoa11_to_wd25_*.csv", "lookups/lsoa21_to_wd25_*.csv"),
    attribution="Derived from Office for National Statistics boundaries and lookups, licensed under the Open "
                "Government Licence v3.0. Contains OS data © Crown copyright and database right 2025.",
    # A newer lookup replaces the LSOAs of its vintage it holds: the 2011 and 2021 lookups are held side by side.
    replaces=("lsoa_code", "vintage"),
    description="ONS best-fit lookup of LSOAs (2011 or 2021) to wards; both vintages are held at once.",
)
