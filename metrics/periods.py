"""Periods an indicator is computed for: a month, a quarter, a calendar year or a range of months.

    "2021-03"            one month
    "2021-Q1"            a calendar quarter
    "2021"               a calendar year
    "2020-04..2021-03"   any run of whole months
    None                 the default: the latest three months the source has (a rolling quarter)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Period:
    start: pd.Timestamp  # first day of the first month
    end: pd.Timestamp  # first day of the last month

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def label(self) -> str:
        if self.months == 1:
            return f"{self.start:%b %Y}"
        if self.start.year == self.end.year:
            return f"{self.start:%b}-{self.end:%b %Y}"
        return f"{self.start:%b %Y}-{self.end:%b %Y}"

    @property
    def code(self) -> str:
        return f"{self.start:%Y-%m}" if self.months == 1 else f"{self.start:%Y-%m}..{self.end:%Y-%m}"

    def shifted(self, steps: int) -> Period:
        """The period of the same length `steps` lengths earlier (negative) or later."""
        offset = pd.DateOffset(months=steps * self.months)
        return Period(self.start + offset, self.end + offset)

    def same_months_in(self, year: int) -> Period:
        offset = pd.DateOffset(years=year - self.end.year)
        return Period(self.start + offset, self.end + offset)


def parse_period(text: str | None, *, latest: pd.Timestamp | None = None, default_months: int = 3) -> Period:
    if text is None or text == "":
        if latest is None:
            raise ValueError("no period given and the source has no data to pick the latest period from")
        end = pd.Timestamp(latest).to_period("M").start_time
        return Period(end - pd.DateOffset(months=default_months - 1), end)
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", text):
        start, end = pd.Timestamp(f"{m[1]}-{m[2]}-01"), pd.Timestamp(f"{m[3]}-{m[4]}-01")
    elif m := re.fullmatch(r"(\d{4})-Q([1-4])", text, flags=re.IGNORECASE):
        start = pd.Timestamp(f"{m[1]}-{3 * int(m[2]) - 2:02d}-01")
        end = start + pd.DateOffset(months=2)
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        start = end = pd.Timestamp(text + "-01")
    elif re.fullmatch(r"\d{4}", text):
        start, end = pd.Timestamp(f"{text}-01-01"), pd.Timestamp(f"{text}-12-01")
    else:
        raise ValueError(f"cannot read the period {text!r}: use 2021-03, 2021-Q1, 2021 or 2020-04..2021-03")
    if start > end:
        raise ValueError(f"the period {text!r} ends before it starts")
    return Period(start, end)
