"""Food bank: vouchers issued (a Trussell-style export), with the adults and children each voucher fed."""

from __future__ import annotations

from sources._build import check, rate, share
from sources.base import EventFilter, Source

NAME = "food_bank"
CRISIS_TYPES = ("Low income", "Benefit delays", "Benefit changes", "Debt", "Sickness", "Homeless",
                "No recourse to public funds", "Other")
HOUSEHOLDS = ("Single adult", "Couple", "Single parent", "Family", "Other", "Not recorded")
MEASURES = ("Vouchers", "Adults fed", "Children fed")  # each voucher gives one event per measure
ATTRIBUTION = "{partner} vouchers (Trussell-style export)"


def _measure(measure: str, *categories: str) -> EventFilter:
    return EventFilter(NAME, categories=categories, subcategories=(measure,))


SOURCE = check(Source(
    name=NAME,
    cadence="monthly",
    lag_days=14,
    title="Food bank vouchers",
    short="Food bank vouchers",
    partner="Food bank",
    loader="data_loaders.food_bank",
    sample_files=("food_bank/*",),
    sample_generator="sample_data.food_bank",
    vocabularies={"category": CRISIS_TYPES, "subcategory": MEASURES, "status": HOUSEHOLDS},
    # Corrections are amendments: a newer file replaces only the vouchers it holds again (same Voucher ID).
    replaces=("record_id",),
    description="One row per voucher: date issued, ward or postcode district, household type, adults and children "
                "fed, crisis type, referral agency.",
    indicators=(
        # Vouchers are help given: more may be more need or better reach, so no judgement (higher / lower).
        rate("fb_vouchers", "Food bank vouchers", "Nutrition and food", _measure("Vouchers"),
             attribution=ATTRIBUTION, polarity="no_judgement",
             definition="Food bank vouchers issued to households living in the area, per 1,000 residents."),
        rate("fb_children_fed", "Children fed by the food bank", "Nutrition and food", _measure("Children fed"),
             age=(0, 15), attribution=ATTRIBUTION, polarity="no_judgement",
             definition="Children (aged 0-15) in households given a food bank voucher, per 1,000 children aged "
                        "0-15: each child is counted once per voucher."),
        share("fb_income_share", "Vouchers for low income or benefit delays", "Nutrition and food",
              _measure("Vouchers", "Low income", "Benefit delays"), _measure("Vouchers"), attribution=ATTRIBUTION,
              definition="Share of food bank vouchers whose crisis type is low income or a delay in benefits."),
    ),
    headline="fb_vouchers",
    matrix=("fb_vouchers", "fb_children_fed"),
))
