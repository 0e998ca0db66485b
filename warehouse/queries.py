"""Ibis expressions over the store: filtering, joining and counting run in the engine; small frames come out.

Every function returns an aggregated pandas frame (areas x periods x breakdowns), never row-level data.
The same expressions run on DuckDB, PostgreSQL or Spark because they are Ibis, not SQL strings.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import pandas as pd

from sources.base import EventFilter
from warehouse.store import Store

# Events columns a breakdown may use.
BREAKDOWNS = ("ward_code", "lsoa_code", "category", "subcategory", "age_band", "sex", "channel", "status",
              "is_repeat", "org_code")


def _filtered(store: Store, f: EventFilter, *, start: str | None, end: str | None,
              ward_codes: Sequence[str] | None, table: str = "events") -> ibis.Table:
    t = store.table(table)
    preds = [t.source == f.source]
    for column, values in (("category", f.categories), ("subcategory", f.subcategories),
                           ("channel", f.channels), ("age_band", f.age_bands), ("status", f.statuses)):
        if values:
            preds.append(t[column].isin(list(values)))
    if f.repeat_only:
        preds.append(t.is_repeat)
    if start:
        preds.append(t.period >= pd.Timestamp(start).date())
    if end:
        preds.append(t.period <= pd.Timestamp(end).date())
    if ward_codes is not None:
        preds.append(t.ward_code.isin(list(ward_codes)))
    return t.filter(preds)


def event_counts(store: Store, f: EventFilter, *, by: Sequence[str] = ("ward_code",), start: str | None = None,
                 end: str | None = None, ward_codes: Sequence[str] | None = None,
                 monthly: bool = True, use_rollup: bool = True) -> pd.DataFrame:
    """Sum of `count` grouped by period (when monthly) and `by`; also how many counts the source withheld.

    `withheld` is the number of contributing rows whose count is missing (suppressed at source), so a
    total built on them can be flagged rather than silently understated.
    """
    unknown = [c for c in by if c not in BREAKDOWNS]
    if unknown:
        raise ValueError(f"cannot break down events by {unknown}; choose from {BREAKDOWNS}")
    keys = (["period"] if monthly else []) + list(by)
    if use_rollup:  # months are the rollup's grain, so every event_counts question is answered from it
        t = _filtered(store, f, start=start, end=end, ward_codes=ward_codes, table="events_monthly")
        measures = {"count": t["count"].sum(), "withheld": t["withheld"].sum()}
    else:
        t = _filtered(store, f, start=start, end=end, ward_codes=ward_codes)
        measures = {"count": t["count"].sum(), "withheld": t["count"].isnull().sum()}
    expr = t.group_by(keys).aggregate(**measures) if keys else t.aggregate(**measures)
    frame = expr.to_pandas()
    frame["count"] = frame["count"].fillna(0).astype("int64")
    frame["withheld"] = frame["withheld"].fillna(0).astype("int64")
    if "period" in frame.columns:
        frame["period"] = pd.to_datetime(frame["period"])
    return frame.sort_values(keys).reset_index(drop=True) if keys else frame


def weekly_counts(store: Store, f: EventFilter, *, by: Sequence[str] = (), start: str | None = None,
                  end: str | None = None, ward_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Counts by ISO week (weeks start on Monday), computed in the engine."""
    t = _filtered(store, f, start=start, end=end, ward_codes=ward_codes)
    week = t.event_date.truncate("W").name("week")
    expr = t.group_by([week, *by]).aggregate(count=t["count"].sum())
    frame = expr.to_pandas()
    frame["week"] = pd.to_datetime(frame["week"])
    frame["count"] = frame["count"].fillna(0).astype("int64")
    return frame.sort_values(["week", *by]).reset_index(drop=True)


def months_available(store: Store, source: str) -> list[pd.Timestamp]:
    return list(store.remember(("months", source), lambda: _months_available(store, source)))


def _months_available(store: Store, source: str) -> list[pd.Timestamp]:
    t = store.table("events_monthly")
    frame = t.filter(t.source == source).select("period").distinct().order_by("period").to_pandas()
    return [pd.Timestamp(p) for p in frame["period"]]


def population(store: Store, *, area_type: str = "ward", age_min: int = 0, age_max: int | None = None,
               year: int | None = None, by_age: Sequence[tuple[str, int, int | None]] | None = None) -> pd.DataFrame:
    """Persons per area for an age range (single years summed in the engine); latest year unless given.

    With `by_age` = [(label, min, max), ...] the result has one row per area and band (column `band`).
    """
    key = ("population", area_type, age_min, age_max, year, tuple(by_age) if by_age else None)
    return store.remember(key, lambda: _population(store, area_type=area_type, age_min=age_min, age_max=age_max,
                                                   year=year, by_age=by_age)).copy()


def _population(store: Store, *, area_type: str, age_min: int, age_max: int | None, year: int | None,
                by_age: Sequence[tuple[str, int, int | None]] | None) -> pd.DataFrame:
    p = store.table("population")
    a = store.table("areas")
    ok_areas = a.filter(a.area_type == area_type).select("area_code")
    p = p.filter([p.sex == "persons", p.area_code.isin(ok_areas.area_code)])
    if year is None:
        year = p.year.max().to_pandas()
        if year is None or pd.isna(year):
            return pd.DataFrame(columns=["area_code", "population"])
    p = p.filter(p.year == int(year))
    if by_age:
        cases = ibis.cases(*[((p.age >= lo) & (p.age <= (hi if hi is not None else 200)), label)
                             for label, lo, hi in by_age], else_=None).name("band")
        expr = p.mutate(band=cases).filter(ibis._.band.notnull()).group_by(["area_code", "band"]).aggregate(
            population=ibis._.persons.sum())
    else:
        cond = p.age >= age_min
        if age_max is not None:
            cond &= p.age <= age_max
        expr = p.filter(cond).group_by("area_code").aggregate(population=ibis._.persons.sum())
    frame = expr.to_pandas()
    frame["population"] = frame["population"].astype("int64")
    return frame.sort_values(list(frame.columns[:-1])).reset_index(drop=True)


def registered_patients(store: Store) -> pd.DataFrame:
    t = store.table("practices")
    frame = t.group_by("ward_code").aggregate(population=t.registered_patients.sum()).to_pandas()
    return frame.rename(columns={"ward_code": "area_code"})


def practices(store: Store) -> pd.DataFrame:
    """The practice list: practice_code, ward_code, registered_patients, pcn_code, pcn_name (a few dozen rows)."""
    t = store.table("practices")
    return t.select("practice_code", "ward_code", "registered_patients", "pcn_code", "pcn_name").order_by(
        "practice_code").to_pandas()


def areas(store: Store, area_type: str = "ward") -> pd.DataFrame:
    t = store.table("areas")
    return t.filter(t.area_type == area_type).order_by("area_code").to_pandas()


LSOA_VINTAGE = {2015: 2011, 2019: 2011, 2025: 2021}  # IoD edition -> the LSOA codes it is published on


def _deprivation_lsoas(store: Store, edition: int) -> ibis.Table:
    """IMD rows of one edition joined to the lookup of its LSOA vintage (both vintages are held at once)."""
    d = store.table("deprivation")
    lw = store.table("lsoa_ward")
    d = d.filter([d.domain == "IMD", d.edition == int(edition)])
    vintage = LSOA_VINTAGE.get(int(edition), 2021)
    lw = lw.filter(lw.vintage.isnull() | (lw.vintage == vintage) | (lw.vintage == 0))
    return d.join(lw, d.lsoa_code == lw.lsoa_code)


def ward_deprivation(store: Store, *, edition: int | None = None) -> pd.DataFrame:
    """Per ward: the mean IMD score of its LSOAs, its most deprived LSOA's decile, and how many LSOAs."""
    edition = deprivation_edition(store) if edition is None else edition
    if edition is None:
        return pd.DataFrame(columns=["area_code", "imd_score", "most_deprived_decile", "lsoas"])
    joined = _deprivation_lsoas(store, edition)
    expr = joined.group_by("ward_code").aggregate(imd_score=joined.imd_score.mean(),
                                                  most_deprived_decile=joined.imd_decile.min(),
                                                  lsoas=joined.lsoa_code.nunique())
    return expr.to_pandas().rename(columns={"ward_code": "area_code"})


def lsoa_deprivation(store: Store, *, edition: int | None = None) -> pd.DataFrame:
    edition = deprivation_edition(store) if edition is None else edition
    if edition is None:
        return pd.DataFrame(columns=["lsoa_code", "ward_code", "imd_score", "imd_decile", "imd_rank"])
    out = _deprivation_lsoas(store, edition).select("lsoa_code", "ward_code", "imd_score", "imd_decile", "imd_rank")
    return out.to_pandas()


def _edition_cover(store: Store) -> pd.DataFrame:
    """Per IoD edition held: how many wards its LSOAs reach and whether it has scores."""
    d = store.table("deprivation")
    held = d.filter(d.domain == "IMD").group_by("edition").aggregate(
        scored=d.imd_score.notnull().sum()).to_pandas()
    rows = []
    for r in held.itertuples():
        wards = _deprivation_lsoas(store, int(r.edition)).ward_code.nunique().to_pandas()
        rows.append({"edition": int(r.edition), "wards": int(wards), "scored": int(r.scored)})
    return pd.DataFrame(rows, columns=["edition", "wards", "scored"])


def deprivation_edition(store: Store) -> int | None:
    """The IoD edition the deciles use: the one that reaches the most wards, the latest of those (a partnership
    with IoD 2025 for one district and only 2019 for another uses 2019 for both, so deciles compare)."""
    return store.remember(("deprivation_edition",), lambda: _best_edition(_edition_cover(store), "wards"))


def score_edition(store: Store) -> int | None:
    """The latest IoD edition with scores (IoD 2019 files of ranks and deciles only have none)."""
    return store.remember(("score_edition",), lambda: _best_edition(_edition_cover(store).query("scored > 0"),
                                                                     "scored"))


def _best_edition(cover: pd.DataFrame, by: str) -> int | None:
    if cover.empty:
        return None
    return int(cover.sort_values([by, "edition"]).iloc[-1]["edition"]) if by == "wards" else \
        int(cover["edition"].max())


def ages_by_ward(store: Store, ward_codes: Sequence[str], *, year: int | None = None) -> pd.DataFrame:
    """Persons by ward and single year of age (latest year held unless given): area_code, age, persons."""
    key = ("ages", tuple(ward_codes), year)
    return store.remember(key, lambda: _ages_by_ward(store, ward_codes, year)).copy()


def _ages_by_ward(store: Store, ward_codes: Sequence[str], year: int | None) -> pd.DataFrame:
    p = store.table("population")
    p = p.filter([p.sex == "persons", p.area_code.isin(list(ward_codes))])
    if year is None:
        year = p.year.max().to_pandas()
        if year is None or pd.isna(year):
            return pd.DataFrame(columns=["area_code", "age", "persons"])
    p = p.filter(p.year == int(year))
    frame = p.group_by(["area_code", "age"]).aggregate(persons=p.persons.sum()).to_pandas()
    frame["persons"] = frame["persons"].astype("int64")
    return frame


def ward_deciles(store: Store) -> pd.DataFrame:
    """Each ward's deprivation group: the national IMD decile of most of its LSOAs (ties: the more deprived),
    and the mean IMD score of its LSOAs."""
    lsoas = lsoa_deprivation(store)
    if lsoas.empty:
        return pd.DataFrame(columns=["area_code", "imd_decile", "imd_score"])
    modal = (lsoas.groupby(["ward_code", "imd_decile"]).size().rename("n").reset_index()
             .sort_values(["ward_code", "n", "imd_decile"], ascending=[True, False, True])
             .drop_duplicates("ward_code"))
    scores = lsoas.groupby("ward_code")["imd_score"].mean()
    out = modal.rename(columns={"ward_code": "area_code"})[["area_code", "imd_decile"]]
    out["imd_score"] = out["area_code"].map(scores)
    return out.reset_index(drop=True)


def survey_responses(store: Store) -> pd.DataFrame:
    """Every voluntary sector survey response (a few dozen rows a round)."""
    t = store.table("survey_responses")
    return t.select("organisation", "survey_date", "income_lost_gbp", "services_closed", "volunteers_before",
                    "volunteers_now", "moved_online").to_pandas()


def comparators(store: Store, area_codes: Sequence[str]) -> pd.DataFrame:
    """Published Fingertips rows of every indicator that any of `area_codes` has: all their areas (England,
    the county, peers of the same type for the England range) and breakdowns."""
    t = store.table("comparators")
    wanted = t.filter(t.area_code.isin(list(area_codes))).select("indicator_id").distinct()
    expr = t.filter(t.indicator_id.isin(wanted.indicator_id)).drop("ingest_id")
    return store.remember(("comparators", tuple(area_codes)), lambda: expr.to_pandas())
