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
    sample_files=("reference/gp_practices.csv",),
    sample_generator="sample_data.reference",
    # A newer list replaces the practices it holds; practices it does not list stay.
    replaces=("practice_code",),
    description="Practice code, name, postcode, ward and registered patients.",
)
