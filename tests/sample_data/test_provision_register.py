"""The shipped sample provision register is exactly what sample_data/public/provision_register.py derives from the
real asset lists (../shared/data/real/assets), with the type mapping PROVENANCE.md states."""

from __future__ import annotations

import pandas as pd

from sample_data.public import provision_register
from sample_data.public.derive import HERE
from tests.conftest import real_data


def test_the_committed_register_is_the_derived_one():
    real = real_data("assets").parent
    derived = provision_register.register(real)
    committed = pd.read_csv(HERE / provision_register.TARGET, dtype=str).fillna("")
    pd.testing.assert_frame_equal(committed, derived.astype(str), check_dtype=False)


def test_libraries_flagged_as_warm_spaces_are_both_and_vacant_buildings_are_left_out():
    real = real_data("assets").parent
    lcc = pd.read_csv(real / provision_register.ASSETS, dtype=str).fillna("")
    derived = provision_register.register(real).set_index("Name")
    for row in lcc.itertuples():
        if row.occupancy_status != "occupied":
            assert row.name not in derived.index
        elif row.category == "library":
            expected = "Library; Warm space" if row.lancashire_warm_space_library == "yes" else "Library"
            assert derived.loc[row.name, "Type"] == expected
    food = derived[derived["Type"].isin(["Food bank", "Food club"])]
    assert len(food) == 6 and (food["Latitude"] == "").all() and food["Source"].str.startswith("Local news").all()
