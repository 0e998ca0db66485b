"""The digital exclusion lens on the pages: the wards named in words (map, profile, meetings), an area's index
and domains against its comparator (profile), and the index's definition (Data page)."""

from __future__ import annotations

import pandas as pd

from charts.digital import contribution_chart
from metrics import digital as deri
from metrics.narrative import format_number
from sources.census_health import INDEX_ID
from views._shared import Context, origin, rounded
from views.base import Chart, Table, Text
from warehouse import digital
from warehouse.areas import UNKNOWN

__all__ = ["INDEX_ID", "INPUT_SOURCES", "definition_blocks", "named_sentence", "profile_blocks"]
# Where the index's inputs come from (what a figure of it is labelled real or illustrative by).
INPUT_SOURCES = ("census_health", "population", "deprivation", "community_hub", "gp_appointments", "citizens_advice")


def named_sentence(rows: pd.DataFrame) -> str:
    """From an indicator's ward rows (the role's values): the top fifth of the index, named in words."""
    wards = rows[(rows["area_type"] == "ward") & rows["value"].notna()]
    scores = dict(zip(wards["area_code"], wards["value"].astype(float), strict=True))
    names = dict(zip(wards["area_code"], wards["area_name"], strict=True))
    return deri.sentence([names[c] for c in deri.top_fifth(scores)])


def _signed(value: float) -> str:
    return "not calculated" if pd.isna(value) else ("+" if value > 0 else "") + format_number(float(value), 2)


def profile_blocks(ctx: Context, area: str) -> tuple[list, list[str]]:
    """The index, its rank and its domains for an area against its comparator; ([], []) before any input."""
    lens = digital.cached(ctx.store, ctx.geo, ctx.role)
    scores = lens.ward_scores
    if scores.notna().sum() == 0:
        return [], []
    me = ctx.geo.by_code[area]
    parent = ctx.geo.by_code.get(me.parent or ctx.top)
    if parent is None or parent.code == area:
        parent = None
    wards = [w for w in ctx.geo.base if w != UNKNOWN]
    comp_members = parent.members if parent else wards
    comparator = parent.name if parent else "the average ward"
    score = scores.get(area, float("nan")) if me.type == "ward" else lens.area_score(me.members)
    comp_score = lens.area_score(comp_members)
    named = deri.top_fifth(scores)
    names = [ctx.name(c) for c in named]
    text = [f"{me.name}: digital exclusion risk index {_signed(score)} (0 = the partnership's average ward; "
            "higher = more at risk)"]
    if me.type == "ward" and pd.notna(score):
        rank = int(deri.ranks(scores)[area])
        text.append(f"rank {rank} of {int(scores.notna().sum())} wards (1 = most at risk)")
    if parent:
        text.append(f"{comparator} {_signed(comp_score)} (population-weighted mean of its wards)")
    summary = "; ".join(text) + "."
    if me.type == "ward" and area in named:
        summary += " It is in the top fifth of the index: non-digital routes matter most here."
    elif me.type != "ward":
        summary += " For an area of several wards the score is the population-weighted mean of its wards' scores."
    if me.type == "ward":
        missing = [deri.INDEX.by_id(c).title for c in lens.inputs.columns if pd.isna(lens.inputs.at[area, c])]
        if missing:
            summary += (f" Based on {len(deri.INDEX.inputs) - len(missing)} of {len(deri.INDEX.inputs)} inputs; not "
                        "held for this ward (their weight is shared over the others): " + "; ".join(missing) + ".")
    domains = pd.DataFrame({"domain": list(deri.INDEX.domains)})
    members = [area] if me.type == "ward" else list(me.members)
    domains["area"] = [lens.area_value(f"domain:{d}", members) for d in domains["domain"]]
    domains["comparator"] = [lens.area_value(f"domain:{d}", comp_members) for d in domains["domain"]]
    table = domains.rename(columns={"domain": "Domain", "area": f"{me.name} (contribution)",
                                    "comparator": f"{comparator} (contribution)"})
    for col in table.columns[1:]:
        table[col] = rounded(table[col])
    chart = Chart(contribution_chart(domains, title=f"Digital exclusion risk in {me.name}: what makes up the score",
                                     area_name=me.name, comparator=comparator), table,
                  summary, f"digital_exclusion_{area}", "digital-domains",
                  origin=origin(ctx, *INPUT_SOURCES))
    inputs = pd.DataFrame([{"Domain": i.domain, "Input": i.title, "Period": lens.used.get(i.id) or "not held",
                            me.name: lens.area_input(i.id, members),
                            f"{comparator} (mean of its wards)": lens.area_input(i.id, comp_members),
                            "Weight": i.weight,
                            "z-score": lens.scores.at[area, f"z:{i.id}"] if me.type == "ward" else float("nan"),
                            "Contribution": lens.area_value(f"contribution:{i.id}", members)}
                           for i in deri.INDEX.inputs])
    for col in (me.name, f"{comparator} (mean of its wards)", "z-score", "Contribution"):
        inputs[col] = rounded(inputs[col])
    blocks = [Text("Digital exclusion risk", "subheading"), chart,
              Table(inputs, f"digital_exclusion_inputs_{area}", "digital-inputs",
                    caption="Each input's value, its z-score across the partnership's wards (times its direction) "
                            "and its contribution to the score; the definition is on the Data page."),
              Text(deri.sentence(names), "body")]
    return blocks, [summary, deri.sentence(names)]


def definition_blocks(ctx: Context) -> list:
    """The index's definition, declared once in metrics.digital, as the Data page shows it, with how many wards
    hold each input in the store (for the page's role)."""
    lens = digital.cached(ctx.store, ctx.geo, ctx.role)
    table = deri.INDEX.table()
    n = len(lens.inputs)
    table.insert(table.columns.get_loc("Period"), "Wards holding it",
                 [f"{int(lens.inputs[i].notna().sum())} of {n}" for i in table["Code"]])
    table["Period"] = [lens.used.get(i) or p for i, p in zip(table["Code"], table["Period"], strict=True)]
    partial = [f"{deri.INDEX.by_id(i).title} ({int(lens.inputs[i].notna().sum())} of {n} wards)"
               for i in table["Code"] if 0 < lens.inputs[i].notna().sum() < n]
    missing = ("Inputs not held for every ward in this store: " + "; ".join(partial) + ". A ward's score then rests "
               "on its other inputs, and its profile says which were missing (an IoD edition with domain scores may "
               "be loaded for one district only; a ward with no GP practice has no GP input).") if partial else \
        "Every input is held for every ward in this store."
    return [Text("Digital exclusion risk index", "subheading"),
            Text("A ward-level index in the spirit of the Greater Manchester Combined Authority's Digital Exclusion "
                 "Risk Index (DERI), computed by metrics/digital.py from the declaration below. Each input becomes "
                 "a z-score across the partnership's wards that hold it (population standard deviation), times its "
                 "direction; a ward's score is the weighted mean of its z-scores over the inputs it holds (a missing "
                 "input's weight is shared over the others), so 0 is the average ward and +1 one standard deviation "
                 "more at risk. Each domain's contribution is its inputs' share of that mean, so the contributions "
                 "add up to the score. Districts, the partnership, groups, PCNs and deprivation deciles: the "
                 "population-weighted mean of their wards' scores. 'Non-digital routes matter most' names the top "
                 "fifth of wards by the index.", "body"),
            Text(missing, "body"),
            Text("Disclosure: the partners' inputs are read from the role's own values, so for viewers they are the "
                 "shares and rates computed from the suppressed and rounded counts a viewer is shown anyway (a "
                 "suppressed value is a missing input). A score built from values a viewer may already see and from "
                 "public data cannot give back any count of 1-7 those values do not.", "body"),
            Table(table, "digital_exclusion_definition", "digital-definition")]
