"""Alerts: what the rules found (warehouse/alerts.py), newest first, with when each fired and a link to its view;
the same list the digest e-mail sends, for the role looking."""

from __future__ import annotations

import pandas as pd

from views._shared import context
from views.base import Control, Filters, Page, PageView, Table, Text
from warehouse.alerts import RULES, read_alerts
from warehouse.store import Store

RULE = Control("rule", "Rule", {"all": "Every rule", **RULES}, "all", kind="select")
PAGE = Page("partnership-alerts", "Alerts", "Partnership", ":material/notifications:", "app_pages/alerts.py", controls=(RULE,),
            agenda=False)
ABOUT = ("Rules run after every ingest and by the digest command, python -m warehouse digest (a scheduler sends the digest e-mail): a "
         "district's or the partnership's latest month outside its SPC process limits; a target going off track; a "
         "ward newly significantly worse than its comparator and getting worse; a source with no new month when one "
         "was expected. Each alert fires once.")


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    view = PageView(PAGE.path, "Alerts")
    frame = read_alerts(store, role=ctx.role)
    rule = filters.option("rule", "all")
    if rule != "all":
        frame = frame[frame["rule"] == rule]
    view.add(Text(ABOUT))
    if frame.empty:
        view.add(Text("No alert has fired" + ("" if rule == "all" else f" under '{RULES[rule]}'") + ".", "success"))
        view.narrative = ["No alert has fired."]
        return view
    counts = frame["rule"].value_counts()
    summary = f"{len(frame)} alert{'s' if len(frame) != 1 else ''}: " + "; ".join(
        f"{RULES[r]} {counts[r]}" for r in RULES if r in counts) + "."
    view.add(Text(summary, "body"))
    table = pd.DataFrame({"Fired (UTC)": frame["fired_at"].dt.strftime("%d %b %Y %H:%M"), "Alert": frame["subject"],
                          "Open": frame["link"], "Rule": frame["rule"].map(RULES), "Detail": frame["text"]})
    view.add(Table(table, "alerts", "alerts", links=("Open",),
                   caption="Newest first; Open goes to the view each alert is about. The details, rule by rule, "
                           "follow the table."))
    for key, title in RULES.items():  # the details in full, as the digest words them
        mine = frame[frame["rule"] == key]
        if mine.empty:
            continue
        view.add(Text(f"{title} ({len(mine)})", "subheading"))
        view.add(*[Text(f"{a.text} Fired {a.fired_at:%d %b %Y %H:%M} UTC.", "body")
                   for a in mine.itertuples()])
    view.narrative = [summary, *frame["subject"].head(5)]
    return view
