"""The periods every indicator is computed for: each month, and each calendar quarter, financial year
(April to March) and calendar year whose months are all held.

    "2021-03"    a month              "2021-Q1"   a calendar quarter
    "2021/22"    a financial year     "2021"      a calendar year

A group is only made when every one of its months is held, so a quarter is never compared with a
quarter that lacks a month. The default period of an indicator is its latest complete quarter (its
latest month when no quarter is complete).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

TYPES = ("month", "quarter", "financial_year", "year")
TYPE_NAMES = {"month": "Month", "quarter": "Quarter", "financial_year": "Financial year", "year": "Calendar year"}
LENGTH = {"month": 1, "quarter": 3, "financial_year": 12, "year": 12}


@dataclass(frozen=True, order=True)
class Period:
    start: pd.Timestamp  # first day of the first month
    kind: str
    end: pd.Timestamp  # first day of the last month

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "financial_year":
            return f"{self.start.year}/{(self.start.year + 1) % 100:02d}"
        return f"{self.start.year}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%b %Y}"
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "financial_year":
            return f"{self.start:%b %Y}-{self.end:%b %Y}"
        return f"{self.start:%b}-{self.end:%b %Y}"

    @property
    def long_label(self) -> str:
        """The label a person reads in a list: 'Q1 2021 (Jan-Mar 2021)', 'Financial year 2021/22' …"""
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year} ({self.label})"
        if self.kind == "financial_year":
            return f"Financial year {self.code} ({self.label})"
        return f"Calendar year {self.code}"

    @property
    def months(self) -> list[pd.Timestamp]:
        return list(pd.date_range(self.start, self.end, freq="MS"))

    @property
    def index(self) -> int:
        """Position on this kind's own time axis (consecutive periods differ by 1): for trends."""
        months = self.start.year * 12 + self.start.month - 1
        return months // LENGTH[self.kind] if self.kind != "financial_year" else (months - 3) // 12


def from_index(kind: str, index: int) -> Period:
    """The month or quarter at a position on its kind's time axis (Period.index), e.g. a future period."""
    if kind not in ("month", "quarter"):
        raise ValueError(f"from_index knows months and quarters, not {kind!r}")
    months = int(index) * LENGTH[kind]
    start = pd.Timestamp(year=months // 12, month=months % 12 + 1, day=1)
    return Period(start, kind, start + pd.DateOffset(months=LENGTH[kind] - 1))


def month(value) -> pd.Timestamp:
    return pd.Timestamp(value).to_period("M").start_time


def _group_start(m: pd.Timestamp, kind: str) -> pd.Timestamp:
    if kind == "quarter":
        return pd.Timestamp(year=m.year, month=3 * ((m.month - 1) // 3) + 1, day=1)
    if kind == "financial_year":
        return pd.Timestamp(year=m.year if m.month >= 4 else m.year - 1, month=4, day=1)
    if kind == "year":
        return pd.Timestamp(year=m.year, month=1, day=1)
    return m


def complete_periods(months: Iterable) -> list[Period]:
    """Every month held, and every quarter, financial year and calendar year with all its months held."""
    held = sorted({month(m) for m in months})
    out = [Period(m, "month", m) for m in held]
    have = set(held)
    for kind in ("quarter", "financial_year", "year"):
        starts = sorted({_group_start(m, kind) for m in held})
        for start in starts:
            end = start + pd.DateOffset(months=LENGTH[kind] - 1)
            period = Period(start, kind, end)
            if all(m in have for m in period.months):
                out.append(period)
    return sorted(out, key=lambda p: (TYPES.index(p.kind), p.start))


def membership(periods: Sequence[Period]) -> pd.DataFrame:
    """One row per period and month it contains: period, kind, month."""
    rows = [(p.code, p.kind, m) for p in periods for m in p.months]
    return pd.DataFrame(rows, columns=["period", "period_type", "month"])


def default_period(periods: Sequence[Period]) -> Period | None:
    """The latest complete quarter, else the latest month."""
    quarters = [p for p in periods if p.kind == "quarter"]
    if quarters:
        return max(quarters, key=lambda p: p.start)
    monthly = [p for p in periods if p.kind == "month"]
    return max(monthly, key=lambda p: p.start) if monthly else None


_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE), "quarter"),
    (re.compile(r"^(\d{4})/(\d{2})$"), "financial_year"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def parse_code(code: str) -> Period:
    """The period a code names; ValueError (with the forms accepted) for anything else."""
    text = str(code).strip()
    for pattern, kind in _PATTERNS:
        m = pattern.fullmatch(text)
        if not m:
            continue
        year = int(m[1])
        if kind == "month":
            if not 1 <= int(m[2]) <= 12:
                break
            start = pd.Timestamp(year=year, month=int(m[2]), day=1)
        elif kind == "quarter":
            start = pd.Timestamp(year=year, month=3 * int(m[2]) - 2, day=1)
        elif kind == "financial_year":
            if int(m[2]) != (year + 1) % 100:
                break
            start = pd.Timestamp(year=year, month=4, day=1)
        else:
            start = pd.Timestamp(year=year, month=1, day=1)
        return Period(start, kind, start + pd.DateOffset(months=LENGTH[kind] - 1))
    raise ValueError(f"cannot read the period {code!r}: use 2021-03, 2021-Q1, 2021/22 or 2021")
