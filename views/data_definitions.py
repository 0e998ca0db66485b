"""Data and definitions: every source with its freshness, rows, last ingest and rejects; every indicator's
definition, method and attribution; how small numbers are protected."""

from __future__ import annotations

import pandas as pd

import sources
from metrics import catalogue
from settings import get_settings
from views import health
from views._shared import context
from views.base import Filters, Page, PageView, Table, Text
from warehouse import values
from warehouse.status import source_freshness
from warehouse.store import Store

PAGE = Page("data-and-definitions", "Data and definitions", "About the data", ":material/menu_book:",
            "pages/data_definitions.py")
METHODS = {"rate": "Rate with Byar's 95% CI (exact Poisson below 10)", "proportion": "Proportion with Wilson score 95% CI",
           "score": "Mean of LSOA scores (no interval)"}
ATTRIBUTION = ("Contains public sector information licensed under the Open Government Licence v3.0 (ONS, MHCLG, "
               "police.uk, NHS Digital, OHID Fingertips). Contains OS data © Crown copyright and database right. "
               "Partner data: shared under the partnership's data sharing agreement.")


def source_table(store: Store) -> pd.DataFrame:
    fresh = source_freshness(store)
    if fresh.empty:
        return pd.DataFrame(columns=["Source", "Partner", "Files loaded", "Rows in the files", "Records stored",
                                     "First month", "Latest month", "Last ingest (UTC)", "Rows rejected and held"])
    rejects = store.fetch('SELECT i.source, COUNT(*) AS rejects_held FROM "rejects" r JOIN "ingests" i '
                          "ON r.ingest_id = i.ingest_id GROUP BY i.source")
    fresh = fresh.merge(rejects, on="source", how="left").fillna({"rejects_held": 0})
    s = get_settings()
    declared = {src.name: src for src in sources.all_sources()}
    return pd.DataFrame({
        "Source": [declared[n].title if n in declared else n for n in fresh["source"]],
        "Partner": [s.partner_name(n, declared[n].partner) if n in declared else "" for n in fresh["source"]],
        "Files loaded": fresh["files"].astype(int),
        "Rows in the files": fresh["rows_read"].astype("Int64"),
        "Records stored": fresh["rows_loaded"].astype("Int64"),
        "First month": pd.to_datetime(fresh["first_month"]).dt.strftime("%b %Y"),
        "Latest month": pd.to_datetime(fresh["latest_month"]).dt.strftime("%b %Y"),
        "Last ingest (UTC)": pd.to_datetime(fresh["last_ingest"]).dt.strftime("%d %b %Y %H:%M"),
        "Rows rejected and held": fresh["rejects_held"].astype(int),
    }).fillna({"First month": "", "Latest month": "", "Last ingest (UTC)": ""})


POLARITY_WORDS = {"high_is_bad": "Lower is better", "high_is_good": "Higher is better",
                  "no_judgement": "No judgement (said as higher or lower)"}


def definitions() -> pd.DataFrame:
    s = get_settings()
    return pd.DataFrame([{"Indicator": i.title, "Theme": i.theme, "Definition": i.definition, "Unit": i.unit,
                          "Method": METHODS[i.method], "Age-standardised rate": "offered (ESP 2013)" if i.standardise
                          else "", "Polarity": POLARITY_WORDS[i.polarity], "Denominator": i.age_range,
                          "Disclosure": f"counts 1-{s.threshold} suppressed, others rounded to {s.rounding} for viewers",
                          "Source": i.attribution, "Code (in links)": i.id} for i in catalogue.all_indicators()])


def build(store: Store, filters: Filters) -> PageView:
    s = get_settings()
    view = PageView(PAGE.path, "Data and definitions")
    table = source_table(store)
    view.add(Text("Sources", "subheading"), Table(table, "data_sources", "sources"),
             Text("Rows in the files are the rows read from the partners' files; records stored are what the "
                  "dashboard holds from them, which can differ: one row of the mental health trust's file holds three "
                  "counts (referrals, assessments, waiting at month end) and one food bank voucher three (the voucher, "
                  "the adults and the children fed), while repeated rows are stored once and police rows outside the "
                  "partnership are dropped. Rows rejected at ingest are held in the store's rejects table with the "
                  "reason; `python -m warehouse status` lists every table."))
    meta = values.meta(store)
    if meta:
        view.add(Text(f"Indicator values were computed at {pd.Timestamp(meta['refreshed_at']):%d %b %Y %H:%M} UTC "
                      f"({int(meta['rows']):,} values) from the store as it stood after its latest ingest."))
    view.add(Text("Indicators", "subheading"), Table(definitions(), "indicator_definitions", "definitions"))
    ctx = context(store, filters)
    districts = [a.code for a in ctx.geo.of_type("district")]
    published = health.rows(ctx, districts)
    if len(published):
        county = s.county_name or "the county"
        view.add(Text("Health context (Fingertips)", "subheading"),
                 Text(f"Each district's latest published value of every Fingertips indicator loaded, against {county} "
                      "and England. Compared with England and the county: Fingertips' published comparison where the "
                      "file carries it, otherwise Fingertips' own rule (the district's 95% interval against the "
                      "benchmark's value) on the published interval; 'higher' or 'lower' where Fingertips makes no "
                      "judgement. Recent trend and polarity exactly as published. In the FingertipsNext extract a "
                      "period is named by its first year (2021 may be 2021/22). " + health.SOURCE_NOTE
                      + (f" For viewers, values resting on a count of 1-{s.threshold} are withheld and counts rounded "
                         f"to {s.rounding}." if filters.role != "analyst" else "")),
                 Table(health.table(published, county), "fingertips_health_context", "fingertips"))
    disclosure = (f"For the viewer role, counts from 1 to {s.threshold} are suppressed and other counts are rounded to "
                  f"the nearest {s.rounding}. Further counts are suppressed wherever a hidden count could be worked "
                  "out from the others shown, across wards, districts, age bands and periods together, or where the "
                  "rounding of a whole line of a table would give its counts away. Every rate, interval, comparison, "
                  "trend, expectation and method label a viewer sees is computed from the counts they are shown, so "
                  "none can be turned back into an exact count. A count a partner withheld at source widens the "
                  "interval of every total that includes it (assuming 1-7), and never blanks the total.")
    view.add(Text("Disclosure control", "subheading"), Text(disclosure, "body"),
             Text("Attribution", "subheading"), Text(ATTRIBUTION, "body"))
    held = [f"{r['Source']} {r['First month']} to {r['Latest month']}" for _, r in table.iterrows() if r["Latest month"]]
    view.narrative = [("Data held: " + "; ".join(held) + ".") if held else "No partner data has been loaded yet.",
                      f"Small numbers are suppressed for the viewer role, and other figures rounded to the nearest "
                      f"{s.rounding}, in every chart, table and download."]
    return view
