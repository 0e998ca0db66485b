"""The monthly rollup of events: one row per source, month and combination of breakdown values, with the
sum of counts, how many counts the source withheld, and how many rows went in.

Ingest and roll back refresh the (source, month) pairs they touch inside their own transaction, so the
rollup always equals the raw rows (tests/warehouse/test_rollups.py checks this exactly); queries read it
instead of scanning every event.
"""

from __future__ import annotations

from warehouse.store import Store

DIMENSIONS = ["source", "period", "ward_code", "lsoa_code", "category", "subcategory", "age_band", "sex", "channel",
              "status", "is_repeat", "org_code"]
_DIMS = ", ".join(f'"{d}"' for d in DIMENSIONS)
_AGGREGATE = (f'SELECT {_DIMS}, SUM("count") AS "count", '
              'SUM(CASE WHEN "count" IS NULL THEN 1 ELSE 0 END) AS "withheld", COUNT(*) AS "rows" FROM "events"')


def refresh(store: Store, keys_table: str) -> None:
    """Recompute the rollup for the (source, period) pairs listed in `keys_table` (a temp table)."""
    match = 'EXISTS (SELECT 1 FROM {k} k WHERE k.source = {t}.source AND k.period = {t}.period)'
    store.execute(f'DELETE FROM "events_monthly" AS m WHERE {match.format(k=keys_table, t="m")}')
    store.execute(f'INSERT INTO "events_monthly" ({_DIMS}, "count", "withheld", "rows") '
                  f'{_AGGREGATE} AS e WHERE {match.format(k=keys_table, t="e")} GROUP BY {_DIMS}')


def rebuild(store: Store) -> None:
    """Recompute the whole rollup (a store created before rollups existed, or after repair)."""
    store.execute('DELETE FROM "events_monthly"')
    store.execute(f'INSERT INTO "events_monthly" ({_DIMS}, "count", "withheld", "rows") {_AGGREGATE} '
                  f"GROUP BY {_DIMS}")


def consistent(store: Store) -> bool:
    held = store.fetch('SELECT COALESCE(SUM("rows"), 0) AS n FROM "events_monthly"')["n"].iloc[0]
    raw = store.fetch('SELECT COUNT(*) AS n FROM "events"')["n"].iloc[0]
    return int(held) == int(raw)
