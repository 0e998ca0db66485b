"""Indicator values, materialised: the one pipeline run over the store, and the reads pages make.

`refresh` runs inside the transaction of every ingest and roll back (and `python -m warehouse refresh`):
for each source touched it counts each family of events once in the engine (Ibis, from the monthly
rollup), builds the family's cube of areas x age groups x periods (metrics.cube), protects it for the
viewer as one family (metrics.disclosure), and computes every indicator of the family for each role
from that role's counts (metrics.pipeline). The rows replace that source's rows of `indicator_values`.

`read` is what views call: ready rows, filtered in the engine.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd

import sources
from metrics import catalogue
from metrics.cube import Cube, Dimension
from metrics.disclosure import DisclosureRules, protect
from metrics.dsr import esp_weights_for
from metrics.periods import Period, complete_periods
from metrics.pipeline import ALL, indicator_values
from settings import get_settings
from sources.base import EventFilter, Indicator
from warehouse import queries
from warehouse.areas import UNKNOWN, Geography
from warehouse.areas import geography as configured_geography
from warehouse.store import Store
from warehouse.tables import COLUMNS

UNKNOWN_AGE = "(age not recorded)"
NO_BANDS = "*"
ROLES = ("analyst", "viewer")
VALUE_COLUMNS = [c for c, _ in COLUMNS["indicator_values"]]


def geography(store: Store) -> Geography:
    """The configured areas plus the deprivation deciles the store's IoD gives its wards."""
    def build() -> Geography:
        deciles = queries.ward_deciles(store)
        return configured_geography(deciles=dict(zip(deciles["area_code"], deciles["imd_decile"].astype(int),
                                                     strict=True)))
    return store.remember(("geography",), build)


def rules() -> DisclosureRules:
    s = get_settings()
    return DisclosureRules(threshold=s.threshold, rounding=s.rounding)


def store_version(store: Store) -> str:
    """Changes with every ingest or roll back: what the values (and every cache) are keyed by."""
    row = store.fetch("SELECT COALESCE(MAX(ingest_id), 0) AS last, COUNT(*) AS n, "
                      "COALESCE(SUM(CASE WHEN status = 'loaded' THEN 1 ELSE 0 END), 0) AS loaded "
                      'FROM "ingests"').iloc[0]
    return f"{int(row['last'])}:{int(row['n'])}:{int(row['loaded'] or 0)}"


@dataclass(frozen=True)
class RefreshReport:
    indicators: int
    rows: int
    seconds: float

    def summary(self) -> str:
        return f"indicator values: {self.indicators} indicators, {self.rows:,} rows in {self.seconds:.1f} s"


# --- the dimensions of a source's families -------------------------------------------------------------

def area_dimension(geo: Geography) -> Dimension:
    members = {a.code: a.members for a in geo.areas}
    splits = {a.code: a.parts for a in geo.areas if a.parts}
    return Dimension.of("area", members, splits=splits)


def age_group(lo: int, hi: int | None) -> str:
    return f"aged {lo}+" if hi is None else f"aged {lo}-{hi}"


def band_dimension(source: sources.Source, indicators: Sequence[Indicator]) -> Dimension:
    """All ages, each band, and each age range an indicator restricts itself to; unknown age never shown."""
    if not source.age_bands:
        return Dimension.of("band", {ALL: (NO_BANDS,)})
    labels = source.band_labels
    members: dict[str, tuple[str, ...]] = {ALL: (*labels, UNKNOWN_AGE)}
    splits: dict[str, tuple[str, ...]] = {ALL: (*labels, UNKNOWN_AGE)}
    for band in labels:
        members[band] = (band,)
    members[UNKNOWN_AGE] = (UNKNOWN_AGE,)
    ranges = list(source.age_groups) + [(i.age_min, i.age_max) for i in indicators
                                        if i.numerator and len(i.numerator.age_bands) > 1]
    for lo, hi in dict.fromkeys(ranges):
        inside = tuple(b.label for b in source.bands_within(lo, hi))
        if len(inside) > 1:
            members[age_group(lo, hi)] = inside
            splits[age_group(lo, hi)] = inside
    return Dimension.of("band", members, splits=splits, hidden=(UNKNOWN_AGE,))


def period_dimension(periods: Sequence[Period]) -> Dimension:
    members = {p.code: tuple(f"{m:%Y-%m}" for m in p.months) for p in periods}
    splits = {p.code: tuple(f"{m:%Y-%m}" for m in p.months) for p in periods if p.kind != "month"}
    return Dimension.of("period", members, splits=splits)


def _band_of(indicator: Indicator) -> str:
    """The band group an indicator's all-ages row counts."""
    f = indicator.numerator
    if f is None or not f.age_bands:
        return ALL
    return f.age_bands[0] if len(f.age_bands) == 1 else age_group(indicator.age_min, indicator.age_max)


# --- counting ---------------------------------------------------------------------------------------

def _base_counts(store: Store, f: EventFilter, geo: Geography, source: sources.Source) -> pd.DataFrame:
    by = ["ward_code", "age_band"] if source.age_bands else ["ward_code"]
    monthly = queries.event_counts(store, f.without_bands(), by=by)
    wards = set(geo.base)
    area = monthly["ward_code"].where(monthly["ward_code"].isin(wards), UNKNOWN).fillna(UNKNOWN)
    if source.age_bands:
        band = monthly["age_band"].where(monthly["age_band"].isin(source.band_labels), UNKNOWN_AGE)
    else:
        band = pd.Series(NO_BANDS, index=monthly.index)
    frame = pd.DataFrame({"area": area.astype(str), "band": band.astype(str),
                          "period": monthly["period"].dt.strftime("%Y-%m"), "count": monthly["count"],
                          "withheld": monthly["withheld"]})
    return frame.groupby(["area", "band", "period"], as_index=False)[["count", "withheld"]].sum()


@dataclass
class _Family:
    cube: Cube
    shown: dict[str, np.ndarray]  # role -> counts as that role may know them (NaN hidden)
    hidden: dict[str, np.ndarray]
    reason: np.ndarray


def _family(store: Store, f: EventFilter, source, geo, dims_ab, period_dim, rules_) -> _Family:
    base = _base_counts(store, f, geo, source)
    cube = Cube.build(base, dims_ab[0], dims_ab[1], period_dim)
    true = cube.cells["count"].to_numpy()
    shown, hidden = {}, {}
    viewer = None
    for role in ROLES:
        out = protect(true, cube.lines, role=role, free=cube.free, rules=rules_)
        shown[role], hidden[role] = out.shown, out.hidden
        if role == "viewer":
            viewer = out
    return _Family(cube, shown, hidden, viewer.reason)


# --- denominators -----------------------------------------------------------------------------------

def _population(store: Store, geo: Geography) -> tuple[pd.Index, np.ndarray]:
    """Persons by base ward x single year of age 0..120 (a matrix), for any area and age range."""
    wards = [c for c in geo.base if c != UNKNOWN]
    ages = queries.ages_by_ward(store, wards)
    matrix = np.zeros((len(wards), 121))
    pos = {w: i for i, w in enumerate(wards)}
    for row in ages.itertuples(index=False):
        if row.area_code in pos and 0 <= row.age <= 120:
            matrix[pos[row.area_code], int(row.age)] += row.persons
    return pd.Index(wards), matrix


def _population_for(pop, area_members: dict[str, tuple[str, ...]], lo: int, hi: int | None) -> dict[str, float]:
    index, matrix = pop
    top = 120 if hi is None else hi
    if not len(index) or matrix.sum() == 0:
        return {}
    by_ward = matrix[:, lo:top + 1].sum(axis=1)
    out = {}
    for area, members in area_members.items():
        rows = [index.get_loc(m) for m in members if m in index]
        out[area] = float(by_ward[rows].sum()) if rows else np.nan
    return out


def _patients(store: Store, area_members: dict[str, tuple[str, ...]]) -> dict[str, float]:
    patients = queries.registered_patients(store)
    by_ward = dict(zip(patients["area_code"], patients["population"].astype(float), strict=True))
    out = {}
    for area, members in area_members.items():
        values = [by_ward[m] for m in members if m in by_ward]
        out[area] = float(sum(values)) if values else np.nan
    return out


# --- the refresh ------------------------------------------------------------------------------------

def _period_frame(periods: Sequence[Period]) -> pd.DataFrame:
    return pd.DataFrame({"period": [p.code for p in periods], "period_type": [p.kind for p in periods],
                         "period_index": [p.index for p in periods], "period_start": [p.start for p in periods],
                         "period_end": [p.end for p in periods], "period_label": [p.label for p in periods],
                         "months": [p.months for p in periods]})


def _source_rows(store: Store, source: sources.Source, geo: Geography, pop, rules_) -> list[pd.DataFrame]:
    indicators = [catalogue.get(i.id) for i in source.indicators if i.numerator is not None]
    if not indicators:
        return []
    months = queries.months_available(store, source.name)
    if not months:
        return []
    periods = complete_periods(months)
    period_dim = period_dimension(periods)
    area_dim = area_dimension(geo)
    band_dim = band_dimension(source, indicators)
    meta = _period_frame(periods)
    area_members = {a.code: a.members for a in geo.areas}
    families: dict[EventFilter, _Family] = {}

    def family(f: EventFilter) -> _Family:
        key = f.without_bands()
        if key not in families:
            families[key] = _family(store, key, source, geo, (area_dim, band_dim), period_dim, rules_)
        return families[key]

    areas = pd.DataFrame({"area_code": [a.code for a in geo.areas], "area_name": [a.name for a in geo.areas],
                          "area_type": [a.type for a in geo.areas], "parent_code": [a.parent for a in geo.areas]})
    out = []
    for indicator in indicators:
        fam = family(indicator.numerator)
        cells = fam.cube.cells
        own = _band_of(indicator)
        bands = {own: ALL}
        if "age_band" in indicator.breakdowns and source.age_bands:
            bands.update({b.label: b.label for b in source.bands_within(indicator.age_min, indicator.age_max)})
            for lo, hi in source.age_groups:  # the source's age groups that lie inside the indicator's range
                inside = source.bands_within(lo, hi)
                if inside and all(b.within(indicator.age_min, indicator.age_max) for b in inside) and \
                        age_group(lo, hi) != own and len(inside) > 1:
                    bands[age_group(lo, hi)] = age_group(lo, hi)
        pick = cells["band"].isin(list(bands)).to_numpy()
        if indicator.denominator == "events":
            den_family = family(indicator.denominator_events)
        for role in ROLES:
            rows = cells.loc[pick, ["area", "band", "period", "withheld"]].copy()
            rows["count"] = fam.shown[role][pick]
            rows["hidden"] = fam.hidden[role][pick]
            rows["suppression"] = np.where(fam.hidden["viewer"][pick], fam.reason[pick], None) \
                if role == "analyst" else np.where(rows["hidden"], "small numbers", None)
            rows["viewer_suppressed"] = fam.hidden["viewer"][pick]
            rows["band"] = rows["band"].map(bands)
            rows = rows.rename(columns={"area": "area_code"})
            rows["denominator"] = _denominators(store, indicator, rows, source, pop, area_members,
                                                den_family if indicator.denominator == "events" else None,
                                                role, own)
            if indicator.denominator == "events":
                den_hidden = _den_hidden(den_family, role, rows, own)
                rows.loc[den_hidden, "hidden"] = True
            rows = rows.merge(areas, on="area_code", how="left").merge(meta, on="period", how="left")
            weights = esp_weights_for([(b.label, b.lo, b.hi) for b in source.bands_within(indicator.age_min,
                                                                                          indicator.age_max)]) \
                if indicator.standardise and "age_band" in indicator.breakdowns else None
            values = indicator_values(indicator, rows, baseline=(get_settings().baseline_start,
                                                                 get_settings().baseline_end), esp_weights=weights)
            values["role"] = role
            values["indicator_id"] = indicator.id
            out.append(values)
    return out


def _denominators(store, indicator: Indicator, rows: pd.DataFrame, source, pop, area_members, den_family, role,
                  own: str) -> np.ndarray:
    if indicator.denominator == "population":
        cache: dict[tuple, dict[str, float]] = {}
        values = np.full(len(rows), np.nan)
        ranges = {ALL: (indicator.age_min, indicator.age_max)}
        ranges.update({b.label: (b.lo, b.hi) for b in source.age_bands})
        ranges.update({age_group(lo, hi): (lo, hi) for lo, hi in source.age_groups})
        for band, (lo, hi) in ranges.items():
            mask = (rows["band"] == band).to_numpy()
            if not mask.any():
                continue
            key = (lo, hi)
            if key not in cache:
                cache[key] = _population_for(pop, area_members, lo, hi)
            values[mask] = rows.loc[mask, "area_code"].map(cache[key]).to_numpy(dtype=float)
        return values
    if indicator.denominator == "registered_patients":
        return rows["area_code"].map(_patients(store, area_members)).to_numpy(dtype=float)
    cells = den_family.cube.cells
    shown = pd.Series(den_family.shown[role], index=pd.MultiIndex.from_frame(cells[["area", "band", "period"]]))
    keys = pd.MultiIndex.from_arrays([rows["area_code"], np.where(rows["band"] == ALL, own, rows["band"]),
                                      rows["period"]])
    return shown.reindex(keys).to_numpy(dtype=float)


def _den_hidden(den_family, role, rows, own) -> np.ndarray:
    cells = den_family.cube.cells
    hidden = pd.Series(den_family.hidden[role], index=pd.MultiIndex.from_frame(cells[["area", "band", "period"]]))
    keys = pd.MultiIndex.from_arrays([rows["area_code"], np.where(rows["band"] == ALL, own, rows["band"]),
                                      rows["period"]])
    return hidden.reindex(keys).fillna(True).to_numpy(dtype=bool)


def _score_rows(store: Store, indicator: Indicator, geo: Geography) -> list[pd.DataFrame]:
    lsoas = queries.lsoa_deprivation(store)
    if lsoas.empty:
        return []
    edition = int(queries.deprivation_edition(store))
    rows = []
    for area in geo.areas:
        if area.type == "not-known":
            continue
        members = set(area.members)
        scores = lsoas.loc[lsoas["ward_code"].isin(members), "imd_score"].dropna()
        rows.append({"area_code": area.code, "area_name": area.name, "area_type": area.type,
                     "parent_code": area.parent, "value": float(scores.mean()) if len(scores) else np.nan,
                     "denominator": float(len(scores))})
    frame = pd.DataFrame(rows)
    frame = frame.assign(band=ALL, period=f"IoD {edition}", period_type="edition",
                         period_start=pd.Timestamp(f"{edition}-01-01"), period_end=pd.Timestamp(f"{edition}-01-01"),
                         period_label=f"IoD {edition}", method="mean of LSOA scores (no interval)",
                         comparison="not compared", comparison_99_8="not compared", trend="cannot be calculated",
                         suppressed=False, viewer_suppressed=False, indicator_id=indicator.id)
    return [frame.assign(role=role) for role in ROLES]


def _week_frame(weeks: Sequence[pd.Timestamp]) -> pd.DataFrame:
    iso = [w.isocalendar() for w in weeks]
    return pd.DataFrame({"period": [f"{y}-W{n:02d}" for y, n, _ in iso], "period_type": "week",
                         "period_index": [int((w - pd.Timestamp("1970-01-05")).days // 7) for w in weeks],
                         "period_start": list(weeks), "period_end": list(weeks),
                         "period_label": [f"w/c {w.day} {w:%b %Y}" for w in weeks], "months": [[] for _ in weeks]})


def _weekly_rows(store: Store, source: sources.Source, geo: Geography, pop, rules_) -> list[pd.DataFrame]:
    """Weekly values for the partnership and its districts (all ages), for sources that declare `weekly`."""
    indicators = [catalogue.get(i.id) for i in source.indicators
                  if i.numerator is not None and i.method == "rate" and not i.numerator.age_bands]
    months = queries.months_available(store, source.name)
    if not indicators or not months:
        return []
    first, last = min(months), max(months) + pd.offsets.MonthEnd(0)
    tops = [a for a in geo.areas if a.type in ("district", "partnership")]
    members = {a.code: a.members for a in tops}
    splits = {a.code: a.parts for a in tops if a.type == "partnership"}
    hidden = []
    if any(UNKNOWN in parts for parts in splits.values()):
        members[UNKNOWN], hidden = (UNKNOWN,), [UNKNOWN]
    area_dim = Dimension.of("area", members, splits=splits, hidden=hidden)
    band_dim = Dimension.of("band", {ALL: (NO_BANDS,)})
    families: dict[EventFilter, tuple] = {}
    out = []
    areas = pd.DataFrame({"area_code": [a.code for a in tops], "area_name": [a.name for a in tops],
                          "area_type": [a.type for a in tops], "parent_code": [a.parent for a in tops]})
    area_members = {a.code: a.members for a in tops}
    for indicator in indicators:
        key = indicator.numerator.without_bands()
        if key not in families:
            weekly = queries.weekly_counts(store, key, by=["ward_code"])
            weekly = weekly[(weekly["week"] >= first) & (weekly["week"] + pd.Timedelta(days=6) <= last)]
            if weekly.empty:
                continue
            weeks = sorted(weekly["week"].unique())
            meta = _week_frame([pd.Timestamp(w) for w in pd.date_range(weeks[0], weeks[-1], freq="7D")])
            code = dict(zip(meta["period_start"], meta["period"], strict=True))
            base = pd.DataFrame({"area": weekly["ward_code"].where(weekly["ward_code"].isin(set(geo.base)), UNKNOWN)
                                 .fillna(UNKNOWN).astype(str), "band": NO_BANDS,
                                 "period": weekly["week"].map(code), "count": weekly["count"]})
            period_dim = Dimension.of("period", {c: (c,) for c in meta["period"]})
            cube = Cube.build(base, area_dim, band_dim, period_dim)
            shown, hid = {}, {}
            for role in ROLES:
                pr = protect(cube.cells["count"].to_numpy(), cube.lines, role=role, free=cube.free, rules=rules_)
                shown[role], hid[role] = pr.shown, pr.hidden
            families[key] = (cube, shown, hid, meta)
        if key not in families:
            continue
        cube, shown, hid, meta = families[key]
        cells = cube.cells
        pick = ~cube.free
        for role in ROLES:
            rows = cells.loc[pick, ["area", "band", "period", "withheld"]].rename(columns={"area": "area_code"})
            rows["count"], rows["hidden"] = shown[role][pick], hid[role][pick]
            rows["suppression"] = np.where(rows["hidden"], "small numbers", None)
            rows["viewer_suppressed"] = hid["viewer"][pick]
            if indicator.denominator == "population":
                rows["denominator"] = rows["area_code"].map(_population_for(pop, area_members, indicator.age_min,
                                                                            indicator.age_max)).astype(float)
            else:
                rows["denominator"] = rows["area_code"].map(_patients(store, area_members)).astype(float)
            rows = rows.merge(areas, on="area_code").merge(meta, on="period")
            rows = indicator_values(indicator, rows, baseline=(get_settings().baseline_start,
                                                               get_settings().baseline_end))
            out.append(rows.assign(role=role, indicator_id=indicator.id))
    return out


def compute_rows(store: Store, source_names: Iterable[str] | None = None) -> pd.DataFrame:
    """Every indicator value of the given sources (all when None), for both roles."""
    geo = geography(store)
    wanted = list(source_names) if source_names is not None else list(sources.names())
    pop = _population(store, geo)
    rules_ = rules()
    parts: list[pd.DataFrame] = []
    for name in wanted:
        source = sources.get(name)
        parts += _source_rows(store, source, geo, pop, rules_)
        if source.weekly:
            parts += _weekly_rows(store, source, geo, pop, rules_)
        for indicator in source.indicators:
            if indicator.method == "score":
                parts += _score_rows(store, catalogue.get(indicator.id), geo)
    if not parts:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame["suppressed"] = frame["hidden"].fillna(False).astype(bool) if "hidden" in frame else False
    if "hidden" in frame:
        frame["suppressed"] = frame["hidden"].fillna(False).astype(bool)
    frame["count"] = pd.array(np.where(frame["suppressed"], np.nan, frame["count"]), dtype="Float64").round().astype(
        "Int64")
    for col in ("period_start", "period_end"):
        frame[col] = pd.to_datetime(frame[col]).dt.date
    return frame.reindex(columns=VALUE_COLUMNS)


def _affected(source_names: Iterable[str] | None) -> list[str] | None:
    """Reference data (population, lookups, practices, deprivation) changes every rate: refresh all."""
    if source_names is None:
        return None
    names = set(source_names)
    if any(sources.get(n).stage < 3 for n in names):
        return None
    return sorted(names)


def refresh(store: Store, source_names: Iterable[str] | None = None) -> RefreshReport:
    """Recompute the values of the sources touched (all of them when None) and replace them in the store.

    Called inside the caller's transaction by ingest and roll back, so readers see old values with old
    data or new with new, never a mix.
    """
    started = time.perf_counter()
    names = _affected(source_names)
    frame = compute_rows(store, names)
    ids = sorted({i.id for n in (names or sources.names()) for i in sources.get(n).indicators})
    if names is None:
        store.execute('DELETE FROM "indicator_values"')
    elif ids:
        store.execute('DELETE FROM "indicator_values" WHERE indicator_id IN (' + ", ".join("?" * len(ids)) + ")", ids)
    store.insert_frame("indicator_values", frame)
    seconds = time.perf_counter() - started
    store.execute('DELETE FROM "values_meta"')
    total = int(store.fetch('SELECT COUNT(*) AS n FROM "indicator_values"')["n"].iloc[0])
    store.insert_frame("values_meta", pd.DataFrame([{
        "version": store_version(store), "refreshed_at": datetime.now(UTC).replace(tzinfo=None),
        "indicators": int(frame["indicator_id"].nunique()) if len(frame) else 0, "rows": total,
        "seconds": seconds}]))
    return RefreshReport(len(ids), len(frame), seconds)


# --- reads ------------------------------------------------------------------------------------------

def read(store: Store, indicators: str | Sequence[str], *, role: str, periods: Sequence[str] | None = None,
         period_types: Sequence[str] | None = None, areas: Sequence[str] | None = None,
         area_types: Sequence[str] | None = None, bands: Sequence[str] | None = ("All",),
         columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Ready indicator values for one role, filtered in the engine (None = no filter on that column)."""
    t = store.table("indicator_values")
    ids = [indicators] if isinstance(indicators, str) else list(indicators)
    preds = [t.role == role, t.indicator_id.isin(ids)]
    for column, wanted in (("period", periods), ("period_type", period_types), ("area_code", areas),
                           ("area_type", area_types), ("band", bands)):
        if wanted is not None:
            preds.append(t[column].isin(list(wanted)))
    expr = t.filter(preds)
    if columns is not None:
        expr = expr.select(*columns)
    frame = expr.to_pandas()
    for col in ("period_start", "period_end"):
        if col in frame:
            frame[col] = pd.to_datetime(frame[col])
    if "count" in frame:
        frame["count"] = frame["count"].astype("Int64")
    return frame


def periods_held(store: Store, indicator_id: str) -> list[Period]:
    """The periods an indicator has values for (months, quarters, financial and calendar years)."""
    return list(store.remember(("periods", indicator_id), lambda: _periods_held(store, indicator_id)))


def _periods_held(store: Store, indicator_id: str) -> list[Period]:
    t = store.table("indicator_values")
    frame = t.filter([t.indicator_id == indicator_id, t.role == "viewer", t.period_type != "edition"]).select(
        "period_type", "period_start", "period_end").distinct().to_pandas()
    return sorted((Period(pd.Timestamp(r.period_start), r.period_type, pd.Timestamp(r.period_end))
                   for r in frame.itertuples()), key=lambda p: (p.kind, p.start))


def editions_held(store: Store, indicator_id: str) -> list[str]:
    t = store.table("indicator_values")
    frame = t.filter([t.indicator_id == indicator_id, t.period_type == "edition"]).select("period").distinct()
    return sorted(frame.to_pandas()["period"])


def meta(store: Store) -> dict:
    """When the values were computed and from which store version (empty before the first refresh)."""
    frame = store.fetch('SELECT * FROM "values_meta"')
    return frame.iloc[0].to_dict() if len(frame) else {}
