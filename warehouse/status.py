"""What is in the store: every table with its row count, and each source's freshness."""

from __future__ import annotations

import pandas as pd

from warehouse.store import Store
from warehouse.tables import COLUMNS


def table_counts(store: Store) -> pd.DataFrame:
    rows = [{"table": t, "rows": int(store.fetch(f'SELECT COUNT(*) AS n FROM "{t}"')["n"].iloc[0])}
            for t in COLUMNS]
    return pd.DataFrame(rows)


def source_freshness(store: Store) -> pd.DataFrame:
    """Per source: files loaded, rows, rejects, latest ingest, and the months of data held."""
    ingests = store.fetch(
        'SELECT source, COUNT(*) AS files, SUM(rows_read) AS rows_read, SUM(rows_loaded) AS rows_loaded, '
        'SUM(rows_rejected) AS rows_rejected, MAX(loaded_at) AS last_ingest FROM "ingests" '
        'WHERE status = \'loaded\' GROUP BY source')
    months = store.fetch('SELECT source, MIN(period) AS first_month, MAX(period) AS latest_month, '
                         'COUNT(*) AS rows_in_store FROM "events" GROUP BY source')
    out = ingests.merge(months, on="source", how="left")
    return out.sort_values("source").reset_index(drop=True)


def status_report(store: Store) -> str:
    counts = table_counts(store)
    lines = [f"Store: {store.url}", "", "table               rows"]
    lines += [f"{r.table:<18}{r.rows:>10,}" for r in counts.itertuples()]
    fresh = source_freshness(store)
    if len(fresh):
        lines += ["", "source            files   rows loaded  rejected  data months          last ingest (UTC)"]
        for r in fresh.itertuples():
            span = "" if pd.isna(r.first_month) else f"{r.first_month:%Y-%m}..{r.latest_month:%Y-%m}"
            lines.append(f"{r.source:<18}{r.files:>5}{int(r.rows_loaded):>14,}{int(r.rows_rejected):>10,}  "
                         f"{span:<20} {r.last_ingest:%Y-%m-%d %H:%M}")
    return "\n".join(lines)
