"""The community provision register the partnership keeps: food banks, food clubs, warm spaces, libraries …

Not demand: a register of places (one row per provider), so it has no indicators of its own. The measures of
provision against need (providers, sessions and capacity per 1,000 residents, distance to the nearest provider
of each type, the gap with food demand) are computed from it by metrics/provision.py. Provider counts are not
personal data (a provider is an organisation or a building, never a person): they are shown to every role.
"""

from __future__ import annotations

from sources.base import Source

NAME = "provision"
TYPES = ("Food bank", "Food club", "Pantry", "Warm space", "Library", "Community centre", "Advice outreach",
         "Befriending", "Other")
FOOD_TYPES = ("Food bank", "Food club", "Pantry")  # "food provision" in the gap with food demand
PLACED_BY = ("coordinates", "ward", "postcode district", "town")

SOURCE = Source(
    name=NAME,
    title="Community provision register",
    short="Provision register",
    partner="Partnership provision register",
    loader="data_loaders.provision",
    tables=("provision",),
    stage=2,  # after the ward boundaries (stage 0-1): coordinates are placed in the stored ward shapes
    public=True,
    sample="public",
    sample_files=("provision/provision_register_chorley_southribble_DERIVED.csv",),
    vocabularies={"type": TYPES, "placed_by": PLACED_BY},
    # A newer register is the whole register again: it replaces every provider held (so a register with fewer
    # rows than the one held is refused unless someone confirms, e.g. with --replace).
    replaces=("register",),
    attribution="Lancashire County Council land and property list (community buildings: libraries, neighbourhood "
                "centres, family hubs), Open Government Licence v3.0; food banks and food clubs named in local "
                "news pages (not open data: source URLs kept in sample_data/public/PROVENANCE.md).",
    description="One row per provider: name, type, address, postcode, latitude and longitude or ward, sessions per "
                "week, capacity and its unit, who runs it, start and end dates.",
)
