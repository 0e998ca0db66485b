"""Sample voluntary sector member survey responses (June 2020 and June 2021)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sample_data.common import (
    Borough,
    _days,
    _ward_text,
    _weekday,
    _write_csv,
)

VCFS_SECTORS = {  # sector: (median income lost 2020 GBP, volunteers before, volunteers now 2020, 2021, online)
    "Food & essentials": (1_000, 35, 1.7, 1.3, 0.15),
    "Older people": (4_000, 20, 0.55, 0.75, 0.40),
    "Children & young people": (5_000, 15, 0.75, 0.9, 0.60),
    "Mental health & wellbeing": (4_000, 12, 0.8, 0.9, 0.85),
    "Advice & advocacy": (6_000, 10, 0.8, 0.9, 0.90),
    "Community centres": (9_000, 18, 0.7, 0.85, 0.45),
    "Faith groups": (5_000, 25, 0.8, 0.9, 0.55),
    "Sport & leisure": (12_000, 20, 0.6, 0.85, 0.35),
    "Arts & culture": (15_000, 14, 0.7, 0.85, 0.80),
    "Environment": (2_000, 22, 0.75, 1.0, 0.30),
}
VCFS_ORGANISATIONS = (  # name, sector, home ward index, in 2020 survey, in 2021 survey
    ("Sample Community Pantry (Chorley East)", "Food & essentials", 2, True, True),
    ("Sample Food Bank Chorley", "Food & essentials", 5, True, True),
    ("Sample Community Fridge (Clayton)", "Food & essentials", 9, True, True),
    ("Sample Meals on Wheels", "Food & essentials", 4, True, True),
    ("Sample Baby Bank", "Food & essentials", 7, True, True),
    ("Sample Holiday Kitchen", "Food & essentials", 2, False, True),
    ("Sample Lunch Club (Coppull)", "Older people", 10, True, True),
    ("Sample Good Neighbours (Euxton)", "Older people", 13, True, True),
    ("Sample Age Friends Chorley", "Older people", 5, True, True),
    ("Sample Dementia Café", "Older people", 6, True, True),
    ("Sample Men's Shed (Adlington)", "Older people", 0, True, True),
    ("St Sample’s Friendship Group", "Older people", 12, True, True),
    ("Sample Youth Club (Buckshaw)", "Children & young people", 1, True, True),
    ("Sample Scout Group (Croston)", "Children & young people", 11, True, True),
    ("Sample Parent & Toddler Group", "Children & young people", 8, True, True),
    ("Sample Young Carers Project", "Children & young people", 4, True, True),
    ("Sample Mind Matters Chorley", "Mental health & wellbeing", 5, True, True),
    ("Sample Walk and Talk", "Mental health & wellbeing", 3, True, True),
    ("Sample Bereavement Support", "Mental health & wellbeing", 6, True, True),
    ("Sample Recovery Café", "Mental health & wellbeing", 2, True, True),
    ("Sample Debt Advice Project", "Advice & advocacy", 4, True, True),
    ("Sample Disability Advocacy", "Advice & advocacy", 7, True, True),
    ("Sample Carers Network", "Advice & advocacy", 5, True, True),
    ("Sample Refugee Welcome", "Advice & advocacy", 2, True, True),
    ("Sample Community Centre (Chorley North West)", "Community centres", 4, True, True),
    ("Sample Village Hall (Eccleston)", "Community centres", 12, True, True),
    ("Sample Village Hall (Mawdesley)", "Community centres", 11, True, True),
    ("Sample Neighbourhood Centre (Chorley South West)", "Community centres", 7, True, True),
    ("Sample Church Community Trust", "Faith groups", 6, True, True),
    ("Sample Mosque Welfare Committee", "Faith groups", 2, True, True),
    ("Sample Methodist Lunch Fellowship", "Faith groups", 3, True, True),
    ("Sample Football Club Community Trust", "Sport & leisure", 5, True, True),
    ("Sample Cricket Club (Whittle)", "Sport & leisure", 1, True, True),
    ("Sample Swimming Club", "Sport & leisure", 4, True, False),
    ("Sample Walking Football", "Sport & leisure", 13, True, True),
    ("Sample Theatre Company", "Arts & culture", 5, True, True),
    ("Sample Community Choir", "Arts & culture", 8, True, True),
    ("Sample Heritage Society", "Arts & culture", 11, True, True),
    ("Sample Art Studio", "Arts & culture", 2, True, False),
    ("Sample Canal Volunteers", "Environment", 0, True, True),
    ("Sample Allotment Society", "Environment", 9, True, True),
    ("Sample Litter Pickers", "Environment", 10, False, True),
)
VCFS_SURVEYS = {2020: ("2020-06-01", "2020-06-26"), 2021: ("2021-06-07", "2021-07-02")}
VCFS_CLOSED = {2020: (0.15, 0.55, 0.30), 2021: (0.55, 0.40, 0.05)}  # None, Some, All
VCFS_BOROUGH_WIDE = 0.3
VCFS_HEADER = ("Organisation", "Sector", "Survey Date", "Income Lost GBP", "Services Closed (None/Some/All)",
               "Volunteers Before", "Volunteers Now", "Moved Online (Y/N)", "Wards Served")


def _write_vcfs(out: Path, b: Borough, seed: int) -> list[Path]:
    rng = np.random.default_rng([seed, 6])
    n = len(VCFS_ORGANISATIONS)
    size = rng.lognormal(0.0, 0.5, n)
    before = np.array([max(2, round(VCFS_SECTORS[o[1]][1] * s)) for o, s in zip(VCFS_ORGANISATIONS, size,
                                                                                   strict=True)])
    xy = np.array(b.points)
    distance = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    served = []
    for _, sector, home, _, _ in VCFS_ORGANISATIONS:
        if sector == "Advice & advocacy" or rng.random() < VCFS_BOROUGH_WIDE:
            served.append(None)
        else:
            served.append(np.argsort(distance[home], kind="stable")[: 1 + rng.poisson(1.0)])
    paths = []
    for year, (first, last) in VCFS_SURVEYS.items():
        days = _days(first, last)
        days = days[_weekday(days) < 5]
        rows = []
        for i, (name, sector, _, in_2020, in_2021) in enumerate(VCFS_ORGANISATIONS):
            if not (in_2020 if year == 2020 else in_2021):
                continue
            median, _, now_2020, now_2021, online = VCFS_SECTORS[sector]
            lost = 0 if rng.random() < (0.12 if year == 2020 else 0.25) else \
                int(round(median * (1.0 if year == 2020 else 0.45) * rng.lognormal(0.0, 0.9) / 50) * 50)
            now = max(0, round(before[i] * (now_2020 if year == 2020 else now_2021) * rng.lognormal(0.0, 0.2)))
            wards = "Borough-wide" if served[i] is None else \
                ";".join(_ward_text(rng, served[i], b.names, unknown=False))
            rows.append((name, sector, pd.Timestamp(rng.choice(days)).strftime("%d/%m/%Y"), lost,
                         ("None", "Some", "All")[rng.choice(3, p=VCFS_CLOSED[year])], int(before[i]), int(now),
                         "Y" if rng.random() < online else "N", wards))
        frame = pd.DataFrame(rows, columns=list(VCFS_HEADER))
        paths.append(_write_csv(frame, out / "vcfs_survey" / f"vcfs_survey_{year}.csv"))
    return paths


def write(out: Path, b: Borough, seed: int) -> list[Path]:
    """Write this source's sample files under `out`; return their paths."""
    return _write_vcfs(out, b, seed)
