"""The digital exclusion lens from the store: the index's inputs per ward for a role, and its rows in
indicator_values (computed by metrics.digital, declared there once).

Public inputs (Census 2021 age, health and disability; IoD domains) are the same for both roles. The partners'
channel inputs are read from indicator_values for the role: for viewers the shares and rates computed from the
protected (suppressed and rounded) counts, so the viewer's index rests only on figures a viewer may see; a
suppressed value is a missing input. `refresh` runs at the end of values.refresh, inside the same transaction,
after every other indicator's rows are written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics import digital as deri
from sources.census_health import INDEX_ID
from warehouse import queries
from warehouse.areas import UNKNOWN, Geography
from warehouse.store import Store

ROLES = ("analyst", "viewer")
PARTNER_INPUTS = {"hub_digital_support": ("hub_digital_support",),
                  "hub_personal_shopping_65": ("hub_personal_shopping_65",),
                  "gp_remote_share": ("gp_remote_share",),
                  "ca_non_digital_share": ("ca_phone_share", "ca_face_to_face_share")}  # input -> indicators summed
IOD_DOMAINS = {"iod_income": "Income", "iod_education": "Education"}
DISABLED = ("Disabled under the Equality Act: Day-to-day activities limited a lot",
            "Disabled under the Equality Act: Day-to-day activities limited a little")
BAD_HEALTH = ("Bad health", "Very bad health")


@dataclass(frozen=True)
class Lens:
    """The index for one role: the raw inputs and the computed scores per ward, and what each input used."""

    role: str
    inputs: pd.DataFrame  # ward code x input id (raw values)
    scores: pd.DataFrame  # metrics.digital.compute's frame
    population: pd.Series  # usual residents per ward (the weights for other areas)
    used: dict[str, str]  # input id -> the period or edition used, in words ("" = not held)

    @property
    def ward_scores(self) -> pd.Series:
        return self.scores["score"]

    def area_score(self, members) -> float:
        return deri.area_score(self.ward_scores, self.population, [m for m in members if m != UNKNOWN])

    def area_value(self, column: str, members) -> float:
        """A population-weighted mean over an area's wards of any computed column (a domain's contribution)."""
        return deri.area_score(self.scores[column], self.population, [m for m in members if m != UNKNOWN])

    def area_input(self, input_id: str, members) -> float:
        return deri.area_score(self.inputs[input_id], self.population, [m for m in members if m != UNKNOWN])

    @property
    def period(self) -> str:
        years = sorted({v for k, v in self.used.items() if k in PARTNER_INPUTS and v})
        return f"DERI {years[-1]}" if years else "DERI 2021"

    @property
    def period_label(self) -> str:
        editions = sorted({v for k, v in self.used.items() if k in IOD_DOMAINS and v})
        years = sorted({v for k, v in self.used.items() if k in PARTNER_INPUTS and v})
        parts = ["Census 2021", *editions, *([f"partners {'-'.join(dict.fromkeys([years[0], years[-1]]))}"]
                                              if years else [])]
        return ", ".join(parts)


def _wards(geo: Geography) -> list[str]:
    return [c for c in geo.base if c != UNKNOWN]


def _ages(store: Store, wards: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    ages = queries.ages_by_ward(store, wards)
    if ages.empty:
        return pd.DataFrame(index=wards), pd.Series(np.nan, index=wards)
    total = ages.groupby("area_code")["persons"].sum().astype(float)
    out = pd.DataFrame({f"aged_{lo}_plus": ages[ages["age"] >= lo].groupby("area_code")["persons"].sum() / total * 100
                        for lo in (65, 75)})
    return out.reindex(wards), total.reindex(wards)


def _census(store: Store, wards: list[str]) -> pd.DataFrame:
    if not store.has_table("census_health"):
        return pd.DataFrame(index=wards)
    t = store.table("census_health")
    rows = t.filter(t.area_code.isin(wards)).select("area_code", "topic", "category", "persons").to_pandas()
    out = {}
    for name, topic, picked in (("disabled", "disability", DISABLED), ("bad_health", "general_health", BAD_HEALTH)):
        of = rows[rows["topic"] == topic]
        total = of.groupby("area_code")["persons"].sum().astype(float)
        part = of[of["category"].isin(picked)].groupby("area_code")["persons"].sum()
        out[name] = (part.reindex(total.index).fillna(0) / total.where(total > 0) * 100)
    return pd.DataFrame(out).reindex(wards)


def _iod(store: Store, wards: list[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each domain's mean LSOA score per ward in the latest edition holding scores for that domain; wards of a
    district without that edition's domain (South Ribble: IMD 2019 only) are missing."""
    d, lw = store.table("deprivation"), store.table("lsoa_ward")
    out, used = {}, {}
    for input_id, domain in IOD_DOMAINS.items():
        of = d.filter([d.domain == domain, d.domain_score.notnull()])
        editions = of.select("edition").distinct().to_pandas()["edition"].tolist()
        if not editions:
            out[input_id], used[input_id] = pd.Series(np.nan, index=wards), ""
            continue
        edition = int(max(editions))
        vintage = queries.LSOA_VINTAGE.get(edition, 2021)
        look = lw.filter(lw.vintage.isnull() | (lw.vintage == vintage) | (lw.vintage == 0))
        picked = of.filter(of.edition == edition)
        joined = picked.join(look, picked.lsoa_code == look.lsoa_code)
        means = joined.group_by("ward_code").aggregate(v=joined.domain_score.mean()).to_pandas()
        out[input_id] = means.set_index("ward_code")["v"].reindex(wards)
        used[input_id] = f"IoD {edition}"
    return pd.DataFrame(out, index=wards), used


def _partners(store: Store, role: str, wards: list[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each partner input's ward values for the role at the latest calendar year held (suppressed = missing)."""
    ids = sorted({i for group in PARTNER_INPUTS.values() for i in group})
    t = store.table("indicator_values")
    rows = t.filter([t.role == role, t.indicator_id.isin(ids), t.period_type == "year", t.band == "All",
                     t.area_type == "ward"]).select("indicator_id", "area_code", "period", "value",
                                                    "suppressed").to_pandas()
    out, used = {}, {}
    for input_id, group in PARTNER_INPUTS.items():
        mine = rows[rows["indicator_id"].isin(group)]
        years = [set(mine.loc[mine["indicator_id"] == i, "period"]) for i in group]
        common = sorted(set.intersection(*years)) if years and all(years) else []
        if not common:
            out[input_id], used[input_id] = pd.Series(np.nan, index=wards), ""
            continue
        year = common[-1]
        at = mine[mine["period"] == year]
        value = at["value"].where(~at["suppressed"].fillna(False).astype(bool))
        summed = value.groupby([at["area_code"]]).sum(min_count=len(group))
        counted = value.notna().groupby(at["area_code"]).sum()
        out[input_id] = summed.where(counted == len(group)).reindex(wards)
        used[input_id] = str(year)
    return pd.DataFrame(out, index=wards), used


def lens(store: Store, geo: Geography, role: str) -> Lens:
    """The index for a role, from the store as it stands."""
    wards = _wards(geo)
    ages, population = _ages(store, wards)
    census = _census(store, wards)
    iod, used_iod = _iod(store, wards)
    partners, used_partners = _partners(store, role, wards)
    inputs = pd.concat([ages, census, iod, partners], axis=1).reindex(columns=[i.id for i in deri.INDEX.inputs])
    used = {"aged_65_plus": "2021", "aged_75_plus": "2021", "disabled": "2021", "bad_health": "2021",
            **used_iod, **used_partners}
    used = {k: (v if inputs[k].notna().any() else "") for k, v in used.items()}
    return Lens(role, inputs, deri.compute(inputs), population, used)


def cached(store: Store, geo: Geography, role: str) -> Lens:
    """`lens`, remembered until the store changes (pages)."""
    return store.remember(("digital-lens", role), lambda: lens(store, geo, role))


def rows(store: Store, geo: Geography) -> pd.DataFrame:
    """The index's indicator_values rows: every area (not "not known") x role."""
    parts = []
    for role in ROLES:
        found = lens(store, geo, role)
        if found.ward_scores.notna().sum() == 0:
            continue
        year = found.period.split()[-1]
        for area in geo.areas:
            if area.type == "not-known":
                continue
            if area.type == "ward":
                value = found.ward_scores.get(area.code, np.nan)
                held = found.scores["inputs_held"].get(area.code, 0)
            else:
                value = found.area_score(area.members)
                held = int(found.ward_scores.reindex([m for m in area.members if m != UNKNOWN]).notna().sum())
            parts.append({"indicator_id": INDEX_ID, "role": role, "area_code": area.code, "area_name": area.name,
                          "area_type": area.type, "parent_code": area.parent, "band": "All", "period": found.period,
                          "period_type": "edition", "period_start": pd.Timestamp(f"{year}-01-01").date(),
                          "period_end": pd.Timestamp(f"{year}-12-31").date(), "period_label": found.period_label,
                          "denominator": float(held), "value": float(value) if pd.notna(value) else np.nan,
                          "method": "weighted mean of z-scores (no interval)" if area.type == "ward" else
                          "population-weighted mean of its wards' scores (no interval)",
                          "comparison": "not compared", "comparison_99_8": "not compared",
                          "trend": "cannot be calculated", "suppressed": False, "viewer_suppressed": False})
    return pd.DataFrame(parts)


def refresh(store: Store, geo: Geography, columns: list[str]) -> int:
    """Replace the index's rows in indicator_values (inside the caller's transaction); the rows written."""
    store.execute('DELETE FROM "indicator_values" WHERE indicator_id = ?', [INDEX_ID])
    frame = rows(store, geo)
    if frame.empty:
        return 0
    frame = frame.reindex(columns=columns)
    for col in ("count", "withheld"):
        frame[col] = pd.array([pd.NA] * len(frame), dtype="Int64")
    store.insert_frame("indicator_values", frame)
    return len(frame)
