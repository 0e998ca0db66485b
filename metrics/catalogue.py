"""The indicator catalogue: one frozen, declarative entry per indicator (Evidence/Datasette style).

Pages find indicators by id; polarity is declared, never guessed from a name. An entry says which
events count (numerator), what they are divided by (a population age range from the Census single
years, registered patients, or other events for a share), the method and multiplier, and in plain
English what it means and where it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warehouse.queries import EventFilter

THEMES = ("Nutrition and food", "Independence", "Money and work", "Housing", "Crime and safety",
          "Mental wellbeing", "Health services", "Digital inclusion", "Deprivation context")

# Age bands partners record, as single-year ranges of the population table (None = no upper limit).
AGE_BANDS = {
    "community_hub": [("Under 16", 0, 15), ("16-24", 16, 24), ("25-49", 25, 49), ("50-64", 50, 64),
                      ("65-74", 65, 74), ("75-84", 75, 84), ("85+", 85, None)],
    "citizens_advice": [("Under 18", 0, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44),
                        ("45-54", 45, 54), ("55-64", 55, 64), ("65-74", 65, 74), ("75+", 75, None)],
}

HUB = "Chorley Council community hub request records (agreed export)"
CA = "Citizens Advice Chorley advice issues (agreed export)"
POLICE = "police.uk street-level crime and ASB, Lancashire Constabulary (Open Government Licence v3.0)"
GP = "NHS Digital, Appointments in General Practice (practice level)"
MH = "Mental health trust referrals (agreed monthly export)"
CENSUS = "denominator: ONS Census 2021 usual residents by ward and single year of age"
IMD = "MHCLG English Indices of Deprivation 2025 (LSOA 2021), mean of the ward's LSOA scores"


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    theme: str
    numerator: EventFilter | None
    denominator: str  # "population" | "registered_patients" | "events" | "none"
    unit: str
    definition: str
    attribution: str
    polarity: str = "high_is_bad"
    method: str = "rate"  # "rate" (Byar / exact Poisson), "proportion" (Wilson), "score" (no interval)
    multiplier: int = 1000
    age_min: int = 0
    age_max: int | None = None
    denominator_events: EventFilter | None = None
    min_count: int = 0
    breakdowns: tuple[str, ...] = field(default_factory=tuple)

    @property
    def source(self) -> str:
        return self.numerator.source if self.numerator else "deprivation"

    @property
    def age_range(self) -> str:
        if self.denominator != "population":
            return {"registered_patients": "registered patients", "events": "of all contacts"}.get(
                self.denominator, "")
        if self.age_min == 0 and self.age_max is None:
            return "all ages"
        return f"aged {self.age_min}+" if self.age_max is None else f"aged {self.age_min}-{self.age_max}"


def _hub(id, title, theme, types, *, age_min=0, age_max=None, polarity="high_is_bad", definition, **kw):
    unit = "per 1,000 residents" + ("" if (age_min, age_max) == (0, None) else
                                    f" aged {age_min}+" if age_max is None else f" aged {age_min}-{age_max}")
    bands = tuple(b for b, lo, hi in AGE_BANDS["community_hub"]
                  if lo >= age_min and (age_max is None or (hi is not None and hi <= age_max)))
    return Indicator(id, title, theme, EventFilter("community_hub", categories=types,
                                                   age_bands=bands if (age_min, age_max) != (0, None) else ()),
                     "population", unit, definition, f"{HUB}; {CENSUS}", polarity, age_min=age_min,
                     age_max=age_max, breakdowns=("age_band",), **kw)


def _ca(id, title, theme, *, categories=(), details=(), age_min=18, age_max=None, definition, **kw):
    unit = f"per 1,000 residents aged {age_min}+" if age_max is None else f"per 1,000 residents aged {age_min}-{age_max}"
    return Indicator(id, title, theme, EventFilter("citizens_advice", categories=categories, subcategories=details),
                     "population", unit, definition, f"{CA}; {CENSUS}", age_min=age_min, age_max=age_max,
                     breakdowns=("age_band",), **kw)


def _police(id, title, types, *, definition):
    return Indicator(id, title, "Crime and safety", EventFilter("police_uk", categories=types), "population",
                     "per 1,000 residents", definition, f"{POLICE}; {CENSUS}")


def _share(id, title, theme, numerator, denominator, *, polarity="no_judgement", definition, attribution):
    return Indicator(id, title, theme, numerator, "events", "% of all", definition, attribution, polarity,
                     method="proportion", multiplier=100, denominator_events=denominator)


CRIME_TYPES = ("Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs", "Other crime", "Other theft",
               "Possession of weapons", "Public order", "Robbery", "Shoplifting", "Theft from the person",
               "Vehicle crime", "Violence and sexual offences")

INDICATORS: tuple[Indicator, ...] = (
    # Nutrition and food
    _hub("hub_food_parcels", "Food parcel requests", "Nutrition and food", ("Food parcel",),
         definition="Requests to the community hub for a food parcel, per 1,000 residents of all ages."),
    _hub("hub_food_parcels_working_age", "Food parcel requests, working age (16-64)", "Nutrition and food",
         ("Food parcel",), age_min=16, age_max=64,
         definition="Food parcel requests from people aged 16-64, per 1,000 residents aged 16-64."),
    _hub("hub_food_parcels_older", "Food parcel requests, aged 65+", "Nutrition and food", ("Food parcel",),
         age_min=65, definition="Food parcel requests from people aged 65 and over, per 1,000 residents aged 65+."),
    _hub("hub_financial_hardship", "Financial hardship requests", "Nutrition and food", ("Financial hardship",),
         definition="Requests to the hub for help with financial hardship, per 1,000 residents."),
    # Independence
    _hub("hub_personal_shopping_65", "Personal shopping requests, aged 65+", "Independence",
         ("Personal shopping",), age_min=65,
         definition="Requests for someone to do a resident's shopping, from people aged 65+, per 1,000 aged 65+."),
    _hub("hub_prescriptions_65", "Prescription collection requests, aged 65+", "Independence",
         ("Prescription collection",), age_min=65,
         definition="Requests to collect a prescription, from people aged 65+, per 1,000 residents aged 65+."),
    _hub("hub_befriending_65", "Befriending requests, aged 65+", "Independence", ("Befriending",), age_min=65,
         definition="Requests for befriending (regular calls or visits), from people aged 65+, per 1,000 aged 65+."),
    _share("hub_repeat_share", "Repeat hub requests", "Independence",
           EventFilter("community_hub", repeat_only=True), EventFilter("community_hub"), polarity="high_is_bad",
           definition="Share of all hub requests marked as a repeat request from the same household.",
           attribution=HUB),
    # Money and work
    _ca("ca_debt", "Debt advice", "Money and work", categories=("Debt",),
        definition="Citizens Advice issues about debt, per 1,000 residents aged 18+."),
    _ca("ca_benefits", "Benefits and Universal Credit advice", "Money and work",
        categories=("Benefits & tax credits", "Universal Credit"),
        definition="Citizens Advice issues about benefits, tax credits or Universal Credit, per 1,000 aged 18+."),
    _ca("ca_redundancy", "Redundancy advice", "Money and work", categories=("Employment",),
        details=("Redundancy",), age_max=64,
        definition="Citizens Advice employment issues about redundancy, per 1,000 residents aged 18-64."),
    _ca("ca_employment", "Employment advice", "Money and work", categories=("Employment",), age_max=64,
        definition="Citizens Advice issues about employment of any kind, per 1,000 residents aged 18-64."),
    # Housing
    _ca("ca_housing", "Housing advice", "Housing", categories=("Housing",),
        definition="Citizens Advice issues about housing (rent, arrears, repairs, homelessness), per 1,000 aged 18+."),
    _ca("ca_threatened_homelessness", "Threatened homelessness", "Housing", categories=("Housing",),
        details=("Threatened homelessness",),
        definition="Citizens Advice housing issues recorded as threatened homelessness, per 1,000 aged 18+."),
    # Crime and safety
    _police("police_crime", "All recorded crime (excl. ASB)", CRIME_TYPES,
            definition="Street-level crimes recorded by the police (all types except anti-social behaviour), "
                       "per 1,000 residents, by the LSOA where they were located."),
    _police("police_asb", "Anti-social behaviour", ("Anti-social behaviour",),
            definition="Anti-social behaviour incidents reported to the police, per 1,000 residents."),
    _police("police_violence", "Violence and sexual offences", ("Violence and sexual offences",),
            definition="Violence and sexual offences recorded by the police, per 1,000 residents."),
    _police("police_burglary", "Burglary", ("Burglary",),
            definition="Burglaries recorded by the police, per 1,000 residents."),
    _police("police_criminal_damage", "Criminal damage and arson", ("Criminal damage and arson",),
            definition="Criminal damage and arson recorded by the police, per 1,000 residents."),
    # Mental wellbeing
    Indicator("mh_start_referrals", "START referrals", "Mental wellbeing",
              EventFilter("mental_health", categories=("START",), subcategories=("Referrals",)), "population",
              "per 1,000 residents aged 18+", "Referrals to START (the trust's early mental health support "
              "service), per 1,000 residents aged 18+.", f"{MH}; {CENSUS}", "no_judgement", age_min=18),
    Indicator("mh_iapt_referrals", "IAPT (talking therapies) referrals", "Mental wellbeing",
              EventFilter("mental_health", categories=("IAPT",), subcategories=("Referrals",)), "population",
              "per 1,000 residents aged 18+", "Referrals to IAPT talking therapies, per 1,000 residents aged 18+.",
              f"{MH}; {CENSUS}", "no_judgement", age_min=18),
    Indicator("mh_cmht_referrals", "Community mental health team referrals", "Mental wellbeing",
              EventFilter("mental_health", categories=("CMHT",), subcategories=("Referrals",)), "population",
              "per 1,000 residents aged 18+", "Referrals to community mental health teams, per 1,000 aged 18+.",
              f"{MH}; {CENSUS}", "no_judgement", age_min=18),
    # Health services
    Indicator("gp_appointments", "GP practice appointments", "Health services",
              EventFilter("gp_appointments"), "registered_patients", "per 1,000 registered patients",
              "Appointments of any kind at GP practices, per 1,000 patients registered with practices in the "
              "ward (practices are placed in the ward of their main site).", GP, "no_judgement"),
    _share("gp_remote_share", "GP appointments by telephone or video", "Health services",
           EventFilter("gp_appointments", categories=("Telephone", "Video/Online")),
           EventFilter("gp_appointments"), definition="Share of GP practice appointments held by telephone "
           "or video/online rather than face to face or at home.", attribution=GP),
    _share("gp_dna_share", "GP appointments not attended", "Health services",
           EventFilter("gp_appointments", statuses=("DNA",)), EventFilter("gp_appointments"),
           polarity="high_is_bad", definition="Share of GP appointments where the patient did not attend (DNA).",
           attribution=GP),
    # Digital inclusion
    _hub("hub_digital_support", "Digital support requests", "Digital inclusion", ("Digital support",),
         definition="Requests to the hub for help getting online (devices, data, skills), per 1,000 residents."),
    _share("ca_phone_share", "Citizens Advice contacts by phone", "Digital inclusion",
           EventFilter("citizens_advice", channels=("Phone", "Adviceline")), EventFilter("citizens_advice"),
           definition="Share of Citizens Advice issues raised by phone (local line or Adviceline).", attribution=CA),
    _share("ca_face_to_face_share", "Citizens Advice contacts face to face", "Digital inclusion",
           EventFilter("citizens_advice", channels=("Face to face",)), EventFilter("citizens_advice"),
           definition="Share of Citizens Advice issues raised face to face.", attribution=CA),
    # Deprivation context
    Indicator("imd_score", "Index of Multiple Deprivation score", "Deprivation context", None, "none",
              "IMD score (higher = more deprived)", "The English Index of Multiple Deprivation 2025 score: the "
              "mean score of the ward's LSOAs (a higher score means more deprived). Context, not demand.",
              IMD, "high_is_bad", method="score", multiplier=1),
)

BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}


def get(indicator_id: str) -> Indicator:
    try:
        return BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"unknown indicator '{indicator_id}'; see metrics.catalogue.INDICATORS") from None


def by_theme() -> dict[str, list[Indicator]]:
    return {theme: [i for i in INDICATORS if i.theme == theme] for theme in THEMES}
