"""Census 2021 general health (TS037), disability (TS038) and unpaid care (TS039) by ward: context for the
digital exclusion lens, and the home of the Digital Exclusion Risk Index (metrics/digital.py declares it)."""

from __future__ import annotations

from sources.base import Indicator, Source

NAME = "census_health"
# topic -> its categories, exactly as ONS publishes them (the loader accepts any case and spacing).
TOPICS: dict[str, tuple[str, ...]] = {
    "general_health": ("Very good health", "Good health", "Fair health", "Bad health", "Very bad health"),
    "disability": (
        "Disabled under the Equality Act: Day-to-day activities limited a lot",
        "Disabled under the Equality Act: Day-to-day activities limited a little",
        "Not disabled under the Equality Act: Has long term physical or mental health condition but day-to-day "
        "activities are not limited",
        "Not disabled under the Equality Act: No long term physical or mental health conditions"),
    "unpaid_care": ("Provides no unpaid care", "Provides 9 hours or less unpaid care a week",
                    "Provides 10 to 19 hours unpaid care a week", "Provides 20 to 34 hours unpaid care a week",
                    "Provides 35 to 49 hours unpaid care a week", "Provides 50 or more hours unpaid care a week"),
}
INDEX_ID = "digital_exclusion"

SOURCE = Source(
    name=NAME,
    title="Census 2021 health, disability and unpaid care",
    short="Census health",
    partner="Office for National Statistics",
    loader="data_loaders.census_health",
    tables=("census_health",),
    stage=2,
    public=True,
    sample="public",
    sample_files=("population/census2021_ward_general_health_disability_unpaid_care_*.csv",),
    attribution="Source: Office for National Statistics, Census 2021 (TS037 general health, TS038 disability, "
                "TS039 unpaid care), licensed under the Open Government Licence v3.0.",
    # A newer file replaces the wards x topics it holds.
    replaces=("area_code", "topic"),
    vocabularies={"topic": tuple(TOPICS)},
    description="Usual residents by ward and category of general health, disability (Equality Act) and unpaid "
                "care, one row per ward x topic x category.",
    indicators=(
        Indicator(INDEX_ID, "Digital exclusion risk index", "Digital inclusion", None, "none",
                  "index score (0 = the average ward)",
                  "A ward-level Digital Exclusion Risk Index in the spirit of GMCA's DERI: the weighted mean of "
                  "standardised (z-score) inputs across the partnership's wards: older residents, IoD income and "
                  "education, Census 2021 disability and bad health, and the partners' channel data. Areas other "
                  "than wards: the population-weighted mean of their wards' scores. The inputs, directions and "
                  "weights are listed on the Data page.",
                  "Census 2021 (ONS), English Indices of Deprivation (MHCLG), and the partners' own channel data",
                  "high_is_bad", method="score", multiplier=1, demand=False, owner=NAME),
    ),
)
