"""English Indices of Deprivation (2019 or 2025) by LSOA: context, and the groups for inequality."""

from __future__ import annotations

from sources.base import Indicator, Source

SOURCE = Source(
    name="deprivation",
    title="English Indices of Deprivation",
    partner="Ministry of Housing, Communities and Local Government",
    loader="data_loaders.deprivation",
    tables=("deprivation",),
    stage=2,
    public=True,
    sample="public",
    sample_files=("imd/*_imd2019_*.csv", "imd/*_imd2025_*.csv"),
    attribution="English Indices of Deprivation 2019 and 2025, Ministry of Housing, Communities and Local "
                "Government, licensed under the Open Government Licence v3.0.",
    # A newer file replaces the LSOAs of the edition it holds.
    replaces=("lsoa_code", "edition"),
    description="IMD score, rank and decile, and each domain's, by LSOA.",
    indicators=(
        Indicator("imd_score", "Index of Multiple Deprivation score", "Deprivation context", None, "none",
                  "IMD score (higher = more deprived)",
                  "The English Index of Multiple Deprivation score: the mean score of the area's LSOAs (a higher "
                  "score means more deprived). Context, not demand.",
                  "MHCLG English Indices of Deprivation, mean of the area's LSOA scores", "high_is_bad",
                  method="score", multiplier=1, demand=False),
    ),
)
