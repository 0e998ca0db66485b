"""Typing a partner's columns: dates, months, counts, wards and category values.

Every check records the spreadsheet rows it refuses, the column and the fix, in a `Checker`; the loader
then either raises one `LoadError` listing everything (the default, all-or-nothing) or, for a partial
load the caller asked for, quarantines those rows with their reasons.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from data_loaders.context import UNKNOWN_WARD_VALUES, LoadContext, ward_key
from data_loaders.errors import LoadError, Problem
from data_loaders.reading import ROW

DAY_FIRST = r"^\d{1,2}/\d{1,2}/\d{4}(?: \d{1,2}:\d{2}(?::\d{2})?)?$"
ISO = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$"
EXCEL_SERIAL = r"^\d{5}(?:\.\d+)?$"  # 10000..99999 days: 1927..2173 in Excel's 1900 system
# Dates before a source can have data are typing slips, not demand (01/01/1900 is Excel's day 1, what an
# empty cell turned into a date shows). A loader may set its own EARLIEST (police.uk starts in Dec 2010).
EARLIEST = "2000-01-01"
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


@dataclass
class Checker:
    """Collects row-level problems for one file."""

    path: Path
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    bad: dict[int, list[str]] = field(default_factory=dict)  # frame position -> reasons

    def flag(self, mask, column: str | None, message: str, fix: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = tuple(int(r) for r in self.frame[ROW].to_numpy()[mask])
        self.problems.append(Problem(rows, column, message, fix))
        for pos in np.flatnonzero(mask):
            self.bad.setdefault(int(pos), []).append(f"{column}: {message}" if column else message)

    def finish(self, tidy: pd.DataFrame, *, partial: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Raise for any problem unless partial; return (good rows, rejects)."""
        if self.problems and not partial:
            raise LoadError(str(self.path), self.problems)
        keep = np.ones(len(self.frame), dtype=bool)
        keep[list(self.bad)] = False
        raw = self.frame.drop(columns=[ROW]).astype(str).agg(",".join, axis=1) if self.bad else pd.Series(dtype=str)
        rejects = pd.DataFrame({
            "row_number": [int(self.frame[ROW].iloc[p]) for p in self.bad],
            "reason": ["; ".join(r) for r in self.bad.values()],
            "raw": [raw.iloc[p] for p in self.bad],
        })
        return tidy.loc[keep].reset_index(drop=True), rejects


def _flag_excel_serials(chk: Checker, column: str, values: pd.Series, what: str) -> pd.Series:
    """Numbers like 43921 in a date column are Excel's day counts (since 1900, or 1904 on old Macs): a CSV
    does not say which system, so they are refused rather than guessed."""
    serial = values.str.match(EXCEL_SERIAL)
    chk.flag(serial, column, f"the {what} looks like an Excel serial date number (e.g. {_first(values, serial)})",
             "format the column as a date (dd/mm/yyyy) before exporting")
    return serial


def _first(values: pd.Series, mask: pd.Series) -> str:
    return str(values[mask].iloc[0]) if mask.any() else ""


def _flag_early(chk: Checker, column: str, parsed: pd.Series, earliest: str | None, what: str) -> None:
    first = pd.Timestamp(earliest or EARLIEST)
    chk.flag((parsed < first).fillna(False), column, f"the {what} is before {first:%d/%m/%Y}, earlier than this "
             "source can have data", "check the year (01/01/1900 is what Excel shows for an empty or zero date "
             "cell)")


def parse_dates(chk: Checker, column: str, *, today: date | None = None, earliest: str | None = None) -> pd.Series:
    """Day-first (27/03/2020) or ISO (2020-03-27) dates, one style per file, never in the future.

    A date valid both ways (03/04/2020) is read day-first, the agreed format, unless the same file has
    dates that only make sense month-first (03/27/2020): then both kinds are refused, never guessed.
    Excel serial numbers (43921) are refused: format the column as a date before exporting.
    """
    values = chk.frame[column]
    is_dmy, is_iso = values.str.match(DAY_FIRST), values.str.match(ISO)
    mixed = pd.Series(False, index=values.index)
    # In a workbook, real date cells arrive as ISO text: a date typed as text beside them (27/03/2020) is the
    # agreed day-first style, not a second style to guess between, so a workbook may mix the two.
    if is_dmy.any() and is_iso.any() and not chk.frame.attrs.get("xlsx"):
        minority = is_iso if is_iso.sum() <= is_dmy.sum() else is_dmy
        style = "ISO (2020-03-27)" if minority is is_iso else "day-first (27/03/2020)"
        other = "day-first (27/03/2020)" if minority is is_iso else "ISO (2020-03-27)"
        chk.flag(minority, column, f"the file mixes date styles: these rows are {style}, the rest {other}",
                 f"write every date in one style, e.g. {other}")
        mixed = minority
        is_iso = is_iso & ~minority
        is_dmy = is_dmy & ~minority
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    swapped = parsed.copy()  # the same text read month-first, only to recognise US-style exports
    if is_dmy.any():
        day_part = values[is_dmy].str.split(" ").str[0]
        parsed[is_dmy] = pd.to_datetime(day_part, format="%d/%m/%Y", errors="coerce")
        swapped[is_dmy] = pd.to_datetime(day_part, format="%m/%d/%Y", errors="coerce")
    month_first = is_dmy & parsed.isna() & swapped.notna()
    if month_first.any():
        chk.flag(month_first, column, "the date does not exist day-first but looks month-first, US style "
                 f"(e.g. {_first(values, month_first)})", "export the dates day-first (dd/mm/yyyy), e.g. 27/03/2020")
        chk.flag(is_dmy & parsed.notna() & swapped.notna() & (parsed != swapped), column,
                 "the date could be day-first or month-first, and other rows of this file are month-first",
                 "export every date day-first (dd/mm/yyyy) so that no date has to be guessed")
    if is_iso.any():
        parsed[is_iso] = pd.to_datetime(values[is_iso].str[:10], format="%Y-%m-%d", errors="coerce")
    blank = values == ""
    serial = _flag_excel_serials(chk, column, values, "date")
    chk.flag(blank, column, "the date is blank", "fill in the date (dd/mm/yyyy)")
    chk.flag(parsed.isna() & ~blank & (is_dmy | is_iso) & ~month_first, column, "the date does not exist",
             "check the day and month (dates are day-first: dd/mm/yyyy)")
    chk.flag(~blank & ~is_dmy & ~is_iso & ~mixed & ~serial, column,
             "the date cannot be read", "write dates as dd/mm/yyyy (e.g. 27/03/2020) or yyyy-mm-dd")
    limit = pd.Timestamp(today or date.today())
    chk.flag(parsed > limit, column, "the date is in the future", "check the year; a future date cannot be demand")
    _flag_early(chk, column, parsed, earliest, "date")
    return parsed.dt.normalize()


def parse_months(chk: Checker, column: str, *, today: date | None = None, earliest: str | None = None) -> pd.Series:
    """Month columns: 2020-03, MAR2019, 01MAR2019 or a full date; returned as the first day of the month.

    '2020-4' (a month that lost its leading zero) and Excel serial numbers are refused with their own fix.
    """
    values = chk.frame[column].str.upper()
    parsed = pd.to_datetime(values.where(values.str.match(r"^\d{4}-\d{2}$")), format="%Y-%m", errors="coerce")
    mon = values.str.extract(r"^(?:\d{2})?([A-Z]{3})[ -]?(\d{4})$")
    named = mon[0].isin(MONTHS)
    if named.any():
        parsed[named] = pd.to_datetime(mon.loc[named, 1] + "-" + mon.loc[named, 0], format="%Y-%b", errors="coerce")
    iso_day = values.str.match(r"^\d{4}-\d{2}-\d{2}")
    if iso_day.any():
        parsed[iso_day] = pd.to_datetime(values[iso_day].str[:7], format="%Y-%m", errors="coerce")
    no_zero = values.str.match(r"^\d{4}-[1-9]$")
    chk.flag(no_zero, column, f"the month has lost its leading zero (e.g. {_first(values, no_zero)})",
             "write months as yyyy-mm with two-digit months (2020-04); in Excel, format the column as text "
             "before exporting")
    serial = _flag_excel_serials(chk, column, values, "month")
    chk.flag(parsed.isna() & ~no_zero & ~serial, column, "the month cannot be read",
             "write months as yyyy-mm (e.g. 2020-03)")
    limit = pd.Timestamp(today or date.today())
    chk.flag(parsed > limit, column, "the month is in the future", "check the year")
    _flag_early(chk, column, parsed, earliest, "month")
    return parsed.astype("datetime64[us]")


def parse_counts(chk: Checker, column: str, *, allow_suppressed: bool = False) -> pd.Series:
    """Whole numbers >= 0 ("1,234" allowed); '*' (suppressed at source) becomes missing where allowed."""
    values = chk.frame[column].str.replace(",", "", regex=False)
    star = values == "*"
    numbers = pd.to_numeric(values.where(~star), errors="coerce")
    unreadable = numbers.isna() & ~star
    chk.flag(unreadable, column, "the count is not a number", "write a whole number (0 or more)")
    chk.flag(~unreadable & (numbers < 0), column, "the count is negative", "counts cannot be below 0")
    whole = numbers.dropna()
    fractional = pd.Series(False, index=values.index)
    fractional[whole.index] = (whole % 1) != 0
    chk.flag(fractional, column, "the count is not a whole number", "write a whole number")
    chk.flag(~unreadable & (numbers > 10_000_000), column, "the count is implausibly large",
             "check the value; counts above 10 million are not accepted")
    if star.any() and not allow_suppressed:
        chk.flag(star, column, "the count is '*' (suppressed)", "send the unsuppressed count")
    return numbers.round().astype("Int64")


def resolve_wards(chk: Checker, column: str, context: LoadContext) -> pd.Series:
    """Ward names in any case, with '&' or 'and', to ward codes; recorded-unknown values become missing."""
    by_key = context.ward_by_key
    keys = chk.frame[column].map(ward_key)
    codes = keys.map(by_key)
    unknown = chk.frame[column].str.strip().str.lower().isin(UNKNOWN_WARD_VALUES)
    bad = codes.isna() & ~unknown
    if bad.any():
        for value in chk.frame.loc[bad, column].unique()[:20]:
            near = difflib.get_close_matches(ward_key(value), list(by_key), n=1, cutoff=0.6)
            names = {ward_key(n): n for n in context.wards.values()}
            hint = f"did you mean '{names[near[0]]}'?" if near else "use one of the partnership's ward names"
            chk.flag(bad & (chk.frame[column] == value), column, f"'{value}' is not a ward of this partnership",
                     f"{hint} (or 'Unknown' if the ward was not recorded)")
    return codes.astype("string")


def check_codes(chk: Checker, column: str, allowed: set[str], *, what: str, fix: str) -> pd.Series:
    values = chk.frame[column].str.upper()
    unknown = values.str.lower().isin(UNKNOWN_WARD_VALUES)
    # A code saved as a number (E05013066 -> 5013066) has lost its letter and leading zero on the way.
    number = values.str.match(r"^\d+$")
    chk.flag(number, column, f"the {what} is a number (e.g. {_first(values, number)}): its letter and leading "
             "zeros were lost, probably when the file was opened in Excel", fix)
    chk.flag(~values.isin(allowed) & ~unknown & ~number, column, f"the {what} is not one of this partnership's",
             fix)
    return values.where(~unknown).astype("string")


def categorise(chk: Checker, column: str, allowed: Mapping[str, str], *, blank: str | None = None) -> pd.Series:
    """Map values (any case, surrounding spaces) to their canonical spelling; refuse values not listed."""
    keys = chk.frame[column].str.lower().str.strip()
    lookup = {k.lower(): v for k, v in allowed.items()}
    mapped = keys.map(lookup)
    if blank is not None:
        mapped = mapped.mask(keys == "", blank)
    canon = sorted(set(allowed.values()))
    chk.flag(mapped.isna(), column, "the value is not recognised",
             "use one of: " + ", ".join(canon))
    return mapped.astype("string")
