"""Sample mental health trust export: monthly referrals, assessments and waiting lists by service and ward."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sample_data.common import (
    Borough,
    _month_labels,
    _monthly,
    _write_csv,
)

MH_START, MH_END = "2019-01", "2021-12"
MH_SERVICES = {  # referrals per 1,000 aged 16+ per month, share of (waiting + new) assessed in a month
    "START": (2.0, 0.45),
    "IAPT": (3.2, 0.30),
    "CMHT": (1.8, 0.35),
}
MH_MONTHLY = {
    "START": {"2020-03": 0.85, "2020-04": 0.45, "2020-05": 0.65, "2020-06": 0.9, "2020-07": 1.05, "2020-08": 1.2,
              "2020-09": 1.3, "2020-10": 1.3, "2020-11": 1.15, "2020-12": 1.1, "2021-01": 1.1, "2021-02": 1.15,
              "2021-03": 1.2, "2021-04": 1.15},
    "IAPT": {"2020-03": 0.85, "2020-04": 0.5, "2020-05": 0.65, "2020-06": 0.85, "2020-07": 1.0, "2020-08": 1.1,
             "2020-09": 1.25, "2020-10": 1.3, "2020-11": 1.2, "2020-12": 1.1, "2021-01": 1.15},
    "CMHT": {"2020-04": 0.8, "2020-05": 0.9, "2020-06": 1.0, "2020-07": 1.05},
}
MH_CAPACITY = {"2020-04": 0.75, "2020-07": 1.0}  # assessment capacity, reduced in the first lockdown
MH_MONTH_SHAPE = 200.0
MH_SUPPRESS = (1, 4)


def _write_mh(out: Path, b: Borough, seed: int) -> list[Path]:
    rng = np.random.default_rng([seed, 5])
    months = _month_labels(MH_START, MH_END)
    adults = b.ages(16, 100) * b.deprivation
    capacity = _monthly(MH_CAPACITY, months)
    rows = []
    for service, (rate, assess) in MH_SERVICES.items():
        mult = _monthly(MH_MONTHLY[service], months)
        mean = adults / 1000.0 * rate
        waiting = rng.poisson(mean * (1 - assess) / assess)
        for i, month in enumerate(months):
            referrals = rng.poisson(mean * mult[i] * rng.gamma(MH_MONTH_SHAPE, 1 / MH_MONTH_SHAPE))
            assessed = rng.binomial(waiting + referrals, assess * capacity[i])
            waiting = waiting + referrals - assessed
            rows += [(month, service, code, int(r), int(a), int(w))
                     for code, r, a, w in zip(b.codes, referrals, assessed, waiting, strict=True)]
    frame = pd.DataFrame(rows, columns=["Month", "Service", "Ward Code", "Referrals", "Assessments",
                                        "Waiting At Month End"])
    frame = frame.sort_values(["Month", "Service", "Ward Code"], kind="stable")
    for column in ("Referrals", "Assessments", "Waiting At Month End"):
        small = frame[column].between(*MH_SUPPRESS)
        frame[column] = frame[column].astype(str).where(~small, "*")
    return [_write_csv(frame, out / "mental_health" / "mh_referrals_2019-2021.csv")]


def write(out: Path, b: Borough, seed: int) -> list[Path]:
    """Write this source's sample files under `out`; return their paths."""
    return _write_mh(out, b, seed)
