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
# What a newer file replaces (read by warehouse.ingest): A newer file replaces the responses of the organisations that answered in it, for the months it holds:
# one late response replaces that organisation's answer, not the month's other responses.
# A file that would remove more rows than it brings needs confirming (--replace / the Upload page).
REPLACES = ("period", "organisation")
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
    f = chk.frame
    chk.flag(f["Organisation"] == "", "Organisation", "the organisation is blank", "name the organisation")
    today = date.fromisoformat(context.today) if context.today else None
    when = parse_dates(chk, "Survey Date", today=today)
    income = pd.to_numeric(f["Income Lost GBP"].str.replace(r"[£,\s]", "", regex=True).replace("", None),
                           errors="coerce")
    chk.flag(income.isna() & (f["Income Lost GBP"] != ""), "Income Lost GBP", "the amount is not a number",
             "write the amount in pounds, e.g. 12500")
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
    return LoadResult({TABLE: validate(good, TABLE, raw.path, rows)}, rows_read=len(raw.frame), rejects=rejects)


def load(path: str | Path, *, context: LoadContext | None = None) -> pd.DataFrame:
    """Read a VCFS survey export into survey_responses, or raise LoadError."""
    return parse(path, context=context).frame
