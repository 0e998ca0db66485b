"""Appointments in General Practice: the real regional sample (a Dorset CCG), the practice-level layout,
and bad inputs refused with reasons."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from real_data import context, real_file

from data_loaders import LoadError, gp_appointments

NHS = "nhs/appointments_gp_regional_csv_dorset_ccg_mar2019_aug2021.csv"
MODES = {"Face-to-Face", "Telephone", "Video/Online", "Home Visit", "Unknown"}
PRACTICE_HEADER = ("APPOINTMENT_MONTH_START_DATE,GP_CODE,GP_NAME,SUPPLIER,PCN_CODE,PCN_NAME,HCP_TYPE,"
                   "APPT_MODE,NATIONAL_CATEGORY,TIME_BETWEEN_BOOK_AND_APPT,COUNT_OF_APPOINTMENTS,APPT_STATUS")
PRACTICES = {"P81002": "E05013066"}


def practice_file(*rows: str) -> bytes:
    return ("\n".join([PRACTICE_HEADER, *rows]) + "\n").encode()


def practice_row(code: str = "P81002", *, mode: str = "Face-to-Face", category: str = "Planned Clinics",
                 count: str = "42") -> str:
    return f"01MAR2023,{code},A Surgery,EMIS,U12345,A PCN,GP,{mode},{category},Same Day,{count},Attended"


@pytest.mark.real_data
def test_real_regional_file_months_modes_and_totals():
    result = gp_appointments.parse(real_file(NHS), context=context())
    events = result.frame
    assert result.rows_read == len(events) == 5638
    months = pd.date_range("2019-03-01", "2021-08-01", freq="MS")
    assert sorted(events["period"].unique()) == list(months)  # MAR2019 .. AUG2021, 30 months
    assert set(events["category"]) == MODES
    assert events["count"].sum() == 10_950_780
    assert set(events["org_code"]) == {"E38000045"}
    assert events["ward_code"].isna().all()  # regional counts have no ward
    assert events["record_id"].is_unique
    assert "15 to 21 Days" in set(events["channel"])  # published as "15  to 21 Days"


@pytest.mark.real_data
def test_real_file_with_the_older_video_label_maps_to_video_online():
    data = real_file(NHS).read_bytes()
    older = data.replace(b"Video/Online", b"Video Conference/Online")
    assert older != data
    modern = gp_appointments.load(real_file(NHS), context=context())
    mapped = gp_appointments.parse(NHS, data=older, context=context()).frame
    assert set(mapped["category"]) == MODES
    assert mapped["record_id"].tolist() == modern["record_id"].tolist()
    assert (mapped.loc[mapped["category"] == "Video/Online", "count"].sum()
            == modern.loc[modern["category"] == "Video/Online", "count"].sum() > 0)


def test_practice_level_file_is_placed_in_wards_through_the_practice_list():
    data = practice_file(practice_row(), practice_row(category="Walk-in", count="3"),
                         practice_row(mode="Video Conference/Online", count="5"))
    events = gp_appointments.parse("Practice_Level_Crosstab_Mar_23.csv", data=data,
                                   context=context(practices=PRACTICES)).frame
    assert events["ward_code"].tolist() == ["E05013066"] * 3
    assert events["org_code"].tolist() == ["P81002"] * 3
    assert events["period"].tolist() == [pd.Timestamp("2023-03-01")] * 3
    assert events["category"].tolist() == ["Face-to-Face", "Face-to-Face", "Video/Online"]
    assert events["record_id"].is_unique  # NATIONAL_CATEGORY keeps the first two apart
    assert events["count"].tolist() == [42, 3, 5]


BAD = [
    ("only practices outside the list", practice_file(practice_row("Y99999")), PRACTICES,
     ["none of the file's practices is in the practice list", "python -m warehouse ingest gp_practices FILE"]),
    ("no practice list", practice_file(practice_row()), {},
     ["no GP practice list in the store", "python -m warehouse ingest gp_practices FILE"]),
    ("the same key twice", practice_file(practice_row(), practice_row(count="7")), PRACTICES,
     ["rows 2, 3", "more than one row", "never added together"]),
    ("unknown mode", practice_file(practice_row(mode="Carrier pigeon")), PRACTICES,
     ["column 'APPT_MODE'", "not recognised", "Video/Online"]),
    ("count not a number", practice_file(practice_row(count="lots")), PRACTICES,
     ["column 'COUNT_OF_APPOINTMENTS'", "not a number"]),
    ("month unreadable", practice_file(practice_row().replace("01MAR2023", "March")), PRACTICES,
     ["column 'APPOINTMENT_MONTH_START_DATE'", "the month cannot be read"]),
]


@pytest.mark.parametrize(("data", "practices", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_reason(data, practices, expected):
    with pytest.raises(LoadError) as caught:
        gp_appointments.parse("appointments.csv", data=data, context=context(practices=practices))
    for fragment in expected:
        assert fragment in str(caught.value)


def test_practices_outside_the_practice_list_are_dropped_and_counted():
    result = gp_appointments.parse(Path("region.csv"), data=practice_file(practice_row(), practice_row("Y99999")),
                                   context=context(practices=PRACTICES))
    assert result.frame["org_code"].tolist() == ["P81002"]
    assert result.rows_dropped == 1
    assert "1 rows for 1 practices outside the practice list dropped" in result.notes
