"""The partnership's GP practice list: the ward each practice is counted in, and its registered patients."""

from __future__ import annotations

from sources.base import Source

SOURCE = Source(
    name="gp_practices",
    title="GP practice list",
    partner="Integrated care board",
    loader="data_loaders.gp_practices",
    tables=("practices",),
    stage=1,
    public=True,
    sample="public",
    sample_files=("pcn/gp_practices_00X_DERIVED.csv",),
    attribution="NHS Digital, Patients Registered at a GP Practice and the practice to PCN map (Copyright © NHS "
                "England, Open Government Licence v3.0); the ward of each practice's site is placed by the partnership.",
    # A newer list replaces the practices it holds; practices it does not list stay.
    replaces=("practice_code",),
    description="Practice code, name, postcode, ward and registered patients.",
)
