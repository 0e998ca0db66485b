"""police.uk street-level crime and anti-social behaviour (public, Open Government Licence v3.0)."""

from __future__ import annotations

from sources._build import check, rate
from sources.base import EventFilter, Source

NAME = "police_uk"
CRIME_TYPES = ("Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs", "Other crime", "Other theft",
               "Possession of weapons", "Public order", "Robbery", "Shoplifting", "Theft from the person",
               "Vehicle crime", "Violence and sexual offences")
ASB = "Anti-social behaviour"
ATTRIBUTION = "police.uk street-level crime and ASB, {partner} (Open Government Licence v3.0)"


def _police(id, title, types, *, definition):
    return rate(id, title, "Crime and safety", EventFilter(NAME, categories=types), definition=definition,
                attribution=ATTRIBUTION, polarity="high_is_bad")  # recorded crime: lower is plainly better


SOURCE = check(Source(
    name=NAME,
    cadence="monthly",
    lag_days=60,
    title="Police-recorded crime and anti-social behaviour",
    short="Crime (excl. ASB)",
    partner="Police (police.uk)",
    # police.uk publishes each force's month whole: a newer file replaces the months it holds.
    replaces=("period",),
    loader="data_loaders.police_uk",
    public=True,
    republished=("police.uk republishes some crimes in a later month under the same Crime ID (135 Crime IDs across "
                 "the 22 shipped police.uk months): each crime is counted once, in the first month police.uk "
                 "published it, whatever order the monthly files are loaded in; a crime listed twice in one month "
                 "(the same Crime ID, the rows identical or differing only in the outcome) is also counted once"),
    placed_by="lsoa",
    sample="public",
    sample_files=("police/*-lancashire-street_CHORLEY_SOUTHRIBBLE.csv",),
    attribution="police.uk street-level crime data, Lancashire Constabulary: contains public sector information "
                "licensed under the Open Government Licence v3.0.",
    vocabularies={"category": (*CRIME_TYPES, ASB)},
    description="One row per crime or anti-social behaviour report, placed in a ward through its LSOA.",
    indicators=(
        _police("police_crime", "All recorded crime (excl. ASB)", CRIME_TYPES,
                definition="Street-level crimes recorded by the police (all types except anti-social behaviour), "
                           "per 1,000 residents, by the LSOA where they were located."),
        _police("police_asb", "Anti-social behaviour", (ASB,),
                definition="Anti-social behaviour incidents reported to the police, per 1,000 residents."),
        _police("police_violence", "Violence and sexual offences", ("Violence and sexual offences",),
                definition="Violence and sexual offences recorded by the police, per 1,000 residents."),
        _police("police_burglary", "Burglary", ("Burglary",),
                definition="Burglaries recorded by the police, per 1,000 residents."),
        _police("police_criminal_damage", "Criminal damage and arson", ("Criminal damage and arson",),
                definition="Criminal damage and arson recorded by the police, per 1,000 residents."),
    ),
    headline="police_crime",
    matrix=("police_crime", "police_asb"),
))
