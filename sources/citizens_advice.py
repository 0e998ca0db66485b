"""Citizens Advice: advice issues (one client may raise several at one contact)."""

from __future__ import annotations

from sources._build import check, rate, share
from sources.base import AgeBand, EventFilter, Source

NAME = "citizens_advice"
CATEGORIES = ("Benefits & tax credits", "Universal Credit", "Debt", "Employment", "Housing",
              "Relationships & family", "Consumer", "Legal", "Health & community care", "Other")
CHANNELS = ("Phone", "Face to face", "Email", "Webchat", "Adviceline")
AGE_BANDS = (AgeBand("Under 18", 0, 17), AgeBand("18-24", 18, 24), AgeBand("25-34", 25, 34),
             AgeBand("35-44", 35, 44), AgeBand("45-54", 45, 54), AgeBand("55-64", 55, 64), AgeBand("65-74", 65, 74),
             AgeBand("75+", 75, None))
UNKNOWN_AGE = "Not recorded"
SEXES = ("Female", "Male", "Other", "Not recorded")
ATTRIBUTION = "{partner} advice issues (agreed export)"


# Advice issues are demand for help: fewer is not plainly better (it may be less need, or people not reaching
# advice), so no direction is called better or worse (the pages say "higher" or "lower").
def _ca(id, title, theme, *, categories=(), details=(), age=(18, None), definition, polarity="no_judgement"):
    return rate(id, title, theme, EventFilter(NAME, categories=categories, subcategories=details), age=age,
                definition=definition, attribution=ATTRIBUTION, polarity=polarity, breakdown=True,
                standardise=True)


SOURCE = check(Source(
    name=NAME,
    cadence="monthly",
    lag_days=14,
    title="Citizens Advice issues",
    short="Advice issues",
    partner="Citizens Advice",
    # Corrections are amendments: a newer file replaces only the issues it holds again (same Client Ref, date,
    # category and detail); issues it does not hold stay as they were.
    replaces=("record_id",),
    loader="data_loaders.citizens_advice",
    sample_files=("citizens_advice/*",),
    sample_generator="sample_data.citizens_advice",
    vocabularies={"category": CATEGORIES, "channel": CHANNELS, "sex": SEXES},
    age_bands=AGE_BANDS,
    age_groups=((18, 64), (65, None)),
    unknown_age=UNKNOWN_AGE,
    description="One row per advice issue: client reference, contact date, ward, age range, gender, channel, "
                "issue category and detail.",
    indicators=(
        _ca("ca_issues", "All advice issues", "Money and work",
            definition="Citizens Advice issues of any kind, per 1,000 residents aged 18+."),
        _ca("ca_debt", "Debt advice", "Money and work", categories=("Debt",),
            definition="Citizens Advice issues about debt, per 1,000 residents aged 18+."),
        _ca("ca_benefits", "Benefits and Universal Credit advice", "Money and work",
            categories=("Benefits & tax credits", "Universal Credit"),
            definition="Citizens Advice issues about benefits, tax credits or Universal Credit, per 1,000 aged 18+."),
        _ca("ca_redundancy", "Redundancy advice", "Money and work", categories=("Employment",),
            details=("Redundancy",), age=(18, 64),
            definition="Citizens Advice employment issues about redundancy, per 1,000 residents aged 18-64."),
        _ca("ca_employment", "Employment advice", "Money and work", categories=("Employment",), age=(18, 64),
            definition="Citizens Advice issues about employment of any kind, per 1,000 residents aged 18-64."),
        _ca("ca_housing", "Housing advice", "Housing", categories=("Housing",),
            definition="Citizens Advice issues about housing (rent, arrears, repairs, homelessness), per 1,000 "
                       "aged 18+."),
        _ca("ca_threatened_homelessness", "Threatened homelessness", "Housing", categories=("Housing",),
            details=("Threatened homelessness",),
            definition="Citizens Advice housing issues recorded as threatened homelessness, per 1,000 aged 18+."),
        share("ca_phone_share", "Citizens Advice contacts by phone", "Digital inclusion",
              EventFilter(NAME, channels=("Phone", "Adviceline")), EventFilter(NAME), attribution=ATTRIBUTION,
              definition="Share of Citizens Advice issues raised by phone (local line or Adviceline)."),
        share("ca_face_to_face_share", "Citizens Advice contacts face to face", "Digital inclusion",
              EventFilter(NAME, channels=("Face to face",)), EventFilter(NAME), attribution=ATTRIBUTION,
              definition="Share of Citizens Advice issues raised face to face."),
    ),
    headline="ca_issues",
    matrix=("ca_debt", "ca_housing", "ca_redundancy"),
))
