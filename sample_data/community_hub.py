"""Sample council community hub export: requests by day, ward, age band and type (see sample_data.generate
for the story parameters)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sample_data.common import (
    DEFAULT_SEED,
    Borough,
    _choose,
    _curve,
    _date_strings,
    _days,
    _ward_text,
    _weekday,
    _write_csv,
    borough,
)

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
    "E05010214": (("PR5",), (1.0,)), "E05010215": (("PR5",), (1.0,)), "E05010216": (("PR1",), (1.0,)),
    "E05010217": (("PR25",), (1.0,)), "E05010218": (("PR25", "PR7"), (0.7, 0.3)), "E05010219": (("PR1",), (1.0,)),
    "E05010220": (("PR5",), (1.0,)), "E05010221": (("PR25",), (1.0,)), "E05010222": (("PR25", "PR26"), (0.6, 0.4)),
    "E05010223": (("PR26", "PR25"), (0.6, 0.4)), "E05010224": (("PR4",), (1.0,)), "E05010225": (("PR1",), (1.0,)),
    "E05010226": (("PR25",), (1.0,)), "E05010227": (("PR4",), (1.0,)), "E05010228": (("PR5",), (1.0,)),
    "E05010229": (("PR1",), (1.0,)), "E05010230": (("PR26", "PR25"), (0.7, 0.3)), "E05010231": (("PR4",), (1.0,)),
    "E05010232": (("PR25",), (1.0,)), "E05010233": (("PR5",), (1.0,)), "E05010234": (("PR25",), (1.0,)),
    "E05010235": (("PR5",), (1.0,)), "E05010236": (("PR5",), (1.0,)),
}
OUT_OF_AREA_DISTRICTS = ("PR2", "PR3", "BB2", "WN1", "BL6", "L40")
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
    return HubModel(days, lam * HUB_EXPECTED_TOTAL * b.scale / lam.sum())


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


def write(out: Path, b: Borough, seed: int) -> list[Path]:
    """Write this source's sample files under `out`; return their paths."""
    return _write_hub(out, b, seed)
