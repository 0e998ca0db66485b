"""Load a partner file into the store: atomic, idempotent, audited.

- Atomic: everything happens in one transaction; a refused file leaves the store exactly as it was
  (nothing is written for it, not even an audit row).
- Idempotent: a file whose sha256 was already loaded for the source is skipped.
- Replacing, declared per source: each source declaration says what a newer file replaces (`replaces`, e.g.
  month x service for the mental health trust, the organisations that answered for the survey, the same
  records for the hub and Citizens Advice, whose files are amendments); reference tables replace by their
  keys (`warehouse.tables.SCOPES`). A file that would remove more rows than it brings is refused unless the
  person confirms (`replace=True`: `--replace`, or the Upload page's confirmation). The audit row says how
  many rows it replaced, and roll back restores them.
- Limits: the same size limit and archive checks as the Upload page (`data_loaders.safety.check_upload`),
  and a deadline on reading (`data_loaders.limits`), whichever way the file arrives.
- Alerts: the rules of warehouse/alerts.py run after the refresh, in the same transaction.
- Rejects: with `partial=True` rows that fail their checks are quarantined in `rejects` with the reason;
  the default is all-or-nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pandas as pd

import sources
from data_loaders import SOURCES, LoadError, Problem
from data_loaders.context import LoadContext
from data_loaders.errors import file_problem
from data_loaders.limits import MB, time_limit
from data_loaders.safety import check_upload
from settings import get_settings
from warehouse import alerts, rollups, values
from warehouse.store import Store
from warehouse.tables import COLUMNS, INGESTED, SCOPES

Progress = Callable[[str, float], None]  # (what is happening now, share done 0..1): the Upload page's status


def _quiet(step: str, done: float) -> None:
    """No progress reported (the command line, tests)."""

REPLACE_FIX = ("if this file is meant to replace them (a corrected export of everything they covered), load it "
               "with --replace on the command line or confirm 'Replace them' on the Upload page; if it is a late "
               "or partial file, send it together with the rows already held")


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
    rows_outside: int = 0  # outside the partnership: dropped
    rows_unplaced: int = 0  # stored, in a partnership district but in no held LSOA lookup: no ward yet
    rows_repeated: int = 0  # a record already counted (the same crime twice in a month, or republished)

    @property
    def rows_placed(self) -> int:
        return self.rows_loaded - self.rows_unplaced

    def adds_up(self) -> bool:
        """read = placed + unplaced + outside + repeated + rejected."""
        return self.rows_read == (self.rows_placed + self.rows_unplaced + self.rows_outside + self.rows_repeated
                                  + self.rows_rejected)

    def summary(self) -> str:
        if self.status == "skipped":
            return f"{self.file_name}: already loaded as ingest {self.ingest_id}; nothing changed"
        parts = [f"{self.file_name}: ingest {self.ingest_id} read {self.rows_read:,} rows, stored {self.rows_loaded:,}"
                 f" in {self.table}"]
        if self.rows_outside or self.rows_unplaced or self.rows_repeated:
            parts.append(f"read {self.rows_read:,} = {self.rows_placed:,} placed in wards + {self.rows_unplaced:,} "
                         f"unplaced (no LSOA lookup holds them yet) + {self.rows_outside:,} outside the partnership + "
                         f"{self.rows_repeated:,} repeats of records already counted"
                         + (f" + {self.rows_rejected:,} rejected" if self.rows_rejected else ""))
        if self.rows_rejected:
            parts.append(f"{self.rows_rejected:,} rejected (see `rejects`)")
        if self.rows_replaced:
            parts.append(f"replaced {self.rows_replaced:,} earlier rows" + (f" for {self.periods}" if self.periods else ""))
        return "; ".join(parts + self.notes)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_context(store: Store) -> LoadContext:
    """The partnership's wards from configuration, plus the lookups already ingested into the store."""
    lookup = store.fetch('SELECT lsoa_code, ward_code, vintage FROM "lsoa_ward"')
    practices = store.fetch('SELECT practice_code, ward_code FROM "practices"')
    shapes = store.fetch('SELECT s.area_code, s.geometry_wkb FROM "area_shapes" s JOIN "areas" a '
                         "ON a.area_code = s.area_code WHERE a.area_type = 'ward'")
    vintages = {int(v): dict(zip(g["lsoa_code"], g["ward_code"], strict=True))
                for v, g in lookup.groupby(lookup["vintage"].fillna(0).astype(int))}
    return LoadContext.from_settings(
        lsoa_ward={code: ward for v in sorted(vintages) for code, ward in vintages[v].items()},
        lsoa_vintages=vintages,
        practices=dict(zip(practices["practice_code"], practices["ward_code"], strict=True)),
        ward_shapes={c: bytes(w) for c, w in zip(shapes["area_code"], shapes["geometry_wkb"], strict=True)},
    )


def _periods(frame: pd.DataFrame) -> str:
    if "period" not in frame.columns or frame.empty:
        return ""
    months = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m")
    return f"{months.min()}..{months.max()}" if months.nunique() > 1 else str(months.iloc[0])


def scope_of(module: ModuleType, table: str) -> tuple[str, ...]:
    """The columns whose values a newer file replaces in `table`: the source declaration's `replaces` for its
    main table (events are always within the file's own source), else the table's key (`SCOPES`)."""
    if table != getattr(module, "TABLE", None):
        return SCOPES[table]
    declared = sources.get(module.SOURCE).replaces
    return (("source",) if table == "events" else ()) + tuple(declared)


@contextmanager
def _scope_keys(store: Store, table: str, frame: pd.DataFrame, scope: tuple[str, ...]) -> Iterator[str]:
    """A temp table of the frame's scope values; yields the WHERE clause matching rows of `table` AS t."""
    types = dict(COLUMNS[table])
    store.execute("CREATE TEMP TABLE _scope_keys (" + ", ".join(f'"{c}" {types[c]}' for c in scope) + ")")
    try:
        store.insert_frame_into("_scope_keys", frame[list(scope)].drop_duplicates(), list(scope))
        match = " AND ".join(f't."{c}" IS NOT DISTINCT FROM k."{c}"' if c == "category" and table == "comparators"
                             else f't."{c}" = k."{c}"' for c in scope)
        yield f"EXISTS (SELECT 1 FROM _scope_keys k WHERE {match})"
    finally:
        store.execute("DROP TABLE _scope_keys")


@dataclass
class Replacement:
    """What a file would replace in one table: the rows held there that share its scope values."""

    table: str
    scope: tuple[str, ...]
    rows_replaced: int
    rows_brought: int
    held: str  # the scope values replaced, in words (a few of them)
    by_period: pd.DataFrame = field(default_factory=pd.DataFrame)  # events: period, rows, count replaced

    @property
    def removes_more(self) -> bool:
        return self.rows_replaced > self.rows_brought

    def describe(self) -> str:
        what = "rows" if self.table in ("events", "survey_responses") else f"rows of {self.table}"
        return (f"the file would remove {self.rows_replaced:,} {what} already held ({self.held}) and bring "
                f"{self.rows_brought:,} in their place: it replaces "
                + " x ".join(c.replace("_", " ") for c in self.scope if c != "source"))


def _label(value) -> str:
    if isinstance(value, pd.Timestamp | datetime) or hasattr(value, "strftime"):
        return f"{pd.Timestamp(value):%Y-%m}"
    return str(value)


def _replacements(store: Store, module: ModuleType, tables: dict[str, pd.DataFrame]) -> list[Replacement]:
    """What each table of the file would replace (inside the caller's transaction: temp tables are used)."""
    out = []
    for table, frame in tables.items():
        if not len(frame):
            continue
        scope = scope_of(module, table)
        with _scope_keys(store, table, frame, scope) as where:
            shown = [c for c in scope if c not in ("source", "record_id")] or ["period"] * (table == "events")
            shown = [c for c in dict.fromkeys(shown) if c in dict(COLUMNS[table])]
            cols = ", ".join(f't."{c}"' for c in shown)
            groups = store.fetch(f'SELECT {cols + ", " if cols else ""}COUNT(*) AS n FROM "{table}" AS t WHERE {where}'
                                 + (f" GROUP BY {cols} ORDER BY {cols}" if cols else ""))
            by_period = pd.DataFrame()
            if table == "events":
                by_period = store.fetch(f'SELECT t.period, COUNT(*) AS "rows", SUM(t."count") AS "count" '
                                        f'FROM "events" AS t WHERE {where} GROUP BY t.period')
        replaced = int(groups["n"].sum()) if len(groups) else 0
        groups = groups[groups["n"] > 0] if len(groups) else groups
        words = ["; ".join(f"{c.replace('_', ' ')} {_label(r[c])}" for c in shown) + f": {int(r['n']):,} rows"
                 for _, r in groups.head(4).iterrows()] if shown else []
        held = ", ".join(words) + (f" and {len(groups) - 4} more" if len(groups) > 4 else "") or "matching records"
        out.append(Replacement(table, scope, replaced, len(frame), held, by_period))
    return out


def _replace_scope(store: Store, table: str, frame: pd.DataFrame, scope: tuple[str, ...]) -> int:
    """Delete the rows the new frame replaces (same scope values), keeping them for roll back; how many."""
    with _scope_keys(store, table, frame, scope) as where:
        replaced = int(store.fetch(f'SELECT COUNT(*) AS n FROM "{table}" AS t WHERE {where}')["n"].iloc[0])
        if replaced:
            cols = ", ".join(f'"{c}"' for c, _ in COLUMNS[table])
            store.execute(f'INSERT INTO "{table}_replaced" ({cols}, "replaced_by") '
                          f'SELECT {cols}, {int(frame["ingest_id"].iloc[0])} FROM "{table}" AS t WHERE {where}')
            store.execute(f'DELETE FROM "{table}" AS t WHERE {where}')
    return replaced


def _drop_republished(store: Store, module: ModuleType, tables: dict[str, pd.DataFrame]) -> tuple[list[str], int]:
    """Sources that republish a record in a later period under the same ID (police.uk: its declaration's
    `republished`) count it once, in the FIRST period it was published, whatever order the files come in: a
    repeat of a record held for an earlier period is dropped; a record held for a later period is moved out
    (kept in `events_replaced` for roll back) and counted in this file's earlier period. (notes, dropped)"""
    frame = tables.get("events")
    note = sources.get(module.SOURCE).republished
    if not note or frame is None or not len(frame):
        return [], 0
    source = frame["source"].iloc[0]
    store.execute("CREATE TEMP TABLE _ids (record_id VARCHAR, period DATE)")
    try:
        store.insert_frame_into("_ids", frame[["record_id", "period"]], ["record_id", "period"])
        held = store.fetch('SELECT e.record_id, e.period, i.period AS new_period FROM "events" e JOIN _ids i '
                           "ON e.record_id = i.record_id WHERE e.source = ? AND e.period <> i.period", [source])
        later = held[pd.to_datetime(held["period"]) > pd.to_datetime(held["new_period"])]
        if len(later):
            cols = ", ".join(f'"{c}"' for c, _ in COLUMNS["events"])
            where = ('FROM "events" AS t WHERE t.source = ? AND EXISTS (SELECT 1 FROM _ids i WHERE '
                     "i.record_id = t.record_id AND i.period < t.period)")
            keys = store.fetch(f"SELECT DISTINCT t.source, t.period {where}", [source])
            store.execute(f'INSERT INTO "events_replaced" ({cols}, "replaced_by") SELECT {cols}, '
                          f'{int(frame["ingest_id"].iloc[0])} {where}', [source])
            store.execute(f'DELETE {where.replace("AS t ", "AS t ", 1)}', [source])
            _refresh_rollup(store, keys)
    finally:
        store.execute("DROP TABLE _ids")
    if held.empty:
        return [], 0
    earlier = held[pd.to_datetime(held["period"]) < pd.to_datetime(held["new_period"])]
    repeat = frame["record_id"].isin(set(earlier["record_id"]))
    tables["events"] = frame.loc[~repeat].reset_index(drop=True)
    notes = []
    if repeat.any():
        first = earlier.iloc[0]
        notes.append(f"{int(repeat.sum()):,} records already held for an earlier month under the same ID were "
                     f"counted once, in that month (e.g. '{first['record_id']}' in "
                     f"{pd.Timestamp(first['period']):%Y-%m}): {note}")
    if len(later):
        first = later.iloc[0]
        notes.append(f"{len(later):,} records held for a later month under the same ID are now counted in this "
                     f"file's earlier month instead (e.g. '{first['record_id']}', held for "
                     f"{pd.Timestamp(first['period']):%Y-%m}): {note}")
    return notes, int(repeat.sum())


def read_checked(path: Path, name: str, data: bytes | None) -> bytes:
    """The file's bytes after the Upload page's checks (size limit before reading, content, archives)."""
    limit = get_settings().max_upload_mb * MB
    if data is None:
        if not path.is_file():
            raise file_problem(path, "the file does not exist", "check the path")
        size = path.stat().st_size
        if size > limit:
            raise file_problem(path, f"the file is {size / MB:,.1f} MB, over the {limit / MB:,.0f} MB limit",
                               "split it into smaller files (e.g. one per year)")
        data = path.read_bytes()
    check_upload(name, data, max_bytes=limit)
    return data


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


def ingest(store: Store, source: str, path: str | Path, *, partial: bool = False, replace: bool = False,
           data: bytes | None = None, file_name: str | None = None, refresh: bool = True,
           progress: Progress = _quiet) -> IngestResult:
    """Load one file for `source`; raise LoadError (store unchanged) when it is refused, including when it
    would remove more rows than it brings and `replace` is not set.

    The indicator values of the source are recomputed in the same transaction (`refresh=False` leaves
    that to the caller, as the sample builder does once after loading every file). `progress` hears each
    step as it starts."""
    path = Path(path)
    module = SOURCES[source]
    name = file_name or path.name
    progress("Checking the file", 0.0)
    data = read_checked(path, name, data)
    digest = sha256_of(data)
    seen = store.fetch('SELECT ingest_id FROM "ingests" WHERE source = ? AND sha256 = ? AND status = ?',
                       [source, digest, "loaded"])
    if len(seen):
        return IngestResult(source, name, "skipped", int(seen["ingest_id"].iloc[0]))
    progress("Reading and validating the rows", 0.1)
    with time_limit(path):
        result = module.parse(path, context=store_context(store), partial=partial, data=data)
    notes = list(result.notes)
    progress(f"Writing {result.rows_read:,} rows read", 0.3)
    with store.transaction():
        ingest_id = int(store.fetch('SELECT COALESCE(MAX(ingest_id), 0) + 1 AS n FROM "ingests"')["n"].iloc[0])
        tables = {t: f.assign(ingest_id=ingest_id) for t, f in result.tables.items()}
        republished_notes, republished = _drop_republished(store, module, tables)
        notes += republished_notes
        wider = [r for r in _replacements(store, module, tables) if r.removes_more]
        if wider and not replace:
            raise LoadError(str(path), [Problem((), None, r.describe(), REPLACE_FIX) for r in wider])
        replaced = loaded = 0
        periods = ""
        for table, frame in tables.items():
            replaced += _replace_scope(store, table, frame, scope_of(module, table)) if len(frame) else 0
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
            "message": "; ".join(notes),
        }])
        store.insert_frame("ingests", audit)
        if "lsoa_ward" in tables:
            placed, unplaced = replace_wards(store)
            if placed or unplaced:
                notes.append(f"{placed:,} rows held without a ward (or placed through the other LSOA vintage) were "
                             "placed in their wards through this lookup"
                             + (f"; {unplaced:,} rows lost their ward" if unplaced else ""))
                store.execute('UPDATE "ingests" SET message = ? WHERE ingest_id = ?', ["; ".join(notes), ingest_id])
        if refresh:
            progress(f"Recomputing the indicator values of {sources.get(source).title}", 0.4)
            values.refresh(store, [source])
            alerts.run(store)
        progress("Committing", 0.95)
    counts = result.counts
    unplaced_rows = int(tables["events"]["ward_code"].isna().sum()) if counts.get("unplaced") and "events" in tables \
        else 0
    return IngestResult(source, name, "loaded", ingest_id, result.rows_read, loaded, len(rejects),
                        result.rows_dropped + republished, replaced, periods, notes, " + ".join(result.tables),
                        rows_outside=counts.get("outside", 0), rows_unplaced=unplaced_rows,
                        rows_repeated=counts.get("repeated", 0) + republished)


def replace_wards(store: Store) -> tuple[int, int]:
    """Re-place the events of LSOA-placed sources (police.uk) through the lookups held now, as their loader
    would: each file (ingest) through the LSOA vintage its codes belong to, then any other held vintage.
    Rows without a ward whose LSOA a lookup now holds get its ward; rows a better-fitting vintage now places
    elsewhere move; rows whose LSOA no held lookup has any more lose their ward (roll back of a lookup).
    Called after every lookup ingest and every roll back, in their transaction, so no row is ever lost to a
    lookup loaded late. (rows now placed or moved, rows now without a ward)"""
    from data_loaders.police_uk import file_vintage, place

    names = [s.name for s in sources.all_sources() if s.placed_by == "lsoa"]
    if not names:
        return 0, 0
    marks = ", ".join("?" * len(names))
    held = store.fetch(f'SELECT ingest_id, lsoa_code, ward_code, MIN(period) AS first, COUNT(*) AS n FROM "events" '
                       f"WHERE source IN ({marks}) AND lsoa_code IS NOT NULL GROUP BY ingest_id, lsoa_code, ward_code",
                       names)
    if held.empty:
        return 0, 0
    lookup = store.fetch('SELECT lsoa_code, ward_code, vintage FROM "lsoa_ward"')
    lookups = {int(v): dict(zip(g["lsoa_code"], g["ward_code"], strict=True))
               for v, g in lookup.groupby(lookup["vintage"].fillna(0).astype(int))}
    parts = []
    for ingest_id, rows in held.groupby("ingest_id"):
        codes = rows["lsoa_code"].drop_duplicates().reset_index(drop=True)
        vintage = file_vintage(codes, lookups, f"{pd.Timestamp(rows['first'].min()):%Y-%m}")
        parts.append(pd.DataFrame({"ingest_id": ingest_id, "lsoa_code": codes,
                                   "target": place(codes, lookups, vintage) if lookups else pd.NA}))
    target = held.merge(pd.concat(parts, ignore_index=True), on=["ingest_id", "lsoa_code"])
    now, then = target["ward_code"].astype("string"), target["target"].astype("string")
    changed = target[(now.fillna("") != then.fillna(""))]
    if changed.empty:
        return 0, 0
    placed = int(changed.loc[changed["target"].notna(), "n"].sum())
    unplaced = int(changed.loc[changed["target"].isna(), "n"].sum())
    store.execute("CREATE TEMP TABLE _placement (ingest_id BIGINT, lsoa_code VARCHAR, ward_code VARCHAR)")
    try:
        moves = changed[["ingest_id", "lsoa_code", "target"]].drop_duplicates().rename(columns={"target": "ward_code"})
        store.insert_frame_into("_placement", moves, ["ingest_id", "lsoa_code", "ward_code"])
        keys = store.fetch(f'SELECT DISTINCT e.source, e.period FROM "events" e JOIN _placement p ON '
                           f"e.ingest_id = p.ingest_id AND e.lsoa_code = p.lsoa_code WHERE e.source IN ({marks})", names)
        store.execute('UPDATE "events" SET ward_code = p.ward_code FROM _placement p '
                      'WHERE "events".ingest_id = p.ingest_id AND "events".lsoa_code = p.lsoa_code '
                      f'AND "events".source IN ({marks})', names)
        _refresh_rollup(store, keys)
    finally:
        store.execute("DROP TABLE _placement")
    return placed, unplaced


@dataclass
class DryRun:
    """What an upload would do, before anything is written (the Upload page and `ingest --dry-run`)."""

    source: str
    file_name: str
    already_loaded_as: int | None
    rows_read: int
    rows_accepted: int
    rejects: pd.DataFrame
    changes: pd.DataFrame  # per period (or table): rows/count now in the store -> after the upload
    notes: list[str]
    replacements: list[Replacement] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.rejects.empty

    @property
    def needs_confirmation(self) -> bool:
        """The file would remove more rows than it brings: loading it needs `replace=True`."""
        return any(r.removes_more for r in self.replacements)

    def report(self) -> str:
        """The dry run in words, as the command line prints it."""
        lines = [f"{self.file_name} ({self.source}): dry run, nothing written",
                 f"  rows read {self.rows_read:,}, accepted {self.rows_accepted:,}, rejected {len(self.rejects):,}"]
        if self.already_loaded_as:
            lines.append(f"  this exact file was already loaded as ingest {self.already_loaded_as}: loading it "
                         "again changes nothing")
        lines += [f"  note: {n}" for n in self.notes]
        for r in self.replacements:
            if r.rows_replaced:
                lines.append(f"  replaces in {r.table}: {r.rows_replaced:,} rows held ({r.held})")
        if self.needs_confirmation:
            lines += [f"  NEEDS --replace: {r.describe()}" for r in self.replacements if r.removes_more]
        if len(self.changes):
            lines.append("  now in the store -> after loading:")
            for c in self.changes.itertuples():
                count = "" if pd.isna(c.count_before) else f"; total count {c.count_before:,.0f} -> {c.count_after:,.0f}"
                lines.append(f"    {c.period}: rows {int(c.rows_before):,} -> {int(c.rows_after):,}{count}")
        if not self.clean:
            lines.append("  rejected rows (loading with --partial quarantines them):")
            lines += [f"    row {int(r.row_number)}: {r.reason}" for r in self.rejects.head(20).itertuples()]
            if len(self.rejects) > 20:
                lines.append(f"    … and {len(self.rejects) - 20:,} more")
        return "\n".join(lines)


def dry_run(store: Store, source: str, path: str | Path, *, data: bytes | None = None,
            file_name: str | None = None, progress: Progress = _quiet) -> DryRun:
    """Read and check a file as `ingest` would (bad rows collected, not refused) and say what it would change.

    Structural problems (wrong format, missing columns, empty file, over the limits) still raise LoadError.
    """
    path = Path(path)
    name = file_name or path.name
    progress("Checking the file", 0.0)
    data = read_checked(path, name, data)
    module = SOURCES[source]
    seen = store.fetch('SELECT ingest_id FROM "ingests" WHERE source = ? AND sha256 = ? AND status = ?',
                       [source, sha256_of(data), "loaded"])
    progress("Reading and validating the rows", 0.1)
    with time_limit(path):
        result = module.parse(path, context=store_context(store), partial=True, data=data)
    notes = list(result.notes)
    progress(f"Comparing {result.rows_read:,} rows with what the store holds", 0.7)
    with store.scratch():
        tables = {t: f.assign(ingest_id=0) for t, f in result.tables.items()}
        notes += _drop_republished(store, module, tables)[0]
        plan = _replacements(store, module, tables)
    changes = [_changes(store, table, frame, next((r for r in plan if r.table == table), None))
               for table, frame in tables.items()]
    return DryRun(source, name, int(seen["ingest_id"].iloc[0]) if len(seen) else None, result.rows_read,
                  len(tables[next(iter(tables))]), result.rejects,
                  pd.concat(changes, ignore_index=True) if changes else pd.DataFrame(), notes, plan)


def _changes(store: Store, table: str, frame: pd.DataFrame, plan: Replacement | None) -> pd.DataFrame:
    """Per month (events) or per table: rows and total count held now, and after loading the frame."""
    if table != "events" or not len(frame):
        before = plan.rows_replaced if plan else 0
        return pd.DataFrame([{"period": table, "rows_before": before, "rows_after": len(frame),
                              "count_before": None, "count_after": None}])
    new = frame.groupby("period").agg(rows_new=("count", "size"), count_new=("count", lambda c: c.sum(min_count=1)))
    periods = [pd.Timestamp(p).date() for p in new.index]
    t = store.table("events")
    held = t.filter([t.source == frame["source"].iloc[0], t.period.isin(periods)])
    now = held.group_by("period").aggregate(count_before=held["count"].sum(), rows_before=held.count()).to_pandas()
    now["period"] = pd.to_datetime(now["period"])
    gone = plan.by_period.rename(columns={"rows": "rows_gone", "count": "count_gone"}) if plan is not None \
        else pd.DataFrame(columns=["period", "rows_gone", "count_gone"])
    gone["period"] = pd.to_datetime(gone["period"])
    out = new.reset_index().merge(now, on="period", how="left").merge(gone, on="period", how="left")
    out = out.fillna({"count_before": 0, "rows_before": 0, "rows_gone": 0, "count_gone": 0})
    out["rows_after"] = out["rows_before"] - out["rows_gone"] + out["rows_new"]
    out["count_after"] = out["count_before"] - out["count_gone"] + out["count_new"].fillna(0)
    out["period"] = out["period"].dt.strftime("%Y-%m")
    return out[["period", "rows_before", "rows_after", "count_before", "count_after"]]


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
        replace_wards(store)
        store.execute('UPDATE "ingests" SET status = ?, message = ? WHERE ingest_id = ?',
                      ["rolled back", f"rolled back at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", ingest_id])
        values.refresh(store, [audit["source"].iloc[0]])
        alerts.run(store)
    return (f"Rolled back ingest {ingest_id} ({audit['file_name'].iloc[0]}): removed {removed:,} rows, "
            f"restored {restored:,} rows it had replaced.")


__all__ = ["DryRun", "IngestResult", "LoadError", "Replacement", "RollbackRefused", "dry_run", "ingest",
           "replace_wards", "rollback", "scope_of", "store_context"]
