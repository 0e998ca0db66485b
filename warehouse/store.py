"""Open the store from a URL through Ibis: a DuckDB file by default, any Ibis backend by URL.

`DASHBOARD_DB_URL` (or `[store].url` in dashboard.toml) chooses it, e.g. `duckdb:///path/file.duckdb`
or `postgres://user:pass@host/db`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import ibis
import pandas as pd
import pyarrow as pa

from settings import get_settings
from warehouse.tables import COLUMNS, TYPE_NAMES, create_statements


@dataclass
class Store:
    """An Ibis connection plus the few raw operations Ibis does not offer (transactions, bulk insert)."""

    con: ibis.BaseBackend
    url: str
    read_only: bool = False
    in_transaction: bool = False
    # Results of small reference queries (months held, populations) for this connection's lifetime;
    # cleared by every ingest, so they can never be staler than the store.
    memo: dict = field(default_factory=dict)
    _tables: dict = field(default_factory=dict)
    path: Path | None = None  # the DuckDB file, when the store is one
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def dialect(self) -> str:
        return self.con.name

    def table(self, name: str) -> ibis.Table:
        if name not in self._tables:
            self._tables[name] = self.con.table(name)
        return self._tables[name]

    def remember(self, key: tuple, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def table_names(self) -> set[str]:
        # (Ibis 12's list_tables calls a method DuckDB 2.0 removed, so ask the information schema.)
        names = self.fetch("SELECT table_name FROM information_schema.tables")
        return set(names["table_name"])

    def has_table(self, name: str) -> bool:
        return name in self.table_names()

    def execute(self, sql: str, params: list | None = None):
        if self.dialect == "duckdb":
            return self.con.con.execute(sql, params or [])
        with self.con.con.cursor() as cur:  # PostgreSQL through psycopg (autocommit; BEGIN/COMMIT explicit)
            cur.execute(sql.replace("?", "%s"), params or None)

    def fetch(self, sql: str, params: list | None = None) -> pd.DataFrame:
        if self.dialect == "duckdb" and self.in_transaction:  # temp tables and uncommitted rows live here
            return self.con.con.execute(sql, params or []).fetch_df()
        if self.dialect == "duckdb":  # one cursor per query keeps concurrent readers apart
            cur = self.con.con.cursor()
            try:
                return cur.execute(sql, params or []).fetch_df()
            finally:
                cur.close()
        with self.con.con.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), params or None)
            columns = [d.name for d in cur.description]
            return pd.DataFrame(cur.fetchall(), columns=columns)

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        self.insert_frame_into(table, frame, [c for c, _ in COLUMNS[table] if c in frame.columns])

    def insert_frame_into(self, table: str, frame: pd.DataFrame, columns: list[str]) -> None:
        if frame.empty:
            return
        if self.dialect == "duckdb":
            arrow = pa.Table.from_pandas(frame[columns], preserve_index=False)
            self.con.con.register("_incoming", arrow)
            try:
                cols = ", ".join(f'"{c}"' for c in columns)
                self.con.con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _incoming')
            finally:
                self.con.con.unregister("_incoming")
        else:
            rows = _integers_as_declared(table, frame[columns])
            rows = rows.astype(object).where(rows.notna(), None)
            cols = ", ".join(f'"{c}"' for c in columns)
            with self.con.con.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for record in rows.itertuples(index=False, name=None):
                    copy.write_row([_plain(v) for v in record])

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One writer at a time per database (readers never wait: they see the last committed snapshot)."""
        with self.write_lock:
            yield from self._transaction()

    @contextmanager
    def scratch(self) -> Iterator[Store]:
        """A transaction that is always rolled back: a dry run can use temp tables and see exactly what an
        ingest would see, and the store is left as it was."""
        with self.write_lock:
            self.execute("BEGIN TRANSACTION")
            self.in_transaction = True
            try:
                yield self
            finally:
                self.execute("ROLLBACK")
                self.in_transaction = False

    def _transaction(self) -> Iterator[Store]:
        self.execute("BEGIN TRANSACTION")
        self.in_transaction = True
        try:
            yield self
        except BaseException:
            self.execute("ROLLBACK")
            raise
        else:
            self.execute("COMMIT")
        finally:
            self.in_transaction = False
            self.memo.clear()

    def ensure_schema(self) -> None:
        had = self.table_names()
        for statement in create_statements(self.dialect):
            self.execute(statement)
        self._add_missing_columns(had)
        if "events" in had and "events_monthly" not in had:  # a store from before rollups: build it once
            from warehouse import rollups

            with self.transaction():
                rollups.rebuild(self)

    def _add_missing_columns(self, had: set[str]) -> None:
        """A store made by an earlier version gains the columns added since (NULL until the next refresh)."""
        if self.read_only or not had:
            return
        held = self.fetch("SELECT table_name, column_name FROM information_schema.columns")
        have = set(zip(held["table_name"], held["column_name"], strict=True))
        names = TYPE_NAMES.get(self.dialect, {})
        for table, cols in COLUMNS.items():
            if table not in had:
                continue
            for column, kind in cols:
                if (table, column) not in have:
                    self.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {names.get(kind, kind)}')

    def close(self) -> None:
        if self.path is not None:
            self.con.con.close()  # this Store's cursor; the shared database stays open for other users
            _release(self.path)
            self.path = None
        else:
            self.con.disconnect()


def _integers_as_declared(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns held as floats (a column with missing values) written as integers: COPY reads the text
    "0.0" as invalid for BIGINT, where DuckDB's insert casts it. A fraction still fails, loudly."""
    declared = dict(COLUMNS.get(table, []))
    floats = [c for c in frame.columns if declared.get(c) in ("BIGINT", "INTEGER")
              and pd.api.types.is_float_dtype(frame[c])]
    return frame.astype({c: "Int64" for c in floats}) if floats else frame


def _plain(value):
    """Python values psycopg's COPY understands (pandas timestamps and numpy scalars made plain)."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


def duckdb_path(url: str) -> Path | None:
    prefix = "duckdb://"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix):]
    return None if rest in ("", "/:memory:", ":memory:") else Path(rest if rest.startswith("/") else "/" + rest)


class StoreBusy(RuntimeError):
    """Another process (usually the running dashboard) holds the DuckDB file."""


@dataclass
class _Database:
    connection: duckdb.DuckDBPyConnection
    users: int = 0
    write_lock: threading.Lock = field(default_factory=threading.Lock)


# One DuckDB database per file per process, shared by every Store through its own cursor: readers see a
# consistent snapshot while a writer's transaction is open (MVCC), and DuckDB allows only one process to
# hold a file read-write, so the dashboard and its uploads must share this one.
_DATABASES: dict[str, _Database] = {}
_REGISTRY_LOCK = threading.Lock()


def _open_database(path: Path, wait: float) -> _Database:
    key = str(path)
    with _REGISTRY_LOCK:
        db = _DATABASES.get(key)
        if db is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            deadline = time.monotonic() + wait
            while True:
                try:
                    db = _Database(duckdb.connect(key))
                    break
                except duckdb.IOException as exc:
                    if "lock" not in str(exc).lower():
                        raise
                    if time.monotonic() > deadline:
                        raise StoreBusy(f"{path} is in use by another process (is the dashboard running? "
                                        "Upload through its Upload page, or stop it and try again)") from None
                    time.sleep(0.2)
            _DATABASES[key] = db
        db.users += 1
        return db


def _release(path: Path) -> None:
    with _REGISTRY_LOCK:
        db = _DATABASES.get(str(path))
        if db is None:
            return
        db.users -= 1
        if db.users <= 0:
            db.connection.close()
            del _DATABASES[str(path)]


def connect(url: str | None = None, *, read_only: bool = False, create: bool = True, wait: float = 10.0) -> Store:
    """Open the store; on DuckDB every Store is a cursor on the process's one database for that file."""
    url = url or get_settings().store_url
    path = duckdb_path(url)
    if path is not None:
        db = _open_database(path, wait)
        con = ibis.duckdb.from_connection(db.connection.cursor())
        store = Store(con=con, url=url, read_only=read_only, path=path, write_lock=db.write_lock)
    elif url.startswith("duckdb://"):
        store = Store(con=ibis.duckdb.connect(), url=url, read_only=read_only)
    else:  # e.g. postgres://user@host:port/db: one connection per Store, so transactions stay separate
        store = Store(con=ibis.connect(url), url=url, read_only=read_only)
        if store.dialect == "postgres":
            store.con.con.autocommit = True
    if create and not _schema_known(path, read_only):
        store.ensure_schema()
        _schema_ensured(path, read_only)
    return store


# The file's state (with its write-ahead log) when this process last ensured its schema, and whether that was
# read-write (which also adds missing columns): a page run's connect skips the ~25 ms of CREATE ... IF NOT
# EXISTS while nothing has written the file since. Any write, here or by another process, changes the state.
_SCHEMA_SEEN: dict[str, tuple[tuple, bool]] = {}


def _file_state(path: Path) -> tuple:
    def one(p: Path) -> tuple:
        try:
            st = p.stat()
        except FileNotFoundError:
            return ()
        return st.st_ino, st.st_size, st.st_mtime_ns
    return one(path), one(path.with_name(path.name + ".wal"))


def _schema_known(path: Path | None, read_only: bool) -> bool:
    if path is None:
        return False
    seen = _SCHEMA_SEEN.get(str(path))
    return seen is not None and seen[0] == _file_state(path) and (read_only or not seen[1])


def _schema_ensured(path: Path | None, read_only: bool) -> None:
    if path is not None:
        _SCHEMA_SEEN[str(path)] = (_file_state(path), read_only)


@contextmanager
def opened(url: str | None = None, *, read_only: bool = False) -> Iterator[Store]:
    store = connect(url, read_only=read_only)
    try:
        yield store
    finally:
        store.close()
