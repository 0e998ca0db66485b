"""Priorities: the partnership's declared priorities ([[priorities]] in dashboard.toml), each target's progress
(values with intervals, the trend line carried on to the target date with its 95% band), whether it is on
track judged with that interval, and when the current trend would reach it."""

from __future__ import annotations

import pandas as pd

from charts.outcomes import target_chart
from metrics import catalogue
from metrics.periods import from_index
from metrics.targets import CLOSE, MET, MISSED, OFF, ON, UNCLEAR
from views._shared import cite, context
from views.base import Chart, Control, Filters, Page, PageView, Table, Text
from warehouse.store import Store
from warehouse.targets import TargetStatus, evaluate_all

FOCUS = Control("focus", "Show", {"all": "Every target", "off": "Off track only"}, "all")
PAGE = Page("partnership-priorities", "Priorities", "Partnership", ":material/flag:", "app_pages/priorities.py", controls=(FOCUS,))
KIND = {ON: "success", MET: "success", OFF: "warning", MISSED: "warning", CLOSE: "info", UNCLEAR: "info"}
RULE = ("On track: at the target date the trend line's 95% confidence interval is entirely on the target's side; off "
        "track: entirely on the wrong side; otherwise too close to call. The line is a weighted least-squares fit "
        "through the latest periods (weights from each value's interval; never narrower than they allow). A target "
        "whose date has passed is judged on that period's value and interval: met, missed or not clearly met.")


def _x(kind: str, index: float):
    return from_index(kind, int(index)).start


def target_block(status: TargetStatus) -> list:
    t = status.target
    series = status.series.assign(x=[_x(t.period, i) for i in status.series["period_index"]])
    projection = None
    if status.line is not None:
        last_index = int(status.line.t_last)
        points = range(last_index - t.points + 1, max(status.due_index, last_index) + 1)
        line = [status.line.at(i) for i in points]
        projection = pd.DataFrame({"x": [_x(t.period, i) for i in points], "value": [v for v, _, _ in line],
                                   "lower": [lo for _, lo, _ in line], "upper": [hi for _, _, hi in line]})
    target_x = _x(t.period, status.due_index)
    sentence = status.sentence()
    figure = target_chart(series, title=f"{status.title}, {status.area_name}", unit=status.unit, target=t.value,
                          target_x=target_x, target_label=status.target_label, projection=projection)
    table = pd.DataFrame({"Period": series["period_label"], "Value": series["value"].round(2),
                          "95% CI lower": series["lower_ci"].round(2), "95% CI upper": series["upper_ci"].round(2)})
    return [Text(f"{status.title} ({status.area_name}): {status.status}", KIND.get(status.status, "info")),
            Chart(figure, table, sentence, f"target_{t.indicator}_{t.gap or 'value'}_{t.by}",
                  f"target-{t.indicator}-{t.gap or 'value'}-{t.by}")]


def summary_table(statuses: list[TargetStatus]) -> pd.DataFrame:
    rows = []
    for s in statuses:
        latest = s.latest
        projected = s.projected
        rows.append({"Priority": s.priority, "Measure": s.title, "Area": s.area_name,
                     "Target": f"{s.target.value:,.2f} or {'below' if s.direction == 'below' else 'above'}",
                     "By": s.target_label, "Latest": "" if latest is None else
                     f"{latest['value']:,.2f} ({latest['period_label']})",
                     "At the target date (95% CI)": "" if projected is None else
                     f"{projected[0]:,.2f} ({projected[1]:,.2f} to {projected[2]:,.2f})",
                     "Status": s.status, "Trend reaches it": s.when()})
    return pd.DataFrame(rows)


def statuses(store: Store, role: str) -> list[TargetStatus]:
    return evaluate_all(store, role=role)


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    view = PageView(PAGE.path, f"{ctx.top_name}: priorities and targets")
    priorities = ctx.settings.priorities
    if not priorities:
        return view.add(Text("No priorities are declared: add [[priorities]] with [[priorities.targets]] to "
                             "dashboard.toml.", "info"))
    all_status = statuses(store, ctx.role)
    off = [s for s in all_status if s.status in (OFF, MISSED)]
    on = [s for s in all_status if s.status in (ON, MET)]
    counts = (f"{len(on)} of {len(all_status)} targets on track or met, {len(off)} off track or missed, "
              f"{len(all_status) - len(on) - len(off)} too close to call or without data.")
    view.add(Text(counts, "body"), Text(RULE))
    view.add(Table(summary_table(all_status), "targets", "targets"))
    focus = filters.option("focus", "all")
    for priority in priorities:
        mine = [s for s in all_status if s.priority == priority.name and (focus == "all" or s in off)]
        if not mine and focus != "all":
            continue
        view.add(Text(priority.name, "subheading"))
        if priority.description:
            view.add(Text(priority.description))
        known = [i for i in priority.indicators if catalogue.known(i)]
        if known:
            view.add(Text("Indicators: " + "; ".join(catalogue.get(i).title for i in known) + "."))
        for status in mine:
            view.add(*target_block(status))
    view.narrative = [counts, *(s.sentence() for s in (off if off else all_status[:2]))]
    charts = view.charts()
    view.lead = charts[0] if charts else None
    used = [catalogue.get(s.target.indicator) for s in all_status]
    view.sources, view.definitions = cite(*used)["sources"], cite(*used)["definitions"]
    return view
