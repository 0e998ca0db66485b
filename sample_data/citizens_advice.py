"""Sample Citizens Advice exports: advice issues, a CSV per year (UTF-8 with BOM, Windows-1252) and an .xlsx."""

from __future__ import annotations

import io
import math
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from sample_data.common import (
    Borough,
    _choose,
    _curve,
    _days,
    _stable_xlsx,
    _ward_text,
    _weekday,
    _write_csv,
    _write_zip,
)

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
    issues *= CA_EXPECTED_ISSUES_2019 * b.scale / issues[in_2019].sum()
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


def write(out: Path, b: Borough, seed: int) -> list[Path]:
    """Write this source's sample files under `out`; return their paths."""
    return _write_ca(out, b, seed)
