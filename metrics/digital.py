"""The Digital Exclusion Risk Index (in the spirit of GMCA's DERI), declared once and computed here (pure).

Each input is a ward-level value (a share of residents, a mean IoD domain score, a partner's rate or share).
Standardisation: a z-score across the partnership's wards that hold the input, (x - mean) / SD with the
population SD (ddof=0), times the input's direction (+1: higher value = higher risk). An input with no spread
(SD 0) scores 0 everywhere. The ward's score is the weighted mean of its directed z-scores over the inputs it
holds, with the declared weights (a missing input's weight is shared out over the ward's other inputs by the
division; the ward's `weight_held` says how much of the total it rests on). An input's contribution is
weight x directed z / the weight held, so the contributions of a ward add up to its score exactly; a domain's
contribution is the sum of its inputs'. Score 0 = the average ward; +1 = one standard deviation above it, on
average across the inputs.

Other areas (districts, the partnership, groups, PCNs, deprivation deciles): the population-weighted mean of
their wards' scores (`area_score`). "Top fifth": the ceil(n / 5) wards with the highest scores.

Disclosure: the partner inputs are shares and rates the role may already see (for viewers, computed from the
protected counts of indicator_values, role "viewer"); a z-score of a value the reader already holds, mixed with
public data, cannot give back a count the value itself does not, so no count of 1-7 becomes recoverable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Input:
    """One input of the index: what it measures, where it comes from, its direction and weight."""

    id: str
    domain: str
    title: str
    source: str  # who publishes it, in words
    period: str  # which period or edition, in words
    direction: int  # +1: a higher value means a higher risk of digital exclusion; -1 the opposite
    weight: float
    unit: str = "%"
    why: str = ""


@dataclass(frozen=True)
class IndexDefinition:
    id: str
    title: str
    standardisation: str
    inputs: tuple[Input, ...]

    def __post_init__(self) -> None:
        ids = [i.id for i in self.inputs]
        if len(set(ids)) != len(ids):
            raise ValueError("an input is declared twice")
        for i in self.inputs:
            if i.direction not in (1, -1) or not i.weight > 0:
                raise ValueError(f"input {i.id}: direction must be +1 or -1 and the weight above 0")

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.domain for i in self.inputs))

    def by_id(self, input_id: str) -> Input:
        return next(i for i in self.inputs if i.id == input_id)

    def table(self) -> pd.DataFrame:
        """The definition as the Data page shows it."""
        total = sum(i.weight for i in self.inputs)
        return pd.DataFrame([{"Domain": i.domain, "Input": i.title, "Direction": "higher = more at risk"
                              if i.direction > 0 else "lower = more at risk", "Weight": i.weight,
                              "Share of the index (%)": round(100 * i.weight / total, 1), "Source": i.source,
                              "Period": i.period, "Why": i.why, "Code": i.id} for i in self.inputs])


CENSUS = "ONS Census 2021"
PARTNERS = "latest calendar year the partner holds"
INDEX = IndexDefinition(
    id="digital_exclusion",
    title="Digital exclusion risk index",
    standardisation="z-score across the partnership's wards (population SD); weighted mean of the directed "
                    "z-scores over the inputs a ward holds",
    inputs=(
        Input("aged_65_plus", "Older residents", "Residents aged 65+ (% of usual residents)",
              f"{CENSUS} TS007", "2021", 1, 0.5,
              why="Ofcom and ONS find internet non-use concentrated among older people"),
        Input("aged_75_plus", "Older residents", "Residents aged 75+ (% of usual residents)",
              f"{CENSUS} TS007", "2021", 1, 0.5, why="non-use rises again over 75"),
        Input("iod_income", "Income", "IoD income deprivation domain score (mean of the ward's LSOAs)",
              "MHCLG English Indices of Deprivation", "latest edition with domain scores", 1, 1.0,
              why="cost of devices and data"),
        Input("iod_education", "Education", "IoD education, skills and training domain score (mean of the ward's "
              "LSOAs)", "MHCLG English Indices of Deprivation", "latest edition with domain scores", 1, 1.0,
              why="skills and confidence online"),
        Input("disabled", "Health and disability", "Disabled under the Equality Act (% of usual residents)",
              f"{CENSUS} TS038", "2021", 1, 0.5, why="disabled people are less often online"),
        Input("bad_health", "Health and disability", "Bad or very bad general health (% of usual residents)",
              f"{CENSUS} TS037", "2021", 1, 0.5, why="poor health limits getting and staying online"),
        Input("hub_digital_support", "Partners' channel data", "Hub digital support requests (per 1,000 residents)",
              "Council community hub", PARTNERS, 1, 0.25, unit="per 1,000 residents",
              why="people asking for help to get online"),
        Input("hub_personal_shopping_65", "Partners' channel data", "Hub personal shopping requests, aged 65+ (per "
              "1,000 aged 65+)", "Council community hub", PARTNERS, 1, 0.25, unit="per 1,000 residents aged 65+",
              why="the hub found personal shopping more prominent in older groups, 'possibly reflecting "
                  "generational differences in digital access'"),
        Input("gp_remote_share", "Partners' channel data", "GP appointments by telephone or video (% of "
              "appointments, practices in the ward)", "GP practices (NHS Digital)", PARTNERS, 1, 0.25,
              why="exposure: where care has moved to remote channels, people offline depend most on the routes "
                  "that remain"),
        Input("ca_non_digital_share", "Partners' channel data", "Citizens Advice issues by phone or face to face "
              "(% of issues)", "Citizens Advice", PARTNERS, 1, 0.25,
              why="people choosing non-digital routes to advice"),
    ),
)


def standardise(values: pd.Series) -> pd.Series:
    """z-scores across the values held (population SD); 0 where the SD is 0; missing stays missing."""
    x = values.astype(float)
    held = x.dropna()
    if held.empty:
        return x
    sd = float(held.std(ddof=0))
    if not sd > 0:
        return x.where(x.isna(), 0.0)
    return (x - float(held.mean())) / sd


def compute(inputs: pd.DataFrame, definition: IndexDefinition = INDEX) -> pd.DataFrame:
    """Per ward (the index of `inputs`; one column per input id, missing = not held): `score`, `weight_held`,
    `inputs_held`, each input's `z:<id>` and `contribution:<id>`, each domain's `domain:<name>`."""
    out = pd.DataFrame(index=inputs.index)
    weighted = pd.DataFrame(index=inputs.index)
    weights = pd.DataFrame(index=inputs.index)
    for item in definition.inputs:
        raw = inputs[item.id] if item.id in inputs else pd.Series(np.nan, index=inputs.index)
        z = standardise(raw) * item.direction
        out[f"z:{item.id}"] = z
        weighted[item.id] = item.weight * z
        weights[item.id] = np.where(z.notna(), item.weight, 0.0)
    held = weights.sum(axis=1)
    out["weight_held"] = held
    out["inputs_held"] = (weights > 0).sum(axis=1)
    safe = held.where(held > 0)
    for item in definition.inputs:
        out[f"contribution:{item.id}"] = weighted[item.id] / safe
    out["score"] = weighted.sum(axis=1, min_count=1) / safe
    for domain in definition.domains:
        cols = [f"contribution:{i.id}" for i in definition.inputs if i.domain == domain]
        out[f"domain:{domain}"] = out[cols].sum(axis=1, min_count=1)
    return out


def area_score(ward_scores: pd.Series, population: pd.Series, members: Sequence[str]) -> float:
    """The population-weighted mean of the scores of an area's wards that have one (NaN when none has)."""
    codes = [m for m in members if m in ward_scores.index and pd.notna(ward_scores.get(m))
             and pd.notna(population.get(m)) and population.get(m) > 0]
    if not codes:
        return float("nan")
    w = population.reindex(codes).astype(float).to_numpy()
    return float(np.dot(ward_scores.reindex(codes).astype(float).to_numpy(), w) / w.sum())


def top_fifth(scores: Mapping[str, float] | pd.Series) -> list[str]:
    """The ceil(n / 5) highest-scoring wards (n = wards with a score), highest first; ties broken by code."""
    s = pd.Series(scores, dtype=float).dropna()
    if s.empty:
        return []
    ordered = sorted(s.items(), key=lambda kv: (-kv[1], kv[0]))
    return [k for k, _ in ordered[:math.ceil(len(s) / 5)]]


def ranks(scores: pd.Series) -> pd.Series:
    """1 = the highest score (most at risk); ties share the better rank."""
    return scores.astype(float).rank(ascending=False, method="min").astype("Int64")


def words(names: Sequence[str]) -> str:
    """'X', 'X and Y', 'X, Y and Z'."""
    names = list(names)
    if not names:
        return ""
    joint = "; " if any("," in n for n in names) else ", "  # a ward named "X, Y & Z" stays one name
    return names[0] if len(names) == 1 else joint.join(names[:-1]) + " and " + names[-1]


def sentence(names: Sequence[str]) -> str:
    """The wards where non-digital routes matter most, in words."""
    if not names:
        return "The digital exclusion risk index cannot be calculated yet: no ward holds any of its inputs."
    return f"Non-digital routes matter most in: {words(names)} (top fifth of the digital exclusion risk index)."
