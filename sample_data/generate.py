"""Seeded generator of the sample partner extracts: a made-up but plausible pandemic story for Chorley.

``generate(out_dir, seed=20200323)`` writes every file below ``out_dir`` in each partner's own format
(docs: FORMATS.md); the same seed gives byte-identical files (no timestamps; zip and xlsx entries carry a
fixed date). ``python -m sample_data.generate --hub-rows N --hub-out FILE`` streams one community-hub CSV of
exactly N rows in chunks (bounded memory) for benchmarks.

Real figures carried over (``reference_figures``, OGL v3, ONS / MHCLG): the 14 wards and their reference
points, Census 2021 ward populations by five-year band and the 70 LSOAs (2021) with their ward and
IMD 2025 figures. Bands go back to single years through a monotone cubic of the cumulative count (ages
0-89) and a survival curve for 90+ (``spread_bands``), so the single years are smooth, not the real ones.
Everything else is generated: no record is real.

Story parameters (every rate is per head of the Census 2021 population in the right ages, times the
ward's deprivation multiplier, then drawn from Poisson counts around the expectation; a day- or
month-level gamma frailty makes the counts negative binomial):

- Deprivation: ward IMD score = mean of its LSOAs' IMD 2025 scores (LSOAs hold similar populations,
  so this approximates the population-weighted score); multiplier = (ward score / borough mean) ** 0.7,
  so Chorley East (29.4) gets ~2.5x the demand per head of Euxton (8.1). Police rates use the same
  rule per LSOA.
- Community hub: opens 23/03/2020; 10,000 requests expected 23/03/2020-31/12/2021 (daily gamma frailty,
  shape 25). April-2020 mix: personal shopping 33%, food parcel 32%, prescription collection 15%,
  befriending 7%, financial hardship 5%, other 5%, digital support 3%. Each type follows its own curve
  (HUB_CURVES): peak April-May 2020, down to ~10-30% of the peak by August 2020, up again with the
  5 Nov 2020 and 6 Jan 2021 lockdowns; financial hardship instead climbs to autumn 2020 and again
  after the October 2021 Universal Credit cut. Age profile per head (HUB_AGE_PROFILE): food parcels
  ~3.5-4x higher per head at 16-64 than 65+; personal shopping and prescription collection rise steeply
  with age (85+ ~40x 25-49). Weekdays 1.0 (Monday 1.15), Saturday 0.35, Sunday 0.15.
- Citizens Advice: 4,200 issues expected in 2019 on weekdays that are not bank holidays; clients raise
  1 + Poisson(1.2) issues (at most 6) at one contact. Per-category multipliers against 2019
  (CA_CATEGORIES): housing x1.4 from April 2020 (x1.3 in 2021), Universal Credit x2.2 in April 2020,
  employment x1.8 then x2.0 in autumn 2020; within employment, redundancy x3.5 from mid-September to
  mid-November 2020 (end of the first furlough scheme) and x2.2 in October 2021; every category x0.5
  in the last week of March 2020 while doors closed. Channels move from 45% face to face to 3% during
  restrictions (23/03/2020-18/07/2021) and back to 20%.
- Police (police.uk street level, Jan 2019-Dec 2021, ~830 rows/month baseline, monthly gamma frailty
  shape 600; July +8% and January -8% for ASB and violence): crime excluding
  anti-social behaviour falls ~25-30% in April-May 2020 (acquisitive x0.5-0.6, violence and disorder
  x0.75-0.85) while ASB rises x1.6; violence rises above baseline (x1.1) in summer 2020 as
  restrictions lift; ASB is up again in the Nov 2020 and Jan 2021 lockdowns (POLICE_MONTHLY).
- Mental health trust: referrals per 1,000 aged 16+ per month START 2.0, IAPT 3.2, CMHT 1.8; START x0.45
  and IAPT x0.5 in April 2020, then a delayed surge to x1.3 in September-October 2020 (MH_MONTHLY;
  monthly gamma frailty, shape 200). Assessments are Binomial(waiting + new, p) with p START 0.45,
  IAPT 0.30, CMHT 0.35 (x0.75 in Apr-Jun 2020); the trust shows ``*`` for every count of 1-4 (~2% of
  cells, mostly CMHT and START in the smaller, less deprived wards).
- GP appointments: 0.42 appointments per registered patient per month (x0.68 in April 2020, x1.07 from
  May 2021, seasonal); face to face 80% before March 2020 -> 40% in Apr-Jun 2020 -> 44-45% after,
  telephone 13.5% -> 46-52%, video 0.5% -> 3.5%, so telephone + video is ~14% in 2019 and ~50% in
  2021; DNA 5% of face-to-face (3% during restrictions). 10 fictional practices, 118,400 patients.
- Voluntary sector: 40 organisations surveyed in June 2020 and again in June 2021 (two closed, two new);
  income lost and closures far higher in 2020; food organisations gain volunteers, older-people's
  groups lose them (older volunteers shielding).

Mess, as real exports have it (documented so the loaders' handling shows):

- Ward names: ~84% as published; the rest upper case, lower case, "and" for "&", or leading/trailing
  spaces. 1.5% of hub and Citizens Advice rows record the ward as blank, "Unknown" or "Out of area"
  (ward not known, still in the borough); a ward name is never misspelt.
- Hub: Age Band blank on 2% of rows (loaders map it to Unknown) and "Unknown" on 1%; 0.3% of rows
  appear twice, exactly (same Request ID, every field identical); Notes free text holds commas,
  quotes, a pound sign, embedded newlines and entries starting with =, +, - or @. The 2020 file writes
  dates day-first (27/03/2020), the 2021 file ISO (2021-01-04); never both in one file.
- Citizens Advice: 4% "Not recorded" age; both CSVs have Windows (CRLF) line ends; 2019 is UTF-8 with
  a BOM; 2020 is Windows-1252 (the "Test and Trace support payment – self-isolation" detail, from
  28/09/2020, has an en dash: byte 0x96, not valid UTF-8) and ends with a blank line; 2021 is an .xlsx
  with a title row and a blank row above the header (row 3) and real Excel dates.
- Police: the LSOA codes are the 2021 ones (police.uk used 2011 codes until 2022, so a real file of
  the time differs); each month has ~6 rows from South Ribble LSOAs (illustrative codes
  E010253xx, "South Ribble 0nnX") that the loader must count and drop; ASB rows have no Crime ID.
- GP appointments: video appointments are "Video Conference/Online" in 2019 rows and "Video/Online"
  from 2020, as the publication renamed them; the time bands keep the published double spaces
  ("8  to 14 Days"); only the combinations in GP_CELLS / GP_DNA_CELLS appear (a subset, to keep the
  file small) and zero counts are omitted, as published.
- Mental health: ``*`` for suppressed counts of 1-4.
- Voluntary sector: Wards Served joins ward names with ";" and carries the same case/"and"/space
  variants as the other files.

Benchmark mode (``write_hub_rows``) draws requests from the same expectations (no frailty), writes
day-first dates, sorts each chunk by day (so dates restart at each chunk) and keeps the 0.3% exact
repeats; Request IDs are ``B`` + 9 digits, the normal files use ``CH`` + 6 digits.

Postcode districts, practices, PCNs, organisations, streets and notes are invented or approximate.
"""

from __future__ import annotations

import argparse
import io
import math
import re
import sys
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from scipy.interpolate import PchipInterpolator

from sample_data import geometry
from sample_data.reference_figures import (
    ATTRIBUTION,
    IMD_COLUMNS,
    LAD_CODE,
    LAD_NAME,
    LSOAS,
    WARD_POPULATION_BY_BAND,
    WARDS,
)

DEFAULT_SEED = 20200323
DEFAULT_OUT = Path(__file__).resolve().parent / "extracts"
FIXED_ZIP_TIME = (2022, 1, 4, 0, 0, 0)  # the date stamped on every zip / xlsx entry
FIXED_XLSX_TIME = b"2022-01-04T00:00:00Z"

DEPRIVATION_ELASTICITY = 0.7
OLDEST_HAZARD, OLDEST_HAZARD_GROWTH = 0.20, 1.10  # Gompertz-like yearly mortality from age 90 (0.20, +10%/yr)

# ---------------------------------------------------------------------------------------------------
# The borough: wards, single-year populations, deprivation
# ---------------------------------------------------------------------------------------------------


def _round_preserving(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` that sum exactly to ``total`` (largest remainder)."""
    share = total * weights / weights.sum()
    out = np.floor(share).astype(np.int64)
    short = total - int(out.sum())
    order = np.argsort(-(share - out), kind="stable")
    out[order[:short]] += 1
    return out


def spread_bands(bands: Sequence[int]) -> np.ndarray:
    """Ages 0..99 and 100+ (101 values) from 19 five-year bands (0-4 ... 85-89, 90+), smoothly and exactly.

    Ages 0-89: a monotone cubic (PCHIP) through the cumulative population at the band edges, differenced
    to single years, so the curve runs smoothly across band edges; 90+ follows a survival curve with
    yearly mortality rising from ``OLDEST_HAZARD`` (the tail beyond 99 is 100+). Each band keeps its total.
    """
    bands = np.asarray(bands, dtype=np.int64)
    edges = np.arange(0, 95, 5)
    cumulative = PchipInterpolator(edges, np.concatenate([[0], np.cumsum(bands[:18])]))(np.arange(91))
    single = np.clip(np.diff(cumulative), 1e-9, None)
    out = np.zeros(101, dtype=np.int64)
    for b in range(18):
        out[5 * b: 5 * b + 5] = _round_preserving(int(bands[b]), single[5 * b: 5 * b + 5])
    survival = np.exp(-np.cumsum(np.concatenate([[0.0], OLDEST_HAZARD * OLDEST_HAZARD_GROWTH ** np.arange(40)])))
    oldest = np.append(survival[:10], survival[10:].sum())
    out[90:] = _round_preserving(int(bands[18]), oldest)
    return out


@dataclass(frozen=True)
class Borough:
    codes: list[str]
    names: list[str]
    points: list[tuple[float, float]]
    population: np.ndarray  # wards x 101 single years (100 = 100+)
    imd_score: np.ndarray  # per ward
    deprivation: np.ndarray  # per ward multiplier
    lsoa: pd.DataFrame  # code, name, ward index, imd_score

    def ages(self, lo: int, hi: int) -> np.ndarray:
        """Population per ward aged lo..hi inclusive (hi >= 100 includes 100+)."""
        return self.population[:, lo: min(hi, 100) + 1].sum(axis=1)


def borough() -> Borough:
    codes = [w[0] for w in WARDS]
    population = np.array([spread_bands(WARD_POPULATION_BY_BAND[c]) for c in codes])
    lsoa = pd.DataFrame({
        "code": [r[0] for r in LSOAS],
        "name": [r[1] for r in LSOAS],
        "ward": [codes.index(r[2]) for r in LSOAS],
        "imd_score": [r[3 + IMD_COLUMNS.index("IMD_score")] for r in LSOAS],
    })
    score = lsoa.groupby("ward")["imd_score"].mean().reindex(range(len(codes))).to_numpy()
    return Borough(
        codes=codes,
        names=[w[1] for w in WARDS],
        points=[(w[2], w[3]) for w in WARDS],
        population=population,
        imd_score=score,
        deprivation=(score / score.mean()) ** DEPRIVATION_ELASTICITY,
        lsoa=lsoa,
    )


# ---------------------------------------------------------------------------------------------------
# Shared helpers: time curves, messy values, byte-stable writers
# ---------------------------------------------------------------------------------------------------


def _days(start: str, end: str) -> np.ndarray:
    return np.arange(np.datetime64(start), np.datetime64(end) + 1)


def _curve(knots: Mapping[str, float], days: np.ndarray) -> np.ndarray:
    """Piecewise-linear multiplier through (ISO date, value) knots; flat before the first and after the last."""
    x = np.array([np.datetime64(k, "D") for k in knots]).astype(np.int64)
    return np.interp(days.astype("datetime64[D]").astype(np.int64), x, np.array(list(knots.values()), float))


def _monthly(table: Mapping[str, float], months: Sequence[str], *, before: float = 1.0) -> np.ndarray:
    """Multiplier per month: each entry of ``table`` holds until the next; ``before`` the first one."""
    keys = sorted(table)
    out = []
    for m in months:
        earlier = [k for k in keys if k <= m]
        out.append(table[earlier[-1]] if earlier else before)
    return np.array(out)


def _weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday)."""
    return (days.astype("datetime64[D]").astype(np.int64) + 3) % 7


def _month_labels(start: str, end: str) -> list[str]:
    return [str(m) for m in np.arange(np.datetime64(start, "M"), np.datetime64(end, "M") + 1)]


def _choose(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row from a rows x k probability table (rows need not be normalised)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return np.minimum((cum < u[:, None]).sum(axis=1), probs.shape[1] - 1)


WARD_VARIANTS = (  # (how a ward name gets typed, probability)
    (lambda n: n, 0.84),
    (str.upper, 0.03),
    (str.lower, 0.03),
    (lambda n: n.replace(" & ", " and "), 0.04),
    (lambda n: " " + n, 0.02),
    (lambda n: n + " ", 0.02),
    (lambda n: n.replace(" & ", " and ").lower(), 0.01),
    (lambda n: "  " + n.upper() + " ", 0.01),
)
UNKNOWN_WARDS = (("", 0.006), ("Unknown", 0.005), ("Out of area", 0.004))


def _ward_text(rng: np.random.Generator, ward: np.ndarray, names: Sequence[str], *,
               unknown: bool = True) -> np.ndarray:
    """Ward names as staff type them: varied case, '&' or 'and', stray spaces; some recorded unknown."""
    table = np.array([[f(n) for f, _ in WARD_VARIANTS] for n in names], dtype=object)
    p = np.array([q for _, q in WARD_VARIANTS])
    variant = rng.choice(len(p), size=len(ward), p=p / p.sum())
    out = table[ward, variant]
    if unknown:
        u = rng.random(len(ward))
        edge = 0.0
        for value, q in UNKNOWN_WARDS:
            out[(u >= edge) & (u < edge + q)] = value
            edge += q
    return out


def _date_strings(days: np.ndarray, fmt: str) -> np.ndarray:
    return np.array([pd.Timestamp(d).strftime(fmt) for d in days], dtype=object)


def _write_csv(frame: pd.DataFrame, path: Path, *, encoding: str = "utf-8", crlf: bool = False,
               trailing_blank: bool = False) -> Path:
    newline = "\r\n" if crlf else "\n"
    text = frame.to_csv(index=False, lineterminator=newline)
    if trailing_blank:
        text += newline
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _zipinfo(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def _write_zip(path: Path, members: Sequence[tuple[str, bytes]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members:
            archive.writestr(_zipinfo(name), body, compresslevel=9)
    path.write_bytes(buffer.getvalue())
    return path


def _stable_xlsx(data: bytes) -> list[tuple[str, bytes]]:
    """The members of an openpyxl workbook with its created/modified stamps fixed."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_XLSX_TIME, body)
            members.append((info.filename, body))
    return members


# ---------------------------------------------------------------------------------------------------
# Reference files
# ---------------------------------------------------------------------------------------------------


def _write_reference(out: Path, b: Borough) -> list[Path]:
    ref = out / "reference"
    outline, cells = geometry.approximate_geometry(b.points)
    lad = {"LAD25CD": LAD_CODE, "LAD25NM": LAD_NAME, "approximate": True}
    wards = [({"WD25CD": c, "WD25NM": n, **lad, "note": geometry.APPROXIMATE_NOTE}, cell)
             for c, n, cell in zip(b.codes, b.names, cells, strict=True)]
    paths = [ref / "wards_approx.geojson", ref / "borough_outline_approx.geojson"]
    geometry.write_geojson(paths[0], wards)
    geometry.write_geojson(paths[1], [({**lad, "note": geometry.OUTLINE_NOTE}, outline)])

    lookup = pd.DataFrame({
        "LSOA21CD": b.lsoa["code"], "LSOA21NM": b.lsoa["name"],
        "WD25CD": [b.codes[w] for w in b.lsoa["ward"]], "WD25NM": [b.names[w] for w in b.lsoa["ward"]],
        "LAD25CD": LAD_CODE, "LAD25NM": LAD_NAME,
    })
    paths.append(_write_csv(lookup, ref / "lsoa21_to_wd25.csv"))

    rows = []
    for code, name, ages in zip(b.codes, b.names, b.population, strict=True):
        rows.append((code, name, "Total", int(ages.sum()), "total"))
        rows += [(code, name, str(a) if a < 100 else "100+", int(n), "single_year") for a, n in enumerate(ages)]
    census = pd.DataFrame(rows, columns=["ward_code", "ward_name", "age", "usual_residents", "row_type"])
    paths.append(_write_csv(census, ref / "census2021_ward_single_year_of_age.csv"))

    imd = pd.DataFrame([r[:2] + r[3:] for r in LSOAS], columns=["lsoa21_code", "lsoa21_name", *IMD_COLUMNS])
    paths.append(_write_csv(imd, ref / "imd2025_lsoa21.csv"))

    practices = pd.DataFrame([p[:5] for p in PRACTICES],
                             columns=["Practice Code", "Practice Name", "Postcode", "Ward Code", "Registered Patients"])
    paths.append(_write_csv(practices, ref / "gp_practices.csv"))
    return paths


# ---------------------------------------------------------------------------------------------------
# Council community hub
# ---------------------------------------------------------------------------------------------------

HUB_OPEN, HUB_END = "2020-03-23", "2021-12-31"
HUB_EXPECTED_TOTAL = 10_000
HUB_DAY_SHAPE = 25.0
HUB_DUPLICATE_SHARE = 0.003
HUB_WEEKDAY = np.array([1.15, 1.0, 1.0, 1.0, 1.0, 0.35, 0.15])
HUB_AGE_BANDS = ("Under 16", "16-24", "25-49", "50-64", "65-74", "75-84", "85+")
HUB_AGE_RANGES = ((0, 15), (16, 24), (25, 49), (50, 64), (65, 74), (75, 84), (85, 100))
HUB_TYPES = ("Food parcel", "Personal shopping", "Prescription collection", "Befriending",
             "Financial hardship", "Digital support", "Other")
HUB_APRIL_2020_SHARE = (0.32, 0.33, 0.15, 0.07, 0.05, 0.03, 0.05)
HUB_AGE_PROFILE = (  # relative requests per head, by HUB_AGE_BANDS
    (0.03, 1.00, 1.15, 0.85, 0.32, 0.28, 0.28),  # food parcel
    (0.00, 0.04, 0.08, 0.30, 1.00, 2.20, 3.20),  # personal shopping
    (0.00, 0.03, 0.08, 0.30, 0.90, 1.80, 2.60),  # prescription collection
    (0.00, 0.15, 0.10, 0.25, 0.70, 1.50, 2.20),  # befriending
    (0.00, 1.00, 1.20, 0.80, 0.20, 0.10, 0.10),  # financial hardship
    (0.00, 0.10, 0.20, 0.50, 0.90, 1.00, 0.60),  # digital support
    (0.05, 0.60, 0.60, 0.60, 0.70, 0.80, 0.80),  # other
)
_LOCKDOWN = {  # shielding-driven demand (personal shopping), 1.0 = April 2020
    "2020-03-23": 0.7, "2020-03-30": 1.0, "2020-04-30": 1.0, "2020-05-31": 0.75, "2020-06-30": 0.35,
    "2020-07-31": 0.15, "2020-08-31": 0.10, "2020-10-15": 0.12, "2020-11-05": 0.20, "2020-11-12": 0.50,
    "2020-12-02": 0.45, "2020-12-20": 0.25, "2021-01-06": 0.30, "2021-01-13": 0.55, "2021-02-28": 0.50,
    "2021-03-31": 0.30, "2021-04-30": 0.12, "2021-07-19": 0.06, "2021-12-31": 0.05,
}
HUB_CURVES: dict[str, dict[str, float]] = {
    "Food parcel": {
        "2020-03-23": 0.7, "2020-03-30": 1.0, "2020-04-30": 1.0, "2020-05-31": 0.8, "2020-06-30": 0.45,
        "2020-07-31": 0.28, "2020-08-31": 0.25, "2020-10-15": 0.30, "2020-11-05": 0.35, "2020-11-12": 0.60,
        "2020-12-02": 0.55, "2020-12-20": 0.50, "2021-01-06": 0.45, "2021-01-13": 0.65, "2021-02-28": 0.55,
        "2021-03-31": 0.40, "2021-04-30": 0.30, "2021-07-19": 0.22, "2021-09-30": 0.22, "2021-10-15": 0.30,
        "2021-12-31": 0.32,
    },
    "Personal shopping": _LOCKDOWN,
    "Prescription collection": {**_LOCKDOWN, "2020-07-31": 0.25, "2020-08-31": 0.18, "2021-07-19": 0.10,
                                "2021-12-31": 0.08},
    "Befriending": {"2020-03-23": 0.5, "2020-04-15": 1.0, "2020-06-30": 0.8, "2020-08-31": 0.6,
                    "2020-11-12": 0.9, "2021-01-13": 1.0, "2021-03-31": 0.7, "2021-07-19": 0.45,
                    "2021-12-31": 0.4},
    "Financial hardship": {"2020-03-23": 0.6, "2020-04-30": 1.0, "2020-06-30": 1.1, "2020-09-30": 1.6,
                           "2020-11-12": 1.8, "2021-01-13": 1.8, "2021-03-31": 1.4, "2021-07-19": 1.0,
                           "2021-10-06": 1.5, "2021-12-31": 1.4},
    "Digital support": {"2020-03-23": 0.5, "2020-04-30": 1.0, "2020-06-30": 0.7, "2020-09-30": 0.6,
                        "2020-11-12": 0.8, "2021-01-13": 1.0, "2021-04-30": 0.5, "2021-12-31": 0.3},
    "Other": {"2020-03-23": 0.8, "2020-04-30": 1.0, "2020-06-30": 0.5, "2020-09-30": 0.4, "2020-11-12": 0.6,
              "2021-01-13": 0.6, "2021-04-30": 0.35, "2021-12-31": 0.3},
}
HUB_SOURCES = ("Self", "GP/NHS", "Citizens Advice", "Councillor", "Voluntary sector", "Police", "Other")
HUB_SOURCE_MIX = np.array([  # by HUB_TYPES
    (0.40, 0.08, 0.12, 0.05, 0.22, 0.03, 0.10),
    (0.50, 0.15, 0.02, 0.06, 0.17, 0.01, 0.09),
    (0.35, 0.40, 0.01, 0.04, 0.12, 0.01, 0.07),
    (0.35, 0.20, 0.02, 0.06, 0.25, 0.03, 0.09),
    (0.40, 0.05, 0.25, 0.05, 0.15, 0.02, 0.08),
    (0.45, 0.10, 0.05, 0.05, 0.25, 0.01, 0.09),
    (0.50, 0.10, 0.05, 0.08, 0.12, 0.05, 0.10),
])
HUB_STATUSES = ("Completed", "Referred on", "Closed - no contact", "Open")
HUB_REPEAT_SHARE = (0.45, 0.50, 0.50, 0.30, 0.20, 0.15, 0.10)  # by HUB_TYPES, once the hub is established
POSTCODE_DISTRICTS = {  # approximate: the districts a ward's residents mostly give
    "E05013064": (("PR6", "PR7", "BL6"), (0.55, 0.35, 0.10)),
    "E05013065": (("PR7", "PR6"), (0.7, 0.3)),
    "E05013066": (("PR6", "PR7"), (0.5, 0.5)),
    "E05013067": (("PR6",), (1.0,)),
    "E05013068": (("PR7",), (1.0,)),
    "E05013069": (("PR7", "PR6"), (0.6, 0.4)),
    "E05013070": (("PR6", "PR7"), (0.6, 0.4)),
    "E05013071": (("PR7",), (1.0,)),
    "E05013072": (("PR6", "PR5"), (0.75, 0.25)),
    "E05013073": (("PR25", "PR6"), (0.6, 0.4)),
    "E05013074": (("PR7", "WN6"), (0.85, 0.15)),
    "E05013075": (("PR26", "L40", "PR7"), (0.45, 0.35, 0.20)),
    "E05013076": (("PR7", "WN6"), (0.8, 0.2)),
    "E05013077": (("PR7",), (1.0,)),
}
OUT_OF_AREA_DISTRICTS = ("PR1", "PR5", "PR25", "WN1", "BL6", "L40")
HUB_NOTES_COMMON = (
    "Called back, all sorted", "Left voicemail, will try again tomorrow", 'Client said "no rush", call after 2pm',
    "Lives alone, son in Leyland helps at weekends", "Referred to Citizens Advice for debt advice",
    "=needs call back", "-no answer", "+1 adult, 2 children in household", "@duty officer please check",
    "Hard of hearing\nplease speak slowly", "Wife shielding; husband self-isolating",
    "Needs £20 electric top-up", "No contact after 3 attempts", "Prefers text, not calls",
)
HUB_NOTES_BY_TYPE = (
    ("Food parcel delivered, left with neighbour", "Gluten free please\nno pork", "Family of 5, two under 5s",
     "Pet food requested too", 'Needs "halal" items', "Collected from the hub"),
    ("Weekly shop, list taken by phone", "Paid by card over the phone", "Shielding letter received",
     "Same volunteer driver as last week please", "Shop delivered, receipt in bag"),
    ("Prescription ready Thursday", "Repeat prescription, monthly", "Pharmacy closes 1pm Saturday",
     "Controlled drug - ID needed"),
    ("Weekly call arranged, Tuesdays", "Prefers afternoon calls", "Recently bereaved"),
    ("Furloughed, waiting for first payment", "Universal Credit 5-week wait", "Discretionary grant form sent"),
    ("Tablet loaned, needs set-up help", "Wants to video call grandchildren", "Help with online GP booking"),
    ("Dog walking while self-isolating", "Bin collection query, passed to waste team",
     "Asked where to get a test"),
)
HUB_NOTE_SHARE = 0.32
HUB_HEADER = ("Request ID", "Date Received", "Ward", "Postcode District", "Age Band", "Request Type",
              "Referral Source", "Status", "Repeat Request", "Notes")


@dataclass(frozen=True)
class HubModel:
    days: np.ndarray
    expected: np.ndarray  # days x wards x HUB_AGE_BANDS x HUB_TYPES, summing to HUB_EXPECTED_TOTAL


def hub_model(b: Borough) -> HubModel:
    days = _days(HUB_OPEN, HUB_END)
    pop = np.column_stack([b.ages(lo, hi) for lo, hi in HUB_AGE_RANGES]).astype(float)  # wards x ages
    lam = np.zeros((len(days), len(b.codes), len(HUB_AGE_BANDS), len(HUB_TYPES)))
    week = HUB_WEEKDAY[_weekday(days)]
    for t, name in enumerate(HUB_TYPES):
        spatial = pop * np.array(HUB_AGE_PROFILE[t])[None, :] * b.deprivation[:, None]
        spatial /= spatial.sum()
        timing = HUB_APRIL_2020_SHARE[t] * _curve(HUB_CURVES[name], days) * week
        lam[..., t] = timing[:, None, None] * spatial[None, :, :]
    return HubModel(days, lam * HUB_EXPECTED_TOTAL / lam.sum())


def _hub_frame(rng: np.random.Generator, b: Borough, model: HubModel, cells: np.ndarray, ids: np.ndarray,
               date_format: str) -> pd.DataFrame:
    """One row per request from flat cell indices into ``model.expected`` (day, ward, age, type)."""
    day, ward, age, kind = np.unravel_index(cells, model.expected.shape)
    n = len(cells)
    dates = _date_strings(model.days, date_format)[day]

    district = np.empty(n, dtype=object)
    for w, code in enumerate(b.codes):
        at = np.flatnonzero(ward == w)
        names, probs = POSTCODE_DISTRICTS[code]
        district[at] = np.array(names, dtype=object)[rng.choice(len(names), size=len(at), p=probs)]
    ward_text = _ward_text(rng, ward, b.names)
    away = ward_text == "Out of area"
    district[away] = np.array(OUT_OF_AREA_DISTRICTS, dtype=object)[rng.integers(0, 6, int(away.sum()))]
    district[(ward_text == "") & (rng.random(n) < 0.4)] = ""

    age_text = np.array(HUB_AGE_BANDS, dtype=object)[age]
    u = rng.random(n)
    age_text[u < 0.02] = ""
    age_text[(u >= 0.02) & (u < 0.03)] = "Unknown"

    source = np.array(HUB_SOURCES, dtype=object)[_choose(rng, HUB_SOURCE_MIX[kind])]
    open_late = model.days[day] >= np.datetime64("2021-12-01")
    status_p = np.where(open_late[:, None], [0.45, 0.06, 0.04, 0.45], [0.80, 0.11, 0.085, 0.005])
    status = np.array(HUB_STATUSES, dtype=object)[_choose(rng, status_p)]
    settled = np.minimum(1.0, (model.days[day] - model.days[0]).astype(int) / 21.0)
    repeat = np.where(rng.random(n) < np.array(HUB_REPEAT_SHARE)[kind] * settled, "Y", "N")

    notes = np.full(n, "", dtype=object)
    has_note = rng.random(n) < HUB_NOTE_SHARE
    common = rng.random(n) < 0.3
    pick = rng.random(n)
    for t, phrases in enumerate(HUB_NOTES_BY_TYPE):
        at = has_note & ~common & (kind == t)
        notes[at] = np.array(phrases, dtype=object)[(pick[at] * len(phrases)).astype(int)]
    at = has_note & common
    notes[at] = np.array(HUB_NOTES_COMMON, dtype=object)[(pick[at] * len(HUB_NOTES_COMMON)).astype(int)]

    return pd.DataFrame({
        "Request ID": ids, "Date Received": dates, "Ward": ward_text, "Postcode District": district,
        "Age Band": age_text, "Request Type": np.array(HUB_TYPES, dtype=object)[kind],
        "Referral Source": source, "Status": status, "Repeat Request": repeat, "Notes": notes,
    })


def _with_duplicates(rng: np.random.Generator, frame: pd.DataFrame, share: float) -> pd.DataFrame:
    """Insert exact copies of ~``share`` of the rows straight after the originals (a re-export glitch)."""
    copies = np.flatnonzero(rng.random(len(frame)) < share)
    order = np.sort(np.concatenate([np.arange(len(frame)), copies]), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def _write_hub(out: Path, b: Borough, seed: int) -> list[Path]:
    rng = np.random.default_rng([seed, 1])
    model = hub_model(b)
    frailty = rng.gamma(HUB_DAY_SHAPE, 1.0 / HUB_DAY_SHAPE, size=len(model.days))
    counts = rng.poisson(model.expected * frailty[:, None, None, None])
    cells = np.repeat(np.arange(counts.size), counts.ravel())  # already in day order
    day = np.unravel_index(cells, counts.shape)[0]
    shuffle = np.lexsort((rng.random(len(cells)), day))  # random order within each day
    cells, day = cells[shuffle], day[shuffle]
    ids = np.array([f"CH{i:06d}" for i in range(1, len(cells) + 1)], dtype=object)
    year = model.days.astype("datetime64[Y]").astype(int)[day] + 1970
    paths = []
    for y, fmt in ((2020, "%d/%m/%Y"), (2021, "%Y-%m-%d")):
        sel = year == y
        frame = _with_duplicates(rng, _hub_frame(rng, b, model, cells[sel], ids[sel], fmt), HUB_DUPLICATE_SHARE)
        paths.append(_write_csv(frame, out / "community_hub" / f"hub_requests_{y}.csv"))
    return paths


def write_hub_rows(path: Path, n_rows: int, *, seed: int = DEFAULT_SEED, chunk_rows: int = 200_000) -> Path:
    """Stream one hub CSV of exactly ``n_rows`` requests (same story, day-first dates), chunk by chunk."""
    if n_rows < 0:
        raise ValueError("n_rows must be zero or more")
    b = borough()
    model = hub_model(b)
    cdf = np.cumsum(model.expected.ravel())
    cdf /= cdf[-1]
    rng = np.random.default_rng([seed, 99])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(HUB_HEADER) + "\n")
        done = 0
        while done < n_rows:
            size = min(chunk_rows, n_rows - done)
            cells = np.sort(np.searchsorted(cdf, rng.random(size), side="right").clip(max=len(cdf) - 1))
            ids = np.array([f"B{i:09d}" for i in range(done + 1, done + size + 1)], dtype=object)
            frame = _hub_frame(rng, b, model, cells, ids, "%d/%m/%Y")
            take = np.arange(size)
            dup = np.flatnonzero(rng.random(size) < HUB_DUPLICATE_SHARE)
            dup = dup[dup > 0]
            take[dup] = take[dup - 1]  # an exact repeat of the row before, keeping the count at n_rows
            handle.write(frame.iloc[take].to_csv(index=False, header=False, lineterminator="\n"))
            done += size
    return path


# ---------------------------------------------------------------------------------------------------
# Citizens Advice
# ---------------------------------------------------------------------------------------------------

CA_START, CA_END = "2019-01-01", "2021-12-31"
CA_EXPECTED_ISSUES_2019 = 4_200
CA_EXTRA_ISSUES_MEAN, CA_MAX_ISSUES = 1.2, 6
CA_DAY_SHAPE = 30.0
BANK_HOLIDAYS = (
    "2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25",
    "2019-12-26", "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31",
    "2020-12-25", "2020-12-28", "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31",
    "2021-08-30", "2021-12-27", "2021-12-28",
)
CA_AGE_RANGES = (("Under 18", 0, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44),
                 ("45-54", 45, 54), ("55-64", 55, 64), ("65-74", 65, 74), ("75+", 75, 100))
CA_AGE_RATE = (0.05, 0.8, 1.2, 1.2, 1.1, 0.9, 0.6, 0.45)  # relative issues per head
CA_NOT_RECORDED_AGE = 0.04
CA_DOORS_CLOSED = {"2020-03-20": 1.0, "2020-03-25": 0.5, "2020-04-15": 1.0}
CA_CATEGORIES: dict[str, tuple[float, dict[str, float], tuple[float, ...]]] = {
    # category: (2019 share, multiplier curve against 2019, relative rate by CA_AGE_RANGES)
    "Benefits & tax credits": (0.20, {"2020-03-22": 1.0, "2020-04-15": 0.8, "2020-07-01": 1.0},
                               (0.2, 0.8, 0.9, 1.0, 1.1, 1.3, 1.4, 1.4)),
    "Universal Credit": (0.12, {"2020-03-22": 1.0, "2020-04-15": 2.2, "2020-07-01": 1.6, "2020-12-31": 1.4,
                                "2021-06-30": 1.2, "2021-10-06": 1.5, "2021-12-31": 1.4},
                         (0.1, 1.2, 1.3, 1.2, 1.0, 0.8, 0.05, 0.02)),
    "Debt": (0.18, {"2020-03-22": 1.0, "2020-04-15": 0.6, "2020-09-01": 0.85, "2021-03-31": 0.95,
                    "2021-12-31": 1.05}, (0.1, 1.0, 1.1, 1.1, 1.0, 0.9, 0.7, 0.5)),
    "Employment": (0.07, {"2020-03-22": 1.0, "2020-04-15": 1.8, "2020-07-01": 1.5, "2020-10-15": 2.0,
                          "2020-12-31": 1.6, "2021-06-30": 1.2, "2021-10-06": 1.5, "2021-12-31": 1.1},
                   (0.2, 1.0, 1.2, 1.2, 1.1, 0.9, 0.2, 0.02)),
    "Housing": (0.12, {"2020-03-22": 1.0, "2020-04-01": 1.4, "2020-12-31": 1.4, "2021-03-31": 1.3,
                       "2021-12-31": 1.25}, (0.3, 1.3, 1.2, 1.0, 0.9, 0.8, 0.7, 0.7)),
    "Relationships & family": (0.08, {"2020-03-22": 1.0, "2020-04-15": 0.8, "2020-07-01": 1.1,
                                      "2021-12-31": 1.05}, (0.3, 1.0, 1.3, 1.3, 1.0, 0.6, 0.3, 0.2)),
    "Consumer": (0.06, {"2020-03-22": 1.0, "2020-04-15": 1.6, "2020-07-01": 1.0, "2021-12-31": 0.95},
                 (0.2, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9)),
    "Legal": (0.04, {"2020-03-22": 1.0, "2020-04-15": 0.7, "2020-09-01": 0.9, "2021-12-31": 0.95},
              (0.2, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.8)),
    "Health & community care": (0.04, {"2020-03-22": 1.0, "2020-04-15": 1.3, "2020-09-01": 1.1,
                                       "2021-12-31": 1.05}, (0.2, 0.5, 0.6, 0.7, 0.9, 1.2, 2.0, 2.8)),
    "Other": (0.09, {"2020-03-22": 1.0, "2020-04-15": 1.8, "2020-07-01": 1.2, "2021-01-13": 1.5,
                     "2021-06-30": 1.1, "2021-12-31": 1.1}, (0.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)),
}
_ALWAYS: dict[str, float] = {"2019-01-01": 1.0}
_TEST_AND_TRACE = {"2020-09-27": 0.0, "2020-09-28": 1.0}
CA_DETAILS: dict[str, tuple[tuple[str, float, dict[str, float]], ...]] = {
    # category: ((detail, weight, curve over time), ...)
    "Benefits & tax credits": (
        ("Personal Independence Payment", 0.30, _ALWAYS), ("Employment and Support Allowance", 0.20, _ALWAYS),
        ("Council Tax Reduction", 0.15, _ALWAYS), ("Child Benefit", 0.08, _ALWAYS),
        ("Tax credits", 0.17, _ALWAYS),
        ("Test and Trace support payment – self-isolation", 0.10, _TEST_AND_TRACE),
    ),
    "Universal Credit": (
        ("UC initial claim", 0.35, _ALWAYS), ("UC advance payment", 0.15, _ALWAYS),
        ("UC deductions", 0.15, _ALWAYS), ("UC sanctions", 0.10, _ALWAYS), ("UC managing a claim", 0.25, _ALWAYS),
    ),
    "Debt": (
        ("Council tax arrears", 0.22, _ALWAYS), ("Credit card debt", 0.18, _ALWAYS), ("Fuel debt", 0.15, _ALWAYS),
        ("Debt relief order", 0.10, _ALWAYS), ("Water arrears", 0.10, _ALWAYS), ("Personal loans", 0.15, _ALWAYS),
        ("Bailiffs and enforcement", 0.10, _ALWAYS),
    ),
    "Employment": (
        ("Redundancy", 0.20, {"2020-03-22": 1.0, "2020-05-31": 1.5, "2020-09-15": 3.5, "2020-11-15": 3.5,
                              "2021-01-31": 1.8, "2021-06-30": 1.3, "2021-10-01": 2.2, "2021-12-31": 1.3}),
        ("Furlough / Job Retention Scheme", 0.30,
         {"2020-03-19": 0.0, "2020-03-20": 1.0, "2021-09-30": 1.0, "2021-10-31": 0.1}),
        ("Dismissal", 0.20, _ALWAYS), ("Pay and entitlements", 0.30, _ALWAYS),
        ("Terms and conditions", 0.15, _ALWAYS), ("Sick pay", 0.15, _ALWAYS),
    ),
    "Housing": (
        ("Rent arrears", 0.25, _ALWAYS), ("Threatened homelessness", 0.20, _ALWAYS),
        ("Private landlord repairs", 0.20, _ALWAYS), ("Eviction notice", 0.15, _ALWAYS),
        ("Social housing application", 0.20, _ALWAYS),
    ),
    "Relationships & family": (
        ("Divorce/separation", 0.40, _ALWAYS), ("Child maintenance", 0.25, _ALWAYS),
        ("Domestic abuse", 0.20, _ALWAYS), ("Child contact", 0.15, _ALWAYS),
    ),
    "Consumer": (
        ("Energy supplier", 0.30, _ALWAYS), ("Faulty goods", 0.25, _ALWAYS),
        ("Travel refunds", 0.20, {"2020-03-10": 1.0, "2020-04-15": 4.0, "2020-06-30": 2.0, "2020-09-30": 1.0}),
        ("Phone and broadband", 0.25, _ALWAYS),
    ),
    "Legal": (
        ("Immigration", 0.30, _ALWAYS), ("Small claims", 0.30, _ALWAYS), ("Legal aid", 0.20, _ALWAYS),
        ("Wills and probate", 0.20, _ALWAYS),
    ),
    "Health & community care": (
        ("Care costs", 0.30, _ALWAYS), ("NHS complaints", 0.30, _ALWAYS),
        ("Coronavirus shielding", 0.30, {"2020-03-19": 0.0, "2020-03-20": 1.0, "2021-03-31": 1.0,
                                         "2021-04-30": 0.0}),
        ("Blue Badge", 0.20, _ALWAYS),
    ),
    "Other": (
        ("Food bank voucher", 0.45, {"2020-03-22": 1.0, "2020-04-15": 2.0}), ("Charitable support", 0.25, _ALWAYS),
        ("Utilities", 0.15, _ALWAYS), ("Travel and transport", 0.15, _ALWAYS),
    ),
}
CA_CHANNELS = ("Face to face", "Phone", "Adviceline", "Email", "Webchat")
CA_CHANNEL_MIX = (  # (from date, mix by CA_CHANNELS)
    ("2019-01-01", (0.45, 0.30, 0.12, 0.08, 0.05)),
    ("2020-03-23", (0.03, 0.45, 0.25, 0.15, 0.12)),
    ("2021-07-19", (0.20, 0.38, 0.20, 0.12, 0.10)),
)
CA_GENDERS = (("Female", 0.56), ("Male", 0.405), ("Other", 0.005), ("Not recorded", 0.03))
CA_HEADER = ("Client Ref", "Contact Date", "Ward", "Age Range", "Gender", "Channel", "Issue Category",
             "Issue Detail")
CA_TITLE = "Citizens Advice Chorley — advice issues 2021"


def _mean_issues_per_client() -> float:
    """E[1 + min(X, CA_MAX_ISSUES - 1)] for X ~ Poisson(CA_EXTRA_ISSUES_MEAN): sum of P(X > j)."""
    lam = CA_EXTRA_ISSUES_MEAN
    pmf = [math.exp(-lam) * lam ** k / math.factorial(k) for k in range(CA_MAX_ISSUES)]
    return 1.0 + sum(1.0 - sum(pmf[: j + 1]) for j in range(CA_MAX_ISSUES - 1))


def _ca_issues(rng: np.random.Generator, b: Borough) -> pd.DataFrame:
    """One row per issue for 2019-2021 with typed values (dates as datetime64) before formatting."""
    days = _days(CA_START, CA_END)
    cats = list(CA_CATEGORIES)
    is_open = (_weekday(days) < 5) & ~np.isin(days, np.array(BANK_HOLIDAYS, dtype="datetime64[D]"))
    pop = np.column_stack([b.ages(lo, hi) for _, lo, hi in CA_AGE_RANGES]).astype(float)
    # issue mix by day x age x category: 2019 share x curve x age modifier
    mix = np.stack([share * _curve(curve, days)[:, None] * np.array(age)[None, :]
                    for share, curve, age in CA_CATEGORIES.values()], axis=-1)
    per_client = _mean_issues_per_client()
    issues = (is_open * _curve(CA_DOORS_CLOSED, days))[:, None, None] * mix.sum(-1)[:, None, :] \
        * (pop * np.array(CA_AGE_RATE) * b.deprivation[:, None])[None, :, :]
    in_2019 = days < np.datetime64("2020-01-01")
    issues *= CA_EXPECTED_ISSUES_2019 / issues[in_2019].sum()
    frailty = rng.gamma(CA_DAY_SHAPE, 1.0 / CA_DAY_SHAPE, size=len(days))
    clients = rng.poisson(issues / per_client * frailty[:, None, None])
    cell = np.repeat(np.arange(clients.size), clients.ravel())
    day, ward, age = np.unravel_index(cell, clients.shape)
    n_clients = len(cell)

    n_issues = 1 + np.minimum(rng.poisson(CA_EXTRA_ISSUES_MEAN, n_clients), CA_MAX_ISSUES - 1)
    owner = np.repeat(np.arange(n_clients), n_issues)
    cat = _choose(rng, mix[day[owner], age[owner]])
    detail = np.empty(len(owner), dtype=object)
    for c, name in enumerate(cats):
        at = np.flatnonzero(cat == c)
        options = CA_DETAILS[name]
        weights = np.column_stack([w * _curve(curve, days[day[owner[at]]]) for _, w, curve in options])
        detail[at] = np.array([o[0] for o in options], dtype=object)[_choose(rng, weights)]

    channel_from = np.array([np.datetime64(d) for d, _ in CA_CHANNEL_MIX])
    period = np.searchsorted(channel_from, days[day], side="right") - 1
    channel = _choose(rng, np.array([m for _, m in CA_CHANNEL_MIX])[period])
    gender = rng.choice(len(CA_GENDERS), size=n_clients, p=[p for _, p in CA_GENDERS])
    age_text = np.array([a for a, _, _ in CA_AGE_RANGES], dtype=object)[age]
    age_text[rng.random(n_clients) < CA_NOT_RECORDED_AGE] = "Not recorded"
    frame = pd.DataFrame({
        "client": owner, "date": days[day][owner], "Ward": _ward_text(rng, ward, b.names)[owner],
        "Age Range": age_text[owner], "Gender": np.array([g for g, _ in CA_GENDERS], dtype=object)[gender][owner],
        "Channel": np.array(CA_CHANNELS, dtype=object)[channel][owner],
        "Issue Category": np.array(cats, dtype=object)[cat], "Issue Detail": detail,
    })
    # one row per (client, issue): a detail raised twice at one contact is one issue
    return frame.drop_duplicates(["client", "Issue Category", "Issue Detail"]).reset_index(drop=True)


def _write_ca(out: Path, b: Borough, seed: int) -> list[Path]:
    rng = np.random.default_rng([seed, 2])
    issues = _ca_issues(rng, b)
    folder = out / "citizens_advice"
    paths = []
    year = issues["date"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    for y in (2019, 2020, 2021):
        frame = issues[year == y].copy()
        order = pd.factorize(frame["client"])[0]
        frame.insert(0, "Client Ref", [f"{y % 100:02d}{i + 1:05d}" for i in order])
        if y < 2021:
            frame.insert(1, "Contact Date", pd.to_datetime(frame["date"]).dt.strftime("%d/%m/%Y"))
            frame = frame[list(CA_HEADER)]
            if y == 2019:
                paths.append(_write_csv(frame, folder / "ca_issues_2019.csv", encoding="utf-8-sig", crlf=True))
            else:
                paths.append(_write_csv(frame, folder / "ca_issues_2020.csv", encoding="cp1252", crlf=True,
                                        trailing_blank=True))
        else:
            frame.insert(1, "Contact Date", pd.to_datetime(frame["date"]))
            paths.append(_write_ca_xlsx(frame[list(CA_HEADER)], folder / "ca_issues_2021.xlsx"))
    return paths


def _write_ca_xlsx(frame: pd.DataFrame, path: Path) -> Path:
    wb = Workbook(write_only=True)
    wb.properties.creator = "Citizens Advice Chorley (sample)"
    wb.properties.created = datetime(2022, 1, 4)
    ws = wb.create_sheet("Issues 2021")
    ws.append([CA_TITLE])
    ws.append([])
    ws.append(list(CA_HEADER))
    for row in frame.itertuples(index=False):
        when = WriteOnlyCell(ws, value=row[1].to_pydatetime())
        when.number_format = "DD/MM/YYYY"
        ws.append([row[0], when, *row[2:]])
    buffer = io.BytesIO()
    wb.save(buffer)
    return _write_zip(path, _stable_xlsx(buffer.getvalue()))


# ---------------------------------------------------------------------------------------------------
# Police (police.uk street-level CSVs in one zip)
# ---------------------------------------------------------------------------------------------------

POLICE_START, POLICE_END = "2019-01", "2021-12"
POLICE_FORCE = "Lancashire Constabulary"
POLICE_BASE = {  # Chorley rows per month, 2019 level
    "Anti-social behaviour": 165, "Bicycle theft": 4, "Burglary": 50, "Criminal damage and arson": 78,
    "Drugs": 11, "Other crime": 20, "Other theft": 58, "Possession of weapons": 5, "Public order": 56,
    "Robbery": 3, "Shoplifting": 46, "Theft from the person": 8, "Vehicle crime": 38,
    "Violence and sexual offences": 290,
}
POLICE_GROUP = {
    "Anti-social behaviour": "asb", "Drugs": "drugs",
    **{t: "acquisitive" for t in ("Bicycle theft", "Burglary", "Other theft", "Robbery", "Shoplifting",
                                  "Theft from the person", "Vehicle crime")},
    **{t: "violence" for t in ("Criminal damage and arson", "Other crime", "Possession of weapons",
                               "Public order", "Violence and sexual offences")},
}
POLICE_SUMMER_PEAK = 0.08  # +/- seasonal swing (peak July) for ASB and the violence group
POLICE_MONTHLY = {  # multiplier against 2019, each month's value held until the next entry
    "asb": {"2020-03": 1.25, "2020-04": 1.65, "2020-05": 1.6, "2020-06": 1.35, "2020-07": 1.25, "2020-08": 1.2,
            "2020-09": 1.1, "2020-10": 1.15, "2020-11": 1.45, "2020-12": 1.2, "2021-01": 1.45, "2021-02": 1.35,
            "2021-03": 1.2, "2021-04": 1.05, "2021-05": 1.0},
    "acquisitive": {"2020-03": 0.85, "2020-04": 0.5, "2020-05": 0.6, "2020-06": 0.75, "2020-07": 0.85,
                    "2020-08": 0.9, "2020-09": 0.92, "2020-10": 0.9, "2020-11": 0.7, "2020-12": 0.8,
                    "2021-01": 0.62, "2021-02": 0.62, "2021-03": 0.72, "2021-04": 0.85, "2021-05": 0.9,
                    "2021-06": 0.93},
    "violence": {"2020-03": 0.95, "2020-04": 0.75, "2020-05": 0.85, "2020-06": 1.05, "2020-07": 1.12,
                 "2020-08": 1.12, "2020-09": 1.05, "2020-10": 1.0, "2020-11": 0.88, "2020-12": 0.95,
                 "2021-01": 0.82, "2021-02": 0.85, "2021-03": 0.95, "2021-04": 1.02, "2021-05": 1.06,
                 "2021-06": 1.08},
    "drugs": {"2020-04": 1.5, "2020-05": 1.45, "2020-06": 1.2, "2020-07": 1.1, "2020-11": 1.3, "2020-12": 1.15,
              "2021-01": 1.35, "2021-02": 1.3, "2021-03": 1.15, "2021-04": 1.05},
}
POLICE_MONTH_SHAPE = 600.0
POLICE_OUTCOMES = (
    ("Investigation complete; no suspect identified", 0.33), ("Unable to prosecute suspect", 0.30),
    ("Status update unavailable", 0.08), ("Court result unavailable", 0.05), ("Local resolution", 0.05),
    ("Offender given a caution", 0.03), ("Further investigation is not in the public interest", 0.03),
    ("Action to be taken by another organisation", 0.02), ("Formal action is not in the public interest", 0.01),
    ("Awaiting court outcome", 0.02), ("Offender sent to prison", 0.01),
    ("Offender given community sentence", 0.01), ("Suspect charged as part of another case", 0.01),
    ("Under investigation", 0.05),
)
POLICE_SNAP_POINTS = 10  # anonymised map points per LSOA, as police.uk snaps crimes to nearby points
POLICE_PLACES = (
    "Park Road", "Church Street", "Market Street", "Station Road", "Mill Lane", "School Lane", "Chapel Street",
    "Queens Road", "Victoria Street", "Highfield Road", "Moor Road", "Spring Gardens", "Orchard Drive",
    "Windsor Avenue", "Meadow Way", "Cedar Close", "Brook Street", "The Green", "Hollin Lane", "Oak Avenue",
    "Railway Road", "Bridge Street", "King Street", "New Street", "Hall Lane", "Ash Grove", "Beech Drive",
)
POLICE_STREETS = len(POLICE_PLACES)
POLICE_PLACES += (
    "Parking Area", "Supermarket", "Shopping Area", "Petrol Station", "Sports/Recreation Area",
    "Further/Higher Educational Building", "Pedestrian Subway", "Nightclub",
)
POLICE_OUT_OF_AREA = (  # illustrative neighbouring LSOAs (not Chorley) and a point near each
    ("E01025321", "South Ribble 004A", -2.6952, 53.7011), ("E01025334", "South Ribble 006C", -2.7018, 53.6944),
    ("E01025352", "South Ribble 009B", -2.6841, 53.7102), ("E01025367", "South Ribble 012D", -2.7105, 53.6889),
    ("E01025383", "South Ribble 015A", -2.6793, 53.7188),
)
POLICE_OUT_OF_AREA_MEAN = 6
POLICE_HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                 "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")


def _police_points(rng: np.random.Generator, b: Borough) -> tuple[np.ndarray, np.ndarray]:
    """Per LSOA: POLICE_SNAP_POINTS (lon, lat) points inside its ward's approximate cell, and place names."""
    _, cells = geometry.approximate_geometry(b.points)
    coords = np.zeros((len(b.lsoa), POLICE_SNAP_POINTS, 2))
    places = np.empty((len(b.lsoa), POLICE_SNAP_POINTS), dtype=object)
    for i, w in enumerate(b.lsoa["ward"]):
        centre = geometry.points_within(cells[w], b.points[w], 1, rng, spread_m=700.0)[0]
        coords[i] = geometry.points_within(cells[w], tuple(centre), POLICE_SNAP_POINTS, rng, spread_m=350.0)
        names = rng.choice(len(POLICE_PLACES), size=POLICE_SNAP_POINTS, replace=False)
        places[i] = [f"On or near {POLICE_PLACES[k]}" for k in names]
    return coords, places


def _police_month(rng: np.random.Generator, b: Borough, month: str, expected: np.ndarray, points: np.ndarray,
                  places: np.ndarray, months_to_end: int) -> bytes:
    types = list(POLICE_BASE)
    counts = rng.poisson(expected * rng.gamma(POLICE_MONTH_SHAPE, 1.0 / POLICE_MONTH_SHAPE))  # lsoa x type
    lsoa, kind = np.nonzero(counts)
    reps = counts[lsoa, kind]
    lsoa, kind = np.repeat(lsoa, reps), np.repeat(kind, reps)
    snap = rng.integers(0, POLICE_SNAP_POINTS, len(lsoa))
    codes = b.lsoa["code"].to_numpy(dtype=object)[lsoa]
    names = b.lsoa["name"].to_numpy(dtype=object)[lsoa]
    lon, lat = points[lsoa, snap, 0], points[lsoa, snap, 1]
    where = places[lsoa, snap]

    n_away = rng.poisson(POLICE_OUT_OF_AREA_MEAN)
    away = rng.integers(0, len(POLICE_OUT_OF_AREA), n_away)
    base = np.array(list(POLICE_BASE.values()), dtype=float)
    away_kind = rng.choice(len(types), size=n_away, p=base / base.sum())
    codes = np.concatenate([codes, [POLICE_OUT_OF_AREA[a][0] for a in away]])
    names = np.concatenate([names, [POLICE_OUT_OF_AREA[a][1] for a in away]])
    lon = np.concatenate([lon, [POLICE_OUT_OF_AREA[a][2] + rng.normal(0, 0.002) for a in away]])
    lat = np.concatenate([lat, [POLICE_OUT_OF_AREA[a][3] + rng.normal(0, 0.001) for a in away]])
    streets = rng.integers(0, POLICE_STREETS, n_away)
    where = np.concatenate([where, [f"On or near {POLICE_PLACES[k]}" for k in streets]])
    kind = np.concatenate([kind, away_kind])

    n = len(kind)
    is_asb = np.array(types, dtype=object)[kind] == "Anti-social behaviour"
    raw = np.frombuffer(rng.bytes(32 * n), dtype=np.uint8).reshape(n, 32)
    crime_id = np.array([r.tobytes().hex() for r in raw], dtype=object)
    crime_id[is_asb] = ""
    p = np.array([q for _, q in POLICE_OUTCOMES])
    p = np.tile(p, (n, 1))
    p[:, -1] += 0.45 * np.exp(-months_to_end / 2.0)  # recent crimes are still under investigation
    outcome = np.array([o for o, _ in POLICE_OUTCOMES], dtype=object)[_choose(rng, p)]
    outcome[is_asb] = ""
    frame = pd.DataFrame({
        "Crime ID": crime_id, "Month": month, "Reported by": POLICE_FORCE, "Falls within": POLICE_FORCE,
        "Longitude": [f"{x:.6f}" for x in lon], "Latitude": [f"{y:.6f}" for y in lat], "Location": where,
        "LSOA code": codes, "LSOA name": names, "Crime type": np.array(types, dtype=object)[kind],
        "Last outcome category": outcome, "Context": "",
    })
    frame = frame.sort_values(["LSOA code", "Crime type"], kind="stable")
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _write_police(out: Path, b: Borough, seed: int) -> list[Path]:
    rng = np.random.default_rng([seed, 3])
    points, places = _police_points(rng, b)
    months = _month_labels(POLICE_START, POLICE_END)
    weight = (b.lsoa["imd_score"].to_numpy() / b.lsoa["imd_score"].mean()) ** DEPRIVATION_ELASTICITY
    weight /= weight.sum()
    types = list(POLICE_BASE)
    by_month = np.column_stack([_monthly(POLICE_MONTHLY[POLICE_GROUP[t]], months) for t in types])
    month_no = np.array([int(m[5:]) for m in months])
    season = 1 + POLICE_SUMMER_PEAK * np.cos(2 * np.pi * (month_no - 7) / 12)
    seasonal = np.array([POLICE_GROUP[t] in ("asb", "violence") for t in types])
    by_month = by_month * np.where(seasonal[None, :], season[:, None], 1.0)
    base = np.array(list(POLICE_BASE.values()), dtype=float)
    members = []
    for i, month in enumerate(months):
        expected = weight[:, None] * (base * by_month[i])[None, :]
        body = _police_month(rng, b, month, expected, points, places, len(months) - 1 - i)
        members.append((f"{month}/{month}-lancashire-street.csv", body))
    return [_write_zip(out / "police_uk" / "police_uk_2019-01_2021-12.zip", members)]


# ---------------------------------------------------------------------------------------------------
# GP appointments (NHS Digital practice-level variant) and the practice list
# ---------------------------------------------------------------------------------------------------

PRACTICES = (  # code, name, postcode (fictional), ward code, registered patients, PCN code, PCN name
    ("P81901", "Sample Medical Centre (Chorley East)", "PR7 1ZA", "E05013066", 13_500, "U90001",
     "Sample PCN Chorley Central"),
    ("P81902", "Sample Surgery (Chorley North West)", "PR7 2ZB", "E05013068", 11_800, "U90001",
     "Sample PCN Chorley Central"),
    ("P81903", "Sample Health Centre (Chorley South West)", "PR7 3ZD", "E05013071", 9_600, "U90001",
     "Sample PCN Chorley Central"),
    ("P81904", "Sample Family Practice (Chorley North & Astley)", "PR6 0ZE", "E05013069", 12_200, "U90001",
     "Sample PCN Chorley Central"),
    ("P81905", "Sample Medical Practice (Buckshaw & Whittle)", "PR7 7ZF", "E05013065", 14_100, "U90002",
     "Sample PCN Chorley North"),
    ("P81906", "Sample Surgery (Clayton)", "PR25 5ZG", "E05013073", 13_400, "U90002", "Sample PCN Chorley North"),
    ("P81907", "Sample Medical Centre (Adlington)", "PR6 9ZH", "E05013064", 9_300, "U90003",
     "Sample PCN Chorley South and Rural"),
    ("P81908", "Sample Surgery (Coppull)", "PR7 5ZJ", "E05013074", 10_200, "U90003",
     "Sample PCN Chorley South and Rural"),
    ("P81909", "Sample Village Practice (Eccleston)", "PR7 5ZL", "E05013076", 8_900, "U90003",
     "Sample PCN Chorley South and Rural"),
    ("P81910", "Sample Health Centre (Euxton & Croston)", "PR7 6ZN", "E05013077", 15_400, "U90003",
     "Sample PCN Chorley South and Rural"),
)
GP_START, GP_END = "2019-01", "2021-12"
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
    tilt = rng.normal(1.0, 0.06, len(PRACTICES))  # some practices kept more face to face than others
    rows = []
    for i, month in enumerate(months):
        label = pd.Timestamp(month).strftime("%b%Y").upper()
        video = "Video Conference/Online" if month < "2020-01" else "Video/Online"
        for p, practice in enumerate(PRACTICES):
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
                    rows.append((practice[0], practice[1], practice[5], practice[6], label, status, hcp,
                                 video if mode == "Video/Online" else mode, band, count))
    frame = pd.DataFrame(rows, columns=list(GP_HEADER))
    return [_write_csv(frame, out / "gp_appointments" / "gp_appointments_practice_2019-2021.csv")]


# ---------------------------------------------------------------------------------------------------
# Mental health trust referrals
# ---------------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------------
# Voluntary, community and faith sector survey
# ---------------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------------


def generate(out_dir: Path, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every sample extract under ``out_dir``; return the paths written, sorted."""
    out = Path(out_dir)
    b = borough()
    paths = [
        *_write_reference(out, b),
        *_write_hub(out, b, seed),
        *_write_ca(out, b, seed),
        *_write_police(out, b, seed),
        *_write_gp(out, seed),
        *_write_mh(out, b, seed),
        *_write_vcfs(out, b, seed),
    ]
    return sorted(paths)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_data.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the extracts (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--hub-rows", type=int, help="write one community-hub CSV of exactly this many rows")
    parser.add_argument("--hub-out", type=Path, help="the file for --hub-rows")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.hub_rows is not None:
        if args.hub_out is None:
            parser.error("--hub-rows needs --hub-out FILE")
        if args.hub_rows < 0:
            parser.error("--hub-rows must be zero or more")
        write_hub_rows(args.hub_out, args.hub_rows, seed=args.seed)
        took = time.perf_counter() - started
        print(f"{args.hub_rows:,} hub rows -> {args.hub_out} in {took:.1f} s "
              f"({args.hub_rows / max(took, 1e-9):,.0f} rows/s)")
        return 0
    paths = generate(args.out, seed=args.seed)
    total = sum(p.stat().st_size for p in paths)
    for p in paths:
        print(f"{p.stat().st_size:>10,}  {p}")
    print(f"{len(paths)} files, {total:,} bytes in {time.perf_counter() - started:.1f} s. {ATTRIBUTION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
