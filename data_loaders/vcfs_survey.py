"""Voluntary, community and faith sector member survey -> survey_responses, one row per organisation."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pandas as pd

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext, ward_key
from data_loaders.parsing import Checker, categorise, parse_counts, parse_dates
from data_loaders.reading import ROW, read_table

SOURCE = "vcfs_survey"
TABLE = "survey_responses"
EARLIEST = "2000-01-01"  # a survey date before this is a typing slip (01/01/1900 is Excel's day 1)
COLUMNS = ["Organisation", "Sector", "Survey Date", "Income Lost GBP", "Services Closed (None/Some/All)",
           "Volunteers Before", "Volunteers Now", "Moved Online (Y/N)", "Wards Served"]


def _wards_served(chk: Checker, context: LoadContext) -> pd.Series:
    """Ward names separated by ';' (any case, '&' or 'and') to ward codes, or "borough-wide"; each name that
    is not a ward of the partnership is refused by name."""
    by_key = context.ward_by_key
    out, unknown = [], []
    for value in chk.frame["Wards Served"]:
        if ward_key(value) in {"borough wide", "all wards", "all"}:
            out.append("borough-wide")
            unknown.append(set())
            continue
        parts = [part.strip() for part in value.split(";") if part.strip()]
        out.append(";".join(by_key[ward_key(p)] for p in parts if ward_key(p) in by_key))
        unknown.append({p for p in parts if ward_key(p) not in by_key})
    chk.flag(chk.frame["Wards Served"].str.strip() == "", "Wards Served", "no ward is given",
             "write the ward names served, separated by ';', or 'Borough-wide'")
    names = {ward_key(n): n for n in context.wards.values()}
    for name in sorted(set().union(*unknown))[:20]:
        near = difflib.get_close_matches(ward_key(name), list(names), n=1, cutoff=0.6)
        hint = f"did you mean '{names[near[0]]}'? " if near else ""
        chk.flag(pd.Series([name in bad for bad in unknown]), "Wards Served",
                 f"'{name}' is not one of the partnership's wards",
                 f"{hint}separate ward names with ';' and spell them as in the ward list, or write 'Borough-wide'")
    return pd.Series(out, dtype="string")


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None) -> LoadResult:
    context = context or LoadContext.from_settings()
    raw = read_table(path, required=COLUMNS, data=data)
    chk = Checker(raw.path, raw.frame)
    exact = chk.frame.drop(columns=[ROW]).duplicated(keep="first")
    dropped = int(exact.sum())
    chk.frame = chk.frame.loc[~exact].reset_index(drop=True)
    f = chk.frame
    chk.flag(f["Organisation"] == "", "Organisation", "the organisation is blank", "name the organisation")
    today = date.fromisoformat(context.today) if context.today else None
    when = parse_dates(chk, "Survey Date", today=today, earliest=EARLIEST)
    org_month = f["Organisation"].str.lower().str.split().str.join(" ") + "|" + when.dt.strftime("%Y-%m").fillna("")
    chk.flag(org_month.duplicated(keep=False) & (f["Organisation"] != ""), "Organisation",
             "the same organisation answered twice in the same month with different answers",
             "keep the organisation's one response for the month (delete the other row), or correct the name "
             "if these are two organisations")
    income = pd.to_numeric(f["Income Lost GBP"].str.replace(r"[£,\s]", "", regex=True).replace("", None),
                           errors="coerce")
    chk.flag(income.isna() & (f["Income Lost GBP"] != ""), "Income Lost GBP", "the amount is not a number",
             "write the amount in pounds, e.g. 12500")
    chk.flag((income < 0).fillna(False), "Income Lost GBP", "the amount is negative",
             "write the income lost as an amount of 0 or more (a gain is 0 lost)")
    frame = pd.DataFrame({
        "organisation": f["Organisation"],
        "sector": f["Sector"].replace("", "Not stated"),
        "survey_date": when,
        "period": when.dt.to_period("M").dt.start_time,
        "income_lost_gbp": income,
        "services_closed": categorise(chk, "Services Closed (None/Some/All)",
                                      {"none": "None", "some": "Some", "all": "All"}),
        "volunteers_before": parse_counts(chk, "Volunteers Before"),
        "volunteers_now": parse_counts(chk, "Volunteers Now"),
        "moved_online": categorise(chk, "Moved Online (Y/N)", {"y": "Y", "yes": "Y", "n": "N", "no": "N"}) == "Y",
        "wards_served": _wards_served(chk, context),
    })
    frame["moved_online"] = frame["moved_online"].astype("boolean")
    good, rejects = chk.finish(frame, partial=partial)
    rows = f[ROW].loc[~f.index.isin(list(chk.bad))].reset_index(drop=True)
    names = {"organisation": "Organisation", "sector": "Sector", "survey_date": "Survey Date",
             "period": "Survey Date", "income_lost_gbp": "Income Lost GBP",
             "services_closed": "Services Closed (None/Some/All)", "volunteers_before": "Volunteers Before",
             "volunteers_now": "Volunteers Now", "moved_online": "Moved Online (Y/N)", "wards_served": "Wards Served"}
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows, names)}, rows_read=len(raw.frame), rejects=rejects,
                      rows_dropped=dropped,
                      notes=raw.notes + ([f"{dropped} exact duplicate rows dropped"] if dropped else []))


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a VCFS survey export into survey_responses, or raise LoadError."""
    return parse(path, context=context).frame
