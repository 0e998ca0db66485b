"""What every sample generator shares: the borough model (wards, single-year populations, deprivation),
curves and draws, and writers that make byte-identical files from the same seed."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_SEED = 20200323
DEFAULT_OUT = Path(__file__).resolve().parent / "extracts"
FIXED_ZIP_TIME = (2022, 1, 4, 0, 0, 0)  # the date stamped on every zip / xlsx entry
FIXED_XLSX_TIME = b"2022-01-04T00:00:00Z"

DEPRIVATION_ELASTICITY = 1.5  # Chorley East gets ~2.6x the demand per head of Euxton, as in the old score-based model
PUBLIC = Path(__file__).resolve().parent / "public"
REFERENCE_POPULATION = 117_753  # Chorley's Census 2021 ward total: the generators' volumes are set for it
ENGLAND_LSOAS_2011 = 32_844  # IoD 2019 ranks run 1 (most deprived) .. 32,844


@dataclass(frozen=True)
class Borough:
    """The partnership as the generators see it, from the real public files (sample_data/public): its wards
    (with district and reference point), Census 2021 residents by ward and single year of age, and a
    deprivation multiplier per ward from IoD 2019 (the edition both districts have)."""

    codes: list[str]
    names: list[str]
    districts: list[str]
    points: list[tuple[float, float]]
    population: np.ndarray  # wards x 101 single years (100 = 100+)
    imd_weight: np.ndarray  # per ward: mean of its LSOAs' 1 + ln(32,844 / IMD 2019 rank)
    deprivation: np.ndarray  # per ward multiplier

    def ages(self, lo: int, hi: int) -> np.ndarray:
        """Population per ward aged lo..hi inclusive (hi >= 100 includes 100+)."""
        return self.population[:, lo: min(hi, 100) + 1].sum(axis=1)

    @property
    def scale(self) -> float:
        """Residents against Chorley's 117,753, for which the generators' volumes are set."""
        return float(self.population.sum()) / REFERENCE_POPULATION


def _wards(public: Path) -> pd.DataFrame:
    rows = []
    for path in sorted((public / "boundaries").glob("*_wards_wd25_bgc.geojson")):
        for feature in json.loads(path.read_text())["features"]:
            p = feature["properties"]
            rows.append((p["WD25CD"], p["WD25NM"], p["LAD25CD"], float(p["LONG"]), float(p["LAT"])))
    return pd.DataFrame(rows, columns=["code", "name", "district", "lon", "lat"]).sort_values(
        ["district", "code"]).reset_index(drop=True)


def borough(public: Path = PUBLIC) -> Borough:
    wards = _wards(public)
    codes = list(wards["code"])
    census = pd.concat([pd.read_csv(p, dtype={"age": str}) for p in
                        sorted((public / "population").glob("*_census2021_wd_syoa_usual_residents.csv"))])
    census = census[census["row_type"] == "single_year"]
    census["age"] = census["age"].str.rstrip("+").astype(int)
    population = (census.pivot_table(index="ward_code", columns="age", values="usual_residents", aggfunc="sum")
                  .reindex(index=codes, columns=range(101)).fillna(0).to_numpy(dtype=np.int64))
    lookup = pd.read_csv(next((public / "lookups").glob("lsoa11_to_wd25_*.csv")))
    imd = pd.concat([pd.read_csv(p)[["lsoa11_code", "IMD_rank"]] for p in sorted((public / "imd").glob("*_imd2019_*.csv"))])
    lsoas = imd.merge(lookup, left_on="lsoa11_code", right_on="LSOA11CD")
    lsoas["weight"] = 1 + np.log(ENGLAND_LSOAS_2011 / lsoas["IMD_rank"])
    weight = lsoas.groupby("WD25CD")["weight"].mean().reindex(codes).to_numpy()
    return Borough(
        codes=codes, names=list(wards["name"]), districts=list(wards["district"]),
        points=list(zip(wards["lon"], wards["lat"], strict=True)), population=population, imd_weight=weight,
        deprivation=(weight / weight.mean()) ** DEPRIVATION_ELASTICITY)


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




def practices(public: Path = PUBLIC) -> pd.DataFrame:
    """The 26 real practices of Chorley & South Ribble CCG (00X) with their PCN and list size (the shipped
    practice list): the generated GP appointments are for these practices."""
    return pd.read_csv(public / "pcn" / "gp_practices_00X_DERIVED.csv", dtype=str).assign(
        **{"Registered Patients": lambda f: f["Registered Patients"].astype(int)})
