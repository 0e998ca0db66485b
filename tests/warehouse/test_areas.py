"""warehouse.areas.geography: the areas of the configuration, checked against dashboard.toml written here
(one district or two, a group inside one district or across both, PCNs from the practice list or declared)."""

from __future__ import annotations

import pytest

from settings import load_settings
from tests.conftest import ROOT
from warehouse.areas import UNKNOWN, Practice, geography

HEAD = (ROOT / "dashboard.toml").read_text().partition("[[wards]]")[0]  # every section but the wards and groups
WARDS = [("E05013066", "Chorley East", "E07000118"), ("E05013067", "Chorley North East", "E07000118"),
         ("E05010217", "Bamber Bridge East", "E07000126"), ("E05010218", "Bamber Bridge West", "E07000126")]


def settings(tmp_path, districts=("E07000118", "E07000126"), names=("Chorley", "South Ribble"), extra=""):
    wards = [w for w in WARDS if w[2] in districts]
    text = HEAD.replace('districts = ["E07000118", "E07000126"]', f"districts = {list(districts)}".replace("'", '"'))
    text = text.replace('district_names = ["Chorley", "South Ribble"]',
                        f"district_names = {list(names)}".replace("'", '"'))
    text += "".join(f'[[wards]]\ncode = "{c}"\nname = "{n}"\ndistrict = "{d}"\n' for c, n, d in wards) + extra
    path = tmp_path / "dashboard.toml"
    path.write_text(text)
    return load_settings(path)


def test_two_districts_make_a_partnership_above_them(tmp_path):
    geo = geography(settings(tmp_path))
    top = geo.by_code[geo.top]
    assert top.type == "partnership" and top.parent is None and top.name == "Chorley and South Ribble"
    assert set(top.members) == {w[0] for w in WARDS} | {UNKNOWN}
    chorley = geo.by_code["E07000118"]
    assert chorley.parent == geo.top and set(chorley.members) == {"E05013066", "E05013067"}
    assert geo.by_code["E05010217"].parent == "E07000126"  # a ward is compared with its own district


def test_one_district_is_the_top_and_has_no_partnership(tmp_path):
    geo = geography(settings(tmp_path, districts=("E07000118",), names=("Chorley",)))
    assert geo.top == "E07000118" and not geo.of_type("partnership")
    assert UNKNOWN in geo.by_code["E07000118"].members


def test_a_group_in_one_district_is_compared_with_it_one_across_both_with_the_partnership(tmp_path):
    extra = ('[[groups]]\ncode = "town"\nname = "Chorley town"\nwards = ["E05013066", "E05013067"]\n'
             '[[groups]]\ncode = "edge"\nname = "Across the boundary"\nwards = ["E05013066", "E05010218"]\n')
    geo = geography(settings(tmp_path, extra=extra))
    assert geo.by_code["town"].parent == "E07000118" and geo.by_code["edge"].parent == geo.top
    with pytest.raises(ValueError, match="not wards of the partnership"):
        geography(settings(tmp_path, extra='[[groups]]\ncode = "x"\nname = "X"\nwards = ["E05999999"]\n'))


def test_a_pcn_serves_the_wards_of_its_practices_unless_configuration_declares_them(tmp_path):
    practices = (Practice("P81001", "E05013066", "U1", "Chorley Central PCN"),
                 Practice("P81002", "E05013066", "U1", "Chorley Central PCN"),
                 Practice("P81003", "E05010217", "U2", "Leyland PCN"), Practice("P81004", "E05010218", "U2", None))
    geo = geography(settings(tmp_path), practices=practices)
    central, leyland = geo.by_code["U1"], geo.by_code["U2"]
    assert (central.type, central.name, central.members, central.practices) == (
        "pcn", "Chorley Central PCN", ("E05013066",), ("P81001", "P81002"))
    assert set(leyland.members) == {"E05010217", "E05010218"} and leyland.parent == geo.top
    declared = '[[pcns]]\ncode = "U1"\nname = "Chorley Central"\nwards = ["E05013066", "E05013067"]\n'
    geo = geography(settings(tmp_path, extra=declared), practices=practices)
    assert geo.by_code["U1"].members == ("E05013066", "E05013067") and geo.by_code["U1"].name == "Chorley Central"
    assert geo.by_code["U1"].practices == ("P81001", "P81002")  # GP figures still add up its own practices
