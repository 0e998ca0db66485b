"""Council community hub: requests for help (food parcels, shopping, prescriptions, befriending …)."""

from __future__ import annotations

from sources._build import band_labels, check, rate, share
from sources.base import AgeBand, EventFilter, Source

NAME = "community_hub"
REQUEST_TYPES = ("Food parcel", "Personal shopping", "Prescription collection", "Befriending",
                 "Financial hardship", "Digital support", "Other")
AGE_BANDS = (AgeBand("Under 16", 0, 15), AgeBand("16-24", 16, 24), AgeBand("25-49", 25, 49),
             AgeBand("50-64", 50, 64), AgeBand("65-74", 65, 74), AgeBand("75-84", 75, 84), AgeBand("85+", 85, None))
UNKNOWN_AGE = "Unknown"
ATTRIBUTION = "{partner} request records (agreed export)"


def _requests(*types: str) -> EventFilter:
    return EventFilter(NAME, categories=types)


# Requests for help are demand, not outcomes: more requests may mean more need or that more people found the
# hub, so no direction is called better or worse (the pages say "higher" or "lower").
def _hub(id, title, theme, types, *, age=(0, None), definition, polarity="no_judgement"):
    return rate(id, title, theme, _requests(*types), age=age, bands=band_labels(AGE_BANDS, *age) if age != (0, None)
                else (), definition=definition, attribution=ATTRIBUTION, polarity=polarity, breakdown=True,
                standardise=True)


SOURCE = check(Source(
    name=NAME,
    cadence="monthly",
    lag_days=14,
    title="Community hub requests",
    short="Hub requests",
    partner="Council community hub",
    loader="data_loaders.community_hub",
    sample_files=("community_hub/*",),
    sample_generator="sample_data.community_hub",
    vocabularies={"category": REQUEST_TYPES},
    age_bands=AGE_BANDS,
    age_groups=((16, 64), (65, None)),
    unknown_age=UNKNOWN_AGE,
    weekly=True,
    # Corrections are amendments: a newer file replaces only the requests it holds again (same Request ID), so
    # a two-row correction changes two rows; requests it does not hold stay as they were.
    replaces=("record_id",),
    description="One row per request to the council's community hub: date, ward, age band, request type, "
                "referral source, whether it repeats an earlier request.",
    indicators=(
        _hub("hub_requests", "All hub requests", "Independence", REQUEST_TYPES,
             definition="Requests of any type to the community hub, per 1,000 residents."),
        _hub("hub_food_parcels", "Food parcel requests", "Nutrition and food", ("Food parcel",),
             definition="Requests to the community hub for a food parcel, per 1,000 residents of all ages."),
        _hub("hub_food_parcels_working_age", "Food parcel requests, working age (16-64)", "Nutrition and food",
             ("Food parcel",), age=(16, 64),
             definition="Food parcel requests from people aged 16-64, per 1,000 residents aged 16-64."),
        _hub("hub_food_parcels_older", "Food parcel requests, aged 65+", "Nutrition and food", ("Food parcel",),
             age=(65, None),
             definition="Food parcel requests from people aged 65 and over, per 1,000 residents aged 65+."),
        _hub("hub_financial_hardship", "Financial hardship requests", "Nutrition and food", ("Financial hardship",),
             definition="Requests to the hub for help with financial hardship, per 1,000 residents."),
        _hub("hub_personal_shopping", "Personal shopping requests", "Independence", ("Personal shopping",),
             definition="Requests for someone to do a resident's shopping, per 1,000 residents of all ages."),
        _hub("hub_personal_shopping_65", "Personal shopping requests, aged 65+", "Independence",
             ("Personal shopping",), age=(65, None),
             definition="Requests for someone to do a resident's shopping, from people aged 65+, per 1,000 aged 65+."),
        _hub("hub_prescriptions", "Prescription collection requests", "Independence", ("Prescription collection",),
             definition="Requests to collect a prescription, per 1,000 residents of all ages."),
        _hub("hub_prescriptions_65", "Prescription collection requests, aged 65+", "Independence",
             ("Prescription collection",), age=(65, None),
             definition="Requests to collect a prescription, from people aged 65+, per 1,000 residents aged 65+."),
        _hub("hub_befriending", "Befriending requests", "Independence", ("Befriending",),
             definition="Requests for befriending (regular calls or visits), per 1,000 residents of all ages."),
        _hub("hub_befriending_65", "Befriending requests, aged 65+", "Independence", ("Befriending",),
             age=(65, None),
             definition="Requests for befriending (regular calls or visits), from people aged 65+, per 1,000 aged 65+."),
        _hub("hub_other_requests", "Other hub requests", "Independence", ("Other",),
             definition="Hub requests of no listed type, per 1,000 residents."),
        _hub("hub_digital_support", "Digital support requests", "Digital inclusion", ("Digital support",),
             definition="Requests to the hub for help getting online (devices, data, skills), per 1,000 residents."),
        share("hub_repeat_share", "Repeat hub requests", "Independence", EventFilter(NAME, repeat_only=True),
              EventFilter(NAME), polarity="no_judgement", attribution=ATTRIBUTION,
              definition="Share of all hub requests marked as a repeat request from the same household."),
    ),
    headline="hub_requests",
    matrix=("hub_food_parcels", "hub_personal_shopping_65"),
))
