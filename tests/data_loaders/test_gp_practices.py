"""The GP practice list (no public real file: the partnership keeps it); bad lists refused with reasons."""

from __future__ import annotations

import pandas as pd
import pytest
from real_data import context

from data_loaders import LoadError, gp_practices

HEADER = "Practice Code,Practice Name,Postcode,Ward Code,Registered Patients"


def practices(*rows: str) -> bytes:
    return ("\ufeff" + "\n".join([HEADER, *rows]) + "\n").encode()


def test_practice_list_is_typed_and_tidied():
    data = practices("p81002,Library House Surgery, pr7  1ey ,e05013066,\"12,345\"",
                     "P81040,Euxton Medical Centre,,E05013077,8200")
    frame = gp_practices.parse("practices.csv", data=data, context=context()).frame
    assert frame["practice_code"].tolist() == ["P81002", "P81040"]
    assert frame["postcode"].iloc[0] == "PR7 1EY" and pd.isna(frame["postcode"].iloc[1])
    assert frame["ward_code"].tolist() == ["E05013066", "E05013077"]
    assert frame["registered_patients"].tolist() == [12345, 8200]

BAD = [
    ("ward outside the partnership", practices("P81002,Surgery,PR7 1EY,E05010214,100"),
     ["row 2", "column 'Ward Code'", "not one of this partnership's wards", "E05013064"]),
    ("blank ward", practices("P81002,Surgery,PR7 1EY,,100"), ["row 2", "column 'Ward Code'"]),
    ("not a practice code", practices("Library House,Surgery,PR7 1EY,E05013066,100"),
     ["column 'Practice Code'", "not an ODS practice code"]),
    ("practice twice",
     practices("P81002,Surgery,PR7 1EY,E05013066,100", "P81002,Surgery,PR7 1EY,E05013066,90"),
     ["rows 2, 3", "listed more than once"]),
    ("patients not a number", practices("P81002,Surgery,PR7 1EY,E05013066,many"),
     ["column 'Registered Patients'", "not a number"]),
]


@pytest.mark.parametrize(("data", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_reason(data, expected):
    with pytest.raises(LoadError) as caught:
        gp_practices.parse("practices.csv", data=data, context=context())
    for fragment in expected:
        assert fragment in str(caught.value)
