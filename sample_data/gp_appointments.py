"""Sample NHS Digital practice-level "Appointments in General Practice" CSV for the 26 real practices of
Chorley & South Ribble CCG (00X), from their real list sizes and PCNs: the appointment counts are generated
(NHS Digital's practice-level counts for 00X were not obtainable)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sample_data.common import (
    Borough,
    _month_labels,
    _monthly,
    _write_csv,
    practices,
)

GP_START, GP_END = "2019-01", "2021-12"
PRACTICE_COLUMNS = ("Practice Code", "Practice Name", "Postcode", "Ward Code", "Registered Patients", "PCN Code",
                    "PCN Name")
GP_RATE = 0.42  # appointments per registered patient per month
GP_VOLUME = {"2020-03": 0.92, "2020-04": 0.68, "2020-05": 0.74, "2020-06": 0.86, "2020-07": 0.93,
             "2020-08": 0.9, "2020-09": 1.02, "2020-10": 1.05, "2020-11": 1.0, "2020-12": 0.95,
             "2021-01": 0.96, "2021-02": 0.98, "2021-03": 1.08, "2021-04": 1.05, "2021-05": 1.07}
GP_SEASON = (1.05, 1.0, 1.05, 0.97, 1.0, 0.98, 1.0, 0.9, 1.0, 1.08, 1.05, 0.92)  # Jan..Dec
GP_MODES = ("Face-to-Face", "Telephone", "Video/Online", "Home Visit", "Unknown")
GP_MODE_MIX = {  # from month: share by GP_MODES, held until the next entry
    "2019-01": (0.800, 0.135, 0.005, 0.015, 0.045),
    "2020-03": (0.680, 0.250, 0.010, 0.015, 0.045),
    "2020-04": (0.400, 0.520, 0.035, 0.010, 0.035),
    "2020-07": (0.450, 0.460, 0.035, 0.010, 0.045),
    "2021-01": (0.440, 0.470, 0.035, 0.010, 0.045),
}
GP_DNA = {"2019-01": 0.05, "2020-04": 0.03, "2021-07": 0.045}  # share of face-to-face not attended
TIME_BANDS = ("Same Day", "1 Day", "2 to 7 Days", "8  to 14 Days", "15  to 21 Days", "22  to 28 Days",
              "More than 28 Days")  # the published spellings, double spaces included
GP_CELLS = (  # (status, HCP type, mode, time band, share of that mode's appointments) - the subset published here
    *[("Attended", "GP", "Face-to-Face", t, 0.5 * s)
      for t, s in zip(TIME_BANDS, (0.30, 0.08, 0.25, 0.15, 0.09, 0.06, 0.07), strict=True)],
    *[("Attended", "Other Practice staff", "Face-to-Face", t, 0.5 * s)
      for t, s in zip(TIME_BANDS[:4] + TIME_BANDS[6:], (0.25, 0.10, 0.30, 0.22, 0.13), strict=True)],
    *[("Attended", h, "Telephone", t, hs * s) for h, hs in (("GP", 0.65), ("Other Practice staff", 0.35))
      for t, s in zip(TIME_BANDS[:3], (0.60, 0.15, 0.25), strict=True)],
    ("Attended", "GP", "Video/Online", "Same Day", 0.7),
    ("Attended", "Other Practice staff", "Video/Online", "Same Day", 0.3),
    ("Attended", "GP", "Home Visit", "Same Day", 1.0),
    ("Unknown", "Unknown", "Unknown", "Unknown / Data Issue", 1.0),
)
GP_DNA_CELLS = (("GP", "Same Day", 0.15), ("GP", "2 to 7 Days", 0.35), ("Other Practice staff", "2 to 7 Days", 0.50))
GP_HEADER = ("GP_CODE", "GP_NAME", "PCN_CODE", "PCN_NAME", "Appointment_Month", "APPT_STATUS", "HCP_TYPE",
             "APPT_MODE", "TIME_BETWEEN_BOOK_AND_APPT", "COUNT_OF_APPOINTMENTS")


def _write_gp(out: Path, seed: int) -> list[Path]:
    rng = np.random.default_rng([seed, 4])
    months = _month_labels(GP_START, GP_END)
    volume = _monthly(GP_VOLUME, months) * np.array([GP_SEASON[int(m[5:]) - 1] for m in months])
    mix = np.array([GP_MODE_MIX[max(k for k in GP_MODE_MIX if k <= m)] for m in months])
    dna = _monthly(GP_DNA, months)
    listed = practices()
    tilt = rng.normal(1.0, 0.06, len(listed))  # some practices kept more face to face than others
    rows = []
    for i, month in enumerate(months):
        label = pd.Timestamp(month).strftime("%b%Y").upper()
        video = "Video Conference/Online" if month < "2020-01" else "Video/Online"
        for p, practice in enumerate(listed[list(PRACTICE_COLUMNS)].itertuples(index=False, name=None)):
            total = practice[4] * GP_RATE * volume[i] * rng.gamma(200.0, 1 / 200.0)
            shares = mix[i].copy()
            shares[0] *= tilt[p]
            shares /= shares.sum()
            cells = [(s, h, m, t, total * shares[GP_MODES.index(m)] * q * (1 - dna[i] if m == "Face-to-Face" else 1))
                     for s, h, m, t, q in GP_CELLS]
            cells += [("DNA", h, "Face-to-Face", t, total * shares[0] * dna[i] * q) for h, t, q in GP_DNA_CELLS]
            for status, hcp, mode, band, expected in cells:
                count = int(rng.poisson(expected))
                if count:
                    rows.append((practice[0], practice[1].upper(), practice[5], practice[6].upper(), label, status, hcp,
                                 video if mode == "Video/Online" else mode, band, count))
    frame = pd.DataFrame(rows, columns=list(GP_HEADER))
    return [_write_csv(frame, out / "gp_appointments" / "gp_appointments_practice_2019-2021.csv")]


def write(out: Path, b: Borough, seed: int) -> list[Path]:
    """Write this source's sample files under `out`; return their paths."""
    return _write_gp(out, seed)
