"""Indicator values, materialised: the one pipeline run over the store, and the reads pages make.

`refresh` runs inside the transaction of every ingest and roll back (and `python -m warehouse refresh`):
for each source touched it counts each family of events once in the engine (Ibis, from the monthly
rollup), builds the family's cube of areas x age groups x periods (metrics.cube), protects it for the
viewer as one family (metrics.disclosure), and computes every indicator of the family for each role
from that role's counts (metrics.pipeline). The rows replace that source's rows of `indicator_values`.

`read` is what views call: ready rows, filtered in the engine.
"""

from __future__ import annotations

import dataclasses
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
from warehouse import digital, queries
from warehouse.areas import UNKNOWN, Geography, Practice
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
        listed = tuple(Practice(r.practice_code, r.ward_code, None if pd.isna(r.pcn_code) else r.pcn_code,
                                None if pd.isna(r.pcn_name) else r.pcn_name)
                       for r in queries.practices(store).itertuples())
        return configured_geography(deciles=dict(zip(deciles["area_code"], deciles["imd_decile"].astype(int),
                                                     strict=True)), practices=listed)
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
    blocks_searched: int = 0  # blocks of counts the disclosure search protected afresh
    blocks_reused: int = 0  # blocks whose counts had not changed: their protection read back

    def summary(self) -> str:
        return (f"indicator values: {self.indicators} indicators, {self.rows:,} rows in {self.seconds:.1f} s "
                f"(disclosure: {self.blocks_searched} blocks searched, {self.blocks_reused} unchanged)")


# --- the dimensions of a source's families -------------------------------------------------------------

def area_dimension(geo: Geography) -> Dimension:
    members = {a.code: a.members for a in geo.areas}
    splits = {a.code: a.parts for a in geo.areas if a.parts}
    return Dimension.of("area", members, splits=splits)


PRACTICE = "practice:"


def practice_members(geo: Geography, practice_ward: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each area's base values for sources placed by practice: its practices (and "not-known" where the
    area holds the events of practices not in the list)."""
    out = {}
    for a in geo.areas:
        unknown = (UNKNOWN,) if UNKNOWN in a.members else ()
        out[a.code] = unknown if a.type == "not-known" else geo.practices_of(a, practice_ward) + unknown
    return out


def practice_dimension(geo: Geography, practice_ward: dict[str, str]) -> Dimension:
    """Areas over practices (GP sources): a ward adds up the practices in it, a PCN its own practices, the
    rest their wards. Each practice is also a never-shown cell, so every line a reader could use (a PCN's
    practices against the wards they sit in) is among the cube's lines and disclosure control sees it."""
    members = practice_members(geo, practice_ward)
    splits: dict[str, tuple[str, ...]] = {}
    for a in geo.areas:
        if a.type in ("ward", "pcn"):
            inside = geo.practices_of(a, practice_ward)
            if inside:
                splits[a.code] = tuple(PRACTICE + p for p in inside)
        elif a.parts:
            splits[a.code] = a.parts
    atoms = {PRACTICE + p: (p,) for p in practice_ward}
    return Dimension.of("area", {**members, **atoms}, splits=splits, hidden=list(atoms))


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


ALL_CATEGORIES = "all"
OTHER = "(other)"


def family_key(f: EventFilter) -> EventFilter:
    """The family an indicator's events belong to: its filter without categories and age bands (those are
    dimensions of the family's cube)."""
    return EventFilter(f.source, (), f.subcategories, f.channels, (), f.statuses, f.repeat_only)


def category_group(f: EventFilter) -> str:
    return " + ".join(f.categories) if f.categories else ALL_CATEGORIES


def category_dimension(source: sources.Source, filters: Sequence[EventFilter]) -> Dimension:
    """Each category set the family's indicators count; a set is split into the single categories shown on
    their own, plus a never-shown remainder (so "all requests" = the sum of the request types)."""
    vocab = (*source.vocabulary("category"), OTHER)
    members: dict[str, tuple[str, ...]] = {}
    for f in filters:
        members[category_group(f)] = tuple(f.categories) if f.categories else vocab
    singles = {g: m[0] for g, m in members.items() if len(m) == 1}
    splits, hidden = {}, []
    for group, inside in list(members.items()):
        if len(inside) == 1:
            continue
        parts = [g for g, c in singles.items() if c in inside]
        if not parts:
            continue
        rest = tuple(c for c in inside if c not in {singles[g] for g in parts})
        if rest:
            name = f"other than {' / '.join(singles[g] for g in parts)} in {group}"
            members[name] = rest
            hidden.append(name)
            parts.append(name)
        splits[group] = tuple(parts)
    return Dimension.of("category", members, splits=splits, hidden=hidden)


def _band_of(indicator: Indicator) -> str:
    """The band group an indicator's all-ages row counts."""
    f = indicator.numerator
    if f is None or not f.age_bands:
        return ALL
    return f.age_bands[0] if len(f.age_bands) == 1 else age_group(indicator.age_min, indicator.age_max)


# --- counting and protecting a family --------------------------------------------------------------

@dataclass
class _Family:
    cube: Cube
    shown: dict[str, np.ndarray]  # role -> counts as that role may know them (NaN hidden)
    hidden: dict[str, np.ndarray]
    reason: np.ndarray
    index: pd.MultiIndex  # (category, area, band, period) of each cell

    def position(self, category: str, areas, bands, periods) -> np.ndarray:
        keys = pd.MultiIndex.from_arrays([np.full(len(areas), category), np.asarray(areas), np.asarray(bands),
                                          np.asarray(periods)])
        return self.index.get_indexer(keys)


def _monthly_base(store: Store, key: EventFilter, geo: Geography, source: sources.Source,
                  practice_ward: dict[str, str]) -> pd.DataFrame:
    place = "org_code" if source.placed_by == "practice" else "ward_code"
    by = ["category", place, *(["age_band"] if source.age_bands else [])]
    monthly = queries.event_counts(store, key, by=by).rename(columns={place: "ward_code"})
    base = set(practice_ward) if source.placed_by == "practice" else None
    return _base_frame(monthly.assign(period=monthly["period"].dt.strftime("%Y-%m")), geo, source, base)


def _base_frame(counts: pd.DataFrame, geo: Geography, source: sources.Source,
                base: set[str] | None = None) -> pd.DataFrame:
    """Counts on the family's base values: wards (or practices, `base`) and "not-known"."""
    wards = set(geo.base) if base is None else base
    vocab = set(source.vocabulary("category"))
    area = counts["ward_code"].where(counts["ward_code"].isin(wards), UNKNOWN).fillna(UNKNOWN)
    category = counts["category"].where(counts["category"].isin(vocab), OTHER).fillna(OTHER)
    if source.age_bands:
        band = counts["age_band"].where(counts["age_band"].isin(source.band_labels), UNKNOWN_AGE)
    else:
        band = pd.Series(NO_BANDS, index=counts.index)
    frame = pd.DataFrame({"category": category.astype(str), "area": area.astype(str), "band": band.astype(str),
                          "period": counts["period"].astype(str), "count": counts["count"],
                          "withheld": counts.get("withheld", 0)})
    return frame.groupby(["category", "area", "band", "period"], as_index=False)[["count", "withheld"]].sum()


class ProtectionMemo:
    """The blocks the viewer's disclosure search protected before (table `protection_memo`), for a refresh:
    a block whose counts did not change is not searched again (metrics.disclosure.protect). `save` keeps
    exactly the blocks this refresh used, for the sources it refreshed (all when None)."""

    def __init__(self, store: Store, source_names: Sequence[str] | None) -> None:
        self.store, self.names, self.source = store, source_names, ""
        where, params = ("", []) if source_names is None else (
            " WHERE source IN (" + ", ".join("?" * len(source_names)) + ")", list(source_names))
        held = store.fetch(f'SELECT block_key, hidden FROM "protection_memo"{where}', params) \
            if source_names is None or source_names else pd.DataFrame(columns=["block_key", "hidden"])
        self.held = {k: bytes(v) for k, v in zip(held["block_key"], held["hidden"], strict=True)}
        self.used: dict[tuple[str, str], bytes] = {}
        self.searched = self.reused = 0

    def get(self, key: str) -> np.ndarray | None:
        raw = self.held.get(key)
        if raw is None:
            return None
        self.reused += 1
        self.used[(self.source, key)] = raw
        return np.frombuffer(raw, dtype=np.int64)

    def put(self, key: str, hidden: np.ndarray) -> None:
        self.searched += 1
        self.held[key] = self.used[(self.source, key)] = np.asarray(hidden, dtype=np.int64).tobytes()

    def save(self) -> None:
        if self.names is None:
            self.store.execute('DELETE FROM "protection_memo"')
        elif self.names:
            self.store.execute('DELETE FROM "protection_memo" WHERE source IN (' + ", ".join("?" * len(self.names))
                               + ")", list(self.names))
        self.store.insert_frame("protection_memo", pd.DataFrame(
            [{"source": s, "block_key": k, "hidden": v} for (s, k), v in self.used.items()],
            columns=["source", "block_key", "hidden"]))


def _protected(base: pd.DataFrame, dims: Sequence[Dimension], rules_: DisclosureRules,
               memo: ProtectionMemo | None = None) -> _Family:
    cube = Cube.build(base, *dims)
    true = cube.cells["count"].to_numpy()
    shown, hidden, reason = {}, {}, None
    for role in ROLES:
        out = protect(true, cube.lines, role=role, free=cube.free, rules=rules_,
                      memo=memo if role == "viewer" else None)
        shown[role], hidden[role] = out.shown, out.hidden
        if role == "viewer":
            reason = out.reason
    index = pd.MultiIndex.from_frame(cube.cells[[d.name for d in dims]])
    return _Family(cube, shown, hidden, reason, index)


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
    """Registered patients of each area's members (practices, or wards: the practices in them)."""
    patients = queries.registered_patients(store)
    by_member = dict(zip(patients["area_code"], patients["population"].astype(float), strict=True))
    listed = queries.practices(store)
    by_member.update(zip(listed["practice_code"], listed["registered_patients"].astype(float), strict=True))
    out = {}
    for area, members in area_members.items():
        values_ = [by_member[m] for m in members if m in by_member]
        out[area] = float(sum(values_)) if values_ else np.nan
    return out


def _denominators(store, indicator: Indicator, rows: pd.DataFrame, source, pop, area_members, den_family, role,
                  own: str) -> tuple[np.ndarray, np.ndarray]:
    """The denominator of each row, and whether the role may not see it (a share's events, hidden)."""
    hidden = np.zeros(len(rows), dtype=bool)
    if indicator.denominator == "population":
        values_ = np.full(len(rows), np.nan)
        ranges = {ALL: (indicator.age_min, indicator.age_max)}
        ranges.update({b.label: (b.lo, b.hi) for b in source.age_bands})
        ranges.update({age_group(lo, hi): (lo, hi) for lo, hi in source.age_groups})
        for band, (lo, hi) in ranges.items():
            mask = (rows["band"] == band).to_numpy()
            if mask.any():
                by_area = _population_for(pop, area_members, lo, hi)
                values_[mask] = rows.loc[mask, "area_code"].map(by_area).to_numpy(dtype=float)
        return values_, hidden
    if indicator.denominator == "registered_patients":
        return rows["area_code"].map(_patients(store, area_members)).to_numpy(dtype=float), hidden
    bands = np.where(rows["band"] == ALL, own, rows["band"])
    at = den_family.position(category_group(indicator.denominator_events), rows["area_code"], bands, rows["period"])
    ok = at >= 0
    values_ = np.where(ok, den_family.shown[role][np.maximum(at, 0)], np.nan)
    hidden = ~ok | den_family.hidden[role][np.maximum(at, 0)]
    return values_, hidden


# --- the refresh ------------------------------------------------------------------------------------

def _period_frame(periods: Sequence[Period]) -> pd.DataFrame:
    return pd.DataFrame({"period": [p.code for p in periods], "period_type": [p.kind for p in periods],
                         "period_index": [p.index for p in periods], "period_start": [p.start for p in periods],
                         "period_end": [p.end for p in periods], "period_label": [p.label for p in periods],
                         "months": [p.months for p in periods]})


def _week_frame(weeks: Sequence[pd.Timestamp]) -> pd.DataFrame:
    iso = [w.isocalendar() for w in weeks]
    return pd.DataFrame({"period": [f"{y}-W{n:02d}" for y, n, _ in iso], "period_type": "week",
                         "period_index": [int((w - pd.Timestamp("1970-01-05")).days // 7) for w in weeks],
                         "period_start": list(weeks), "period_end": list(weeks),
                         "period_label": [f"w/c {w.day} {w:%b %Y}" for w in weeks], "months": [[] for _ in weeks]})


def _areas_frame(areas) -> pd.DataFrame:
    return pd.DataFrame({"area_code": [a.code for a in areas], "area_name": [a.name for a in areas],
                         "area_type": [a.type for a in areas], "parent_code": [a.parent for a in areas]})


def _indicator_rows(store, indicator: Indicator, fam: _Family, den_family: _Family | None, bands: dict[str, str],
                    source, pop, area_members, areas: pd.DataFrame, meta: pd.DataFrame, esp) -> list[pd.DataFrame]:
    cells = fam.cube.cells
    pick = ((cells["category"] == category_group(indicator.numerator)) & cells["band"].isin(list(bands))
            & ~pd.Series(fam.cube.free)).to_numpy()
    own = _band_of(indicator)
    settings = get_settings()
    out = []
    for role in ROLES:
        rows = cells.loc[pick, ["area", "band", "period", "withheld"]].rename(columns={"area": "area_code"})
        rows["count"] = fam.shown[role][pick]
        rows["hidden"] = fam.hidden[role][pick]
        rows["suppression"] = np.where(fam.hidden["viewer"][pick], fam.reason[pick], None) if role == "analyst" \
            else np.where(rows["hidden"], "small numbers", None)
        rows["viewer_suppressed"] = fam.hidden["viewer"][pick]
        rows["band"] = rows["band"].map(bands)
        rows["denominator"], den_hidden = _denominators(store, indicator, rows, source, pop, area_members, den_family,
                                                        role, own)
        rows["hidden"] = rows["hidden"].to_numpy() | den_hidden
        rows = rows.merge(areas, on="area_code", how="inner").merge(meta, on="period", how="inner")
        values_ = indicator_values(indicator, rows, baseline=(settings.baseline_start, settings.baseline_end),
                                   esp_weights=esp, since=settings.pandemic_start)
        out.append(values_.assign(role=role, indicator_id=indicator.id))
    return out


def _source_rows(store: Store, source: sources.Source, geo: Geography, pop, rules_,
                 memo: ProtectionMemo | None = None) -> list[pd.DataFrame]:
    indicators = [catalogue.get(i.id) for i in source.indicators if i.numerator is not None]
    months = queries.months_available(store, source.name)
    if not indicators or not months:
        return []
    periods = complete_periods(months)
    period_dim = period_dimension(periods)
    practice_ward = _practice_wards(store)
    if source.placed_by == "practice":
        area_dim = practice_dimension(geo, practice_ward)
        area_members = practice_members(geo, practice_ward)
    else:
        area_dim = area_dimension(geo)
        area_members = {a.code: a.members for a in geo.areas}
    band_dim = band_dimension(source, indicators)
    meta = _period_frame(periods)
    areas = _areas_frame(geo.areas)
    filters = [i.numerator for i in indicators] + [i.denominator_events for i in indicators if i.denominator_events]
    families: dict[EventFilter, _Family] = {}
    for key in dict.fromkeys(family_key(f) for f in filters):
        members = [f for f in filters if family_key(f) == key]
        dims = (category_dimension(source, members), area_dim, band_dim, period_dim)
        families[key] = _protected(_monthly_base(store, key, geo, source, practice_ward), dims, rules_, memo)
    out = []
    for indicator in indicators:
        bands = {_band_of(indicator): ALL}
        if "age_band" in indicator.breakdowns and source.age_bands:
            bands.update({b.label: b.label for b in source.bands_within(indicator.age_min, indicator.age_max)})
            for lo, hi in source.age_groups:  # the source's age groups that lie inside the indicator's range
                inside = source.bands_within(lo, hi)
                if len(inside) > 1 and all(b.within(indicator.age_min, indicator.age_max) for b in inside) and \
                        age_group(lo, hi) not in bands:
                    bands[age_group(lo, hi)] = age_group(lo, hi)
        esp = esp_weights_for([(b.label, b.lo, b.hi) for b in source.bands_within(indicator.age_min, indicator.age_max)]) \
            if indicator.standardise and "age_band" in indicator.breakdowns else None
        den = families[family_key(indicator.denominator_events)] if indicator.denominator_events else None
        out += _indicator_rows(store, indicator, families[family_key(indicator.numerator)], den, bands, source, pop,
                               area_members, areas, meta, esp)
    if source.weekly:
        out += _weekly_rows(store, source, geo, pop, rules_, indicators, memo)
    return out


def _practice_wards(store: Store) -> dict[str, str]:
    listed = queries.practices(store)
    return dict(zip(listed["practice_code"], listed["ward_code"], strict=True))


def _weekly_rows(store: Store, source: sources.Source, geo: Geography, pop, rules_, indicators,
                 memo: ProtectionMemo | None = None) -> list[pd.DataFrame]:
    """Weekly values for the districts and the partnership (all ages), for sources that declare `weekly`."""
    indicators = [i for i in indicators if i.method == "rate" and not i.numerator.age_bands]
    months = queries.months_available(store, source.name)
    first, last = min(months), max(months) + pd.offsets.MonthEnd(0)
    tops = [a for a in geo.areas if a.type in ("district", "partnership")]
    members = {a.code: a.members for a in tops}
    splits = {a.code: a.parts for a in tops if a.type == "partnership"}
    hidden = []
    if any(UNKNOWN in parts for parts in splits.values()):
        members[UNKNOWN], hidden = (UNKNOWN,), [UNKNOWN]
    area_dim = Dimension.of("area", members, splits=splits, hidden=hidden)
    band_dim = Dimension.single("band", ALL, NO_BANDS)
    out = []
    for key in dict.fromkeys(family_key(i.numerator) for i in indicators):
        mine = [i for i in indicators if family_key(i.numerator) == key]
        weekly = queries.weekly_counts(store, key, by=["category", "ward_code"])
        weekly = weekly[(weekly["week"] >= first) & (weekly["week"] + pd.Timedelta(days=6) <= last)]
        if weekly.empty:
            continue
        meta = _week_frame(list(pd.date_range(weekly["week"].min(), weekly["week"].max(), freq="7D")))
        code = dict(zip(meta["period_start"], meta["period"], strict=True))
        base = _base_frame(weekly.assign(period=weekly["week"].map(code), withheld=0), geo,
                           dataclasses.replace(source, age_bands=()))
        dims = (category_dimension(source, [i.numerator for i in mine]), area_dim, band_dim,
                Dimension.of("period", {c: (c,) for c in meta["period"]}))
        fam = _protected(base, dims, rules_, memo)
        for indicator in mine:
            out += _indicator_rows(store, indicator, fam, None, {ALL: ALL}, source, pop,
                                   {a.code: a.members for a in tops}, _areas_frame(tops), meta, None)
    return out


def _score_rows(store: Store, indicator: Indicator, geo: Geography) -> list[pd.DataFrame]:
    edition = queries.score_edition(store)
    if edition is None:
        return []
    lsoas = queries.lsoa_deprivation(store, edition=edition)
    covered = set(lsoas["ward_code"])
    rows = []
    for area in geo.areas:
        if area.type == "not-known":
            continue
        members = set(area.members) - {UNKNOWN}
        scores = lsoas.loc[lsoas["ward_code"].isin(members), "imd_score"].dropna()
        if not members <= covered:  # an edition held for only some of its wards (IoD 2025 for one district)
            scores = scores.iloc[:0]
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



def compute_rows(store: Store, source_names: Iterable[str] | None = None,
                 memo: ProtectionMemo | None = None) -> pd.DataFrame:
    """Every indicator value of the given sources (all when None), for both roles; `memo` gives back the
    blocks of counts protected before (the same result as searching them again)."""
    geo = geography(store)
    wanted = list(source_names) if source_names is not None else list(sources.names())
    pop = _population(store, geo)
    rules_ = rules()
    parts: list[pd.DataFrame] = []
    for name in wanted:
        source = sources.get(name)
        if memo is not None:
            memo.source = name
        parts += _source_rows(store, source, geo, pop, rules_, memo)
        for indicator in source.indicators:
            if indicator.method == "score" and not indicator.owner:  # a score of its own source: its module
                parts += _score_rows(store, catalogue.get(indicator.id), geo)
    if not parts:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.reindex(columns=list(dict.fromkeys([*frame.columns, *VALUE_COLUMNS, "hidden"])))
    shown = frame["suppressed"].astype("boolean").fillna(False).to_numpy(bool)
    hidden = frame["hidden"].astype("boolean")
    frame["suppressed"] = np.where(hidden.isna().to_numpy(), shown, hidden.fillna(False).to_numpy(bool))
    frame["count"] = pd.array(np.where(frame["suppressed"], np.nan, frame["count"].astype(float)),
                              dtype="Float64").round().astype("Int64")
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
    memo = ProtectionMemo(store, names) if store.has_table("protection_memo") else None
    frame = compute_rows(store, names, memo)
    if memo is not None:
        memo.save()
    ids = sorted({i.id for n in (names or sources.names()) for i in sources.get(n).indicators})
    if names is None:
        store.execute('DELETE FROM "indicator_values"')
    elif ids:
        store.execute('DELETE FROM "indicator_values" WHERE indicator_id IN (' + ", ".join("?" * len(ids)) + ")", ids)
    store.insert_frame("indicator_values", frame)
    digital.refresh(store, geography(store), VALUE_COLUMNS)  # the index reads the role's values just written
    seconds = time.perf_counter() - started
    store.execute('DELETE FROM "values_meta"')
    total = int(store.fetch('SELECT COUNT(*) AS n FROM "indicator_values"')["n"].iloc[0])
    store.insert_frame("values_meta", pd.DataFrame([{
        "version": store_version(store), "refreshed_at": datetime.now(UTC).replace(tzinfo=None),
        "indicators": int(frame["indicator_id"].nunique()) if len(frame) else 0, "rows": total,
        "seconds": seconds}]))
    return RefreshReport(len(ids), len(frame), seconds, memo.searched if memo else 0, memo.reused if memo else 0)


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
    # Nullable integers on every engine (an all-NULL BIGINT column is object from DuckDB, float from Spark).
    for col in ("count", "withheld"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
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
