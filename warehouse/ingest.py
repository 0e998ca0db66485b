"""Load a partner file into the store: atomic, idempotent, audited.

- Atomic: everything happens in one transaction; a refused file leaves the store exactly as it was
  (nothing is written for it, not even an audit row).
- Idempotent: a file whose sha256 was already loaded for the source is skipped.
- Replacing: a newer file for the same source and period replaces that period's rows, and the audit
  row says how many rows it replaced, so nothing silently disappears.
- Rejects: with `partial=True` rows that fail their checks are quarantined in `rejects` with the reason;
  the default is all-or-nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from data_loaders import SOURCES, LoadError
from data_loaders.context import LoadContext
from data_loaders.errors import file_problem
from warehouse import rollups, values
from warehouse.store import Store
from warehouse.tables import COLUMNS, INGESTED, SCOPES


@dataclass
class IngestResult:
    source: str
    file_name: str
    status: str  # "loaded" or "skipped"
    ingest_id: int | None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_dropped: int = 0
    rows_replaced: int = 0
    periods: str = ""
    notes: list[str] = field(default_factory=list)
    table: str = ""

    def summary(self) -> str:
        if self.status == "skipped":
            return f"{self.file_name}: already loaded as ingest {self.ingest_id}; nothing changed"
        parts = [f"{self.file_name}: ingest {self.ingest_id} read {self.rows_read:,} rows, stored {self.rows_loaded:,}"
                 f" in {self.table}"]
        if self.rows_rejected:
            parts.append(f"{self.rows_rejected:,} rejected (see `rejects`)")
        if self.rows_replaced:
            parts.append(f"replaced {self.rows_replaced:,} earlier rows for {self.periods}")
        return "; ".join(parts + self.notes)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_context(store: Store) -> LoadContext:
    """The partnership's wards from configuration, plus the lookups already ingested into the store."""
    lookup = store.fetch('SELECT lsoa_code, ward_code FROM "lsoa_ward"')
    practices = store.fetch('SELECT practice_code, ward_code FROM "practices"')
    return LoadContext.from_settings(
        lsoa_ward=dict(zip(lookup["lsoa_code"], lookup["ward_code"], strict=True)),
        practices=dict(zip(practices["practice_code"], practices["ward_code"], strict=True)),
    )


def _periods(frame: pd.DataFrame) -> str:
    if "period" not in frame.columns or frame.empty:
        return ""
    months = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m")
    return f"{months.min()}..{months.max()}" if months.nunique() > 1 else str(months.iloc[0])


def _replace_scope(store: Store, table: str, frame: pd.DataFrame) -> int:
    """Delete the rows the new frame replaces (same scope values); return how many."""
    scope = list(SCOPES[table])
    types = dict(COLUMNS[table])
    store.execute("CREATE TEMP TABLE _scope_keys (" + ", ".join(f'"{c}" {types[c]}' for c in scope) + ")")
    try:
        store.insert_frame_into("_scope_keys", frame[scope].drop_duplicates(), scope)
        match = " AND ".join(f't."{c}" = k."{c}"' for c in scope)
        where = f"EXISTS (SELECT 1 FROM _scope_keys k WHERE {match})"
        replaced = int(store.fetch(f'SELECT COUNT(*) AS n FROM "{table}" AS t WHERE {where}')["n"].iloc[0])
        if replaced:
            cols = ", ".join(f'"{c}"' for c, _ in COLUMNS[table])
            store.execute(f'INSERT INTO "{table}_replaced" ({cols}, "replaced_by") '
                          f'SELECT {cols}, {int(frame["ingest_id"].iloc[0])} FROM "{table}" AS t WHERE {where}')
            store.execute(f'DELETE FROM "{table}" AS t WHERE {where}')
        return replaced
    finally:
        store.execute("DROP TABLE _scope_keys")


def _refresh_rollup(store: Store, keys: pd.DataFrame | None = None) -> None:
    """Refresh the monthly rollup for the (source, period) pairs in `keys` (or already in _rollup_keys)."""
    if keys is not None:
        store.execute("CREATE TEMP TABLE _rollup_keys (source VARCHAR, period DATE)")
        store.insert_frame_into("_rollup_keys", keys[["source", "period"]].drop_duplicates(), ["source", "period"])
    try:
        rollups.refresh(store, "_rollup_keys")
    finally:
        store.execute("DROP TABLE _rollup_keys")


def _check_cross_file_duplicates(store: Store, path: Path, frame: pd.DataFrame) -> None:
    """A record already in the store (outside the replaced periods) would be counted twice: refuse."""
    dupes = frame["record_id"][frame["record_id"].duplicated()]
    if len(dupes):
        raise file_problem(path, f"record '{dupes.iloc[0]}' appears more than once ({len(dupes)} repeats)",
                           "remove the repeated rows", column="record_id")
    store.execute("CREATE TEMP TABLE _ids (record_id VARCHAR)")
    try:
        store.insert_frame_into("_ids", frame[["record_id"]], ["record_id"])
        clash = store.fetch(
            'SELECT e.record_id, e.period, e.ingest_id FROM "events" e JOIN _ids i ON e.record_id = i.record_id '
            "WHERE e.source = ? LIMIT 5", [frame["source"].iloc[0]])
    finally:
        store.execute("DROP TABLE _ids")
    if len(clash):
        first = clash.iloc[0]
        raise file_problem(
            path, f"record '{first['record_id']}' was already loaded by ingest {first['ingest_id']} for "
                  f"{pd.Timestamp(first['period']):%Y-%m}, a month this file does not replace",
            "remove rows loaded before, or send a file covering that whole month", column="record_id")


def ingest(store: Store, source: str, path: str | Path, *, partial: bool = False,
           data: bytes | None = None, file_name: str | None = None, refresh: bool = True) -> IngestResult:
    """Load one file for `source`; raise LoadError (store unchanged) when it is refused.

    The indicator values of the source are recomputed in the same transaction (`refresh=False` leaves
    that to the caller, as the sample builder does once after loading every file)."""
    path = Path(path)
    module = SOURCES[source]
    if data is None:
        if not path.exists():
            raise file_problem(path, "the file does not exist", "check the path")
        data = path.read_bytes()
    name = file_name or path.name
    digest = sha256_of(data)
    seen = store.fetch('SELECT ingest_id FROM "ingests" WHERE source = ? AND sha256 = ? AND status = ?',
                       [source, digest, "loaded"])
    if len(seen):
        return IngestResult(source, name, "skipped", int(seen["ingest_id"].iloc[0]))
    result = module.parse(path, context=store_context(store), partial=partial, data=data)
    with store.transaction():
        ingest_id = int(store.fetch('SELECT COALESCE(MAX(ingest_id), 0) + 1 AS n FROM "ingests"')["n"].iloc[0])
        replaced = loaded = 0
        periods = ""
        for table, frame in result.tables.items():
            frame = frame.copy()
            frame["ingest_id"] = ingest_id
            replaced += _replace_scope(store, table, frame) if len(frame) else 0
            if table == "events" and len(frame):
                _check_cross_file_duplicates(store, path, frame)
                periods = _periods(frame)
            elif table == "survey_responses":
                periods = _periods(frame)
            store.insert_frame(table, frame)
            loaded = max(loaded, len(frame))
            if table == "events" and len(frame):
                _refresh_rollup(store, frame)
        rejects = result.rejects.assign(ingest_id=ingest_id)
        store.insert_frame("rejects", rejects)
        audit = pd.DataFrame([{
            "ingest_id": ingest_id, "source": source, "file_name": name, "sha256": digest,
            "rows_read": result.rows_read, "rows_loaded": loaded, "rows_rejected": len(rejects),
            "rows_dropped": result.rows_dropped, "rows_replaced": replaced, "periods": periods,
            "loaded_at": datetime.now(UTC).replace(tzinfo=None), "status": "loaded",
            "message": "; ".join(result.notes),
        }])
        store.insert_frame("ingests", audit)
        if refresh:
            values.refresh(store, [source])
    return IngestResult(source, name, "loaded", ingest_id, result.rows_read, loaded, len(rejects),
                        result.rows_dropped, replaced, periods, result.notes, " + ".join(result.tables))


@dataclass
class DryRun:
    """What an upload would do, before anything is written."""

    source: str
    file_name: str
    already_loaded_as: int | None
    rows_read: int
    rows_accepted: int
    rejects: pd.DataFrame
    changes: pd.DataFrame  # per period (or table): rows/count now in the store -> after the upload
    notes: list[str]

    @property
    def clean(self) -> bool:
        return self.rejects.empty


def dry_run(store: Store, source: str, path: str | Path, *, data: bytes | None = None,
            file_name: str | None = None) -> DryRun:
    """Read and check a file as `ingest` would (bad rows collected, not refused) and say what it would change.

    Structural problems (wrong format, missing columns, empty file) still raise LoadError.
    """
    path = Path(path)
    data = path.read_bytes() if data is None else data
    name = file_name or path.name
    seen = store.fetch('SELECT ingest_id FROM "ingests" WHERE source = ? AND sha256 = ? AND status = ?',
                       [source, sha256_of(data), "loaded"])
    result = SOURCES[source].parse(path, context=store_context(store), partial=True, data=data)
    changes = []
    for table, frame in result.tables.items():
        if table == "events" and len(frame):
            new = frame.groupby("period")["count"].sum(min_count=1).rename("count_after")
            periods = [pd.Timestamp(p).date() for p in new.index]
            t = store.table("events")
            held = t.filter([t.source == frame["source"].iloc[0], t.period.isin(periods)])
            now = held.group_by("period").aggregate(count_before=held["count"].sum(),
                                                    rows_before=held.count()).to_pandas()
            now["period"] = pd.to_datetime(now["period"])
            out = new.reset_index().merge(now, on="period", how="left").fillna({"count_before": 0, "rows_before": 0})
            out["rows_after"] = frame.groupby("period").size().to_numpy()
            out["period"] = out["period"].dt.strftime("%Y-%m")
            changes.append(out[["period", "rows_before", "rows_after", "count_before", "count_after"]])
        else:
            scope = list(SCOPES[table])
            keys = frame[scope].drop_duplicates()
            before = 0
            if len(keys):
                existing = store.fetch(f'SELECT {", ".join(scope)} FROM "{table}"')
                before = len(existing.merge(keys.astype(existing.dtypes.to_dict(), errors="ignore"), on=scope))
            changes.append(pd.DataFrame([{"period": table, "rows_before": before, "rows_after": len(frame),
                                          "count_before": None, "count_after": None}]))
    return DryRun(source, name, int(seen["ingest_id"].iloc[0]) if len(seen) else None, result.rows_read,
                  len(result.frame), result.rejects,
                  pd.concat(changes, ignore_index=True) if changes else pd.DataFrame(), result.notes)


class RollbackRefused(ValueError):
    pass


def rollback(store: Store, ingest_id: int) -> str:
    """Undo one ingest: remove its rows and restore the rows it replaced. Refused if a later ingest has
    since replaced rows of this one (roll that back first), so the store never mixes two versions."""
    audit = store.fetch('SELECT source, file_name, status FROM "ingests" WHERE ingest_id = ?', [ingest_id])
    if audit.empty:
        raise RollbackRefused(f"there is no ingest {ingest_id}")
    if audit["status"].iloc[0] != "loaded":
        raise RollbackRefused(f"ingest {ingest_id} is {audit['status'].iloc[0]}, not loaded")
    for table in INGESTED:
        later = store.fetch(f'SELECT MIN(replaced_by) AS by FROM "{table}_replaced" WHERE ingest_id = ?',
                            [ingest_id])["by"].iloc[0]
        if pd.notna(later):
            raise RollbackRefused(f"ingest {int(later)} has since replaced rows of ingest {ingest_id}: "
                                  f"roll back ingest {int(later)} first")
    removed = restored = 0
    with store.transaction():
        store.execute("CREATE TEMP TABLE _rollup_keys AS SELECT DISTINCT source, period FROM \"events\" "
                      "WHERE ingest_id = ? UNION SELECT DISTINCT source, period FROM \"events_replaced\" "
                      "WHERE replaced_by = ?", [ingest_id, ingest_id])
        for table in INGESTED:
            cols = ", ".join(f'"{c}"' for c, _ in COLUMNS[table])
            removed += int(store.fetch(f'SELECT COUNT(*) AS n FROM "{table}" WHERE ingest_id = ?',
                                       [ingest_id])["n"].iloc[0])
            store.execute(f'DELETE FROM "{table}" WHERE ingest_id = ?', [ingest_id])
            restored += int(store.fetch(f'SELECT COUNT(*) AS n FROM "{table}_replaced" WHERE replaced_by = ?',
                                        [ingest_id])["n"].iloc[0])
            store.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM "{table}_replaced" '
                          "WHERE replaced_by = ?", [ingest_id])
            store.execute(f'DELETE FROM "{table}_replaced" WHERE replaced_by = ?', [ingest_id])
        _refresh_rollup(store)
        store.execute('UPDATE "ingests" SET status = ?, message = ? WHERE ingest_id = ?',
                      ["rolled back", f"rolled back at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", ingest_id])
        values.refresh(store, [audit["source"].iloc[0]])
    return (f"Rolled back ingest {ingest_id} ({audit['file_name'].iloc[0]}): removed {removed:,} rows, "
            f"restored {restored:,} rows it had replaced.")


__all__ = ["DryRun", "IngestResult", "LoadError", "RollbackRefused", "dry_run", "ingest", "rollback",
           "store_context"]
