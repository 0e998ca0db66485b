"""What every sample generator shares: the borough model (wards, single-year populations, deprivation),
curves and draws, and writers that make byte-identical files from the same seed."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.interpolate import PchipInterpolator

from sample_data.reference_figures import (
    IMD_COLUMNS,
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
